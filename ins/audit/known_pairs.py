"""Pairs of local ids already reviewed as different persons: not reported again (ADR 0068).

An identity-vigilance cell reviews the potential duplicates of an audit; the pairs it finds to be
two persons are kept in a file and given to the next audit (`known_pairs=` or
`ins audit --known-pairs FILE`), so that the review list shrinks from one audit to the next.

The file is CSV (UTF-8 or Windows-1252, `;`, `,` or tab, as the audited file): one pair per
line, the two local ids in the first two columns (more columns are ignored: a date, a comment).
A header line is optional: it is read as one more pair, of two local ids the audited file does
not hold, which changes nothing. Blank lines are skipped.

```pycon
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "reviewed.csv"
>>> _ = path.write_text("ipp_1;ipp_2;comment\\nA1;A2;two persons\\n", encoding="utf-8")
>>> read_known_pairs(path)
[('ipp_1', 'ipp_2'), ('A1', 'A2')]
>>> by_local_id([("A1", "A2")])
{'A1': frozenset({'A2'}), 'A2': frozenset({'A1'})}

```
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ins.audit.csvio import AuditInputError, CsvSource

__all__ = ["KnownPairs", "by_local_id", "read_known_pairs"]

KnownPairs = Iterable[tuple[str, str]]
"""Pairs of local ids known to be different persons, as given to the audit."""


def read_known_pairs(path: str | os.PathLike[str], /) -> list[tuple[str, str]]:
    """The pairs of the file at `path` (format in the module docstring); an empty file has
    none. Raises `AuditInputError` for a file that cannot be read or a line without two local
    ids (naming the line, not its content)."""
    try:
        empty = os.path.getsize(path) == 0
    except OSError:
        empty = False  # CsvSource says why the file cannot be read
    if empty:
        return []
    with CsvSource(path) as source:
        lines = [source.header, *source.rows()]
    pairs = []
    for number, values in enumerate(lines, start=1):
        first, second = (value.strip() for value in (*values[:2], "", "")[:2])
        if not first or not second:
            raise AuditInputError(
                f"Pair {number} of the known pairs file {os.fspath(path)!r} does not hold two "
                "local ids (one pair of local ids reviewed as different persons per line)."
            )
        pairs.append((first, second))
    return pairs


def by_local_id(pairs: KnownPairs, /) -> dict[str, frozenset[str]]:
    """For each local id of `pairs`, the local ids known to be other persons (both ways)."""
    others: dict[str, set[str]] = {}
    for pair in pairs:
        first, second = (local_id.strip() for local_id in pair)
        others.setdefault(first, set()).add(second)
        others.setdefault(second, set()).add(first)
    return {local_id: frozenset(ids) for local_id, ids in others.items()}
