"""The engine: shards of a file, the processes of ``jobs``, bounded caches of the shard filter."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ins.audit import AuditReport, audit_csv, shards, values
from ins.audit.checks import RowChecker
from ins.audit.columns import Columns
from ins.audit.csvio import CsvSource
from ins.audit.engine import audit_file, partition_key, shard_of
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


def _dates_of_shards(count: int) -> list[str]:
    """A birth date (DD/MM/YYYY) in each of `count` shards."""
    found: dict[int, str] = {}
    day = dt.date(1950, 1, 1)
    while len(found) < count:
        found.setdefault(shard_of(day.isoformat(), count), day.strftime("%d/%m/%Y"))
        day += dt.timedelta(days=1)
    return [found[number] for number in range(count)]


def _write(path: Path, rows: list[list[str]]) -> None:
    header = "local_id;birth_name;first_names;sex;birth_date;matricule;oid;status"
    path.write_text("\n".join([header, *(";".join(row) for row in rows)]) + "\n", "utf-8")


def test_a_shard_sent_for_merge_keeps_only_the_matricules_that_may_collide(
    tmp_path: Path,
) -> None:
    # Shard 1 is audited as another process does; its collision index keeps the matricules
    # written twice in it, or written (in any form) in the other shard, and no other.
    zero, one = _dates_of_shards(2)
    oid = "1.2.250.1.213.1.4.8"
    across, inside, alone = "275126322074974", "180027512301234", "295019912345678"
    spaced = " ".join([across[0], across[1:3], across[3:5], across[5:7], across[7:10]])
    rows = [
        ["1", "ADRUN", "ZOE", "F", zero, f"{spaced} {across[10:13]}.{across[13:]}", oid, "QUAL"],
        ["2", "BERNARD", "LEA", "F", one, across, oid, "QUAL"],  # collides with row 1
        ["3", "CLEMENT", "ANNE", "F", one, inside, oid, "VALI"],
        ["4", "DUBOIS", "ANNE", "F", one, inside, oid, "VALI"],  # collides with row 3
        ["5", "EVRARD", "ANNE", "F", one, alone, oid, "VALI"],  # written once in the file
        ["6", "FAURE"],  # a short row of the other shard: no matricule column
    ]
    _write(path := tmp_path / "patients.csv", rows)
    options = {"mapping": None, "encoding": "utf-8", "today": TODAY}
    sent = audit_file(path, shard=(1, 2, 2), for_merge=True, **options)
    kept = audit_file(path, shard=(1, 2, 2), **options)
    assert sorted(sent._collision_index) == sorted(f"{m}@{oid}" for m in (across, inside))
    assert sorted(kept._collision_index) == sorted(f"{m}@{oid}" for m in (across, inside, alone))
    own = audit_file(path, shard=(0, 1, 2), **options)
    whole = audit_csv(path, today=TODAY)
    assert AuditReport.merge_all([own, sent]) == whole
    assert whole.collision_groups == 2
    assert audit_csv(path, today=TODAY, jobs=2) == whole


def test_without_a_matricule_column_nothing_is_noted_elsewhere(tmp_path: Path) -> None:
    zero, one = _dates_of_shards(2)
    path = tmp_path / "patients.csv"
    rows = f"1;A;B;F;{zero}\n2;C;D;F;{one}\n"
    path.write_text(f"local_id;birth_name;first_names;sex;birth_date\n{rows}", "utf-8")
    options = {"mapping": None, "encoding": "utf-8", "today": TODAY}
    report = audit_file(path, shard=(1, 2, 2), for_merge=True, **options)
    assert (report.rows, report._collision_index) == (1, {})
    assert AuditReport.merge_all(
        [audit_file(path, shard=(0, 1, 2), **options), report]
    ) == audit_csv(path, today=TODAY)


# Ways a matricule of 15 characters is typed in exports: what `nir_compact` undoes.
_TYPINGS = [
    lambda m: m,
    lambda m: f"{m[:5]} {m[5:]}",
    lambda m: f" {m[0]} {m[1:3]} {m[3:5]} {m[5:7]} {m[7:10]} {m[10:13]} {m[13:]} ",
    lambda m: f"{m[:7]}.{m[7:13]}-{m[13:]}",
    lambda m: m.lower(),  # 2a / 2b
    lambda m: f"{m[:5]}{' ' * 40}{m[5:]}",  # longer than what is noted as typed
]


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(2, 4),
    typings=st.lists(st.integers(0, len(_TYPINGS) - 1), min_size=1, max_size=8),
)
def test_shards_sent_for_merge_give_the_one_pass_report(
    tmp_path_factory: pytest.TempPathFactory, seed: int, count: int, typings: list[int]
) -> None:
    # Generated files rich in collisions, their matricules typed in the drawn ways in turn:
    # the first shard kept whole (the merging process), the others trimmed.
    path = tmp_path_factory.mktemp("merge") / "patients.csv"
    write_patient_file(path, 400, seed=seed, collision_rate=0.2)
    lines = path.read_text("utf-8").splitlines()
    column = lines[0].split(";").index("matricule")
    for number in range(1, len(lines)):
        values = lines[number].split(";")
        if len(values) > column and len(values[column]) == 15:
            values[column] = _TYPINGS[typings[number % len(typings)]](values[column])
            lines[number] = ";".join(values)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    options = {"mapping": None, "encoding": "utf-8", "today": TODAY}
    reports = [audit_file(path, shard=(0, 1, count), **options)]
    reports += [
        audit_file(path, shard=(i, i + 1, count), for_merge=True, **options)
        for i in range(1, count)
    ]
    whole = audit_csv(path, today=TODAY)
    assert AuditReport.merge_all(reports) == whole
    assert AuditReport.merge_all(reports).collision_groups == whole.collision_groups


def test_long_matricules_of_other_shards_are_compacted_at_once(tmp_path: Path) -> None:
    # A matricule padded with 20 000 spaces in the skipped shard still meets its plain form in
    # the sent one, and what the sending process keeps of it is short.
    zero, one = _dates_of_shards(2)
    oid = "1.2.250.1.213.1.4.8"
    matricule = "275126322074974"
    padded = f"{matricule[:5]}{' ' * 20_000}{matricule[5:]}"
    rows = [
        ["1", "ADRUN", "ZOE", "F", zero, padded, oid, "QUAL"],
        ["2", "BERNARD", "LEA", "F", one, matricule, oid, "QUAL"],
        ["3", "CLEMENT", "ANNE", "F", zero, f"{matricule}{'-' * 20_000}9", oid, "QUAL"],
    ]
    _write(path := tmp_path / "patients.csv", rows)
    with CsvSource(path) as source:
        checker = RowChecker(Columns.resolve(source.header, None), today=TODAY)
        [first, second, third] = next(source.batches(10))
    checker.elsewhere([first, third])
    assert sorted(checker._elsewhere) == [matricule, f"{matricule}9"]
    checker.check(2, second)
    assert list(checker.report(for_merge=True)._collision_index) == [f"{matricule}@{oid}"]
    options = {"mapping": None, "encoding": "utf-8", "today": TODAY}
    sent = audit_file(path, shard=(1, 2, 2), for_merge=True, **options)
    merged = AuditReport.merge_all([audit_file(path, shard=(0, 1, 2), **options), sent])
    assert merged == audit_csv(path, today=TODAY)
    assert merged.collision_groups == 1
