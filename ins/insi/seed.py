"""The public INSi test persons, shipped in ``ins/data/insi_test_identities.json`` (domain.md 6.6).

:func:`load_test_identities` reads the file once and gives, for each person, the values INSi
returns for them (``INSACTIF``, ``INSHISTO``, ``TIQ``) and the special searches (a name that
always gives ``02``, one that always gives ``01``). :func:`wire_ins` and :func:`wire_traits`
turn library values into those wire values.

>>> data = load_test_identities()
>>> len(data.persons) >= 10, [special[0] for special in data.special_searches]
(True, ['DE VINCI', 'HOUILLES'])
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple

from ins.errors import InvalidFormat, InvalidTrait
from ins.identifiers import Ins
from ins.insi.models import InsiCode, ReturnedTraits
from ins.insi.results import WireIns
from ins.names import normalize_birth_name, normalize_first_names
from ins.sex import Sex
from ins.traits import Traits

__all__ = [
    "SeedData",
    "SeedPerson",
    "load_test_identities",
    "parse_identities",
    "wire_ins",
    "wire_traits",
]


class SeedPerson(NamedTuple):
    """One test person: what INSi returns for them, and the source's note."""

    active: WireIns
    history: tuple[WireIns, ...]
    tiq: ReturnedTraits
    note: str


class SeedData(NamedTuple):
    """The content of the shipped file."""

    persons: tuple[SeedPerson, ...]
    special_searches: tuple[tuple[str, str, str, InsiCode], ...]


def _date(text: object) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(str(text))


def _wire(entry: Mapping[str, Any]) -> WireIns:
    return WireIns(
        entry["num"],
        entry["key"],
        entry.get("oid"),
        _date(entry.get("start")),
        _date(entry.get("end")),
    )


@cache
def load_test_identities() -> SeedData:
    """The test persons (including the ANS test patient, OID ``.4.10``) and special searches."""
    text = files("ins").joinpath("data", "insi_test_identities.json").read_text(encoding="utf-8")
    return parse_identities(json.loads(text))


def parse_identities(raw: Mapping[str, Any], /) -> SeedData:
    """Read persons in the format of the shipped file (``persons``, optional
    ``special_searches`` and ``test_patient_ans``), e.g. to seed a mock with your own.

    Raises :class:`ins.errors.InvalidFormat` naming the entry that is malformed.

    >>> parse_identities({"persons": [{"birth_name": "X"}]})
    Traceback (most recent call last):
    ...
    ins.errors.InvalidFormat: Person 1 of the identities is malformed: missing 'matricule'.
    """
    persons = [*raw.get("persons", ())]
    if "test_patient_ans" in raw:
        persons.append(raw["test_patient_ans"])
    read: list[SeedPerson] = []
    for index, person in enumerate(persons, start=1):
        try:
            read.append(_person(person))
        except KeyError as error:
            raise InvalidFormat(
                f"Person {index} of the identities is malformed: missing {error.args[0]!r}."
            ) from None
        except (TypeError, ValueError, AttributeError) as error:
            raise InvalidFormat(f"Person {index} of the identities is malformed: {error}") from None
    specials: list[tuple[str, str, str, InsiCode]] = []
    for index, special in enumerate(raw.get("special_searches", ()), start=1):
        try:
            request = special["request"]
            specials.append(
                (
                    request["birth_name"],
                    request["sex"],
                    request["birth_date"],
                    InsiCode(special["code"]),
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidFormat(
                f"Special search {index} of the identities is malformed ({error!r})."
            ) from None
    return SeedData(persons=tuple(read), special_searches=tuple(specials))


def _person(person: Mapping[str, Any], /) -> SeedPerson:
    return SeedPerson(
        active=_wire(person["matricule"]),
        history=tuple(_wire(entry) for entry in person.get("history", ())),
        tiq=ReturnedTraits(
            birth_name=person["birth_name"],
            first_name=person.get("tiq_prenom"),
            first_names=person["first_names"],
            sex=person["sex"],
            birth_date=person["birth_date"],
            birthplace=person.get("birthplace"),
        ),
        note=person.get("note", ""),
    )


def wire_ins(ins: Ins | tuple[str, str], /) -> WireIns:
    """An INS, or a verbatim ``(matricule, oid)`` pair, as INSi sends it."""
    matricule, oid = (str(ins.matricule), ins.oid.value) if isinstance(ins, Ins) else ins
    return WireIns(matricule[:13], matricule[13:] or None, oid)


def wire_traits(traits: Traits, /, *, first_name: str | None = None) -> ReturnedTraits:
    """``TIQ`` for ``traits``, normalised to INSi form; ``first_name`` fills ``Prenom``."""
    if traits.sex is Sex.UNKNOWN:
        raise InvalidTrait("INSi only knows the sexes M and F.", trait="sex")
    return ReturnedTraits(
        birth_name=normalize_birth_name(traits.birth_name).normalized,
        first_name=first_name,
        first_names=normalize_first_names(traits.first_names).normalized,
        sex=traits.sex.value,
        birth_date=traits.birth_date.isoformat(),
        birthplace=None if traits.birthplace is None else str(traits.birthplace),
    )
