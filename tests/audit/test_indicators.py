"""The meeting's indicators computed from a report: severities, rows with errors or warnings."""

from __future__ import annotations

from ins.audit.indicators import Indicators
from ins.audit.report import CODES, AuditFinding, AuditReport


def _finding(row: int, code: str, group: str | None = None) -> AuditFinding:
    return AuditFinding(row, f"L{row}", code, CODES[code], f"Finding {code}.", group)


def _report(*findings: AuditFinding, rows: int = 10) -> AuditReport:
    return AuditReport(
        rows=rows,
        status_counts={"PROV": rows - 2, "QUAL": 2},
        row_findings=findings,
        collision_index={},
    )


def test_rows_with_errors_count_each_row_once() -> None:
    report = _report(
        _finding(1, "trait_invalid"),
        _finding(1, "trait_invalid"),  # the same row twice with one code
        _finding(1, "birth_date_invalid"),  # and with another code
        _finding(2, "birth_date_implausible"),  # a warning only
        _finding(3, "collision", "C3"),
        _finding(3, "potential_duplicate", "D3"),  # an error and a warning on one row
    )
    found = Indicators.of(report)
    assert found.findings_by_severity == {"error": 4, "warning": 2}
    assert (found.rows_with_errors, found.rows_with_warnings) == (2, 2)
    assert found.codes("error") == [
        ("birth_date_invalid", 1),
        ("collision", 1),
        ("trait_invalid", 1),
    ]
    assert found.codes("warning") == [("birth_date_implausible", 1), ("potential_duplicate", 1)]
    assert found.extra_json() == {
        "findings_by_severity": {"error": 4, "warning": 2},
        "rows_with_errors": 2,
        "rows_with_warnings": 2,
    }


def test_codes_are_sorted_by_rows_then_name() -> None:
    report = _report(
        _finding(1, "trait_invalid"), _finding(2, "oid_invalid"), _finding(3, "oid_invalid")
    )
    assert Indicators.of(report).codes("error") == [("oid_invalid", 2), ("trait_invalid", 1)]


def test_an_empty_report() -> None:
    found = Indicators.of(AuditReport.empty())
    assert (found.rows_with_errors, found.rows_with_warnings) == (0, 0)
    assert found.findings_by_severity == {"error": 0, "warning": 0}
    assert found.codes("error") == []


def test_flat_names_every_indicator_and_code() -> None:
    found = Indicators.of(_report(_finding(1, "trait_invalid")))
    flat = found.flat()
    assert list(flat)[:5] == [
        "rows",
        "status_counts.PROV",
        "status_counts.RECUP",
        "status_counts.VALI",
        "status_counts.QUAL",
    ]
    assert flat["status_counts.QUAL"] == 2
    assert flat["qualification_rate"] == 0.2
    assert flat["findings_by_code.trait_invalid"] == 1
    assert flat["findings_by_severity.warning"] == 0
    older = Indicators(
        rows=1,
        status_counts={"PROV": 1},
        qualification_rate=0.0,
        duplicate_groups=0,
        collision_groups=0,
        findings_by_code={},
    )
    # An output of an older ins has no severity figures: unknown, not zero.
    assert older.flat()["rows_with_errors"] is None
    assert older.flat()["findings_by_severity.error"] is None
    assert older.flat()["status_counts.QUAL"] == 0
