"""Reading the fields of a patient-file row with the library's rules, for the audit.

Each reader calls the library's own function (name normalisation: domain.md 4.2; ``BirthDate``:
4.4; ``Sex``: 4.6; ``BirthplaceCode``: 4.7; ``Oid``: 3.1; attributes: 5.2) and turns a failure into
a finding code and message instead of an exception. Patient files repeat values a lot, so readers
of small value sets are cached here and the others in each audit's own bounded caches
(:func:`remember`, ADR 0064); the ``*_entry`` readers return what the row check needs, finding
message included, so that a cached value costs one dictionary look-up per row.

>>> read_sex("femme")
(<Sex.F: 'F'>, 'F')
>>> read_attributes("HOMA|FICT")[1]
'forbidden_attributes'
>>> consistency_prefix("F", "1975-12-31", "63220")
'2751263220'
>>> read_status("qual", "DOUT")[1][0][0]
'status_with_doubt'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from functools import lru_cache
from typing import TypeVar

from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate
from ins._first_names import is_coherent_first_name
from ins._identifiers import Oid
from ins._names import is_valid_insi_name, normalize_birth_name, normalize_first_names
from ins._sex import Sex
from ins._status import IdentityAttribute, check_attributes
from ins.audit.report import STATUSES
from ins.errors import InsError

__all__ = [
    "CACHE_LIMIT",
    "DOUBT",
    "blocking_key",
    "coherent_first_name",
    "consistency_prefix",
    "matricule_head",
    "read_attributes",
    "read_birth_date",
    "read_birth_name",
    "read_birth_name_entry",
    "read_first_names",
    "read_first_names_entry",
    "read_oid",
    "read_place",
    "read_place_entry",
    "read_sex",
    "read_status",
    "remember",
]

_YEAR = re.compile(r"[0-9]{4}")
_ATTRIBUTE_SEPARATORS = re.compile(r"[\s|,;]+")
DOUBT = frozenset({IdentityAttribute.DOUTEUSE, IdentityAttribute.FICTIVE})
_URN = "urn:oid:"


def read_birth_name(text: str, /) -> tuple[str | None, str]:
    try:
        return normalize_birth_name(text).normalized, ""
    except InsError as error:
        return None, error.message


def read_first_names(text: str, /) -> tuple[str | None, str]:
    try:
        return normalize_first_names(text).normalized, ""
    except InsError as error:
        return None, error.message


def read_birth_name_entry(text: str, /) -> tuple[str | None, str]:
    """The normalised birth name, or ``None`` and the message of its ``trait_invalid`` finding."""
    if not text:
        return None, "No birth name."
    if is_valid_insi_name(text):  # normalisation leaves a name in INSi form as it is
        return text, ""
    name, message = read_birth_name(text)
    return (name, "") if name is not None else (None, f"Birth name: {message}")


def read_first_names_entry(text: str, /) -> tuple[str | None, str, str | None]:
    """The normalised first names and their first one, or ``None``, the finding message and
    ``None``."""
    if not text:
        return None, "No first names.", None
    firsts: str | None = text
    message = ""
    if not is_valid_insi_name(text, profile="first_names"):
        firsts, message = read_first_names(text)
    if firsts is None:
        return None, f"First names: {message}", None
    return firsts, "", firsts.split(" ", 1)[0] if firsts else None


@lru_cache(maxsize=1 << 16)
def read_sex(text: str, /) -> tuple[Sex | None, str]:
    try:
        sex = Sex.parse(text)
    except InsError:
        return None, ""
    return sex, sex.value


def read_birth_date(text: str, today: dt.date, /) -> tuple[BirthDate | None, str, str]:
    """The date and its ISO text, or ``None`` with the finding code and message."""
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
                return None, "birth_date_implausible", error.message
        return None, "birth_date_invalid", error.message
    return date, date.isoformat(), ""


@lru_cache(maxsize=1 << 12)
def read_place(text: str, /) -> tuple[BirthplaceCode | None, bool, str]:
    """The birthplace code and whether it may take the consistency shortcut (known to the
    shipped table, outside Corsica), or ``None`` and why the code is wrong."""
    try:
        place = BirthplaceCode(text)
    except InsError as error:
        return None, False, error.message
    return place, place.name is not None and place[:2] not in ("2A", "2B"), ""


def read_place_entry(text: str, /) -> tuple[BirthplaceCode | None, bool, str, str]:
    """:func:`read_place` with the ``trait_invalid`` message and the code as a plain ``str``."""
    place, shortcut, message = read_place(text)
    if place is None:
        return None, False, f"Birthplace: {message}", ""
    return place, shortcut, "", str(place)


@lru_cache(maxsize=256)
def read_oid(text: str, /) -> tuple[str, str]:
    """The OID without ``urn:oid:`` and, when it is not an INS OID, the reason."""
    bare = text[len(_URN) :] if text.lower().startswith(_URN) else text
    try:
        Oid.parse(text)
    except InsError as error:
        return bare, error.message
    return bare, ""


def consistency_prefix(sex: str, iso: str, place: str, /) -> str:
    """Positions 1-10 of a matricule that ``check_consistency`` has nothing to say about.

    Sex ``M``/``F``, a birth date with a real month (ISO text) and a birthplace the shipped table
    knows, outside Corsica; ``""`` otherwise. A matricule starting with this prefix skips the
    call (ADR 0064); any other goes through ``check_consistency``.
    """
    head = matricule_head(sex, iso)
    return head + place if head and place else ""


def matricule_head(sex: str, iso: str, /) -> str:
    """Positions 1-5 of :func:`consistency_prefix` (sex digit, year, month), or ``""``."""
    if sex not in ("M", "F") or iso[5:7] == "00":
        return ""
    return ("1" if sex == "M" else "2") + iso[2:4] + iso[5:7]


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


@lru_cache(maxsize=1024)
def read_status(
    status_text: str, attributes_text: str, /
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The status counted (an empty or unknown one is PROV) and the findings, as (code,
    message) pairs, of the status and attributes columns of a row."""
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
    return status, tuple(findings)


CACHE_LIMIT = 1 << 18  # entries per cache of one audit; emptied when reached

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


def remember(cache: dict[_K, _V], key: _K, value: _V, /) -> _V:
    """Store ``value`` in one of an audit's caches (names, first names, dates repeat in a file),
    emptying the cache first when it is full, so that memory stays bounded on any input."""
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def blocking_key(birth_date: BirthDate, sex: Sex, /) -> tuple[str, str]:
    """The blocking key of a row: its birth date (ISO, ``00`` for unknown parts) and sex.

    >>> blocking_key(BirthDate.parse("00/02/1980", today=dt.date(2026, 1, 1)), Sex.F)
    ('1980-02-00', 'F')
    """
    return birth_date.isoformat(), sex.value


def coherent_first_name(first_first_name: str, normalized: str | None, first_names: str, /) -> bool:
    """domain.md 4.3, with a shortcut when the first first name, ``normalized``, starts the list."""
    if normalized is not None and (
        first_names == normalized or first_names.startswith(normalized + " ")
    ):
        return True
    return is_coherent_first_name(first_first_name, first_names)
