"""The HTML report and the text outputs: self-contained, escaped, masked."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ins.audit import audit_rows
from ins.audit.html import render_html
from ins.audit.output import FINDING_COLUMNS, summary, write_findings

TODAY = dt.date(2026, 1, 1)
ROWS = [
    {
        "local_id": "<i>1</i>",
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "31/12/1975",
        "matricule": "275126322074975",
        "oid": "1.2.250.1.213.1.4.8",
        "status": "QUAL",
    },
    {
        "local_id": "2",
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "1975-12-31",
        "status": "",
    },
]


def test_html_is_self_contained_and_escaped() -> None:
    report = audit_rows(ROWS, today=TODAY)
    page = render_html(
        report, title="Audit <CHU>", source="a.csv", generated=dt.datetime(2026, 1, 1, 9, 30)
    )
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "http" not in page
    assert "<link" not in page
    assert "Audit &lt;CHU&gt;" in page
    assert "&lt;i&gt;1&lt;/i&gt;" in page  # a local id is data, not markup
    assert "<i>" not in page
    assert "2026-01-01 09:30" in page
    assert page.count("<svg") == 2  # statuses and findings
    assert "275126322074975" not in page
    assert "27512**********" in page


def test_html_limits_the_findings_table() -> None:
    report = audit_rows(ROWS, today=TODAY)
    page = render_html(report, max_findings=1)
    assert f"Findings (1 of {len(report.findings)} shown)" in page


def test_summary_lists_codes_by_severity() -> None:
    text = summary(audit_rows(ROWS, today=TODAY))
    assert "Rows: 2" in text
    assert "QUAL 1 (50.0%)" in text
    lines = text.splitlines()
    errors = [i for i, line in enumerate(lines) if line.startswith("  error")]
    warnings = [i for i, line in enumerate(lines) if line.startswith("  warning")]
    assert errors
    assert warnings
    assert max(errors) < min(warnings)


def test_findings_files(tmp_path: Path) -> None:
    report = audit_rows(ROWS, today=TODAY)
    assert write_findings(report, tmp_path / "f.csv") == len(report.findings)
    header = (tmp_path / "f.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(FINDING_COLUMNS)
    assert write_findings(report, tmp_path / "f.JSONL") == len(report.findings)
    first = json.loads((tmp_path / "f.JSONL").read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == set(FINDING_COLUMNS)


def test_importing_ins_audit_is_cheap() -> None:
    code = (
        "import sys, ins.audit; "
        "print(','.join(sorted(m for m in sys.modules if m.startswith('ins.audit.'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_lazy_names() -> None:
    import ins.audit

    assert ins.audit.AuditReport.empty().rows == 0
    assert "audit_csv" in dir(ins.audit)
    with pytest.raises(AttributeError, match="nothing_here"):
        ins.audit.nothing_here  # noqa: B018
