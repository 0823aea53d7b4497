"""The ``ins audit`` command: audit a patient file from the command line.

``ins audit FILE [--map FIELD=COLUMN ...] [--encoding ENC] [--jobs N|auto] [--progress] [--json]
[--findings OUT.csv|OUT.jsonl] [--html OUT.html] [--fail-on error|warning] [--today DATE]``

A summary for people on stdout (or, with ``--json``, one object with ``rows``, ``status_counts``,
``qualification_rate``, ``findings_by_code``, ``duplicate_groups``, ``collision_groups``); the
findings as CSV or JSON Lines; a self-contained HTML page; a progress line on stderr (rows done,
rows per second, time left) when stderr is a terminal or ``--progress`` is given. A large file is
audited by several processes unless ``--jobs 1`` is given (``--jobs auto``, the default: see
``ins.audit.engine.auto_jobs``); the report is the same. Exit codes:
0 done, 1 invalid input (unreadable file, missing columns) or findings at the ``--fail-on`` level,
2 usage error. Matricules are masked everywhere.

This module only builds the parser at import; the audit machinery loads when the command runs.

>>> parser = argparse.ArgumentParser(prog="ins")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["audit", "export.csv", "--map", "sex=SEXE", "--jobs", "2"])
>>> args.file, args.map, args.jobs, args.fail_on
('export.csv', ['sex=SEXE'], 2, None)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from typing import Any, TextIO

__all__ = ["ProgressLine", "add_parser", "run"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD.") from None


def _jobs(text: str) -> int:
    """A number of processes, or 0 for ``auto``."""
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
    """Add the ``audit`` command to the ``ins`` sub-command parsers."""
    parser = subparsers.add_parser(
        "audit",
        help="audit a patient file: statuses, anomalies, duplicates, collisions",
        description="Audit a CSV export of an identity base (';' or ',', UTF-8 or "
        "Windows-1252): identity-vigilance indicators and findings.",
        epilog="Exit codes: 0 done, 1 invalid input or findings at the --fail-on level, "
        "2 usage error.",
    )
    parser.add_argument("file", metavar="FILE", help="the CSV file to audit")
    parser.add_argument(
        "--map",
        nargs="+",
        action="extend",
        default=[],
        metavar="FIELD=COLUMN",
        help="column of a field, e.g. birth_name=NOM_NAISSANCE (default: the field names)",
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
        "--findings", metavar="OUT", help="write the findings to OUT (.csv, or .jsonl)"
    )
    parser.add_argument("--html", metavar="OUT", help="write a self-contained HTML report")
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


class ProgressLine:
    """Writes ``rows done, rows/s, time left`` on one line of ``stream``, twice a second."""

    def __init__(self, stream: TextIO, /) -> None:
        self._stream = stream
        self._start = time.monotonic()
        self._last = 0.0

    def __call__(self, rows: int, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last < 0.5 and done < total:
            return
        self._last = now
        elapsed = max(now - self._start, 1e-9)
        left = elapsed * (total - done) / done if done else 0.0
        self._stream.write(
            f"\r{rows} rows, {rows / elapsed:,.0f} rows/s, "
            f"{int(left) // 60:02d}:{int(left) % 60:02d} left   "
        )
        self._stream.flush()

    def close(self) -> None:
        """End the progress line."""
        self._stream.write("\n")
        self._stream.flush()


def run(args: argparse.Namespace, /) -> int:
    """Run ``ins audit`` with parsed ``args``; return the exit code."""
    from ins.audit.columns import parse_mapping  # noqa: PLC0415 (keep `ins --help` light)
    from ins.audit.csvio import AuditInputError  # noqa: PLC0415
    from ins.audit.engine import audit_csv, auto_jobs  # noqa: PLC0415
    from ins.audit.html import render_html  # noqa: PLC0415
    from ins.audit.output import summary, write_findings  # noqa: PLC0415

    try:
        mapping = parse_mapping(args.map)
    except ValueError as error:
        print(f"ins audit: {error}", file=sys.stderr)
        return 2
    from ins.audit.known_pairs import read_known_pairs  # noqa: PLC0415

    progress = ProgressLine(sys.stderr) if args.progress or sys.stderr.isatty() else None
    try:
        known = read_known_pairs(args.known_pairs) if args.known_pairs else None
        report = audit_csv(
            args.file,
            mapping=mapping,
            encoding=args.encoding,
            today=args.today,
            jobs=args.jobs or auto_jobs(args.file),
            progress=progress,
            known_pairs=known,
        )
    except AuditInputError as error:
        if progress is not None:
            progress.close()
        print(f"ins audit: {error.message}", file=sys.stderr)
        if args.json:
            print(json.dumps({"error": {"code": error.code, "message": error.message}}))
        return 1
    if progress is not None:
        progress.close()
    try:
        if args.findings:
            write_findings(report, args.findings)
        if args.html:
            page = render_html(report, title="Identity audit", source=str(args.file))
            with open(args.html, "w", encoding="utf-8") as out:
                out.write(page)
    except OSError as error:
        print(f"ins audit: cannot write the output: {error}.", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(summary(report))
    if args.fail_on == "error" and report.has_errors():
        return 1
    if args.fail_on == "warning" and report.findings:
        return 1
    return 0
