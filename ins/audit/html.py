"""A self-contained HTML page of an audit, for an identity-vigilance meeting to project.

French by default (`lang="en"` for English; the `lang` attribute says which, ADR 0090). One
file, no JavaScript, nothing loaded from the network: inline CSS, an inline SVG bar of the
statuses, bars of the rows per finding code split by severity, the indicators (rows with at least
one error or warning, with percentages), the input (file, encoding, delimiter, columns, reference
date), the change since a previous audit, then every code found with its label, explanation and
recommended action and a sample of its rows (groups of potential duplicates and collisions are
listed as groups). Sizes are relative: the page reads on a 1280x720 projector and on a large
screen (ADR 0094). Every text is escaped and masked (a matricule is never shown in full).

```pycon
>>> from ins.audit.report import AuditReport
>>> page = render_html(AuditReport.empty(), lang="en")
>>> page.startswith("<!DOCTYPE html>"), '<html lang="en">' in page, "<script" in page
(True, True, False)

```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape

from ins.audit.compare import Change, PreviousAudit, compare
from ins.audit.html_findings import details, findings_section, masked, table
from ins.audit.indicators import SEVERITIES, Indicators
from ins.audit.inputs import AuditInput, delimiter_name, encoding_name
from ins.audit.labels import Language, code_text
from ins.audit.report import STATUSES, AuditReport
from ins.audit.texts import STATUS_LABELS, integer, labelled, percent, share, text

__all__ = ["render_html"]

_STATUS_COLOURS = {"PROV": "#8c959f", "RECUP": "#4a90d9", "VALI": "#a371f7", "QUAL": "#2da44e"}
_SEVERITY_COLOURS = {"error": "#c62828", "warning": "#d97706"}
_STYLE = """
html{font-size:clamp(15px,.55vw + 9px,20px)}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
color:#1f2328;line-height:1.4}
main{max-width:120rem;margin:0 auto;padding:1rem 2rem 3rem}
h1{font-size:1.7rem;margin:0}h2{font-size:1.3rem;margin:1.6rem 0 .6rem;
border-bottom:2px solid #d0d7de}h3{font-size:1.1rem;margin:1rem 0 .4rem}
p{margin:.3rem 0}.meta,small,code{color:#57606a}code{font-size:.85em}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(max(13rem,22%),1fr));gap:.7rem;
margin-top:.8rem}
.card{border:1px solid #d0d7de;border-radius:.5rem;padding:.5rem .9rem;background:#f6f8fa}
.card b{display:block;font-size:1.8rem;line-height:1.25}.card small{display:block}
.card.error b{color:#b71c1c}.card.warning b{color:#9a4d00}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));
gap:0 2.5rem}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n,th.n{text-align:right;white-space:nowrap;
font-variant-numeric:tabular-nums}
td.bar{vertical-align:middle}.bars{table-layout:fixed}.bars td{overflow-wrap:anywhere}
.bars th:nth-child(1){width:36%}.bars th:nth-child(2){width:26%}.bars th:nth-child(3){width:9%}
.bars th:nth-child(4){width:9%}.bar span{display:block;height:1em;border-radius:2px;
min-width:2px}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.4em;
vertical-align:-.1em}
.sev{display:inline-block;padding:0 .4em;border-radius:.3em;color:#fff;font-size:.8em}
.sev.error{background:#b71c1c}.sev.warning{background:#9a4d00}
.better{color:#1a7f37}.worse{color:#cf222e}.same{color:#57606a}
.alert{border-left:4px solid #d97706;background:#fff8e6;padding:.3rem .8rem;margin:.5rem 0}
article{border-top:1px solid #d0d7de;margin-top:.8rem}summary{cursor:pointer;color:#0b5cad}
.samples td{font-size:.9em;overflow-wrap:anywhere}.facts th{width:11rem}
"""


def _delta(change: Change | None, lang: Language, /) -> str:
    if change is None:
        return ""
    verdict = "same" if change.better is None else "better" if change.better else "worse"
    word = "" if change.better is None and change.changed else " " + text(lang, verdict)
    return f'<span class="{verdict}">{escape(change.delta(lang))}{escape(word)}</span>'


def _change_column(
    changes: dict[str, Change], lang: Language, /
) -> tuple[list[tuple[str, str]], Callable[[str], str]]:
    """The head and the cell maker of a table's last column, the change of each line: no column
    at all without a previous audit."""
    if not changes:
        return [], lambda name: ""
    return [
        (text(lang, "change"), "n")
    ], lambda name: f'<td class="n">{_delta(changes.get(name), lang)}</td>'


def _stacked(parts: Sequence[tuple[str, int, str]], total: int, label: str, /) -> str:
    """One horizontal bar cut in coloured parts, as wide as the page (no text inside: it
    stretches without distorting anything)."""
    pieces, x = [], 0.0
    for name, value, colour in parts:
        width = 1000 * value / total if total else 0
        if width:
            pieces.append(
                f'<rect x="{x:.2f}" width="{width:.2f}" height="40" fill="{colour}">'
                f"<title>{escape(name)}</title></rect>"
            )
        x += width
    return (
        f'<svg role="img" aria-label="{escape(label)}" viewBox="0 0 1000 40" '
        f'preserveAspectRatio="none" width="100%" height="44">{"".join(pieces)}</svg>'
    )


def _bar(value: int, top: int, colour: str, /) -> str:
    share = 100 * value / top if top else 0
    return f'<td class="bar"><span style="width:{share:.1f}%;background:{colour}"></span></td>'


def _input_block(source: AuditInput, rows: int, lang: Language, /) -> str:
    how = text(lang, "given" if source.encoding_given else "detected")
    facts = [
        (text(lang, "file"), masked(source.label(lang))),
        (text(lang, "rows"), integer(rows, lang)),
        (text(lang, "reference_date"), source.reference_date.isoformat()),
        (text(lang, "encoding"), f"{escape(encoding_name(source.encoding))} ({escape(how)})"),
        (text(lang, "delimiter"), escape(delimiter_name(source.delimiter, lang))),
        ("--map", masked(", ".join(f"{k}={v}" for k, v in source.mapping.items())) or "—"),
    ]
    parts = [
        table([], (f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in facts), css="facts")
    ]
    absent = source.absent(lang)
    if absent:
        items = "".join(
            f"<li>{labelled(lang, f'<code>{escape(f)}</code>', masked(cost))}</li>"
            for f, cost in absent
        )
        parts.append(
            f'<div class="alert">{escape(text(lang, "absent_optional"))}<ul>{items}</ul></div>'
        )
    columns = (
        f"<tr><td><code>{escape(field)}</code></td><td>"
        + (masked(column) if column else f"<small>{escape(text(lang, 'absent'))}</small>")
        + (f" <small>{escape(text(lang, 'mapped'))}</small>" if field in source.mapping else "")
        + "</td></tr>"
        for field, column in source.columns.items()
    )
    head = [(text(lang, "field"), ""), (text(lang, "column"), "")]
    parts.append(details(text(lang, "columns"), table(head, columns)))
    return "".join(parts)


def _cards(found: Indicators, changes: dict[str, Change], lang: Language, /) -> str:
    rows = found.rows
    severity = found.findings_by_severity or {}
    total = sum(severity.values())

    def of(count: int, whole: int, key: str) -> str:
        return f"{share(count, whole, lang)} {text(lang, key)}"

    cards = [
        ("rows", "", integer(rows, lang), ""),
        ("qualification_rate", "", percent(found.qualification_rate, lang), ""),
    ]
    for key, css in (("rows_with_errors", "error"), ("rows_with_warnings", "warning")):
        count = getattr(found, key) or 0
        cards.append((key, css, integer(count, lang), of(count, rows, "of_rows")))
    for kind in SEVERITIES:
        count = severity.get(kind, 0)
        cards.append(
            (
                f"findings_by_severity.{kind}",
                kind,
                integer(count, lang),
                of(count, total, "of_findings"),
            )
        )
    cards += [
        ("duplicate_groups", "warning", integer(found.duplicate_groups, lang), ""),
        ("collision_groups", "error", integer(found.collision_groups, lang), ""),
    ]
    out = []
    for key, css, value, note in cards:
        name = Change(key, None, None, None).label(lang)
        out.append(
            f'<div class="card {css}"><b>{value}</b>{escape(name)}<small>{escape(note)}</small>'
            f"<small>{_delta(changes.get(key), lang)}</small></div>"
        )
    return f'<div class="cards">{"".join(out)}</div>'


def _statuses(found: Indicators, changes: dict[str, Change], lang: Language, /) -> str:
    counts, rows = found.status_counts, found.rows
    last, cell = _change_column(changes, lang)
    names = {s: f"{s} — {STATUS_LABELS[lang][s]}" for s in STATUSES}
    bar = _stacked(
        [
            (labelled(lang, names[s], integer(counts[s], lang)), counts[s], _STATUS_COLOURS[s])
            for s in STATUSES
        ],
        rows,
        text(lang, "status_chart"),
    )
    lines = (
        f'<tr><td><span class="swatch" style="background:{_STATUS_COLOURS[s]}"></span>'
        f'{escape(names[s])}</td><td class="n">{integer(counts[s], lang)}</td>'
        f'<td class="n">{share(counts[s], rows, lang)}</td>{cell(f"status_counts.{s}")}</tr>'
        for s in STATUSES
    )
    head = [(text(lang, "status"), ""), (text(lang, "rows"), "n"), ("%", "n"), *last]
    return bar + table(head, lines)


def _finding_bars(found: Indicators, changes: dict[str, Change], lang: Language, /) -> str:
    if not found.findings_by_code:
        return f"<p>{escape(text(lang, 'no_findings'))}</p>"
    top = max(found.findings_by_code.values())
    last, cell = _change_column(changes, lang)
    parts = []
    for kind in SEVERITIES:
        codes = found.codes(kind)
        if not codes:
            continue
        lines = (
            f'<tr><td><a href="#{escape(code)}">{escape(code_text(code, lang).label)}</a> '
            f"<code>{escape(code)}</code></td>{_bar(count, top, _SEVERITY_COLOURS[kind])}"
            f'<td class="n">{integer(count, lang)}</td>'
            f'<td class="n">{share(count, found.rows, lang)}</td>'
            f"{cell(f'findings_by_code.{code}')}</tr>"
            for code, count in codes
        )
        head = [(text(lang, "label"), ""), ("", ""), (text(lang, "rows"), "n"), ("%", "n"), *last]
        heading = f"<h3>{escape(text(lang, f'{kind}s_by_code'))}</h3>"
        parts.append(heading + table(head, lines, css="bars"))
    return "".join(parts)


def _comparison(previous: PreviousAudit, changes: list[Change], lang: Language, /) -> str:
    lines = (
        f"<tr><td>{escape(change.label(lang))}</td>"
        f'<td class="n">{escape(change.shown(change.before, lang))}</td>'
        f'<td class="n">{escape(change.shown(change.after, lang))}</td>'
        f'<td class="n">{_delta(change, lang)}</td></tr>'
        for change in changes
    )
    keys = ("indicator", "before", "now", "change")
    head = [(text(lang, key), "n" if key != "indicator" else "") for key in keys]
    title = text(lang, "compared_with", file=previous.name)
    if previous.reference_date:
        title += f" — {text(lang, 'reference_date')} {previous.reference_date}"
    return _section(title, table(head, lines))


def _section(title: str, body: str, /) -> str:
    return f"<section><h2>{masked(title)}</h2>{body}</section>"


def render_html(
    report: AuditReport,
    /,
    *,
    lang: Language = "fr",
    title: str | None = None,
    source: AuditInput | None = None,
    previous: PreviousAudit | None = None,
    sample: int = 20,
    generated: dt.datetime | None = None,
) -> str:
    """The whole page as a string (UTF-8 when written): `sample` rows (or groups) per code."""
    found = Indicators.of(report)
    changes = compare(previous.indicators, found) if previous is not None else []
    by_name = {change.name: change for change in changes}
    heading = title if title is not None else text(lang, "title")
    when = (generated or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    meta = (f"{source.label(lang)} — " if source is not None else "") + text(
        lang, "generated", when=when
    )
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{masked(heading)}</title><style>{_STYLE}</style></head><body><main>"
        f'<h1>{masked(heading)}</h1><p class="meta">{masked(meta)}</p>',
        _cards(found, by_name, lang),
        '<div class="grid">',
        _section(text(lang, "status_chart"), _statuses(found, by_name, lang)),
    ]
    if source is not None:
        parts.append(_section(text(lang, "input"), _input_block(source, report.rows, lang)))
    parts.append("</div>")
    parts.append(_section(text(lang, "finding_chart"), _finding_bars(found, by_name, lang)))
    if previous is not None:
        parts.append(_comparison(previous, changes, lang))
    if found.findings_by_code:
        parts.append(findings_section(report, found, lang, sample))
    parts.append("</main></body></html>\n")
    return "".join(parts)
