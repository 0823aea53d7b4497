"""Which column of a patient file holds which field: default names, French aliases, a mapping.

Default column names are the field names: `local_id`, `birth_name`, `first_names`,
`first_first_name`, `used_name`, `used_first_name`, `sex`, `birth_date`, `birthplace`,
`matricule`, `oid`, `status`, `attributes`, compared without case and surrounding spaces.
A mapping renames them (`{"birth_name": "NOM_NAISSANCE"}`). A field that is neither mapped nor
found under its own name is looked for under the usual French export headers (`ALIASES`:
`NOM_NAISSANCE`, `Prénoms`, `DATE DE NAISSANCE`, `SEXE`, `IPP`...), compared without
case, accents, spaces or punctuation (ADR 0066). Extra columns are ignored. Only `local_id`,
`birth_name`, `first_names`, `sex` and `birth_date` are required.

```pycon
>>> columns = Columns.resolve(["IPP", "Nom de naissance", "Prénoms", "SEXE", "DDN"], None)
>>> columns.index["birth_name"], columns.index["matricule"], columns.names["first_names"]
(1, None, 'Prénoms')
>>> Columns.resolve(["nom"], None)
Traceback (most recent call last):
...
ins.audit.csvio.AuditInputError: The header lacks the required columns local_id, birth_name, ...

```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ins.audit.csvio import AuditInputError
from ins.audit.privacy import conceal

__all__ = ["ALIASES", "FIELDS", "REQUIRED", "Columns", "parse_mapping"]

FIELDS = (
    "local_id",
    "birth_name",
    "first_names",
    "first_first_name",
    "used_name",
    "used_first_name",
    "sex",
    "birth_date",
    "birthplace",
    "matricule",
    "oid",
    "status",
    "attributes",
)
REQUIRED = ("local_id", "birth_name", "first_names", "sex", "birth_date")

# The usual headers of French exports, in order of preference, as compared: lower case, no
# accents, words joined by "_" (so "Date de naissance" is "date_de_naissance").
ALIASES: Mapping[str, tuple[str, ...]] = {
    "local_id": ("ipp", "id_local", "identifiant_local", "numero_ipp", "num_ipp"),
    "birth_name": ("nom_naissance", "nom_de_naissance", "nom_de_famille"),
    "first_names": ("prenoms", "prenoms_de_naissance", "prenoms_naissance", "prenom"),
    "first_first_name": ("premier_prenom", "premier_prenom_de_naissance"),
    "used_name": ("nom_utilise", "nom_usage", "nom_d_usage"),
    "used_first_name": ("prenom_utilise", "prenom_usage", "prenom_d_usage"),
    "sex": ("sexe",),
    "birth_date": ("date_naissance", "date_de_naissance", "ddn"),
    "birthplace": (
        "lieu_naissance",
        "lieu_de_naissance",
        "code_lieu_naissance",
        "code_lieu_de_naissance",
    ),
    "matricule": ("matricule", "matricule_ins", "nir", "ins"),
    "oid": ("oid", "oid_ins"),
    "status": ("statut", "statut_identite", "statut_de_l_identite"),
    "attributes": ("attributs", "attributs_identite"),
}

_NOT_A_WORD = re.compile(r"[^0-9a-z]+")
# A header cell that looks like a value of a row: a header-less file, whose first row must not
# be written into an error message.
_DATA = re.compile(r"[0-9]{4}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}")


def _key(name: str, /) -> str:
    return name.strip().lstrip("\ufeff").casefold()


def _alias_key(name: str, /) -> str:
    plain = unicodedata.normalize("NFKD", name.lstrip("\ufeff")).casefold()
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return _NOT_A_WORD.sub("_", plain).strip("_")


def parse_mapping(items: Sequence[str], /) -> dict[str, str]:
    """Read `field=COLUMN` items (the `--map` option) into a mapping.

    ```pycon
    >>> parse_mapping(["birth_name=NOM_NAISSANCE", "sex=SEXE"])
    {'birth_name': 'NOM_NAISSANCE', 'sex': 'SEXE'}
    >>> parse_mapping(["name=NOM"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown field 'name' in the mapping: use one of local_id, birth_name, ...

    ```
    """
    mapping: dict[str, str] = {}
    for item in items:
        field, equals, column = item.partition("=")
        field = field.strip()
        if not equals or not column.strip():
            raise ValueError(f"{conceal(item)!r} is not a mapping item: write field=COLUMN.")
        _check_field(field)
        mapping[field] = column.strip()
    return mapping


def _check_field(field: str, /) -> None:
    if field not in FIELDS:
        shown = conceal(field if len(field) <= 40 else field[:40] + "...")
        raise ValueError(f"Unknown field {shown!r} in the mapping: use one of {', '.join(FIELDS)}.")


@dataclass(frozen=True, slots=True)
class Columns:
    """For each field, the 0-based index of its column in the header (`None` if absent) and
    the header cell found (`names`)."""

    index: Mapping[str, int | None]
    width: int  # number of columns in the header
    names: Mapping[str, str | None]

    @classmethod
    def resolve(cls, header: Sequence[str], mapping: Mapping[str, str] | None, /) -> Columns:
        """Match the header against the mapping, the field names, then the aliases; report
        what is missing."""
        mapping = dict(mapping or {})
        for field in mapping:
            _check_field(field)
        positions: dict[str, int] = {}
        for position, name in enumerate(header):
            positions.setdefault(_key(name), position)
        index: dict[str, int | None] = {
            field: positions.get(_key(mapping.get(field, field))) for field in FIELDS
        }
        taken = {position for position in index.values() if position is not None}
        aliases: dict[str, int] = {}
        for position, name in enumerate(header):
            aliases.setdefault(_alias_key(name), position)
        for field in FIELDS:
            if index[field] is None and field not in mapping:
                for alias in ALIASES[field]:
                    found = aliases.get(alias)
                    if found is not None and found not in taken:
                        index[field] = found
                        taken.add(found)
                        break
        missing = [field for field in REQUIRED if index[field] is None]
        if missing:
            raise AuditInputError(_missing(missing, header, mapping))
        names = {
            field: None if position is None else header[position]
            for field, position in index.items()
        }
        return cls(index=index, width=len(header), names=names)


def _missing(missing: list[str], header: Sequence[str], mapping: Mapping[str, str], /) -> str:
    wanted = ", ".join(
        f"{field} (column {conceal(mapping[field])!r})" if field in mapping else field
        for field in missing
    )
    advice = "Rename the columns or map them (--map birth_name=NOM_NAISSANCE ...)."
    if any(_DATA.search(name) for name in header):
        return (
            f"The header lacks the required columns {wanted}: its {len(header)} cells look like "
            f"the values of a row, not column names. Add a header line first. {advice}"
        )
    found = ", ".join(repr(name if len(name) <= 40 else name[:40] + "...") for name in header[:30])
    return f"The header lacks the required columns {wanted}; it has {conceal(found)}. {advice}"
