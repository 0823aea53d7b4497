"""The `ins audit` command: audit a patient file from the command line.

``ins audit FILE|- [--map FIELD=COLUMN ...] [--encoding ENC] [--jobs N|auto] [--progress]
[--json] [--findings OUT.csv|OUT.jsonl|-] [--findings-format csv|jsonl] [--csv-dialect
fr|standard] [--html OUT.html] [--lang fr|en] [--compare PREVIOUS.json] [--fail-on
error|warning] [--today DATE]``

A summary for people on stdout, in French unless `--lang en` (or, with `--json`, one object
with English keys: `rows`, `status_counts`, `qualification_rate`, `findings_by_code`,
`duplicate_groups`, `collision_groups`, `findings_by_severity`, `rows_with_errors`,
`rows_with_warnings`, `input`, and `comparison` with `--compare`); the findings as CSV or
JSON Lines (`--findings -`: on stdout, the summary then goes to stderr); a self-contained HTML
page; a progress line on stderr when stderr is a terminal or `--progress` is given. `FILE`
`-` is standard input, copied to a temporary file first (at most `STDIN_LIMIT` bytes).
`--map` takes one or more `field=COLUMN` items and can be repeated; when the file name comes
after the items (`--map a=B c=D export.csv`), the one item without `=` is the file (ADR 0091).
Row numbers count records after the header (the header and blank lines are not counted). Exit
codes: 0 done, 1 invalid input (unreadable file, missing columns, a `--compare` file that is not
a `--json` output) or findings at the `--fail-on` level, 2 usage error. Matricules are masked
everywhere.

This module only builds the parser at import; the audit machinery loads when the command runs.

```pycon
>>> parser = argparse.ArgumentParser(prog="ins")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["audit", "--map", "sex=SEXE", "export.csv", "--jobs", "2"])
>>> file_and_mapping(args.file, args.map), args.jobs, args.lang
(('export.csv', ['sex=SEXE']), 2, 'fr')

```
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ins.audit.labels import Language
from ins.audit.texts import integer, text

__all__ = ["STDIN_LIMIT", "ProgressLine", "add_parser", "file_and_mapping", "run"]

STDIN_LIMIT = 4 << 30
"""Bytes of standard input copied at most (4 GiB, some 40 million rows): beyond, audit a file
(ADR 0091); without a bound, `cat /dev/zero | ins audit -` would fill the disk."""

_ROWS = (
    "Row numbers count the records after the header: row 1 is the first record; the header and "
    "blank lines are not counted (without blank lines or line breaks inside values, row N is "
    "line N + 1 of the file)."
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD.") from None


def _jobs(text: str) -> int:
    """A number of processes, or 0 for `auto`."""
    if text == "auto":
        return 0
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of processes (1 or more, or auto)."
        )
    return value


def add_parser(subparsers: Any, /) -> None:
    """Add the `audit` command to the `ins` sub-command parsers."""
    parser = subparsers.add_parser(
        "audit",
        help="audit a patient file: statuses, anomalies, duplicates, collisions",
        description="Audit a CSV export of an identity base (';', ',' or tab; UTF-8, UTF-16 or "
        "Windows-1252): identity-vigilance indicators and findings.",
        epilog=f"{_ROWS} Exit codes: 0 done, 1 invalid input or findings at the --fail-on "
        "level, 2 usage error.",
    )
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="the CSV file, or - for stdin (before or after --map)",
    )
    parser.add_argument(
        "--map",
        nargs="+",
        action="extend",
        default=[],
        metavar="FIELD=COLUMN",
        help="column of a field, e.g. --map birth_name=NOM_NAISSANCE sex=SEXE; repeatable "
        "(default: the field names)",
    )
    parser.add_argument("--encoding", help="file encoding (default: detected)")
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes to use, or auto: one per CPU (at most 8) for a file of 16 MiB or more, "
        "else 1 (default: auto)",
    )
    parser.add_argument(
        "--progress", action="store_true", help="show progress on stderr (default: on a terminal)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--findings",
        metavar="OUT",
        help="write every finding to OUT: .csv or .jsonl, or - for stdout (CSV unless "
        "--findings-format jsonl); column row = record number, header not counted",
    )
    parser.add_argument(
        "--findings-format", choices=("csv", "jsonl"), help="findings format (default: from OUT)"
    )
    parser.add_argument(
        "--csv-dialect",
        choices=("fr", "standard"),
        default="fr",
        help="findings CSV: fr = ';' and a UTF-8 byte-order mark, what French spreadsheets open "
        "(default); standard = ',' without the mark",
    )
    parser.add_argument("--html", metavar="OUT", help="write a self-contained HTML report (.html)")
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default="fr",
        help="summary and report language (default: fr)",
    )
    parser.add_argument(
        "--compare",
        metavar="PREVIOUS",
        help="show the change since a previous audit (the output of ins audit --json)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        help="exit 1 when a finding of this severity (or worse) is found",
    )
    parser.add_argument(
        "--today", type=_date, metavar="DATE", help="judge birth dates on this date (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--known-pairs",
        metavar="FILE",
        help="CSV of pairs of local ids already reviewed as different persons (two columns, "
        "header optional): not reported as potential duplicates again",
    )


def file_and_mapping(file: str | None, items: Sequence[str], /) -> tuple[str, list[str]]:
    """The file to audit and the `--map` items, recovering a file name that `--map` took:
    `--map a=B c=D export.csv` gives the file `export.csv`. `ValueError` with a sentence
    when there is no file, or more than one candidate."""
    if file is not None:
        return file, list(items)
    candidates = [item for item in items if "=" not in item]
    if len(candidates) != 1:
        raise ValueError(
            "Give the file to audit (FILE, or - for standard input), after the --map items or "
            "before them."
            if not candidates
            else f"Which is the file to audit: {', '.join(map(repr, candidates))}? Write each "
            "--map item as field=COLUMN."
        )
    return candidates[0], [item for item in items if "=" in item]


def _check_outputs(args: argparse.Namespace, /) -> None:
    """Refuse, before auditing, outputs that cannot be written as asked."""
    from ins.audit.output import findings_format  # noqa: PLC0415

    if args.findings not in (None, "-") and args.findings_format is None:
        try:
            findings_format(args.findings)
        except ValueError as error:
            raise ValueError(f"{str(error).rstrip('.')} (or give --findings-format).") from None
    if args.html is not None and Path(args.html).suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"The HTML report {args.html!r} must be named .html or .htm.")
    if args.findings == "-" and args.json:
        raise ValueError("--json and --findings - both write to standard output: choose one.")


class ProgressLine:
    """Writes `rows done, rows/s, time left` on one line of `stream`, twice a second, in `lang`
    with its thousands separator (`ins.audit.texts.integer`, as the summary)."""

    def __init__(self, stream: TextIO, /, *, lang: Language = "fr") -> None:
        self._stream = stream
        self._lang = lang
        self._start = time.monotonic()
        self._last = 0.0

    def __call__(self, rows: int, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last < 0.5 and done < total:
            return
        self._last = now
        elapsed = max(now - self._start, 1e-9)
        left = elapsed * (total - done) / done if done else 0.0
        shown = text(
            self._lang,
            "progress",
            rows=integer(rows, self._lang),
            speed=integer(round(rows / elapsed), self._lang),
            left=f"{int(left) // 60:02d}:{int(left) % 60:02d}",
        )
        self._stream.write(f"\r{shown}   ")
        self._stream.flush()

    def close(self) -> None:
        """End the progress line."""
        self._stream.write("\n")
        self._stream.flush()


def _fail(message: str, code: str, *, as_json: bool) -> int:
    print(f"ins audit: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"error": {"code": code, "message": message}}))
    return 1


def run(args: argparse.Namespace, /) -> int:
    """Run `ins audit` with parsed `args`; return the exit code."""
    from ins.audit.engine import without_cyclic_gc  # noqa: PLC0415 (keep `ins --help` light)

    # The report's millions of small objects hold no cycles: the collector's passes over them
    # while the summary and outputs are made cost 3% of a million-row `ins audit` (8.48 s against
    # 8.21 s, same run, 2026-12-06); the pause is the engine's own, kept to the end.
    with without_cyclic_gc():
        return _run(args)


def _run(args: argparse.Namespace, /) -> int:
    from ins.audit.columns import parse_mapping  # noqa: PLC0415 (keep `ins --help` light)
    from ins.audit.compare import compare, load_previous  # noqa: PLC0415
    from ins.audit.engine import audit_csv, auto_jobs  # noqa: PLC0415
    from ins.audit.html import render_html  # noqa: PLC0415
    from ins.audit.indicators import Indicators  # noqa: PLC0415
    from ins.audit.inputs import AuditInput, audit_path  # noqa: PLC0415
    from ins.audit.output import summary, write_findings, write_findings_to_stdout  # noqa: PLC0415
    from ins.errors import InsError  # noqa: PLC0415

    try:
        file, items = file_and_mapping(args.file, args.map)
        mapping = parse_mapping(items)
        _check_outputs(args)
    except ValueError as error:
        print(f"ins audit: {error}", file=sys.stderr)
        return 2
    from ins.audit.known_pairs import read_known_pairs  # noqa: PLC0415

    today = args.today or dt.date.today()
    progress = (
        ProgressLine(sys.stderr, lang=args.lang) if args.progress or sys.stderr.isatty() else None
    )
    copy: str | None = None  # the temporary copy of standard input, named as such in errors
    try:
        previous = load_previous(args.compare) if args.compare else None
        known = read_known_pairs(args.known_pairs) if args.known_pairs else None
        with audit_path(file, sys.stdin.buffer if file == "-" else None, limit=STDIN_LIMIT) as path:
            copy = path if path != file else None
            source = AuditInput.read(
                path, encoding=args.encoding, mapping=mapping, today=today, name=file
            )
            report = audit_csv(
                path,
                mapping=mapping,
                encoding=source.encoding,
                today=today,
                jobs=args.jobs or auto_jobs(path),
                progress=progress,
                known_pairs=known,
            )
    except InsError as error:
        if progress is not None:
            progress.close()
        message = error.message
        if copy is not None:
            message = message.replace(repr(copy), "standard input")
        return _fail(message, error.code, as_json=args.json)
    if progress is not None:
        progress.close()
    try:
        if args.findings == "-":
            sys.stdout.flush()
            write_findings_to_stdout(
                report, sys.stdout, format=args.findings_format, dialect=args.csv_dialect
            )
        elif args.findings:
            write_findings(
                report, args.findings, format=args.findings_format, dialect=args.csv_dialect
            )
        if args.html:
            page = render_html(report, lang=args.lang, source=source, previous=previous)
            with open(args.html, "w", encoding="utf-8") as out:
                out.write(page)
    except OSError as error:
        print(f"ins audit: cannot write the output: {error}.", file=sys.stderr)
        return 1
    if args.json:
        found = Indicators.of(report)
        data = {**report.to_json(), **found.extra_json(), "input": source.to_json()}
        if previous is not None:
            data["comparison"] = {
                "previous": previous.name,
                "changes": [
                    {"indicator": c.name, "before": c.before, "after": c.after, "better": c.better}
                    for c in compare(previous.indicators, found)
                ],
            }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        shown = summary(report, lang=args.lang, source=source, previous=previous)
        print(shown, file=sys.stderr if args.findings == "-" else sys.stdout)
    if args.fail_on == "error" and report.has_errors():
        return 1
    if args.fail_on == "warning" and report.findings:
        return 1
    return 0
