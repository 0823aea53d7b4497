"""Which column of a patient file holds which field: default names, a mapping, header checks.

Default column names are the field names (issue 9): ``local_id``, ``birth_name``, ``first_names``,
``first_first_name``, ``used_name``, ``used_first_name``, ``sex``, ``birth_date``, ``birthplace``,
``matricule``, ``oid``, ``status``, ``attributes``. A mapping renames them
(``{"birth_name": "NOM_NAISSANCE"}``); header names are compared without case and surrounding
spaces; extra columns are ignored. Only ``local_id``, ``birth_name``, ``first_names``, ``sex`` and
``birth_date`` are required.

>>> columns = Columns.resolve(["IPP", "Nom", "prenoms", "sexe", "DDN"],
...     {"local_id": "ipp", "birth_name": "NOM", "first_names": "Prenoms", "sex": "sexe",
...      "birth_date": "ddn"})
>>> columns.index["birth_name"], columns.index["matricule"]
(1, None)
>>> Columns.resolve(["nom"], None)
Traceback (most recent call last):
...
ins.audit.csvio.AuditInputError: The header lacks the required columns local_id, birth_name, ...
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ins.audit.csvio import AuditInputError

__all__ = ["FIELDS", "REQUIRED", "Columns", "parse_mapping"]

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


def _key(name: str, /) -> str:
    return name.strip().lstrip("\ufeff").casefold()


def parse_mapping(items: Sequence[str], /) -> dict[str, str]:
    """Read ``field=COLUMN`` items (the ``--map`` option) into a mapping.

    >>> parse_mapping(["birth_name=NOM_NAISSANCE", "sex=SEXE"])
    {'birth_name': 'NOM_NAISSANCE', 'sex': 'SEXE'}
    >>> parse_mapping(["name=NOM"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown field 'name' in the mapping: use one of local_id, birth_name, ...
    """
    mapping: dict[str, str] = {}
    for item in items:
        field, equals, column = item.partition("=")
        field = field.strip()
        if not equals or not column.strip():
            raise ValueError(f"{item!r} is not a mapping item: write field=COLUMN.")
        _check_field(field)
        mapping[field] = column.strip()
    return mapping


def _check_field(field: str, /) -> None:
    if field not in FIELDS:
        raise ValueError(f"Unknown field {field!r} in the mapping: use one of {', '.join(FIELDS)}.")


@dataclass(frozen=True, slots=True)
class Columns:
    """For each field, the 0-based index of its column in the header, or ``None`` if absent."""

    index: Mapping[str, int | None]
    width: int  # number of columns in the header

    @classmethod
    def resolve(cls, header: Sequence[str], mapping: Mapping[str, str] | None, /) -> Columns:
        """Match the header against the field names (or the mapping); report what is missing."""
        mapping = dict(mapping or {})
        for field in mapping:
            _check_field(field)
        positions: dict[str, int] = {}
        for position, name in enumerate(header):
            positions.setdefault(_key(name), position)
        index: dict[str, int | None] = {}
        for field in FIELDS:
            index[field] = positions.get(_key(mapping.get(field, field)))
        missing = [field for field in REQUIRED if index[field] is None]
        if missing:
            wanted = ", ".join(
                f"{field} (column {mapping[field]!r})" if field in mapping else field
                for field in missing
            )
            found = ", ".join(repr(name) for name in header[:30])
            raise AuditInputError(
                f"The header lacks the required columns {wanted}; it has {found}. Rename the "
                "columns or map them (--map birth_name=NOM_NAISSANCE ...)."
            )
        return cls(index=index, width=len(header))
