"""The summary for people and the findings files: languages, dialects, formulas, masking."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ins.audit import audit_rows
from ins.audit.compare import PreviousAudit
from ins.audit.indicators import Indicators
from ins.audit.inputs import AuditInput
from ins.audit.output import FINDING_COLUMNS, findings_format, neutralise, summary, write_findings
from ins.audit.report import AuditFinding, AuditReport

TODAY = dt.date(2026, 1, 1)
ROWS = [
    {
        "local_id": "A1",
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "31/12/1975",
        "matricule": "275126322074975",
        "oid": "1.2.250.1.213.1.4.8",
        "status": "QUAL",
    },
    {
        "local_id": "A2",
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "1975-12-31",
        "status": "",
    },
]
FULL_MATRICULE = re.compile(r"(?<![0-9])[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{8}(?![0-9])")


def _report_with_local_ids(*local_ids: str) -> AuditReport:
    findings = [
        AuditFinding(i, local_id, "trait_invalid", "error", "The birth name is empty.")
        for i, local_id in enumerate(local_ids, start=1)
    ]
    return AuditReport(
        rows=len(local_ids), status_counts={}, row_findings=findings, collision_index={}
    )


def test_summary_in_french_by_default() -> None:
    text = summary(audit_rows(ROWS, today=TODAY))
    assert "Lignes : 2\n" in text
    assert "QUAL 1 (50,0 %)" in text
    assert "Lignes avec au moins une erreur : 1 (50,0 % des lignes)" in text
    assert "Erreurs : 1 (33,3 % des anomalies) ; avertissements : 2 (66,7 % des anomalies)" in text
    lines = text.splitlines()
    errors, warnings = (
        lines.index("Erreurs : lignes par code"),
        lines.index("Avertissements : lignes par code"),
    )
    assert errors < warnings
    assert re.fullmatch(r"  matricule_invalid +1  Matricule INS invalide", lines[errors + 1])
    assert re.fullmatch(r"  potential_duplicate +2  Doublon potentiel", lines[warnings + 1])


def test_summary_in_english() -> None:
    text = summary(audit_rows(ROWS, today=TODAY), lang="en")
    assert "Rows: 2\n" in text
    assert "Errors: rows per code" in text
    assert "Potential duplicate" in text
    assert "Doublon" not in text


def test_summary_shows_the_input_and_the_change(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("IPP;NOM;prenoms;sexe;ddn;STATUT_PATIENT\n", encoding="utf-8-sig")
    mapping = {
        "local_id": "IPP",
        "birth_name": "NOM",
        "first_names": "prenoms",
        "sex": "sexe",
        "birth_date": "ddn",
    }
    source = AuditInput.read(path, mapping=mapping, today=TODAY, encoding=None)
    report = audit_rows(ROWS, today=TODAY)
    before = Indicators(
        rows=1,
        status_counts={"PROV": 1},
        qualification_rate=0.0,
        duplicate_groups=0,
        collision_groups=0,
        findings_by_code={"collision": 1},
    )
    text = summary(report, source=source, previous=PreviousAudit(before, "june.json", None))
    assert f"Fichier : {path}" in text
    assert "  Encodage : UTF-8 (BOM) (détecté)" in text
    assert "  Séparateur : « ; »" in text
    assert (
        "  --map : local_id=IPP, birth_name=NOM, first_names=prenoms, sex=sexe, birth_date=ddn"
        in text
    )
    assert "  Date de référence : 2026-01-01" in text
    assert (
        "    status : chaque ligne compte comme PROV, le taux de qualification est nul ; "
        "colonne « STATUT_PATIENT » ? --map status=STATUT_PATIENT" in text
    )
    assert "Évolution depuis l'audit précédent (june.json) :" in text
    assert "  Taux de qualification (QUAL) : 0,0 % -> 50,0 % (+50,0 points, mieux)" in text
    assert "  Lignes avec au moins une erreur : inconnu -> 1 (?)" in text
    assert "  Collision de matricule (collision) : 1 -> 0 (-1, mieux)" in text
    assert "  Doublon potentiel (potential_duplicate) : 0 -> 2 (+2, moins bien)" in text
    english = summary(report, source=source, lang="en")
    assert "  Encoding: UTF-8 (BOM) (detected)" in english
    assert "  Optional columns absent:" in english


formulas = [
    pytest.param("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0", id="DDE command"),
    pytest.param("+SUM(1,2)", "'+SUM(1,2)", id="plus"),
    pytest.param("-2+3", "'-2+3", id="minus"),
    pytest.param("@SUM(1,2)", "'@SUM(1,2)", id="at"),
    pytest.param("\t=1+1", "'\t=1+1", id="tab first"),
    pytest.param("\r=1+1", "'\r=1+1", id="carriage return first"),
    pytest.param("A=1", "A=1", id="an equals sign inside is harmless"),
    pytest.param(" =1", " =1", id="a space first is text for spreadsheets"),
    pytest.param("", "", id="empty"),
]


@pytest.mark.parametrize(("value", "expected"), formulas)
def test_neutralise(value: str, expected: str) -> None:
    assert neutralise(value) == expected


@pytest.mark.parametrize("dialect", ["fr", "standard"])
def test_formulas_in_the_csv_are_neutralised_and_jsonl_is_unchanged(
    tmp_path: Path, dialect: str
) -> None:
    hostile = ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "@SUM(A1)", "-1+1", "\tx", "\rx", "P001"]
    report = _report_with_local_ids(*hostile)
    write_findings(report, tmp_path / "f.csv", dialect=dialect)  # type: ignore[arg-type]
    delimiter, encoding = (";", "utf-8-sig") if dialect == "fr" else (",", "utf-8")
    with (tmp_path / "f.csv").open(encoding=encoding, newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    assert [row["local_id"] for row in rows] == [
        "'=cmd|' /C calc'!A0",
        "'+SUM(A1:A9)",
        "'@SUM(A1)",
        "'-1+1",
        "'\tx",
        "'\rx",
        "P001",
    ]
    write_findings(report, tmp_path / "f.jsonl")
    lines = (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["local_id"] for line in lines] == hostile


def test_the_two_csv_dialects(tmp_path: Path) -> None:
    report = audit_rows(ROWS, today=TODAY)
    assert write_findings(report, tmp_path / "fr.csv") == len(report.findings)
    french = (tmp_path / "fr.csv").read_bytes()
    assert french.startswith(b"\xef\xbb\xbfrow;local_id;code;severity;group;detail;message\r\n")
    write_findings(report, tmp_path / "std.csv", dialect="standard")
    standard = (tmp_path / "std.csv").read_bytes()
    assert standard.startswith(",".join(FINDING_COLUMNS).encode() + b"\r\n")
    assert french.count(b"\r\n") == standard.count(b"\r\n") == len(report.findings) + 1


def test_jsonl_keys_and_format_by_extension(tmp_path: Path) -> None:
    report = audit_rows(ROWS, today=TODAY)
    assert write_findings(report, tmp_path / "f.JSONL") == len(report.findings)
    first = json.loads((tmp_path / "f.JSONL").read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == set(FINDING_COLUMNS)
    assert not (tmp_path / "f.JSONL").read_bytes().startswith(b"\xef\xbb\xbf")
    # An explicit format wins over the name.
    write_findings(report, tmp_path / "f.txt", format="jsonl")
    assert (tmp_path / "f.txt").read_text(encoding="utf-8") == (tmp_path / "f.JSONL").read_text(
        encoding="utf-8"
    )


def test_an_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"name it \.csv or \.jsonl"):
        write_findings(audit_rows(ROWS, today=TODAY), tmp_path / "f.xlsx")
    assert not (tmp_path / "f.xlsx").exists()
    assert findings_format("F.CSV") == "csv"


def test_a_stream_gets_csv_and_stays_open() -> None:
    stream = io.BytesIO()
    report = audit_rows(ROWS, today=TODAY)
    assert write_findings(report, stream) == len(report.findings)
    assert stream.getvalue().startswith(b"\xef\xbb\xbfrow;")
    stream.write(b"more")  # still open: standard output is not the audit's to close
    jsonl = io.BytesIO()
    write_findings(report, jsonl, format="jsonl")
    assert len(jsonl.getvalue().splitlines()) == len(report.findings)


def test_a_matricule_typed_as_a_local_id_is_masked(tmp_path: Path) -> None:
    report = _report_with_local_ids("275126322074974", "NIR 1 84 05 ...")
    for name in ("f.csv", "f.jsonl"):
        write_findings(report, tmp_path / name)
        written = (tmp_path / name).read_text(encoding="utf-8-sig")
        assert FULL_MATRICULE.search(written) is None
        assert "27512**********" in written


@given(st.lists(st.text(max_size=30), min_size=1, max_size=5))
@example(["=1+1", '"quoted";value', "line\nbreak", "\x00nul"])
def test_any_local_id_reads_back_neutralised(local_ids: list[str]) -> None:
    from ins.errors import mask_text

    stream = io.BytesIO()
    write_findings(_report_with_local_ids(*local_ids), stream)
    text = stream.getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [row["local_id"] for row in rows] == [neutralise(mask_text(v)) for v in local_ids]
    assert all(not row["local_id"].startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows)
