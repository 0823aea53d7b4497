"""The indicators an identity-vigilance meeting follows, computed from an audit report.

[`ins.audit.report.AuditReport`][ins.audit.AuditReport] gives the counts per status and per code; a
meeting also asks "how many records need work?": the findings per severity and the rows with at
least one error (or warning), which per-code counts cannot give (a row can have several codes).
They are computed here from the report's public findings, once, and travel in `ins audit --json`
under English keys (`findings_by_severity`, `rows_with_errors`, `rows_with_warnings`) so that a
later audit can compare with them (`ins.audit.compare`).

```pycon
>>> import datetime as dt
>>> from ins.audit import audit_rows
>>> report = audit_rows([{"local_id": "1", "birth_name": "ADRUN", "first_names": "ZOE",
...     "sex": "F", "birth_date": "31/02/1975"}], today=dt.date(2026, 1, 1))
>>> found = Indicators.of(report)
>>> found.rows_with_errors, found.findings_by_severity
(1, {'error': 1, 'warning': 0})

```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ins.audit.report import CODES, STATUSES, AuditReport

__all__ = ["SEVERITIES", "Indicators"]

SEVERITIES = ("error", "warning")


@dataclass(frozen=True, slots=True)
class Indicators:
    """The numbers of one audit. The three severity figures are `None` when unknown: a
    `--json` output of an older `ins` does not have them."""

    rows: int
    status_counts: Mapping[str, int]
    qualification_rate: float
    duplicate_groups: int
    collision_groups: int
    findings_by_code: Mapping[str, int]
    findings_by_severity: Mapping[str, int] | None = None
    rows_with_errors: int | None = None
    rows_with_warnings: int | None = None

    @classmethod
    def of(cls, report: AuditReport, /) -> Indicators:
        """The indicators of `report` (one pass over its findings)."""
        per_severity = dict.fromkeys(SEVERITIES, 0)
        rows_of: dict[str, set[int]] = {severity: set() for severity in SEVERITIES}
        for finding in report.unordered_findings():
            per_severity[finding.severity] = per_severity.get(finding.severity, 0) + 1
            rows_of.setdefault(finding.severity, set()).add(finding.row)
        return cls(
            rows=report.rows,
            status_counts=report.status_counts,
            qualification_rate=report.qualification_rate,
            duplicate_groups=report.duplicate_groups,
            collision_groups=report.collision_groups,
            findings_by_code=report.findings_by_code,
            findings_by_severity=per_severity,
            rows_with_errors=len(rows_of["error"]),
            rows_with_warnings=len(rows_of["warning"]),
        )

    def codes(self, severity: str, /) -> list[tuple[str, int]]:
        """The codes of `severity` found, with their rows, most rows first."""
        found = [(code, rows) for code, rows in self.findings_by_code.items()]
        return sorted(
            ((code, rows) for code, rows in found if CODES.get(code, "error") == severity),
            key=lambda item: (-item[1], item[0]),
        )

    def extra_json(self) -> dict[str, Any]:
        """What `--json` adds to [`AuditReport.to_json`][ins.audit.AuditReport.to_json]: the
        severity figures."""
        return {
            "findings_by_severity": dict(self.findings_by_severity or {}),
            "rows_with_errors": self.rows_with_errors,
            "rows_with_warnings": self.rows_with_warnings,
        }

    def flat(self) -> dict[str, float | None]:
        """Every indicator and code under one name each (`status_counts.QUAL`,
        `findings_by_code.collision`...): what `ins.audit.compare` compares."""
        values: dict[str, float | None] = {"rows": self.rows}
        for status in STATUSES:
            values[f"status_counts.{status}"] = self.status_counts.get(status, 0)
        values["qualification_rate"] = self.qualification_rate
        values["rows_with_errors"] = self.rows_with_errors
        values["rows_with_warnings"] = self.rows_with_warnings
        for severity in SEVERITIES:
            values[f"findings_by_severity.{severity}"] = (
                None
                if self.findings_by_severity is None
                else self.findings_by_severity.get(severity, 0)
            )
        values["duplicate_groups"] = self.duplicate_groups
        values["collision_groups"] = self.collision_groups
        for code, rows in self.findings_by_code.items():
            values[f"findings_by_code.{code}"] = rows
        return values
