"""The engine: shards of a file, the processes of ``jobs``, bounded caches of the shard filter."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from ins.audit import AuditReport, audit_csv, shards, values
from ins.audit.csvio import CsvSource
from ins.audit.engine import partition_key
from ins.testing.patient_files import write_patient_file

TODAY = dt.date(2026, 1, 1)


def test_shards_agree_when_the_filter_cache_is_emptied_often(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "patients.csv"
    write_patient_file(path, 600, seed=17)
    whole = audit_csv(path, today=TODAY)
    monkeypatch.setattr(values, "CACHE_LIMIT", 3)
    parts = [audit_csv(path, today=TODAY, shard=(i, 3)) for i in range(3)]
    assert AuditReport.merge_all(parts) == whole


def test_what_another_process_runs(tmp_path: Path) -> None:
    # shards._audit_shard, run here: its shard, its progress in the shared counters.
    path = tmp_path / "patients.csv"
    write_patient_file(path, 800, seed=18)
    with CsvSource(path) as source:
        task = (str(path), {}, source.encoding, TODAY, 2, source.signature, None)
    counters = [0, 0, 0, 0]
    shards._start(counters)
    report = shards._audit_shard(task, 1)
    assert report == audit_csv(path, today=TODAY, shard=(1, 2))
    assert counters[2:] == [report.rows, path.stat().st_size]


PARTITION_KEYS = [
    # (text, key, why)
    pytest.param("01/02/1980", "1980-02-01", "rearranged, not read", id="french"),
    pytest.param(" 1980-02-01 ", "1980-02-01", "ISO, stripped", id="iso"),
    pytest.param("31/02/1980", "1980-02-31", "not a date, in no block: any stable key", id="bad"),
    pytest.param("00/02/1980", "1980-02-00", "an unknown day", id="partial"),
    pytest.param("1/2/1980", "1980-02-01", "another form, read: lands with 01/02", id="short"),
    pytest.param("soon", "soon", "read, not a date: the stripped text", id="text"),
    pytest.param("١٩٨٠-٠٢-٠١", "١٩٨٠-٠٢-٠١", "other digits are read, not rearranged", id="arabic"),
]


@pytest.mark.parametrize(("text", "key", "why"), PARTITION_KEYS)
def test_partition_keys(text: str, key: str, why: str) -> None:
    dates = values.Readings(values.date_reader(TODAY))
    assert partition_key(text, dates) == key, why


@pytest.mark.parametrize(
    ("platform", "threads", "method"),
    [
        ("linux", 1, "fork"),  # the command line: one thread, modules already imported
        ("linux", 2, "spawn"),  # a fork while another thread holds a lock may deadlock
        ("darwin", 1, "spawn"),  # macOS's system libraries do not survive a fork
        ("win32", 1, "spawn"),  # no fork there
    ],
)
def test_how_the_other_processes_start(
    monkeypatch: pytest.MonkeyPatch, platform: str, threads: int, method: str
) -> None:
    monkeypatch.setattr(shards.sys, "platform", platform)
    monkeypatch.setattr(shards.threading, "active_count", lambda: threads)
    if method == "fork" and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this system has no fork")  # the test runs on Linux in CI
    assert shards.start_context().get_start_method() == method


@pytest.mark.parametrize("threads", [1, 2])  # fork on Linux, then spawn
def test_either_start_gives_the_one_pass_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, threads: int
) -> None:
    # pytest may run threads of its own: the count is set, so that both methods are exercised.
    monkeypatch.setattr(shards.threading, "active_count", lambda: threads)
    path = tmp_path / "patients.csv"
    write_patient_file(path, 3000, seed=21)
    report = audit_csv(path, today=TODAY, jobs=2)
    assert report == audit_csv(path, today=TODAY)
    assert report.rows == 3000
