"""Synthetic patient files with planted anomalies, and the list of what was planted.

For testing an identity-vigilance pipeline (the `ins.audit` one or a vendor's own): rows of
fictitious people (generated names, generated matricules with correct keys, real COG codes) in the
columns of `ins.audit`, of which a chosen share carry one planted anomaly each: a bad key, an NNP
number, traits not in INSi form on a qualified identity, a sex or year inconsistent with the
matricule, a doubtful identity recorded QUAL, a matricule on a VALI identity, and so on; plus
potential duplicates (a copy of a person under another local id, with or without a typo) and
collisions (a person's matricule written on another person). Every other row is clean: the audit
must find nothing on it, and every group of potential duplicates it finds is made of planted
copies (a new person is drawn again while the audit's duplicate rules would link it to an earlier
one). The same `seed` gives the same file. `ins generate` writes such a file from the command
line (`ins.testing.generate_cli`).

```pycon
>>> generator = PatientFileGenerator(200, seed=1)
>>> rows = list(generator.rows())
>>> len(rows), sorted(rows[0])[:3]
(200, ['attributes', 'birth_date', 'birth_name'])
>>> all(planted.local_ids for planted in generator.planted)
True

```
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import itertools
import os
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from ins._first_names import is_coherent_first_name
from ins.audit.columns import FIELDS
from ins.audit.duplicates import link_rule
from ins.nir import calc_key

__all__ = [
    "COLUMNS",
    "SINGLE_KINDS",
    "PatientFileGenerator",
    "PlantedAnomaly",
    "write_patient_file",
]

COLUMNS = FIELDS  # the columns of ins.audit, under their default names

# Planted anomalies on one row, with the finding code the audit must report for it.
SINGLE_KINDS: dict[str, str] = {
    "bad_key": "matricule_invalid",
    "nnp_number": "matricule_not_ins",
    "not_insi_form": "trait_not_insi_form",
    "sex_mismatch": "sex_mismatch",
    "year_mismatch": "year_mismatch",
    "doubtful_qualified": "status_with_doubt",
    "ins_on_validated": "ins_without_qualification",
    "qualified_without_ins": "missing_ins",
    "forbidden_attributes": "forbidden_attributes",
    "unknown_status": "unknown_status",
    "impossible_date": "birth_date_invalid",
    "implausible_date": "birth_date_implausible",
    "incoherent_first_name": "first_name_incoherent",
    "legacy_oid": "oid_invalid",
    "digit_in_name": "trait_invalid",
}
DUPLICATE_KINDS = (
    "exact",
    "typed_differently",
    "birth_name_substitution",
    "birth_name_transposition",
    "birth_name_deletion",
    "first_name_substitution",
    "first_names_reordered",
)

_OID_NIR = "1.2.250.1.213.1.4.8"


def _words(text: str, /) -> tuple[str, ...]:
    return tuple(text.split())


_SYLLABLES = _words(
    "BA BE BER BI BO BOU BRU CA CHA CHE CO DA DE DU FA FER FON GA GAR GI GOU LA LE LI LO LOU "
    "MA MAR ME MI MO MOU NA NE NI NO PA PE PI PO POU RA RE RI RO ROU SA SE SI SO TA TE TI TO "
    "TOU VA VE VI VO ZA ZE"
)
_ENDINGS = _words("NT RD UX T N L S Z RT LLE TTE IN ET AUD OT Y AC IER ON AN ERT")
_FIRST_NAMES = {
    "M": _words(
        "JEAN PIERRE LOUIS PAUL MICHEL ANDRE PHILIPPE ALAIN BERNARD ERIC NICOLAS THOMAS JULIEN "
        "MAXIME ANTOINE HUGO LUCAS GABRIEL ARTHUR RAPHAEL JULES ADAM LEO NOAH ETIENNE FRANCOIS "
        "HENRI MARCEL ROGER GEORGES YVES DIDIER PASCAL SERGE CLAUDE GERARD DANIEL PATRICK THIERRY "
        "BRUNO OLIVIER MATHIEU BENOIT DAMIEN CEDRIC FABIEN LAURENT MARC VINCENT XAVIER "
        "JEAN-PIERRE JEAN-LUC PIERRE-ALAIN YANN KEVIN ROMAIN SAMUEL SIMON TRISTAN VICTOR"
    ),
    "F": _words(
        "MARIE ANNE JEANNE FRANCOISE MONIQUE CATHERINE NATHALIE ISABELLE SYLVIE CHRISTINE SOPHIE "
        "JULIE CAMILLE EMMA LEA CHLOE MANON INES LOUISE JADE ALICE ZOE CLARA LINA ROSE ELODIE "
        "AURELIE CELINE CLAIRE EMILIE HELENE JOSIANE LUCIE MARGAUX MATHILDE NADINE ODILE PAULINE "
        "SANDRINE SOLENE VALERIE VIRGINIE YVETTE AGATHE BERTHE COLETTE DENISE MARIE-CLAIRE "
        "ANNE-SOPHIE MARIE-LAURE ELISE ESTELLE FANNY GAELLE IRENE JOELLE LAURE"
    ),
}
# Real COG codes (commune or country) whose NIR birthplace part is the same code.
_PLACES = _words(
    "75056 75115 13055 69123 31555 06088 44109 67482 33063 59350 35238 63113 97411 99350 "
    "99352 99109 99134 99127 99139"
)


def _surnames(count: int, /) -> tuple[str, ...]:
    """`count` distinct made-up surnames, the same in every run (a fixed seed)."""
    pick = random.Random(20261124)
    found: dict[str, None] = {}
    while len(found) < count:
        syllables = pick.choices(_SYLLABLES, k=pick.choice((1, 2, 2, 3)))
        found["".join(syllables) + pick.choice(_ENDINGS)] = None
    return tuple(found)


@functools.cache
def _surname_table() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Surnames and their cumulative weights: a real file has a few frequent surnames and many
    rare ones (weight 1 / (rank + 20)). Built on first use."""
    names = _surnames(40_000)
    return names, tuple(itertools.accumulate(1 / (rank + 20) for rank in range(len(names))))


_FIRST_DAY = dt.date(1930, 1, 1).toordinal()
_LAST_DAY = dt.date(2020, 12, 31).toordinal()


@dataclass(frozen=True, slots=True)
class PlantedAnomaly:
    """What was planted: its `kind`, the finding `code` expected, and the rows' local ids."""

    kind: str
    code: str
    local_ids: tuple[str, ...]


@dataclass(slots=True)
class _Person:
    birth_name: str
    first_names: list[str]
    sex: str
    birth_date: dt.date
    birthplace: str


class PatientFileGenerator:
    """Rows of a synthetic patient file; `planted` is complete once `rows()` is exhausted.

    `anomaly_rate`, `duplicate_rate` and `collision_rate` are the shares of rows that carry
    a planted single-row anomaly, that are a duplicate of an earlier person, and that carry an
    earlier person's matricule.
    """

    def __init__(
        self,
        rows: int,
        /,
        *,
        seed: int = 0,
        anomaly_rate: float = 0.03,
        duplicate_rate: float = 0.02,
        collision_rate: float = 0.005,
    ) -> None:
        self.size = rows
        self.planted: list[PlantedAnomaly] = []
        self._random = random.Random(seed)
        self._rates = (anomaly_rate, duplicate_rate, collision_rate)
        self._recent: deque[tuple[str, _Person, dict[str, str]]] = deque(maxlen=500)
        self._recent_with_ins: deque[tuple[str, _Person, dict[str, str]]] = deque(maxlen=500)
        self._next_id = 0
        self._orders: dict[str, int] = {}
        self._surnames, self._weights = _surname_table()
        # Every person written, by blocking key (birth date, sex) and birth name or first first
        # name (what every duplicate rule needs equal), with the local ids of its family (the
        # person and its planted copies): what keeps unplanted duplicates out.
        self._by_name: dict[tuple[dt.date, str, str], list[tuple[str, str, frozenset[str]]]] = {}
        self._by_first: dict[tuple[dt.date, str, str], list[tuple[str, str, frozenset[str]]]] = {}
        self._family: dict[str, frozenset[str]] = {}

    def _local_id(self) -> str:
        self._next_id += 1
        return f"P{self._next_id:08d}"

    def _person(self, local_id: str, /) -> _Person:
        """A new person whom the audit's duplicate rules link to no earlier one."""
        pick = self._random
        while True:
            sex = pick.choice("MF")
            name = pick.choices(self._surnames, cum_weights=self._weights)[0]
            firsts = pick.sample(_FIRST_NAMES[sex], k=pick.choice((1, 1, 2, 2, 3)))
            date = dt.date.fromordinal(pick.randint(_FIRST_DAY, _LAST_DAY))
            person = _Person(name, firsts, sex, date, pick.choice(_PLACES))
            if not self._links(person, frozenset()):
                self._remember(person, frozenset({local_id}))
                return person

    def _links(self, person: _Person, family: frozenset[str], /) -> bool:
        """Whether a duplicate rule links `person` to someone written outside `family`."""
        firsts = " ".join(person.first_names)
        block = (person.birth_date, person.sex)
        for name, other, ids in (
            *self._by_name.get((*block, person.birth_name), ()),
            *self._by_first.get((*block, person.first_names[0]), ()),
        ):
            if ids.isdisjoint(family) and link_rule((person.birth_name, firsts), (name, other)):
                return True
        return False

    def _remember(self, person: _Person, family: frozenset[str], /) -> None:
        entry = (person.birth_name, " ".join(person.first_names), family)
        block = (person.birth_date, person.sex)
        self._by_name.setdefault((*block, person.birth_name), []).append(entry)
        self._by_first.setdefault((*block, person.first_names[0]), []).append(entry)
        for local_id in family:
            self._family[local_id] = family

    def _matricule(self, person: _Person, *, sex_digit: str = "", year: int = -1) -> str:
        digit = sex_digit or ("1" if person.sex == "M" else "2")
        yy = (person.birth_date.year if year < 0 else year) % 100
        start = f"{digit}{yy:02d}{person.birth_date.month:02d}{person.birthplace}"
        # Order numbers are handed out in sequence so that two people never share a matricule
        # by chance (and the next one is past 999 only beyond 999 births in a cell).
        order = self._orders.get(start, 0) + 1
        self._orders[start] = order
        body = f"{start}{order % 999 + 1:03d}"
        return body + calc_key(body)

    def _row(self, local_id: str, person: _Person, status: str) -> dict[str, str]:
        pick = self._random
        date = person.birth_date
        qualified = status in ("RECUP", "QUAL")
        birth_name, first_names = person.birth_name, " ".join(person.first_names)
        if not qualified and pick.random() < 0.3:  # local identities are typed as they come
            birth_name, first_names = birth_name.title(), first_names.title()
        return {
            "local_id": local_id,
            "birth_name": birth_name,
            "first_names": first_names,
            "first_first_name": person.first_names[0] if pick.random() < 0.5 else "",
            "used_name": "",
            "used_first_name": "",
            "sex": person.sex,
            "birth_date": date.strftime("%d/%m/%Y") if pick.random() < 0.7 else date.isoformat(),
            "birthplace": person.birthplace,
            "matricule": self._matricule(person) if qualified else "",
            "oid": _OID_NIR if qualified else "",
            "status": status,
            "attributes": "HOMA" if pick.random() < 0.01 else "",
        }

    def rows(self) -> Iterator[dict[str, str]]:
        """The rows, as dicts keyed by `COLUMNS`."""
        pick = self._random
        anomaly_rate, duplicate_rate, collision_rate = self._rates
        for _ in range(self.size):
            draw = pick.random()
            local_id = self._local_id()
            if draw < anomaly_rate:
                yield self._single_anomaly(local_id)
            elif draw < anomaly_rate + duplicate_rate and self._recent:
                yield self._duplicate(local_id)
            elif draw < anomaly_rate + duplicate_rate + collision_rate and self._recent_with_ins:
                yield self._collision(local_id)
            else:
                person = self._person(local_id)
                status = pick.choices(("PROV", "RECUP", "VALI", "QUAL"), (25, 10, 15, 50))[0]
                row = self._row(local_id, person, status)
                self._recent.append((local_id, person, row))
                if row["matricule"]:
                    self._recent_with_ins.append((local_id, person, row))
                yield row

    def _single_anomaly(self, local_id: str) -> dict[str, str]:
        pick = self._random
        kind = pick.choice(tuple(SINGLE_KINDS))
        person = self._person(local_id)
        row = self._row(local_id, person, "QUAL")
        if kind == "bad_key":
            key = int(row["matricule"][13:])
            row["matricule"] = row["matricule"][:13] + f"{key % 97 + 1:02d}"
        elif kind == "nnp_number":
            row.update(matricule=pick.choice("78") + row["matricule"][1:13], oid="", status="PROV")
        elif kind == "not_insi_form":
            row["birth_name"] = row["birth_name"].title()
        elif kind == "sex_mismatch":
            row["matricule"] = self._matricule(person, sex_digit="2" if person.sex == "M" else "1")
        elif kind == "year_mismatch":
            row["matricule"] = self._matricule(person, year=person.birth_date.year + 1)
        elif kind == "doubtful_qualified":
            row["attributes"] = "DOUT"
        elif kind == "ins_on_validated":
            row["status"] = "VALI"
        elif kind == "qualified_without_ins":
            row.update(matricule="", oid="")
        elif kind == "forbidden_attributes":
            row.update(status="PROV", matricule="", oid="", attributes="FICT|HOMA")
        elif kind == "unknown_status":
            row.update(status="QUALIFIEE", matricule="", oid="")
        elif kind == "impossible_date":
            row["birth_date"] = f"31/02/{person.birth_date.year}"
        elif kind == "implausible_date":
            row["birth_date"] = f"{person.birth_date.day:02d}/{person.birth_date.month:02d}/1850"
        elif kind == "incoherent_first_name":
            # Not PIERRE-ALAIN for PIERRE ALAIN: the library's rule calls that coherent.
            firsts = " ".join(person.first_names)
            others = [
                name
                for name in _FIRST_NAMES[person.sex]
                if not is_coherent_first_name(name, firsts)
            ]
            row["first_first_name"] = pick.choice(others)
        elif kind == "legacy_oid":
            row["oid"] = "1.2.250.1.213.1.4.2"
        else:  # digit_in_name
            row.update(birth_name=row["birth_name"][:1] + "0" + row["birth_name"][1:])
        self.planted.append(PlantedAnomaly(kind, SINGLE_KINDS[kind], (local_id,)))
        return row

    def _duplicate(self, local_id: str) -> dict[str, str]:
        pick = self._random
        source_id, person, _ = pick.choice(self._recent)
        family = self._family[source_id] | {local_id}
        kinds = [kind for kind in DUPLICATE_KINDS if kind != "first_names_reordered"]
        if len(set(person.first_names)) > 1:
            kinds.append("first_names_reordered")
        while True:  # a copy that no rule links to anyone outside the source's family
            kind = pick.choice(kinds)
            copy = self._copy(person, kind)
            if not self._links(copy, family):
                break
        self._remember(copy, family)
        row = self._row(local_id, copy, "PROV")
        row["attributes"] = ""  # two HOMA records are proven different persons: never a copy
        if kind == "typed_differently":
            row.update(birth_name=row["birth_name"].lower(), first_names=row["first_names"].lower())
        self.planted.append(
            PlantedAnomaly(f"duplicate_{kind}", "potential_duplicate", (source_id, local_id))
        )
        return row

    def _copy(self, person: _Person, kind: str, /) -> _Person:
        """`person` typed again, with the difference of `kind` (one of DUPLICATE_KINDS)."""
        pick = self._random
        copy = _Person(
            person.birth_name,
            list(person.first_names),
            person.sex,
            person.birth_date,
            person.birthplace,
        )
        name = copy.birth_name
        at = pick.randrange(1, len(name) - 1)
        letter = pick.choice([c for c in "ABCDEFGHIJKLMNOPRSTUVZ" if c != name[at]])
        if kind == "birth_name_substitution":
            copy.birth_name = name[:at] + letter + name[at + 1 :]
        elif kind == "birth_name_transposition" and name[at] != name[at + 1]:
            copy.birth_name = name[:at] + name[at + 1] + name[at] + name[at + 2 :]
        elif kind == "birth_name_deletion":
            copy.birth_name = name[:at] + name[at + 1 :]
        elif kind == "first_name_substitution":
            first = copy.first_names[0]
            spot = pick.randrange(1, len(first))
            swap = "E" if first[spot] != "E" else "A"
            copy.first_names[0] = first[:spot] + swap + first[spot + 1 :]
        elif kind == "first_names_reordered":
            while copy.first_names == person.first_names:
                pick.shuffle(copy.first_names)
        return copy

    def _collision(self, local_id: str) -> dict[str, str]:
        source_id, _, source_row = self._random.choice(self._recent_with_ins)
        row = self._row(local_id, self._person(local_id), "QUAL")
        row["matricule"] = source_row["matricule"]
        self.planted.append(PlantedAnomaly("collision", "collision", (source_id, local_id)))
        return row


def write_patient_file(
    path: str | os.PathLike[str],
    rows: int,
    /,
    *,
    seed: int = 0,
    delimiter: str = ";",
    encoding: str = "utf-8",
    **rates: float,
) -> list[PlantedAnomaly]:
    """Write a generated file (header `COLUMNS`) and return what was planted."""
    generator = PatientFileGenerator(rows, seed=seed, **rates)
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(generator.rows())
    return generator.planted
