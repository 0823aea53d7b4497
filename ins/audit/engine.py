"""Running an audit: over rows ([`audit_rows`][ins.audit.audit_rows]) or a CSV file
([`audit_csv`][ins.audit.audit_csv]), in shards.

The whole pipeline of one process: read the rows (`ins.audit.csvio`), check each one
(`RowChecker`), then search duplicates and build the report. A *shard*
is the set of rows whose birth date hashes to one value modulo the number of shards: a block of
rows (equal birth date and sex) is never split, so auditing every shard and merging the reports
gives the report of one pass (ADR 0060). `audit_csv(..., jobs=N)` audits N shards in N
processes (`ins.audit.shards`).

```pycon
>>> import datetime as dt
>>> rows = [
...     {"local_id": "1", "birth_name": "MARTIN", "first_names": "ZOE", "sex": "F",
...      "birth_date": "1975-12-31"},
...     {"local_id": "2", "birth_name": "MARTIN", "first_names": "ZOE", "sex": "F",
...      "birth_date": "31/12/1975"},
... ]
>>> report = audit_rows(rows, today=dt.date(2026, 1, 1))
>>> report.rows, report.duplicate_groups, report.status_counts["PROV"]
(2, 1, 2)

```
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from itertools import compress, count
from operator import not_
from typing import Any

from ins.audit.checks import RowChecker
from ins.audit.columns import Columns
from ins.audit.csvio import CsvSource, Signature
from ins.audit.known_pairs import KnownPairs, by_local_id
from ins.audit.report import AuditReport
from ins.audit.values import Date, Readings

__all__ = ["Progress", "audit_csv", "audit_rows", "auto_jobs", "shard_of"]

Progress = Callable[[int, int, int], None]
"""`progress(rows_done, bytes_done, bytes_total)`, called now and then while reading."""

Shard = tuple[int, int, int]
"""`(low, high, modulus)`: the rows whose birth date has a `shard_of` (modulo `modulus`)
from `low` to `high - 1`; `audit_csv(..., shard=(i, n))` is `(i, i + 1, n)`."""

# ``auto_jobs``: below this size another process costs more than it saves (starting an
# interpreter and reading the whole file, against the checks of its share; see
# docs/audit-performance.md).
AUTO_JOBS_MIN_BYTES = 16 * 1024 * 1024  # about 190 000 rows of a generated file
AUTO_JOBS_MAX = 8  # each process reads the whole file: more add little

_BATCH = 4096  # rows read at once, between two progress calls


def auto_jobs(path: str | os.PathLike[str], /) -> int:
    """How many processes `ins audit` uses unless told (`--jobs auto`): one for a file under
    16 MiB, else one per CPU this process may run on, at most 8. The report is the same.

    ```pycon
    >>> import tempfile, pathlib
    >>> small = pathlib.Path(tempfile.mkdtemp()) / "small.csv"
    >>> _ = small.write_text("local_id;birth_name", encoding="utf-8")
    >>> auto_jobs(small)
    1

    ```
    """
    try:
        size = os.path.getsize(path)
    except OSError:  # the audit itself reports a missing or unreadable file
        return 1
    if size < AUTO_JOBS_MIN_BYTES:
        return 1
    # The CPUs this process may use where the system tells (Linux), else all of them.
    affinity = getattr(os, "sched_getaffinity", None)
    cpus = len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    return max(1, min(cpus, AUTO_JOBS_MAX))


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the audit builds its many small tuples.

    The audit creates no reference cycles, and a collector pass scans every live container: with
    millions of them it tripled the audit's time. Reference counting still frees memory; the
    previous state is restored at the end, even on error. The objects created meanwhile are then
    moved to the oldest generation (`gc.freeze()` then `gc.unfreeze()`), where only a full
    collection looks at them, unless the program keeps objects frozen itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def shard_of(key: str, shards: int, /) -> int:
    """The shard (0 to `shards - 1`) of a partition key; stable across processes and runs.

    ```pycon
    >>> shard_of("1980-02-01", 4) == shard_of("1980-02-01", 4)
    True

    ```
    """
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % shards


def audit_rows(
    rows: Iterable[Mapping[str, Any]],
    /,
    *,
    mapping: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    row_numbers: Iterable[int] | None = None,
    known_pairs: KnownPairs | None = None,
) -> AuditReport:
    """Audit rows given as mappings (column name -> text); columns are read from the first row.

    `mapping` renames fields (`{"birth_name": "NOM"}`); `today` (default: the current
    date) judges birth dates; `row_numbers` gives each row its number in the whole file when
    `rows` is a shard (default: 1, 2, 3...); `known_pairs`, pairs of local ids already
    reviewed as different persons, are not reported as potential duplicates. Raises
    `AuditInputError` when the first row lacks a required column.
    """
    known = by_local_id(known_pairs or ())
    checker: RowChecker | None = None
    keys: list[str] = []
    with without_cyclic_gc():
        for number, row in zip(
            row_numbers if row_numbers is not None else count(1), rows, strict=False
        ):
            if checker is None:
                keys = list(row.keys())
                checker = RowChecker(
                    Columns.resolve(keys, mapping),
                    today=today or dt.date.today(),
                    known_pairs=known,
                )
            checker.check(number, [_text(row.get(key)) for key in keys])
        return checker.report() if checker is not None else AuditReport.empty()


def _text(value: object, /) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def audit_csv(
    path: str | os.PathLike[str],
    /,
    *,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
    shard: tuple[int, int] | None = None,
    progress: Progress | None = None,
    known_pairs: KnownPairs | None = None,
) -> AuditReport:
    """Audit a CSV file (encoding and delimiter detected, see `ins.audit.csvio`).

    `jobs` > 1 audits `jobs` shards in as many processes and merges them; `shard=(i, n)`
    audits only shard `i` of `n`; `known_pairs` as for [`audit_rows`][ins.audit.audit_rows]. Raises
    `AuditInputError` for a file that cannot be audited (unreadable, not a regular text file,
    empty, undecodable, changed while read) or a header without the required columns.
    """
    today = today or dt.date.today()
    known = by_local_id(known_pairs or ())
    if jobs > 1 and shard is None:
        from ins.audit.shards import audit_in_processes  # noqa: PLC0415 (starts processes)

        return audit_in_processes(
            path,
            mapping=mapping,
            encoding=encoding,
            today=today,
            jobs=jobs,
            progress=progress,
            known_pairs=known,
        )
    return audit_file(
        path,
        mapping=mapping,
        encoding=encoding,
        today=today,
        shard=None if shard is None else (shard[0], shard[0] + 1, shard[1]),
        progress=progress,
        known_pairs=known,
    )


def audit_file(
    path: str | os.PathLike[str],
    /,
    *,
    mapping: Mapping[str, str] | None,
    encoding: str | None,
    today: dt.date,
    shard: Shard | None = None,
    progress: Progress | None = None,
    signature: Signature | None = None,
    known_pairs: Mapping[str, AbstractSet[str]] | None = None,
    for_merge: bool = False,
) -> AuditReport:
    """The report of a file, or of one shard of it; `signature`: what the file must still be
    (see `CsvSource`); `known_pairs`: local id -> local ids known to be other persons;
    `for_merge`: the report of a shard is only sent to be merged with the others (its
    collision index trimmed, see `RowChecker.report`)."""
    with CsvSource(path, encoding=encoding, signature=signature) as source, without_cyclic_gc():
        checker = RowChecker(
            Columns.resolve(source.header, mapping), today=today, known_pairs=known_pairs
        )
        check = checker.check
        in_shard = _shard_filter(checker, shard) if shard is not None else None
        read = done = 0  # rows read, rows checked
        for batch in source.batches(_BATCH):
            rows: Iterable[tuple[int, list[str]]] = enumerate(batch, start=read + 1)
            if in_shard is not None:
                mine = in_shard(batch)
                rows = compress(rows, mine)
                if for_merge:
                    checker.elsewhere(compress(batch, map(not_, mine)))
            for number, values in rows:
                check(number, values)
                done += 1
            read += len(batch)
            if progress is not None:
                progress(done, source.bytes_read, source.size)
        for span in source.spans:  # rows that swallowed lines: said, never lost in silence
            if in_shard is None or in_shard([span.values])[0]:
                checker.report_lines(span.row, span.values, span.first, span.last)
        if progress is not None:
            progress(done, source.size, source.size)
        return checker.report(for_merge=for_merge and shard is not None)


def _shard_filter(checker: RowChecker, shard: Shard, /) -> Callable[[list[list[str]]], list[bool]]:
    """Which rows of a batch belong to `shard`, by their birth date alone: coarser than the
    blocking key, so a block is never split, and one look-up per row (cached by the raw text)."""
    low, high, modulus = shard
    column, dates = checker.date_column, checker.dates
    mine: Readings[str, bool] = Readings(
        lambda text: low <= shard_of(partition_key(text, dates), modulus) < high
    )

    def in_shard(batch: list[list[str]], /) -> list[bool]:
        return list(map(mine.__getitem__, [r[column] if column < len(r) else "" for r in batch]))

    return in_shard


def partition_key(text: str, dates: Mapping[str, Date], /) -> str:
    """What a row's shard is drawn from: its birth date in ISO form, so that the two forms of
    one date land together, or the stripped text when it is not a date (such a row is in no
    block). A `DD/MM/YYYY` or `YYYY-MM-DD` text of ASCII digits is only rearranged: reading it
    (`dates`, the audit's reader) is left to the rows of the shard.

    ```pycon
    >>> partition_key(" 01/02/1980", {}), partition_key("1980-02-01", {})
    ('1980-02-01', '1980-02-01')

    ```
    """
    stripped = text.strip()
    if len(stripped) == 10 and stripped.isascii():
        if stripped[2] == "/" == stripped[5] and (digits := stripped.replace("/", "")).isdigit():
            return f"{digits[4:]}-{digits[2:4]}-{digits[:2]}"
        if stripped[4] == "-" == stripped[7] and stripped.replace("-", "").isdigit():
            return stripped
    date = dates[stripped]
    return date.iso if date.date is not None else stripped
