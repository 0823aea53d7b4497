"""Cached value readers: what the row checks need of each distinct text of a column.

Each reader calls the library's own function (name normalisation, `BirthDate`, `Sex`,
`BirthplaceCode`, `Oid`, attributes; see `docs/audit.md`) and turns a failure into a finding
message instead of an exception. A patient file repeats its values (first names, birth dates,
statuses, OIDs), so each audit reads them through `Readings`, a bounded dictionary
`text -> reading` that reads a text on first use only (ADR 0064): a row whose values were all
seen costs one dictionary look-up per column.

```pycon
>>> read_sex("femme")
Sex(sex=<Sex.F: 'F'>, value='F', problem='', insi_form=False, digit='2', trait='F')
>>> read_attributes("HOMA|FICT")[1]
'forbidden_attributes'
>>> read_status("qual", "DOUT").findings[0][0]
'status_with_doubt'
>>> names = Readings(read_birth_name)
>>> names["Dupont"].value, len(names)
('DUPONT', 1)

```
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import NamedTuple, TypeVar

from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate, oldest_birth_date
from ins._first_names import is_coherent_first_name
from ins._identifiers import Oid
from ins._names import is_valid_insi_name, normalize_birth_name, normalize_first_names
from ins._sex import Sex as SexCode
from ins._status import IdentityAttribute, check_attributes
from ins.audit.report import STATUSES
from ins.errors import InsError

__all__ = [
    "CACHE_LIMIT",
    "DOUBT",
    "Date",
    "Name",
    "Place",
    "Readings",
    "Sex",
    "Status",
    "coherent_first_name",
    "date_reader",
    "read_attributes",
    "read_birth_date",
    "read_birth_name",
    "read_first_names",
    "read_oid",
    "read_place",
    "read_sex",
    "read_status",
]

CACHE_LIMIT = 1 << 18  # texts per column and audit; the cache is emptied when it is full

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class Readings(dict[_K, _V]):
    """`text -> reading`, read by `read(text)` on first use; emptied when it holds
    `CACHE_LIMIT` texts, so that memory stays bounded on any input.

    `read` must not hold the object that owns the cache: a reference cycle would keep an
    audit's millions of objects alive until the cyclic collector runs.
    """

    __slots__ = ("read",)

    def __init__(self, read: Callable[[_K], _V], /) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, text: _K) -> _V:
        if len(self) >= CACHE_LIMIT:
            self.clear()
        value = self[text] = self.read(text)
        return value


class Name(NamedTuple):
    """A birth name or a list of first names as typed (stripped)."""

    value: str | None  # normalised, or None when it cannot be
    problem: str  # the message of its trait_invalid finding, or ""
    insi_form: bool  # already as INSi returns it
    first: str | None  # first names only: the first of the list (None when value is None)
    trait: str  # what a collision compares: the birth name or first first name, else the text


def read_birth_name(text: str, /) -> Name:
    if not text:
        return Name(None, "No birth name.", False, None, "")
    if is_valid_insi_name(text):  # normalisation leaves a name in INSi form as it is
        return Name(text, "", True, text, text)
    try:
        name = normalize_birth_name(text).normalized
    except InsError as error:
        return Name(None, f"Birth name: {error.message}", False, None, text.upper())
    return Name(name, "", name == text, name, name)


def read_first_names(text: str, /) -> Name:
    if not text:
        return Name(None, "No first names.", False, None, "")
    if is_valid_insi_name(text, profile="first_names"):
        head = text.split(" ", 1)[0]
        return Name(text, "", True, head, head)
    try:
        firsts = normalize_first_names(text).normalized
    except InsError as error:
        return Name(None, f"First names: {error.message}", False, None, text.upper())
    first = firsts.split(" ", 1)[0] if firsts else None
    return Name(firsts, "", firsts == text, first, text.upper() if first is None else first)


class Sex(NamedTuple):
    sex: SexCode | None  # None: not a sex
    value: str  # M, F, I, or ""
    problem: str  # the message of its trait_invalid finding, or ""
    insi_form: bool  # M or F, as INSi returns it
    digit: str  # the first digit of a matricule of this sex (1, 2), or ""
    trait: str  # what a collision compares: the value, else the text


def read_sex(text: str, /) -> Sex:
    try:
        sex = SexCode.parse(text)
    except InsError:
        shown = text if len(text) <= 10 else text[:10] + "..."
        return Sex(None, "", f"Sex {shown!r} is not M, F or I.", False, "", text.upper())
    digit = {"M": "1", "F": "2"}.get(sex.value, "")
    return Sex(sex, sex.value, "", text in ("M", "F"), digit, sex.value)


class Date(NamedTuple):
    date: BirthDate | None  # None: not a birth date (see code)
    iso: str  # ISO text, 00 for unknown parts ("" when date is None)
    code: str  # birth_date_invalid or birth_date_implausible, or ""
    problem: str  # the message of that finding
    year_month: str  # positions 2-5 of a matricule of this date, or "" when the month is unknown
    trait: str  # what a collision compares: the ISO date, else the text


_YEAR = re.compile(r"[0-9]{4}")


def read_birth_date(text: str, today: dt.date, /) -> Date:
    """The birth date of `text` judged on `today` (`BirthDate.parse`)."""
    if not text:
        return Date(None, "", "birth_date_invalid", "No birth date.", "", "")
    try:
        date = BirthDate.parse(text, today=today)
    except InsError as error:
        year = _YEAR.search(text)
        if year is not None:
            # A date refused only because of today (future, over 130 years) parses when judged
            # from the end of the year after its own.
            horizon = dt.date(min(int(year.group()) + 1, 9999), 12, 31)
            try:
                BirthDate.parse(text, today=horizon)
            except InsError:
                pass
            else:
                return Date(None, "", "birth_date_implausible", error.message, "", text)
        return Date(None, "", "birth_date_invalid", error.message, "", text)
    iso = date.isoformat()
    return Date(date, iso, "", "", "" if iso[5:7] == "00" else iso[2:4] + iso[5:7], iso)


def date_reader(today: dt.date, /) -> Callable[[str], Date]:
    """`read_birth_date` on `today`, with a shortcut for the common case.

    A complete date written `DD/MM/YYYY` or `YYYY-MM-DD`, not in the future nor more than
    130 years old, is read with `datetime.date` alone: most texts of a file, and parsing was a
    third of the time of the rows with a finding (ADR 0064). A property test compares both.
    """
    oldest = oldest_birth_date(today)

    def read(text: str, /) -> Date:
        if len(text) == 10 and text.isascii():
            if text[2] == "/" == text[5]:
                day, month, year = text[:2], text[3:5], text[6:]
            elif text[4] == "-" == text[7]:
                year, month, day = text[:4], text[5:7], text[8:]
            else:
                return read_birth_date(text, today)
            if day.isdigit() and month.isdigit() and year.isdigit():
                try:
                    value = dt.date(int(year), int(month), int(day))
                except ValueError:  # 00 for an unknown part, or a day that does not exist
                    return read_birth_date(text, today)
                if oldest <= value <= today:
                    iso = value.isoformat()
                    return Date(BirthDate(value), iso, "", "", iso[2:4] + iso[5:7], iso)
        return read_birth_date(text, today)

    return read


class Place(NamedTuple):
    place: BirthplaceCode | None  # None: empty or wrong
    text: str  # the code as a plain str ("" when place is None)
    problem: str  # the message of its trait_invalid finding, or ""
    nir_part: str  # positions 6-10 of a matricule born there, when the shortcut may take it
    trait: str  # what a collision compares: the code, else the text


def read_place(text: str, /) -> Place:
    """The birthplace code; `nir_part` is set for a code of five digits that the shipped
    table knows, outside Corsica and department 00, where `check_consistency` has nothing to
    say about a matricule carrying it (ADR 0064)."""
    if not text:
        return Place(None, "", "", "", "")
    try:
        place = BirthplaceCode(text)
    except InsError as error:
        return Place(None, "", f"Birthplace: {error.message}", "", text.upper())
    plain = str(place)
    known = place.name is not None and plain.isdigit() and plain.isascii()
    return Place(place, plain, "", plain if known and plain[:2] not in ("00", "20") else "", plain)


def read_oid(text: str, /) -> tuple[str, str]:
    """The OID without `urn:oid:` and, when it is not an INS OID, the reason."""
    if not text:
        return "", "A matricule is stored without its OID."
    bare = text[len("urn:oid:") :] if text.lower().startswith("urn:oid:") else text
    try:
        Oid.parse(text)
    except InsError as error:
        return bare, error.message
    return bare, ""


_ATTRIBUTE_SEPARATORS = re.compile(r"[\s|,;]+")
DOUBT = frozenset({IdentityAttribute.DOUTEUSE, IdentityAttribute.FICTIVE})
_HOMONYMS = frozenset({IdentityAttribute("HOMA"), IdentityAttribute("HOMD")})


@lru_cache(maxsize=1024)
def read_attributes(text: str, /) -> tuple[frozenset[IdentityAttribute], str, str]:
    """The attributes, or the finding code and message of what is wrong with them."""
    found = set()
    for code in _ATTRIBUTE_SEPARATORS.split(text.strip().upper()):
        if not code:
            continue
        try:
            found.add(IdentityAttribute(code))
        except ValueError:
            shown = code if len(code) <= 10 else code[:10] + "..."
            return frozenset(), "unknown_attribute", f"Unknown identity attribute {shown!r}."
    try:
        return check_attributes(found), "", ""
    except InsError as error:
        return frozenset(found), "forbidden_attributes", error.message


class Status(NamedTuple):
    status: str  # the status counted: PROV, RECUP, VALI or QUAL (empty or unknown: PROV)
    findings: tuple[tuple[str, str], ...]  # (code, message) of the status and attributes
    attributes: frozenset[IdentityAttribute]
    carries_ins: bool  # RECUP or QUAL: the identity must carry its INS
    homonyms: str  # HOMA, HOMD (or both) among the attributes, or "": see proven_different


@lru_cache(maxsize=1024)
def read_status(status_text: str, attributes_text: str, /) -> Status:
    """The status and attributes columns of a row."""
    findings: list[tuple[str, str]] = []
    status = status_text.upper() or "PROV"
    if status not in STATUSES:
        shown = status if len(status) <= 10 else status[:10] + "..."
        findings.append(("unknown_status", f"Unknown status {shown!r}: counted as PROV."))
        status = "PROV"
    attributes: frozenset[IdentityAttribute] = frozenset()
    if attributes_text:
        attributes, code, message = read_attributes(attributes_text)
        if code:
            findings.append((code, message))
    if attributes & DOUBT and status != "PROV":
        findings.append(
            (
                "status_with_doubt",
                f"A doubtful or fictive identity must be PROV, and this one is {status}.",
            )
        )
    homonyms = " ".join(
        code.value for code in sorted(attributes & _HOMONYMS, key=lambda code: code.value)
    )
    return Status(status, tuple(findings), attributes, status in ("RECUP", "QUAL"), homonyms)


def coherent_first_name(first_first_name: Name, first_names: str, typed: str, /) -> bool:
    """Whether the first first name (its reading, and the text `typed`) is coherent with the
    normalised `first_names`; a shortcut when it is the start of the list."""
    normalized = first_first_name.value
    if normalized is not None and (
        first_names == normalized or first_names.startswith(normalized + " ")
    ):
        return True
    return is_coherent_first_name(typed, first_names)
