"""`audit_csv(..., jobs=N)`: one file audited in N processes, one shard each (ADR 0060).

This process audits shard 0 while a `concurrent.futures.ProcessPoolExecutor` runs the
N - 1 others, each reading the whole file and keeping the rows of its shard (its birth dates):
no row crosses a process boundary, only reports come back. Duplicates never cross shards (a
block has one birth date); collisions may (one matricule on two birth dates), and are found in
the merged report, whose collision index is the union of the shards' (`AuditReport.merge_all`).
The other processes send only the matricules that may collide: each notes the matricules of the
rows it skips, and keeps in its index those, and the ones written twice in its shard
(`RowChecker.report(for_merge=True)`). The merged report is the one-pass report.

Processes are started with `fork` on Linux when this process runs no other thread, else with
`spawn`: a forked process starts at once with the modules already imported, which buys 10% of a
300 000-row `ins audit` (2.54 s against 2.83 s, five alternated runs, 2026-12-06; 4% at a million
rows), but a fork of a program that runs threads may deadlock (a lock held by another thread is
never released in the child), and macOS's system libraries do not survive it.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import threading
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from ins.audit.columns import Columns
from ins.audit.csvio import CsvSource, Signature
from ins.audit.engine import Progress, audit_file, without_cyclic_gc
from ins.audit.report import AuditReport

__all__ = ["audit_in_processes", "start_context"]

# What every process audits: path, mapping, encoding, today, number of shards, the signature of
# the file, the known pairs.
_Task = tuple[
    str, dict[str, str], str, dt.date, int, Signature, Mapping[str, AbstractSet[str]] | None
]

# Rows and bytes read by each process, shared with the pool's processes (set by _start).
_counters: Any = None


def audit_in_processes(
    path: str | os.PathLike[str],
    /,
    *,
    mapping: Mapping[str, str] | None,
    encoding: str | None,
    today: dt.date,
    jobs: int,
    progress: Progress | None,
    known_pairs: Mapping[str, AbstractSet[str]] | None = None,
) -> AuditReport:
    """The report of `path` audited by `jobs` processes (this one included)."""
    # Check the header and settle the encoding once, so that every process reads alike and a
    # bad file fails here with one clear error.
    with CsvSource(path, encoding=encoding) as source:
        Columns.resolve(source.header, mapping)
        encoding, size, signature = source.encoding, source.size, source.signature
    context = start_context()
    counters = context.Array("q", 2 * jobs, lock=False)  # [rows, bytes] of each shard
    # Every process checks that the file is still the one read here (size, time, inode).
    task = (os.fspath(path), dict(mapping or {}), encoding, today, jobs, signature, known_pairs)

    def own_progress(rows: int, done: int, total: int) -> None:
        counters[0], counters[1] = rows, done
        if progress is not None:
            progress(sum(counters[0::2]), min(counters[1::2]), size)

    # The reports of the other processes are unpickled, and merged, with the cyclic collector
    # paused too: they hold millions of small objects.
    with (
        without_cyclic_gc(),
        ProcessPoolExecutor(
            max_workers=jobs - 1, mp_context=context, initializer=_start, initargs=(counters,)
        ) as pool,
    ):
        others = [pool.submit(_audit_shard, task, number) for number in range(1, jobs)]
        own = audit_file(
            path,
            mapping=mapping,
            encoding=encoding,
            today=today,
            shard=(0, 1, jobs),
            progress=own_progress,
            signature=signature,
            known_pairs=known_pairs,
        )
        merged = AuditReport.merge_all([own, *(future.result() for future in others)])
    if progress is not None:
        progress(merged.rows, size, size)
    return merged


def start_context() -> multiprocessing.context.BaseContext:
    """How the other processes start: `fork` on Linux in a process without other threads,
    else `spawn` (see the module's docstring)."""
    alone = threading.active_count() == 1
    return multiprocessing.get_context("fork" if sys.platform == "linux" and alone else "spawn")


def _start(counters: Any, /) -> None:
    global _counters  # noqa: PLW0603 (one per process of the pool)
    _counters = counters


def _audit_shard(task: _Task, number: int, /) -> AuditReport:
    """What each other process runs: audit its shard of `task`, counting its progress."""
    path, mapping, encoding, today, jobs, signature, known_pairs = task

    def count(rows: int, done: int, _total: int) -> None:
        _counters[2 * number], _counters[2 * number + 1] = rows, done

    return audit_file(
        path,
        mapping=mapping,
        encoding=encoding,
        today=today,
        shard=(number, number + 1, jobs),
        progress=count,
        signature=signature,
        known_pairs=known_pairs,
        for_merge=True,
    )
