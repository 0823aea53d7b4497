"""Running an audit: over rows (:func:`audit_rows`) or a CSV file (:func:`audit_csv`), in shards.

A shard is the set of rows whose birth date hashes to one value modulo the number of shards: a
block of rows (equal birth date and sex) is never split, so auditing every shard and merging the
reports gives the report of one pass (ADR 0060). ``audit_csv(..., jobs=N)`` does that with N
processes, each reading the file and
keeping its own rows, so that no row crosses a process boundary; only reports come back.

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
"""

from __future__ import annotations

import datetime as dt
import gc
import operator
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import compress, count, islice, repeat
from typing import Any, TypeVar

from ins.audit.batch import BATCH_SIZE, BatchAuditor
from ins.audit.columns import Columns
from ins.audit.csvio import CsvSource
from ins.audit.report import AuditReport
from ins.audit.values import remember

__all__ = ["Progress", "audit_csv", "audit_rows", "auto_jobs", "shard_of"]

Progress = Callable[[int, int, int], None]
"""``progress(rows_done, bytes_done, bytes_total)``, called now and then while reading."""

_T = TypeVar("_T")

Shard = tuple[int, int, int]
"""``(low, high, modulus)``: the rows whose birth date has a :func:`shard_of` (modulo ``modulus``)
from ``low`` to ``high - 1``; ``audit_csv(..., shard=(i, n))`` is ``(i, i + 1, n)``."""


# ``auto_jobs``: below this size another process costs more than it saves (starting an
# interpreter and reading the whole file: about 0.3 s plus 0.1 s per 100 000 rows, against
# 0.5 s of checks saved per 100 000 rows and process; ADR 0064, decision 13).
AUTO_JOBS_MIN_BYTES = 16 * 1024 * 1024  # about 190 000 rows of a generated file
AUTO_JOBS_MAX = 8  # each process reads the whole file: more add little


def auto_jobs(path: str | os.PathLike[str], /) -> int:
    """How many processes ``ins audit`` uses unless told (``--jobs auto``): one for a file under
    16 MiB, else one per CPU this process may run on, at most 8. The report is the same.

    >>> import tempfile, pathlib
    >>> small = pathlib.Path(tempfile.mkdtemp()) / "small.csv"
    >>> _ = small.write_text("local_id;birth_name", encoding="utf-8")
    >>> auto_jobs(small)
    1
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
    millions of them it would cost more than the audit itself (ADR 0064). Reference counting still
    frees memory; the previous state is restored at the end, even on error.

    The objects created meanwhile all sit in the youngest generation: the first collection after
    the pause would scan them all, then again as they age. They are moved to the oldest
    generation instead (``gc.freeze()`` then ``gc.unfreeze()``), where only a full collection
    looks at them, unless the program keeps objects frozen itself (``gc.get_freeze_count()``).
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
    """The shard (0 to ``shards - 1``) of a partition key; stable across processes and runs.

    >>> shard_of("1980-02-01|M", 4) == shard_of("1980-02-01|M", 4)
    True
    """
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % shards


def audit_rows(
    rows: Iterable[Mapping[str, Any]],
    /,
    *,
    mapping: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    row_numbers: Iterable[int] | None = None,
) -> AuditReport:
    """Audit rows given as mappings (column name -> text); columns are read from the first row.

    ``mapping`` renames fields (``{"birth_name": "NOM"}``); ``today`` (default: the current
    date) judges birth dates; ``row_numbers`` gives each row its number in the whole file when
    ``rows`` is a shard (default: 1, 2, 3...). Raises ``AuditInputError`` when the first row lacks
    a required column.
    """
    numbers: Iterator[int] = iter(row_numbers) if row_numbers is not None else count(1)
    auditor: BatchAuditor | None = None
    keys: list[str] = []
    with without_cyclic_gc():
        for batch in _batched(rows, BATCH_SIZE):
            if auditor is None:
                keys = list(batch[0].keys())
                auditor = BatchAuditor(
                    Columns.resolve(keys, mapping), today=today or dt.date.today()
                )
            auditor.add_rows(
                list(islice(numbers, len(batch))),
                [[_text(row.get(key)) for key in keys] for row in batch],
            )
        return auditor.report() if auditor is not None else AuditReport.empty()


def _batched(items: Iterable[_T], size: int, /) -> Iterator[list[_T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


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
) -> AuditReport:
    """Audit a CSV file (encoding and delimiter detected, see :mod:`ins.audit.csvio`).

    ``jobs`` > 1 audits ``jobs`` shards in as many processes and merges them; ``shard=(i, n)``
    audits only shard ``i`` of ``n`` (what each process does). Raises ``AuditInputError`` for an
    unreadable, empty or undecodable file or a header without the required columns.
    """
    today = today or dt.date.today()
    if jobs > 1 and shard is None:
        from ins.audit.parallel import audit_parallel  # noqa: PLC0415 (it imports this module)

        return audit_parallel(
            path, mapping=mapping, encoding=encoding, today=today, jobs=jobs, progress=progress
        )
    return audit_file(
        path,
        mapping=mapping,
        encoding=encoding,
        today=today,
        shard=None if shard is None else (shard[0], shard[0] + 1, shard[1]),
        progress=progress,
    )[0]


def audit_file(
    path: str | os.PathLike[str],
    /,
    *,
    mapping: Mapping[str, str] | None,
    encoding: str | None,
    today: dt.date,
    shard: Shard | None,
    progress: Progress | None,
    rows_done: Callable[[BatchAuditor], object] | None = None,
) -> tuple[AuditReport, BatchAuditor]:
    """The report of a file (or of one shard of it), and the auditor that made it.

    ``rows_done(auditor)`` is called once every row is in, before the duplicate search.
    """
    with CsvSource(path, encoding=encoding) as source, without_cyclic_gc():
        auditor = BatchAuditor(Columns.resolve(source.header, mapping), today=today)
        read = audited = 0
        mine: dict[str, bool] = {}  # birth date text -> in this shard (bounded)
        for batch in source.batches(BATCH_SIZE):
            numbers: Sequence[int] = range(read + 1, read + len(batch) + 1)
            read += len(batch)
            rows = batch
            if shard is not None:
                taken = _in_shard(auditor, batch, shard, mine)
                numbers, rows = list(compress(numbers, taken)), list(compress(batch, taken))
            auditor.add_rows(numbers, rows)
            audited += len(rows)
            if progress is not None:
                progress(audited, source.bytes_read, source.size)
        if progress is not None:
            progress(audited, source.size, source.size)
        if rows_done is not None:
            rows_done(auditor)
        return auditor.report(), auditor


def _in_shard(
    auditor: BatchAuditor, batch: list[list[str]], shard: Shard, mine: dict[str, bool], /
) -> list[bool]:
    """Whether each row of ``batch`` belongs to ``shard`` (``mine`` caches it by date text).

    Shards are drawn by birth date alone: coarser than the blocking key, so a block is never
    split, and one look-up per row.
    """
    dates = auditor.birth_date_texts(batch)
    taken = list(map(mine.get, dates))
    for i in compress(count(), map(operator.is_, taken, repeat(None))):
        text = dates[i]
        found = mine.get(text)
        if found is None:
            key = auditor.date_partition(text)
            low, high, modulus = shard
            found = remember(mine, text, low <= shard_of(key, modulus) < high)
        taken[i] = found
    return taken  # type: ignore[return-value]
