"""``audit_csv(..., jobs=N)``: one file audited by N processes, shard by shard (ADR 0060, 0064).

This process audits shard 0 (a range of buckets of birth dates) while N - 1 others audit the
other shards, each reading the whole file and keeping its own rows: no row crosses a process
boundary. Duplicates never cross shards (a block has one birth date); collisions do (one matricule
on two birth dates), so the collision indexes are compared, in two steps, to send as little as
possible:

1. as soon as its rows are in, each process sends a 32-bit hash of every key of its collision
   index (four bytes a key) to this one, whose relay thread sends each process the hashes of all
   the others; the duplicate searches run meanwhile;
2. each other process sends its report with only the keys that can collide: those held by
   several rows in its shard, or whose hash another process holds too (a hash shared by chance
   only sends a key more: nothing is lost). This process keeps its own index whole.

The merged report is then exactly the one-pass report. The other processes are not waited for
once their reports are in: they end on their own, freeing their memory.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
import zlib
from array import array
from collections.abc import Callable, Iterable, Mapping
from multiprocessing.connection import Connection
from typing import Any

from ins.audit.batch import BatchAuditor
from ins.audit.columns import Columns
from ins.audit.csvio import AuditInputError, CsvSource
from ins.audit.engine import Progress, audit_file, without_cyclic_gc
from ins.audit.report import AuditReport

__all__ = ["audit_parallel", "key_hashes"]

_POLL_SECONDS = 0.5  # between two progress calls while waiting for the other processes
_BUCKETS = 4096  # shards are drawn as ranges of buckets of birth dates (shard_of(date, 4096))
# How much more than an equal share this process audits: the others start a new interpreter and
# send their report. 4% balanced two processes best on a million rows (2%, 4% and 7% measured).
_OWN_EXTRA = 0.04


def key_hashes(keys: Iterable[str], /) -> array[int]:
    """A stable 32-bit hash of each key of a collision index."""
    return array("I", map(_hash, keys))


def _hash(key: str, /) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass"))


def audit_parallel(
    path: str | os.PathLike[str],
    /,
    *,
    mapping: Mapping[str, str] | None,
    encoding: str | None,
    today: dt.date,
    jobs: int,
    progress: Progress | None,
) -> AuditReport:
    """The report of ``path`` audited by ``jobs`` processes (this one included)."""
    # Check the header and settle the encoding once, so that every process reads alike and a
    # bad file fails here with one clear error.
    with CsvSource(path, encoding=encoding) as source:
        Columns.resolve(source.header, mapping)
        encoding, size = source.encoding, source.size
    context = multiprocessing.get_context("spawn")
    counters: Any = context.Array("q", 2 * jobs, lock=False)  # [rows, bytes] per shard

    def report_progress() -> None:
        if progress is not None:
            progress(sum(counters[0::2]), min(counters[1::2]), size)

    bounds = _bounds(jobs)
    links: list[Connection] = []
    processes: list[Any] = []
    try:
        for shard in range(1, jobs):
            here, there = context.Pipe()
            process = context.Process(
                target=_work,
                args=(there, os.fspath(path), dict(mapping or {}), encoding, today),
                kwargs={"shard": (shard, bounds), "counters": counters},
                daemon=True,
            )
            process.start()
            there.close()
            links.append(here)
            processes.append(process)
        relay = _Relay(links)
        with without_cyclic_gc():
            own, auditor = _audit_shard(
                (path, mapping, encoding, today),
                bounds,
                0,
                progress=_counting(counters, 0, report_progress),
                rows_done=lambda done: relay.start(key_hashes(done.collision_keys()).tobytes()),
            )
            del auditor  # freed while the others finish
            relay.finish()
            reports = [own, *(_receive(link, report_progress) for link in links)]
            merged = AuditReport.merge_all(reports)
    except BaseException:
        for process in processes:
            process.terminate()
        raise
    finally:
        for link in links:
            link.close()
    if progress is not None:
        progress(merged.rows, size, size)
    return merged


def _audit_shard(
    source: tuple[str | os.PathLike[str], Mapping[str, str] | None, str | None, dt.date],
    bounds: list[int],
    number: int,
    /,
    *,
    progress: Progress,
    rows_done: Callable[[BatchAuditor], object],
) -> tuple[AuditReport, BatchAuditor]:
    """Audit shard ``number`` of the file ``source`` (path, mapping, encoding, today)."""
    path, mapping, encoding, today = source
    return audit_file(
        path,
        mapping=mapping,
        encoding=encoding,
        today=today,
        shard=(bounds[number], bounds[number + 1], _BUCKETS),
        progress=progress,
        rows_done=rows_done,
    )


def _bounds(jobs: int, /) -> list[int]:
    """Where each process's buckets start (and where the last ends): this process takes a
    larger share, as the others spend part of their time starting and sending their report."""
    own = round(_BUCKETS / jobs * (1 + _OWN_EXTRA))
    others = jobs - 1
    return [0, *(own + (_BUCKETS - own) * i // others for i in range(others + 1))]


class _Relay:
    """The first step of the exchange, in a thread of this process while its own duplicate
    search runs: the hashes of every process (this one's given to :meth:`start`) are sent to
    every other process, which keeps the keys that another process holds too."""

    def __init__(self, links: list[Connection], /) -> None:
        self._links = links
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, own: bytes, /) -> None:
        self._thread = threading.Thread(target=self._run, args=(own,), daemon=True)
        self._thread.start()

    def _run(self, own: bytes, /) -> None:
        try:
            held = [own, *(_receive(link, lambda: None) for link in self._links)]
            for number, link in enumerate(self._links, start=1):
                link.send_bytes(b"".join(held[:number] + held[number + 1 :]))
        except BaseException as error:  # raised again by finish(), in the calling thread
            self._error = error

    def finish(self) -> None:
        """Wait for the relay; raise what went wrong in it."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error


def _receive(link: Connection, report_progress: Callable[[], None], /) -> Any:
    """The next message of a process, reporting progress while waiting; its error is raised."""
    while not link.poll(_POLL_SECONDS):
        report_progress()
    try:
        kind, value = link.recv()
    except EOFError:
        raise AuditInputError("An audit process ended without its report.") from None
    if kind == "error":
        raise value
    return value


def _counting(counters: Any, shard: int, then: Callable[[], None] | None = None, /) -> Progress:
    def count(rows: int, done: int, _total: int) -> None:
        counters[2 * shard], counters[2 * shard + 1] = rows, done
        if then is not None:
            then()

    return count


def _work(
    link: Connection,
    path: str,
    mapping: dict[str, str],
    encoding: str,
    today: dt.date,
    *,
    shard: tuple[int, list[int]],
    counters: Any,
) -> None:
    """What each other process runs: audit its shard (its number, and the buckets' bounds of
    every process), then the two steps of the exchange."""
    number, bounds = shard
    sent: list[array[int]] = []
    sending: list[threading.Thread] = []

    def send_hashes(auditor: BatchAuditor) -> None:
        # Sent before the duplicate search, which runs meanwhile: the pipe holds less than the
        # message, so a thread waits for the other end to read it.
        sent.append(key_hashes(auditor.collision_keys()))
        message = ("hashes", sent[0].tobytes())
        sending.append(threading.Thread(target=link.send, args=(message,)))
        sending[0].start()

    try:
        with without_cyclic_gc():
            report, auditor = _audit_shard(
                (path, mapping, encoding, today),
                bounds,
                number,
                progress=_counting(counters, number),
                rows_done=send_hashes,
            )
            sending[0].join()
            # The report keeps the auditor's collision index: its keys are in the same order.
            hashes = sent[0]
            wanted = set(array("I", link.recv_bytes()))  # the hashes of the other processes
            link.send(("report", report.keeping_collision_keys(map(wanted.__contains__, hashes))))
        del auditor  # freed once the report is sent
    except BaseException as error:  # the parent raises it again
        for thread in sending:
            thread.join()  # one message at a time on the pipe
        link.send(("error", error))
    finally:
        link.close()
