"""Decisions already taken are respected (issue 19, ADR 0068): proven homonyms, two INS, and the
pairs of local ids a cell has reviewed as different persons are not potential duplicates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ins.audit import AuditInputError, AuditReport, audit_csv, audit_rows, read_known_pairs
from ins.audit.duplicates import DuplicateIndex, proven_different
from ins.testing.patient_files import write_patient_file

TODAY = dt.date(2026, 1, 1)
ROW = {
    "local_id": "A1",
    "birth_name": "DUPONT",
    "first_names": "JEAN",
    "sex": "M",
    "birth_date": "01/02/1980",
    "birthplace": "75056",
    "matricule": "",
    "oid": "",
    "status": "PROV",
    "attributes": "",
}
# Two matricules that the traits above give (order numbers 001 and 002).
INS_1, INS_2 = "180027505600119", "180027505600218"

PAIRS = [
    # (changes to the first row, to the second, duplicates expected, why)
    pytest.param({}, {}, True, "same traits, nothing decided", id="plain"),
    pytest.param(
        {"attributes": "HOMA"}, {"attributes": "HOMA"}, False, "proven homonyms", id="homa"
    ),
    pytest.param(
        {"attributes": "HOMD"}, {"attributes": "HOMD"}, False, "detected homonyms", id="homd"
    ),
    pytest.param(
        {"attributes": "HOMA"}, {"attributes": "HOMD"}, True, "not the same decision", id="mix"
    ),
    pytest.param({"attributes": "HOMA"}, {}, True, "one homonym only", id="one-homa"),
    pytest.param(
        {"status": "QUAL", "matricule": INS_1, "oid": "1.2.250.1.213.1.4.8"},
        {"status": "QUAL", "matricule": INS_2, "oid": "1.2.250.1.213.1.4.8"},
        False,
        "two qualified identities with their own INS",
        id="two-ins",
    ),
    pytest.param(
        {"status": "QUAL", "matricule": INS_1, "oid": "1.2.250.1.213.1.4.8"},
        {"status": "QUAL", "matricule": INS_1, "oid": "1.2.250.1.213.1.4.8"},
        True,
        "one INS on two records: the same person twice",
        id="same-ins",
    ),
    pytest.param(
        {"status": "QUAL", "matricule": INS_1, "oid": "1.2.250.1.213.1.4.8"},
        {"status": "VALI"},
        True,
        "only one is qualified",
        id="one-ins",
    ),
    pytest.param(
        {"status": "QUAL", "matricule": INS_1, "oid": "1.2.250.1.213.1.4.8"},
        {"status": "RECUP", "matricule": INS_2, "oid": "1.2.250.1.213.1.4.8"},
        True,
        "RECUP is not qualified",
        id="recup",
    ),
]


@pytest.mark.parametrize(("first", "second", "duplicates", "why"), PAIRS)
def test_decided_pairs(
    first: dict[str, str], second: dict[str, str], duplicates: bool, why: str
) -> None:
    rows = [{**ROW, **first}, {**ROW, "local_id": "A2", **second}]
    report = audit_rows(rows, today=TODAY)
    assert report.duplicate_groups == (1 if duplicates else 0), why


def test_known_pairs_are_not_reported_again() -> None:
    rows = [ROW, {**ROW, "local_id": "A2"}, {**ROW, "local_id": "A3"}]
    assert audit_rows(rows, today=TODAY).duplicate_groups == 1
    # A2 and A3 are both reviewed against A1, but not against each other: still a pair.
    report = audit_rows(rows, today=TODAY, known_pairs=[("A1", "A2"), (" A3 ", "A1")])
    groups = {f.group: set() for f in report.findings if f.code == "potential_duplicate"}
    for finding in report.findings:
        if finding.group in groups:
            groups[finding.group].add(finding.local_id)
    assert list(groups.values()) == [{"A2", "A3"}]
    every = [("A1", "A2"), ("A1", "A3"), ("A2", "A3")]
    assert audit_rows(rows, today=TODAY, known_pairs=every).duplicate_groups == 0


def test_a_chain_through_an_undecided_row_stays_one_group() -> None:
    # A1 and A3 are proven homonyms, but A2 may be either of them: one group of three.
    rows = [
        {**ROW, "attributes": "HOMA"},
        {**ROW, "local_id": "A2"},
        {**ROW, "local_id": "A3", "attributes": "HOMA"},
    ]
    report = audit_rows(rows, today=TODAY)
    assert report.duplicate_groups == 1
    assert len([f for f in report.findings if f.code == "potential_duplicate"]) == 3


def test_many_proven_homonyms_are_searched_in_linear_time() -> None:
    # 3 000 records of one name, all proven homonyms: no group, and no pair by pair search.
    index = DuplicateIndex()
    key = ("1980-02-01", "M")
    for row in range(3000):
        index.add(key, (row, f"L{row}", "X", "Y", "Y", "M", "1980-02-01", "", "", "HOMA"))
    assert list(index.groups()) == []
    index.add(key, (3000, "L3000", "X", "Y", "Y", "M", "1980-02-01", "", "", ""))
    (group,) = index.groups()
    assert len(group.rows) == 3001


def test_proven_different_is_symmetric() -> None:
    a = (1, "A1", "X", "Y", "Y", "M", "1980-02-01", "", INS_1, "HOMA")
    b = (2, "A2", "X", "Y", "Y", "M", "1980-02-01", "", "", "")
    known = {"A1": frozenset({"A2"}), "A2": frozenset({"A1"})}
    assert proven_different(a, b, known)
    assert proven_different(b, a, known)
    assert not proven_different(a, b, {})


def test_shards_and_processes_respect_known_pairs(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    planted = write_patient_file(path, 1500, seed=21)
    pairs = [p.local_ids for p in planted if p.code == "potential_duplicate"][:20]
    whole = audit_csv(path, today=TODAY)
    fewer = audit_csv(path, today=TODAY, known_pairs=pairs)
    assert fewer.duplicate_groups < whole.duplicate_groups
    shards = [audit_csv(path, today=TODAY, shard=(i, 3), known_pairs=pairs) for i in range(3)]
    assert AuditReport.merge_all(shards) == fewer
    assert audit_csv(path, today=TODAY, jobs=2, known_pairs=pairs) == fewer


KNOWN_FILES = [
    # (content, pairs read, why)
    pytest.param(b"", [], "an empty file has no pair", id="empty"),
    pytest.param(b"A1;A2\n", [("A1", "A2")], "no header", id="no-header"),
    pytest.param(
        b"ipp_a,ipp_b,date\nA1,A2,2026-01-01\n\n",
        [("ipp_a", "ipp_b"), ("A1", "A2")],
        "a header is one more pair, harmless; blank lines skipped",
        id="header",
    ),
    pytest.param("A1\tÉ2\n".encode("cp1252"), [("A1", "É2")], "Windows-1252, tab", id="cp1252"),
]


@pytest.mark.parametrize(("content", "pairs", "why"), KNOWN_FILES)
def test_reading_known_pairs(tmp_path: Path, content: bytes, pairs: list[object], why: str) -> None:
    path = tmp_path / "known.csv"
    path.write_bytes(content)
    assert read_known_pairs(path) == pairs, why


def test_a_line_without_two_local_ids_is_named(tmp_path: Path) -> None:
    path = tmp_path / "known.csv"
    path.write_text("A1;A2\nA3\n", encoding="utf-8")
    with pytest.raises(AuditInputError, match="Pair 2 of the known pairs file"):
        read_known_pairs(path)
    with pytest.raises(AuditInputError, match="Cannot read"):
        read_known_pairs(tmp_path / "none.csv")


def test_the_command_takes_known_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ins.cli import main

    path = tmp_path / "patients.csv"
    path.write_text(
        "local_id;birth_name;first_names;sex;birth_date\n"
        "A1;DUPONT;JEAN;M;01/02/1980\nA2;DUPONT;JEAN;M;01/02/1980\n",
        encoding="utf-8",
    )
    known = tmp_path / "known.csv"
    known.write_text("local_id_1;local_id_2\nA2;A1\n", encoding="utf-8")
    assert main(["audit", str(path), "--json", "--today", "2026-01-01"]) == 0
    assert '"duplicate_groups": 1' in capsys.readouterr().out
    args = ["audit", str(path), "--json", "--known-pairs", str(known), "--today", "2026-01-01"]
    assert main(args) == 0
    assert '"duplicate_groups": 0' in capsys.readouterr().out
    assert main(["audit", str(path), "--known-pairs", str(tmp_path / "none.csv")]) == 1
    assert "Cannot read the file" in capsys.readouterr().err
