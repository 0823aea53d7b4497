"""The HTML report's section on each finding code, and the small HTML helpers of the report.

For each code found (errors first, then warnings, most rows first): its label, explanation and
recommended action (`ins.audit.labels`), then a sample: the first findings of the code in
row order, or, for codes that put rows in groups (potential duplicates, collisions), the first
groups, each listed as one group with its rows and local ids. The whole list is in the
`--findings` file; the sample is what a meeting looks at. Every text taken from the file is
escaped and masked (`masked`).

```pycon
>>> masked('<b title="x">275126322074974</b>')
'&lt;b title=&quot;x&quot;&gt;27512**********&lt;/b&gt;'

```
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ins.audit.indicators import SEVERITIES, Indicators
from ins.audit.labels import Language, code_text
from ins.audit.report import AuditFinding, AuditReport
from ins.audit.texts import integer, labelled, text
from ins.errors import mask_text

__all__ = ["GROUP_ROWS", "details", "findings_section", "masked", "table"]

GROUP_ROWS = 10
"""Rows listed per group; the count says how many more."""


def masked(value: str, /) -> str:
    """Escaped and masked: for every text that comes from the file or the command line."""
    return escape(mask_text(value))


def table(head: Iterable[tuple[str, str]], rows: Iterable[str], /, *, css: str = "") -> str:
    """A table: `head` is `(title, css class)` per column (titles are escaped), `rows` are
    ready `<tr>` elements."""
    cells = "".join(f'<th class="{kind}">{escape(name)}</th>' for name, kind in head)
    heading = f"<tr>{cells}</tr>" if cells else ""
    return f'<table class="{css}">{heading}{"".join(rows)}</table>'


def details(caption: str, body: str, /) -> str:
    """A block folded under `caption` (escaped): open it with a click, no script needed."""
    return f"<details><summary>{escape(caption)}</summary>{body}</details>"


def findings_section(report: AuditReport, found: Indicators, lang: Language, sample: int, /) -> str:
    """Every code found: its words, then its first `sample` findings, or groups."""
    first: dict[str, list[AuditFinding]] = {}
    count: dict[str, int] = {}
    groups: dict[str, dict[str, list[AuditFinding]]] = {}
    for finding in report.findings:
        code = finding.code
        if finding.group is not None:
            groups.setdefault(code, {}).setdefault(finding.group, []).append(finding)
            continue
        count[code] = count.get(code, 0) + 1
        if count[code] <= sample:
            first.setdefault(code, []).append(finding)
    parts = [
        f"<h2>{escape(text(lang, 'findings_by_code'))}</h2>",
        f"<p><small>{escape(text(lang, 'row_note'))}</small></p>",
    ]
    for kind in SEVERITIES:
        for code, rows in found.codes(kind):
            words = code_text(code, lang)
            parts.append(
                f'<article id="{escape(code)}"><h3>{escape(words.label)} '
                f'<code>{escape(code)}</code> <span class="sev {kind}">'
                f"{escape(text(lang, kind))}</span> — {integer(rows, lang)} "
                f"{escape(text(lang, 'rows' if rows > 1 else 'row').lower())}</h3>"
                f"<p>{escape(words.explanation)}</p>"
                f"<p><b>{escape(labelled(lang, text(lang, 'action')))}</b> "
                f"{escape(words.action)}</p>"
            )
            if code in groups:
                parts.append(_groups(groups[code], lang, sample))
            else:
                parts.append(_findings(first[code], count[code], lang))
            parts.append("</article>")
    return "".join(parts)


def _findings(findings: list[AuditFinding], total: int, lang: Language, /) -> str:
    shown = len(findings)
    if shown < total:
        caption = text(lang, "sample", shown=integer(shown, lang), total=integer(total, lang))
    else:
        caption = text(
            lang, "all_findings" if total > 1 else "one_finding", total=integer(total, lang)
        )
    lines = (
        f'<tr><td class="n">{f.row}</td><td>{masked(f.local_id)}</td>'
        f"<td>{masked(f.detail or '')}</td><td>{masked(f.message)}</td></tr>"
        for f in findings
    )
    head = [
        (text(lang, "row"), "n"),
        (text(lang, "local_id"), ""),
        ("detail", ""),
        (text(lang, "message"), ""),
    ]
    return details(caption, table(head, lines, css="samples"))


def _groups(groups: dict[str, list[AuditFinding]], lang: Language, sample: int, /) -> str:
    shown = list(groups.items())[:sample]
    total = integer(len(groups), lang)
    if len(shown) < len(groups):
        caption = text(lang, "groups", shown=integer(len(shown), lang), total=total)
    else:
        caption = text(lang, "all_groups" if len(groups) > 1 else "one_group", total=total)
    lines = []
    for group, members in shown:
        listed = "<br>".join(f"{f.row} · {masked(f.local_id)}" for f in members[:GROUP_ROWS])
        if len(members) > GROUP_ROWS:
            more = integer(len(members) - GROUP_ROWS, lang)
            listed += "<br>" + escape(text(lang, "more_rows", count=more))
        records = integer(len(members), lang)
        lines.append(
            f'<tr><td>{masked(group)}</td><td class="n">{records}</td><td>{listed}</td>'
            f"<td>{masked(members[0].message)}</td></tr>"
        )
    head = [
        (text(lang, "group"), ""),
        (text(lang, "records"), "n"),
        (f"{text(lang, 'row')} · {text(lang, 'local_id')}", ""),
        (text(lang, "message"), ""),
    ]
    return details(caption, table(head, lines, css="samples"))
