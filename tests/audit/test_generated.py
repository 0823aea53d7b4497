"""Recall and precision of the audit on generated patient files with planted anomalies."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from ins.audit import AuditInputError, AuditReport, audit_csv, audit_rows
from ins.testing.patient_files import PatientFileGenerator, PlantedAnomaly, write_patient_file

TODAY = dt.date(2026, 1, 1)


def _audit(size: int, seed: int) -> tuple[AuditReport, list[PlantedAnomaly]]:
    generator = PatientFileGenerator(size, seed=seed)
    report = audit_rows(generator.rows(), today=TODAY)
    return report, generator.planted


@pytest.fixture(scope="module", params=[1, 2, 3])
def audited(request: pytest.FixtureRequest) -> tuple[AuditReport, list[PlantedAnomaly]]:
    return _audit(6000, request.param)


def _codes_by_local_id(report: AuditReport) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = defaultdict(set)
    for finding in report.findings:
        codes[finding.local_id].add(finding.code)
    return codes


def test_every_exact_anomaly_is_found(audited: tuple[AuditReport, list[PlantedAnomaly]]) -> None:
    report, planted = audited
    codes = _codes_by_local_id(report)
    exact = [p for p in planted if p.code != "potential_duplicate"]
    assert len({p.kind for p in exact}) >= 15  # every single-row kind and collisions planted
    missed = [p for p in exact if not all(p.code in codes[i] for i in p.local_ids)]
    assert missed == []


def test_planted_duplicates_are_found(audited: tuple[AuditReport, list[PlantedAnomaly]]) -> None:
    report, planted = audited
    group_of = {f.local_id: f.group for f in report.findings if f.code == "potential_duplicate"}
    pairs = [p for p in planted if p.code == "potential_duplicate"]
    found = [
        p
        for p in pairs
        if group_of.get(p.local_ids[0]) is not None
        and group_of.get(p.local_ids[0]) == group_of.get(p.local_ids[1])
    ]
    assert len(pairs) > 50
    assert len(found) >= 0.99 * len(pairs)


def test_few_duplicate_groups_are_not_planted(
    audited: tuple[AuditReport, list[PlantedAnomaly]],
) -> None:
    report, planted = audited
    members: dict[str, set[str]] = defaultdict(set)
    for finding in report.findings:
        if finding.code == "potential_duplicate" and finding.group:
            members[finding.group].add(finding.local_id)
    pairs = [set(p.local_ids) for p in planted if p.code == "potential_duplicate"]
    false_groups = [g for g, ids in members.items() if not any(pair <= ids for pair in pairs)]
    assert report.duplicate_groups == len(members) > 0
    assert len(false_groups) <= 0.01 * len(members)


def test_clean_rows_have_no_finding(audited: tuple[AuditReport, list[PlantedAnomaly]]) -> None:
    report, planted = audited
    touched = {local_id for p in planted for local_id in p.local_ids}
    noisy = {f.local_id: f.code for f in report.findings if f.local_id not in touched}
    assert noisy == {}


def test_file_and_rows_give_the_same_report(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    planted = write_patient_file(path, 2000, seed=11, encoding="cp1252")
    from_file = audit_csv(path, today=TODAY)
    generator = PatientFileGenerator(2000, seed=11)
    assert from_file == audit_rows(generator.rows(), today=TODAY)
    assert planted == generator.planted


def test_parallel_jobs_give_the_same_report(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    write_patient_file(path, 3000, seed=12, delimiter=",")
    calls: list[tuple[int, int, int]] = []
    parallel = audit_csv(path, today=TODAY, jobs=2, progress=lambda *a: calls.append(a))
    assert parallel == audit_csv(path, today=TODAY)
    assert calls[-1] == (3000, path.stat().st_size, path.stat().st_size)


def test_shards_of_a_file_merge_into_the_whole(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    write_patient_file(path, 1500, seed=13)
    shards = [audit_csv(path, today=TODAY, shard=(i, 3)) for i in range(3)]
    assert sum(s.rows for s in shards) == 1500
    assert AuditReport.merge_all(shards) == audit_csv(path, today=TODAY)


def test_shards_keep_malformed_rows(tmp_path: Path) -> None:
    # A row cut short (or too long) still falls in exactly one shard, by what it has of its
    # birth date and sex, and gets its row_malformed finding there.
    path = tmp_path / "patients.csv"
    write_patient_file(path, 300, seed=14)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[10] = ";".join(lines[10].split(";")[:3])
    lines[20] = lines[20] + ";extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shards = [audit_csv(path, today=TODAY, shard=(i, 2)) for i in range(2)]
    whole = audit_csv(path, today=TODAY)
    assert AuditReport.merge_all(shards) == whole
    malformed = [f.row for f in whole.findings if f.code == "row_malformed"]
    assert malformed == [10, 20]


def test_parallel_jobs_without_progress(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    write_patient_file(path, 500, seed=15)
    assert audit_csv(path, today=TODAY, jobs=3) == audit_csv(path, today=TODAY)


def test_parallel_jobs_raise_the_error_of_the_file(tmp_path: Path) -> None:
    # A byte that is not UTF-8 far into the file: the processes stop, the error is raised here.
    path = tmp_path / "patients.csv"
    write_patient_file(path, 3000, seed=16)
    path.write_bytes(path.read_bytes() + b"L9;DUPONT;JEAN;;;;M;01/02/1980;;;;;\xff\n")
    with pytest.raises(AuditInputError, match="cannot be decoded as utf-8"):
        audit_csv(path, today=TODAY, encoding="utf-8", jobs=2)
