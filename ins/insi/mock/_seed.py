"""The public INSi test persons, shipped in `ins/data/insi_test_identities.json`
(docs/domain/insi.md#test-persons).

[`load_test_identities`][ins.insi.mock.load_test_identities] reads the file once and gives, for each
person, the values INSi returns for them (`INSACTIF`, `INSHISTO`, `TIQ`) and the special searches
(a name that always gives `02`, one that always gives `01`). [`wire_ins`][ins.insi.mock.wire_ins]
and [`wire_traits`][ins.insi.mock.wire_traits] turn library values into those wire values.

```pycon
>>> data = load_test_identities()
>>> len(data.persons) >= 10, [special[0] for special in data.special_searches]
(True, ['DE VINCI', 'HOUILLES'])

```
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple, TypeVar

from ins._identifiers import Ins
from ins._names import normalize_birth_name, normalize_first_names
from ins._records import masked_repr
from ins._sex import Sex
from ins._traits import Traits
from ins.errors import InvalidFormat, InvalidTrait, mask_text
from ins.insi._results import InsiCode, ReturnedTraits
from ins.insi._wire import WireIns

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

    def __repr__(self) -> str:
        return masked_repr(self)


class SeedData(NamedTuple):
    """The content of the shipped file."""

    persons: tuple[SeedPerson, ...]
    special_searches: tuple[tuple[str, str, str, InsiCode], ...]

    def __repr__(self) -> str:
        return masked_repr(self)


_T = TypeVar("_T")


class _Malformed(Exception):
    """One sentence saying which field of an entry is wrong (turned into InvalidFormat)."""


_TYPE_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
}


def _kind(value: object, /) -> str:
    if value is None:
        return "null"
    return _TYPE_NAMES.get(type(value), f"a {type(value).__name__}")


def _object(value: object, path: str, /) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Malformed(f"{path} must be an object, not {_kind(value)}")
    return value


def _list(value: object, path: str, /) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise _Malformed(f"{path} must be a list, not {_kind(value)}")
    return list(value)


def _text(
    entry: Mapping[str, Any], name: str, prefix: str = "", /, *, required: bool
) -> str | None:
    if name not in entry:
        if required:
            raise _Malformed(f"missing {prefix + name!r}")
        return None
    value = entry[name]
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise _Malformed(f"{prefix + name!r} must be a string, not {_kind(value)}")
    return value


def _date(entry: Mapping[str, Any], name: str, prefix: str, /) -> dt.date | None:
    text = _text(entry, name, prefix, required=False)
    try:
        return None if text is None else dt.date.fromisoformat(text)
    except ValueError:
        raise _Malformed(f"{prefix + name!r} is not a date written YYYY-MM-DD") from None


def _wire(value: object, path: str, /) -> WireIns:
    entry = _object(value, repr(path))
    prefix = path + "."
    return WireIns(
        _text(entry, "num", prefix, required=True) or "",
        _text(entry, "key", prefix, required=True),
        _text(entry, "oid", prefix, required=False),
        _date(entry, "start", prefix),
        _date(entry, "end", prefix),
    )


@cache
def load_test_identities() -> SeedData:
    """The test persons (including the ANS test patient, OID `.4.10`) and special searches."""
    text = files("ins").joinpath("data", "insi_test_identities.json").read_text(encoding="utf-8")
    return parse_identities(json.loads(text))


def parse_identities(raw: Mapping[str, Any], /) -> SeedData:
    """Read persons in the format of the shipped file (`persons`, optional
    `special_searches` and `test_patient_ans`), e.g. to seed a mock with your own.

    Raises [`ins.errors.InvalidFormat`][ins.InvalidFormat] with a sentence naming the entry and the
    field that is malformed.

    ```pycon
    >>> parse_identities({"persons": [{"birth_name": "X"}]})
    Traceback (most recent call last):
    ...
    ins.errors.InvalidFormat: Person 1 of the identities is malformed: missing 'matricule'.
    >>> parse_identities({"persons": [{"matricule": 7}]})
    Traceback (most recent call last):
    ...
    ins.errors.InvalidFormat: Person 1 of the identities is malformed: 'matricule' must be an
    object, not a number.

    ```
    """
    try:
        top = _object(raw, "The identities")
        persons = _list(top.get("persons", []), "'persons'")
        if "test_patient_ans" in top:
            persons.append(top["test_patient_ans"])
        searches = _list(top.get("special_searches", []), "'special_searches'")
    except _Malformed as error:
        raise InvalidFormat(f"{error}.") from None
    return SeedData(
        persons=_each(persons, "Person", _person),
        special_searches=_each(searches, "Special search", _special),
    )


def _each(items: list[Any], what: str, read: Callable[[object], _T], /) -> tuple[_T, ...]:
    """`read` applied to every item; the first malformed one raises, named by its rank."""
    done: list[_T] = []
    for index, item in enumerate(items, start=1):
        try:
            done.append(read(item))
        except _Malformed as error:
            raise InvalidFormat(
                mask_text(f"{what} {index} of the identities is malformed: {error}.")
            ) from None
    return tuple(done)


def _person(value: object, /) -> SeedPerson:
    person = _object(value, "the person")
    if "matricule" not in person:
        raise _Malformed("missing 'matricule'")
    history = _list(person.get("history", []), "'history'")
    return SeedPerson(
        active=_wire(person["matricule"], "matricule"),
        history=tuple(_wire(entry, f"history[{n}]") for n, entry in enumerate(history)),
        tiq=ReturnedTraits(
            birth_name=_text(person, "birth_name", required=True),
            first_name=_text(person, "tiq_prenom", required=False),
            first_names=_text(person, "first_names", required=True),
            sex=_text(person, "sex", required=True),
            birth_date=_text(person, "birth_date", required=True),
            birthplace=_text(person, "birthplace", required=False),
        ),
        note=_text(person, "note", required=False) or "",
    )


def _special(value: object, /) -> tuple[str, str, str, InsiCode]:
    special = _object(value, "the special search")
    if "request" not in special:
        raise _Malformed("missing 'request'")
    request = _object(special["request"], "'request'")
    code = _text(special, "code", required=True)
    if code not in set(InsiCode):
        known = ", ".join(item.value for item in InsiCode)
        raise _Malformed(f"'code' must be one of {known}, not {code!r}")
    return (
        _text(request, "birth_name", "request.", required=True) or "",
        _text(request, "sex", "request.", required=True) or "",
        _text(request, "birth_date", "request.", required=True) or "",
        InsiCode(code),
    )


def wire_ins(ins: Ins | tuple[str, str], /) -> WireIns:
    """An INS, or a verbatim `(matricule, oid)` pair, as INSi sends it."""
    matricule, oid = (str(ins.matricule), ins.oid.value) if isinstance(ins, Ins) else ins
    return WireIns(matricule[:13], matricule[13:] or None, oid)


def wire_traits(traits: Traits, /, *, first_name: str | None = None) -> ReturnedTraits:
    """`TIQ` for `traits`, normalised to INSi form; `first_name` fills `Prenom`."""
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
