"""AuditReport: indicators, JSON, and the merge property (shards by blocking key == one pass)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import pickle
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins.audit import AuditInputError, AuditReport, audit_rows
from ins.audit.values import date_reader, read_sex
from ins.testing.patient_files import PatientFileGenerator

TODAY = dt.date(2026, 1, 1)


def _rows(size: int, seed: int) -> list[dict[str, str]]:
    generator = PatientFileGenerator(
        size, seed=seed, anomaly_rate=0.1, duplicate_rate=0.15, collision_rate=0.1
    )
    return list(generator.rows())


def _shards(rows: list[dict[str, str]], count: int, salt: int) -> list[list[int]]:
    """Row indexes of each shard, for a random function of the blocking key (birth date and
    sex as read, the raw texts when they cannot be read)."""
    read_date = date_reader(TODAY)
    shards: list[list[int]] = [[] for _ in range(count)]
    for index, row in enumerate(rows):
        sex = read_sex(row["sex"].strip()).value or row["sex"].strip()
        date = read_date(row["birth_date"].strip())
        key = f"{date.iso if date.date is not None else row['birth_date'].strip()}|{sex}"
        shards[random.Random(f"{salt}|{key}").randrange(count)].append(index)
    return shards


@given(
    size=st.integers(0, 300),
    seed=st.integers(0, 10_000),
    count=st.integers(1, 6),
    salt=st.integers(0, 10_000),
)
def test_merged_shards_equal_one_pass(size: int, seed: int, count: int, salt: int) -> None:
    rows = _rows(size, seed)
    single = audit_rows(rows, today=TODAY)
    reports = [
        audit_rows([rows[i] for i in shard], today=TODAY, row_numbers=[i + 1 for i in shard])
        for shard in _shards(rows, count, salt)
    ]
    merged = AuditReport.empty()
    for report in reports:
        merged = merged.merge(report)
    assert merged == single
    assert merged.to_json(findings=True) == single.to_json(findings=True)
    assert AuditReport.merge_all(reversed(reports)) == single


def test_a_partition_that_splits_a_block_loses_its_duplicates() -> None:
    # Why the recipe partitions by blocking key: a duplicate pair split apart is not found.
    row = {"local_id": "1", "birth_name": "A", "first_names": "B", "sex": "F", "birth_date": ""}
    row["birth_date"] = "01/01/1980"
    twin = {**row, "local_id": "2"}
    single = audit_rows([row, twin], today=TODAY)
    split = audit_rows([row], today=TODAY).merge(audit_rows([twin], today=TODAY, row_numbers=[2]))
    assert (single.duplicate_groups, split.duplicate_groups) == (1, 0)
    assert split != single


def test_collisions_are_found_across_shards() -> None:
    base = {**_QUAL_ROW, "local_id": "1"}
    other = {**base, "local_id": "2", "birth_date": "01/01/1990"}  # another blocking key
    merged = audit_rows([base], today=TODAY).merge(
        audit_rows([other], today=TODAY, row_numbers=[2])
    )
    assert merged.collision_groups == 1
    assert merged == audit_rows([base, other], today=TODAY)


def test_json_has_exactly_the_documented_keys() -> None:
    report = audit_rows(_rows(200, 3), today=TODAY)
    data = report.to_json()
    assert list(data) == [
        "rows",
        "status_counts",
        "qualification_rate",
        "findings_by_code",
        "duplicate_groups",
        "collision_groups",
    ]
    assert list(data["status_counts"]) == ["PROV", "RECUP", "VALI", "QUAL"]
    assert sum(data["status_counts"].values()) == data["rows"] == 200
    assert json.loads(json.dumps(report.to_json(findings=True)))["findings"][0]["row"] >= 1


def test_findings_by_code_counts_rows() -> None:
    report = audit_rows(_rows(300, 5), today=TODAY)
    for code, rows in report.findings_by_code.items():
        assert rows == len({f.row for f in report.findings if f.code == code})
    groups = {f.group for f in report.findings if f.code == "potential_duplicate"}
    assert report.duplicate_groups == len(groups) > 0
    collisions = {f.group for f in report.findings if f.code == "collision"}
    assert report.collision_groups == len(collisions) > 0


def test_pickle_round_trip() -> None:
    report = audit_rows(_rows(150, 9), today=TODAY)
    again = pickle.loads(pickle.dumps(report))  # noqa: S301 (our own object)
    assert again == report
    assert again.collision_groups == report.collision_groups
    empty = AuditReport.empty()
    assert pickle.loads(pickle.dumps(empty)) == empty  # noqa: S301 (our own object)


def test_empty_report() -> None:
    empty = AuditReport.empty()
    assert empty.to_json() == {
        "rows": 0,
        "status_counts": {"PROV": 0, "RECUP": 0, "VALI": 0, "QUAL": 0},
        "qualification_rate": 0.0,
        "findings_by_code": {},
        "duplicate_groups": 0,
        "collision_groups": 0,
    }
    assert not empty.has_errors()
    assert empty != "not a report"
    assert repr(empty) == (
        "AuditReport(rows=0, qualification_rate=0.000, findings=0, duplicate_groups=0, "
        "collision_groups=0)"
    )


def test_garbage_collector_state_is_restored() -> None:
    assert gc.isenabled()
    audit_rows(_rows(50, 1), today=TODAY)
    assert gc.isenabled()
    with pytest.raises(AuditInputError):
        audit_rows([{"nom": "X"}], today=TODAY)
    assert gc.isenabled()
    gc.disable()
    try:
        audit_rows(_rows(20, 2), today=TODAY)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_audit_objects_skip_the_young_generations() -> None:
    # The objects of an audit go to the oldest generation at its end, unscanned (ADR 0064).
    gc.collect()
    report = audit_rows(_rows(200, 3), today=TODAY)
    assert any(thing is report for thing in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0
    assert report.rows == 200


def test_objects_a_caller_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        audit_rows(_rows(50, 4), today=TODAY)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


# A qualified row of the test person ADRUN ZOE; two rows with another sex make a collision.
_QUAL_ROW = {
    "birth_name": "ADRUN",
    "first_names": "ZOE",
    "sex": "F",
    "birth_date": "31/12/1975",
    "matricule": "275126322074974",
    "oid": "1.2.250.1.213.1.4.8",
    "status": "QUAL",
}


def test_pickle_keeps_values_holding_separators() -> None:
    # Values holding the ASCII separators travel as they are.
    base = {**_QUAL_ROW, "local_id": "A\x1fB\x1e"}
    report = audit_rows([base, {**base, "local_id": "2", "sex": "M"}], today=TODAY)
    again = pickle.loads(pickle.dumps(report))  # noqa: S301 (our own object)
    assert again == report
    assert again.collision_groups == 1
    assert AuditReport.merge_all([again, AuditReport.empty()]) == report


def test_pickle_keeps_a_matricule_on_three_rows() -> None:
    base = {**_QUAL_ROW, "local_id": "1"}
    rows = [base, {**base, "local_id": "2", "sex": "M"}, {**base, "local_id": "3"}]
    report = audit_rows(rows, today=TODAY)
    again = pickle.loads(pickle.dumps(report))  # noqa: S301 (our own object)
    assert again == report
    assert again.collision_groups == report.collision_groups == 1
    assert [f.row for f in again.findings if f.code == "collision"] == [1, 2, 3]


def test_a_collision_found_only_when_received_reports_merge() -> None:
    # Each report holds the matricule on one row, sent pickled; the merge of the
    # received reports finds the collision, as one pass does.
    base = {**_QUAL_ROW, "local_id": "1"}
    other = {**base, "local_id": "2", "sex": "M"}
    one_pass = audit_rows([base, other], today=TODAY)
    first = audit_rows([base], today=TODAY, row_numbers=[1])
    second = audit_rows([other], today=TODAY, row_numbers=[2])
    assert first.collision_groups == second.collision_groups == 0
    received = [pickle.loads(pickle.dumps(r)) for r in (first, second)]  # noqa: S301
    merged = AuditReport.merge_all(received)
    assert merged == one_pass
    assert merged.collision_groups == 1
    # A merged report travels again (the Dask path merges reports of merged reports).
    again = pickle.loads(pickle.dumps(merged))  # noqa: S301 (our own object)
    assert AuditReport.merge_all([again, AuditReport.empty()]) == one_pass
    assert [f.local_id for f in again.findings if f.code == "collision"] == ["1", "2"]
