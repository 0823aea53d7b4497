r"""Column caches of the batch checks (:mod:`ins.audit.batch`, ADR 0064 decision 11).

A :class:`ColumnCache` maps each raw text of one column to what the batch needs of it, read once
per audit (bounded, like the row caches), and remembers the texts that need a finding: "bad" in
any row, or "odd" on RECUP and QUAL rows only (traits not in INSi form). The ``read_*_column``
functions are the readers of the columns that need no state of the audit; each returns
``(value, bad, odd)`` with a value that is never false.

>>> cache = ColumnCache(read_sex_column)
>>> cache.look_up(["F", "femme", "X"])
[('F', '2'), ('F', '2'), ('\x00', '\x00')]
>>> sorted(cache.bad), sorted(cache.marked)
(['X'], ['X', 'femme'])
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Sequence
from itertools import compress, count
from typing import Any, Generic, TypeVar

from ins._names import is_valid_insi_name
from ins.audit.values import (
    CACHE_LIMIT,
    coherent_first_name,
    read_birth_name_entry,
    read_first_names_entry,
    read_sex,
    read_status,
)

__all__ = [
    "NO_PREFIX",
    "Blocks",
    "ColumnCache",
    "Date",
    "Sex",
    "read_coherence_column",
    "read_first_names_column",
    "read_name_column",
    "read_sex_column",
    "read_status_column",
]

NO_PREFIX = "\x00"  # a prefix part that no stripped matricule of digits starts with

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class ColumnCache(Generic[_K, _V]):
    """A bounded cache of one column: raw text -> value, and the texts that need a row check.

    ``read(key)`` returns the value (never false: a false value means "not read yet"), whether
    the text needs a finding in any row (``bad``), and whether it needs one on RECUP and QUAL rows
    only (``odd``: traits not in INSi form).
    """

    __slots__ = ("bad", "marked", "read", "values")

    def __init__(self, read: Callable[[_K], tuple[_V, bool, bool]], /) -> None:
        self.read = read
        self.values: dict[_K, _V] = {}
        self.bad: set[_K] = set()
        self.marked: set[_K] = set()  # bad or odd

    def look_up(self, keys: Sequence[_K], /) -> list[_V]:
        """The value of each key, reading the keys not seen yet."""
        values = self.values
        found: list[Any] = list(map(values.get, keys))
        if all(found):
            return found
        positions = list(compress(count(), map(operator.not_, found)))
        if len(values) + len(positions) > CACHE_LIMIT:  # bounded, as the row caches
            # Emptied: every key of the batch is read again, so that its bad and odd marks hold.
            values.clear()
            self.bad.clear()
            self.marked.clear()
            positions = list(range(len(keys)))
        read, bad, marked = self.read, self.bad, self.marked
        for i in positions:
            key = keys[i]
            value = values.get(key)
            if not value:
                value, is_bad, is_odd = read(key)
                values[key] = value
                if is_bad:
                    bad.add(key)
                    marked.add(key)
                if is_odd:
                    marked.add(key)
            found[i] = value
        return found

    def flag(self, slow: set[int], keys: Sequence[_K], carries_ins: list[bool], /) -> None:
        """Add to ``slow`` the rows with a bad key, and the RECUP/QUAL rows with an odd one."""
        marked = self.marked
        if not marked or marked.isdisjoint(keys):
            return
        bad = self.bad
        for i in compress(count(), map(marked.__contains__, keys)):
            if carries_ins[i] or keys[i] in bad:
                slow.add(i)


class Blocks(dict[str, list[Any]]):
    """The blocks of one birth date by sex, made on first use (``blocks[sex]`` in a C loop)."""

    __slots__ = ("iso", "owner")

    def __init__(self, iso: str, owner: dict[tuple[str, str], list[Any]], /) -> None:
        super().__init__()
        self.iso = iso
        self.owner = owner

    def __missing__(self, sex: str) -> list[Any]:
        block = self[sex] = self.owner.setdefault((self.iso, sex), [])
        return block


# What the batch keeps of a birth date: its ISO text, the year and month of a matricule (a
# non-digit when the month is unknown), and its blocks by sex; of a sex: its value and digit.
Date = tuple[str, str, Blocks]
Sex = tuple[str, str]


def read_name_column(text: str, /) -> tuple[str, bool, bool]:
    stripped = text.strip()
    name = read_birth_name_entry(stripped)[0]
    odd = name != stripped and not is_valid_insi_name(stripped)
    return name or NO_PREFIX, not name, odd


def read_first_names_column(text: str, /) -> tuple[tuple[str, str], bool, bool]:
    stripped = text.strip()
    firsts, _, first = read_first_names_entry(stripped)
    odd = firsts != stripped and not is_valid_insi_name(stripped, profile="first_names")
    return (firsts or "", first or NO_PREFIX), not firsts or not first, odd


def read_sex_column(text: str, /) -> tuple[Sex, bool, bool]:
    stripped = text.strip()
    sex, value = read_sex(stripped)
    digit = {"M": "1", "F": "2"}.get(value, NO_PREFIX)
    return (value or NO_PREFIX, digit), sex is None, stripped not in ("M", "F")


def read_coherence_column(key: tuple[str, str], /) -> tuple[tuple[bool], bool, bool]:
    first_first_name, first_names = key[0].strip(), key[1].strip()
    firsts = read_first_names_entry(first_names)[0]
    if not first_first_name or firsts is None:  # wrong first names are reported themselves
        return (True,), False, False
    found = read_first_names_entry(first_first_name)[0]
    coherent = coherent_first_name(first_first_name, found, firsts)
    return (coherent,), not coherent, False


def read_status_column(key: tuple[str, str], /) -> tuple[str, bool, bool]:
    status, findings = read_status(key[0].strip(), key[1].strip())
    return status, bool(findings), False
