"""Writing an audit out: a summary for people, and the findings as CSV or JSON Lines.

The summary speaks the reader's language (French by default, `lang="en"`; ADR 0090): the file
and how it was read, the indicators, the rows per code (errors, then warnings, with each code's
label), and the change since a previous audit. The findings CSV is meant for spreadsheets (ADR
0093): French dialect by default (`;`, UTF-8 with a byte-order mark, what French Excel opens
as is), `dialect="standard"` for `,` without the mark; a cell that a spreadsheet would run as
a formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a leading `'` (OWASP).
JSON Lines, for programs, carry the values unchanged. Matricules never appear in full: finding
messages are masked when built, and local ids and messages are masked again here (a matricule
typed as a local id is still a matricule).

```pycon
>>> from ins.audit.report import AuditReport
>>> print(summary(AuditReport.empty(), lang="en"))
Rows: 0
Statuses: PROV 0 (0.0%), RECUP 0 (0.0%), VALI 0 (0.0%), QUAL 0 (0.0%)
Qualification rate (QUAL): 0.0%
Rows with at least one error: 0 (0.0% of the rows)
Rows with at least one warning: 0 (0.0% of the rows)
Errors: 0, warnings: 0
Potential duplicate groups: 0
Collision groups: 0
No findings.
>>> neutralise("=cmd|' /C calc'!A0"), neutralise("A-1")
("'=cmd|' /C calc'!A0", 'A-1')

```
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

from ins.audit.compare import Change, PreviousAudit, compare
from ins.audit.indicators import SEVERITIES, Indicators
from ins.audit.inputs import AuditInput, delimiter_name, encoding_name
from ins.audit.labels import Language, code_text
from ins.audit.report import STATUSES, AuditReport
from ins.audit.texts import integer, labelled, percent, share, text
from ins.errors import mask_text

__all__ = [
    "DIALECTS",
    "FINDING_COLUMNS",
    "FORMATS",
    "Dialect",
    "Format",
    "findings_format",
    "neutralise",
    "summary",
    "write_findings",
    "write_findings_to_stdout",
]

FINDING_COLUMNS = ("row", "local_id", "code", "severity", "group", "detail", "message")

Format = Literal["csv", "jsonl"]
FORMATS: dict[str, Format] = {".csv": "csv", ".jsonl": "jsonl"}
"""The findings formats, by file name extension (compared without case)."""

Dialect = Literal["fr", "standard"]
DIALECTS: dict[Dialect, tuple[str, str]] = {"fr": (";", "utf-8-sig"), "standard": (",", "utf-8")}
"""The CSV dialects: delimiter and encoding (`utf-8-sig` writes the byte-order mark)."""

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str, /) -> str:
    """`value` with a `'` in front when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def findings_format(path: str | os.PathLike[str], /) -> Format:
    """The format of a findings file from its name; `ValueError` with a sentence otherwise.

    ```pycon
    >>> findings_format("out.JSONL")
    'jsonl'
    >>> findings_format("out.txt")
    Traceback (most recent call last):
    ...
    ValueError: Cannot tell the format of 'out.txt' from its extension: name it .csv or .jsonl.

    ```
    """
    found = FORMATS.get(Path(path).suffix.lower())
    if found is None:
        raise ValueError(
            f"Cannot tell the format of {os.fspath(path)!r} from its extension: name it .csv or "
            ".jsonl."
        )
    return found


def _input_lines(source: AuditInput, lang: Language, /) -> list[str]:
    how = text(lang, "given" if source.encoding_given else "detected")
    lines = [
        labelled(lang, text(lang, "file"), source.label(lang)),
        "  " + labelled(lang, text(lang, "encoding"), f"{encoding_name(source.encoding)} ({how})"),
        "  " + labelled(lang, text(lang, "delimiter"), delimiter_name(source.delimiter, lang)),
    ]
    if source.mapping:
        pairs = ", ".join(f"{field}={column}" for field, column in source.mapping.items())
        lines.append("  " + labelled(lang, "--map", pairs))
    lines.append(
        "  " + labelled(lang, text(lang, "reference_date"), source.reference_date.isoformat())
    )
    absent = source.absent(lang)
    if absent:
        lines.append("  " + labelled(lang, text(lang, "absent_optional")))
        lines.extend("    " + labelled(lang, field, cost) for field, cost in absent)
    return lines


def summary(
    report: AuditReport,
    /,
    *,
    lang: Language = "fr",
    source: AuditInput | None = None,
    previous: PreviousAudit | None = None,
) -> str:
    """A few lines for a person: the input (when given), statuses, qualification rate, rows with
    errors or warnings, groups, rows per code, and the change since `previous`."""
    found = Indicators.of(report)
    rows = report.rows
    counts = found.status_counts
    statuses = {
        s: f"{s} {integer(counts[s], lang)} ({share(counts[s], rows, lang)})" for s in STATUSES
    }
    severity = found.findings_by_severity or {}
    total = sum(severity.values())

    def rows_share(count: int) -> str:
        return f"{integer(count, lang)} ({share(count, rows, lang)} {text(lang, 'of_rows')})"

    def finding_share(kind: str) -> str:
        count = severity.get(kind, 0)
        of_findings = f"{share(count, total, lang)} {text(lang, 'of_findings')}"
        return f"{integer(count, lang)} ({of_findings})" if total else integer(count, lang)

    lines = _input_lines(source, lang) if source is not None else []
    separator = " ; " if lang == "fr" else ", "
    lines += [
        labelled(lang, text(lang, "rows"), integer(rows, lang)),
        labelled(lang, text(lang, "statuses"), ", ".join(statuses[s] for s in STATUSES)),
        labelled(lang, text(lang, "qualification_rate"), percent(found.qualification_rate, lang)),
        labelled(lang, text(lang, "rows_with_errors"), rows_share(found.rows_with_errors or 0)),
        labelled(lang, text(lang, "rows_with_warnings"), rows_share(found.rows_with_warnings or 0)),
        labelled(lang, text(lang, "error_findings"), finding_share("error"))
        + separator
        + labelled(lang, text(lang, "warning_findings").lower(), finding_share("warning")),
        labelled(lang, text(lang, "duplicate_groups"), integer(found.duplicate_groups, lang)),
        labelled(lang, text(lang, "collision_groups"), integer(found.collision_groups, lang)),
    ]
    if not found.findings_by_code:
        lines.append(text(lang, "no_findings"))
    width = max(map(len, found.findings_by_code), default=0)
    for kind in SEVERITIES:
        codes = found.codes(kind)
        if codes:
            lines.append(text(lang, f"{kind}s_by_code"))
        lines.extend(
            f"  {code:<{width}}  {integer(count, lang):>9}  {code_text(code, lang).label}"
            for code, count in codes
        )
    if previous is not None:
        lines.append(labelled(lang, text(lang, "compared_with", file=previous.name)))
        for change in compare(previous.indicators, found):
            lines.append("  " + labelled(lang, change.label(lang), _change_text(change, lang)))
    return "\n".join(lines)


def _change_text(change: Change, lang: Language, /) -> str:
    if change.better is None:
        verdict = "" if change.changed else ", " + text(lang, "same")
    else:
        verdict = ", " + text(lang, "better" if change.better else "worse")
    before, after = change.shown(change.before, lang), change.shown(change.after, lang)
    return f"{before} -> {after} ({change.delta(lang)}{verdict})"


def write_findings(
    report: AuditReport,
    target: str | os.PathLike[str] | BinaryIO,
    /,
    *,
    format: Format | None = None,
    dialect: Dialect = "fr",
) -> int:
    """Write the findings to `target`, a path or a binary stream (standard output); return how
    many were written. `format` defaults to the path's extension (`findings_format`; CSV
    for a stream). CSV columns are `FINDING_COLUMNS` in the `dialect` given."""
    if isinstance(target, str | os.PathLike):
        kind = format or findings_format(target)
        with open(target, "w", encoding=_encoding(kind, dialect), newline="") as out:
            return _write(report, out, kind, dialect)
    kind = format or "csv"
    wrapper = io.TextIOWrapper(target, encoding=_encoding(kind, dialect), newline="")
    try:
        return _write(report, wrapper, kind, dialect)
    finally:
        wrapper.flush()
        wrapper.detach()  # the caller's stream stays open


def write_findings_to_stdout(
    report: AuditReport,
    stdout: TextIO,
    /,
    *,
    format: Format | None = None,
    dialect: Dialect = "fr",
) -> int:
    """`write_findings` to standard output: to its bytes when it has them (the encoding
    is the format's, not the console's), else as text (`contextlib.redirect_stdout`)."""
    binary = getattr(stdout, "buffer", None)
    if binary is not None:
        return write_findings(report, binary, format=format, dialect=dialect)
    data = io.BytesIO()
    written = write_findings(report, data, format=format, dialect=dialect)
    stdout.write(data.getvalue().decode("utf-8"))
    return written


def _encoding(kind: Format, dialect: Dialect, /) -> str:
    return "utf-8" if kind == "jsonl" else DIALECTS[dialect][1]


def _write(report: AuditReport, out: TextIO, kind: Format, dialect: Dialect, /) -> int:
    findings = report.findings
    if kind == "jsonl":
        for finding in findings:
            record = finding.to_dict()
            record.update(local_id=mask_text(finding.local_id), message=mask_text(finding.message))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return len(findings)
    writer = csv.writer(out, delimiter=DIALECTS[dialect][0])
    writer.writerow(FINDING_COLUMNS)
    for finding in findings:
        writer.writerow(
            (
                finding.row,
                neutralise(mask_text(finding.local_id)),
                finding.code,
                finding.severity,
                neutralise(finding.group or ""),
                neutralise(finding.detail or ""),
                neutralise(mask_text(finding.message)),
            )
        )
    return len(findings)
