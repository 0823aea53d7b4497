"""Writing an audit out: a summary for people, and the findings as CSV or JSON Lines.

Matricules never appear in full: finding messages mask them (``ins.errors.mask``) when they are
built, and this module writes nothing else that could hold one.

>>> from ins.audit.report import AuditReport
>>> print(summary(AuditReport.empty()))
Rows: 0
Statuses: PROV 0 (0.0%), RECUP 0 (0.0%), VALI 0 (0.0%), QUAL 0 (0.0%)
Qualification rate: 0.0%
Potential duplicate groups: 0
Collision groups: 0
No findings.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from ins.audit.report import CODES, STATUSES, AuditReport

__all__ = ["FINDING_COLUMNS", "summary", "write_findings"]

FINDING_COLUMNS = ("row", "local_id", "code", "severity", "group", "detail", "message")


def _share(count: int, total: int, /) -> str:
    return f"{100 * count / total:.1f}%" if total else "0.0%"


def summary(report: AuditReport, /) -> str:
    """A few lines for a person: statuses, qualification rate, groups, rows per finding code."""
    counts = report.status_counts
    lines = [
        f"Rows: {report.rows}",
        "Statuses: "
        + ", ".join(f"{s} {counts[s]} ({_share(counts[s], report.rows)})" for s in STATUSES),
        f"Qualification rate: {100 * report.qualification_rate:.1f}%",
        f"Potential duplicate groups: {report.duplicate_groups}",
        f"Collision groups: {report.collision_groups}",
    ]
    by_code = report.findings_by_code
    if not by_code:
        lines.append("No findings.")
        return "\n".join(lines)
    lines.append("Rows per finding:")
    width = max(map(len, by_code))
    for code, rows in sorted(by_code.items(), key=lambda item: (CODES[item[0]], -item[1])):
        lines.append(f"  {CODES[code]:<7}  {code:<{width}}  {rows}")
    return "\n".join(lines)


def write_findings(report: AuditReport, path: str | os.PathLike[str], /) -> int:
    """Write the findings to ``path``: JSON Lines when it ends with ``.jsonl``, else CSV (``,``,
    UTF-8, columns :data:`FINDING_COLUMNS`). Returns the number of findings written."""
    findings = report.findings
    if Path(path).suffix.lower() == ".jsonl":
        with open(path, "w", encoding="utf-8") as out:
            for finding in findings:
                out.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")
        return len(findings)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FINDING_COLUMNS)
        for finding in findings:
            writer.writerow(
                (
                    finding.row,
                    finding.local_id,
                    finding.code,
                    finding.severity,
                    finding.group or "",
                    finding.detail or "",
                    finding.message,
                )
            )
    return len(findings)
