"""A self-contained HTML page of an audit, for an identity-vigilance meeting to project.

One file, no JavaScript, no network: inline CSS and SVG bar charts of the statuses and of the rows
per finding code, the indicators, and a table of the first findings (all of them are in the
``--findings`` file). Every text is escaped; matricules are masked in the messages already.

>>> from ins.audit.report import AuditReport
>>> page = render_html(AuditReport.empty(), title="Test")
>>> page.startswith("<!DOCTYPE html>"), "<script" in page, "<svg" in page
(True, False, True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from ins.audit.report import CODES, STATUSES, AuditReport

__all__ = ["render_html"]

_COLOURS = {"PROV": "#9e9e9e", "RECUP": "#64b5f6", "VALI": "#ffb74d", "QUAL": "#43a047"}
_SEVERITY_COLOURS = {"error": "#e53935", "warning": "#fb8c00"}
_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#212121}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:8px;padding:.8rem 1.2rem;min-width:10rem}
.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ddd;padding:.25rem .5rem}
th{background:#f5f5f5;text-align:left}.error{color:#c62828}.warning{color:#ef6c00}
svg text{font-size:12px;font-family:inherit}
"""


def _bar_chart(bars: Sequence[tuple[str, int, str]], /, *, label: str) -> str:
    """Horizontal bars (name, value, colour) as an inline SVG with a text alternative."""
    height = 24 * len(bars) + 8
    top = max((value for _, value, _ in bars), default=0) or 1
    parts = [
        f'<svg role="img" aria-label="{escape(label)}" width="720" height="{height}" '
        f'viewBox="0 0 720 {height}">'
    ]
    for i, (name, value, colour) in enumerate(bars):
        y = 4 + 24 * i
        width = round(440 * value / top)
        parts.append(
            f'<text x="210" y="{y + 15}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="220" y="{y}" width="{width}" height="18" fill="{colour}"/>'
            f'<text x="{226 + width}" y="{y + 15}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render_html(
    report: AuditReport,
    /,
    *,
    title: str = "Identity audit",
    source: str = "",
    max_findings: int = 1000,
    generated: dt.datetime | None = None,
) -> str:
    """The whole page as a string (UTF-8 when written); at most ``max_findings`` table rows."""
    counts = report.status_counts
    when = (generated or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    share = f"{100 * report.qualification_rate:.1f}%"
    cards = [
        ("Rows", str(report.rows)),
        ("Qualification rate (QUAL)", share),
        ("Potential duplicate groups", str(report.duplicate_groups)),
        ("Collision groups", str(report.collision_groups)),
    ]
    status_chart = _bar_chart(
        [(status, counts[status], _COLOURS[status]) for status in STATUSES],
        label="Rows per identity status",
    )
    by_code = sorted(report.findings_by_code.items(), key=lambda item: (-item[1], item[0]))
    findings_chart = (
        _bar_chart(
            [(code, rows, _SEVERITY_COLOURS[CODES[code]]) for code, rows in by_code],
            label="Rows per finding code",
        )
        if by_code
        else "<p>No findings.</p>"
    )
    rows_html = "".join(
        f"<tr><td>{finding.row}</td><td>{escape(finding.local_id)}</td>"
        f'<td class="{finding.severity}">{escape(finding.code)}</td>'
        f"<td>{escape(finding.group or '')}</td><td>{escape(finding.message)}</td></tr>"
        for finding in report.findings[:max_findings]
    )
    shown = min(len(report.findings), max_findings)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(source)} — generated {when}</p>"
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{escape(v)}</b>{escape(k)}</div>' for k, v in cards)
        + "</div><h2>Identity statuses</h2>"
        + status_chart
        + "<h2>Rows per finding</h2>"
        + findings_chart
        + "<p>"
        + " ".join(
            f'<span style="color:{colour}">&#9632;</span> {severity}'
            for severity, colour in _SEVERITY_COLOURS.items()
        )
        + "</p>"
        + f"<h2>Findings ({shown} of {len(report.findings)} shown)</h2>"
        "<table><tr><th>Row</th><th>Local id</th><th>Code</th><th>Group</th><th>Message</th></tr>"
        + rows_html
        + "</table></body></html>\n"
    )
