"""The `ins generate` command: a synthetic patient file with planted anomalies, no Python needed.

``ins generate OUT.csv [--rows N] [--seed S] [--delimiter ';'|','|tab] [--encoding ENC]
[--anomaly-rate R] [--duplicate-rate R] [--collision-rate R] [--planted PLANTED.csv]``

Writes the file of
[`ins.testing.patient_files.write_patient_file`][ins.testing.patient_files.write_patient_file]
(the columns of `ins audit`), and, with `--planted`, the list of what was planted (``kind, code,
local_ids``), so that a vendor can measure what its own pipeline finds. The same seed gives the
same file. Exit codes: 0 written, 1 the file cannot be written, 2 usage error.

This module only builds the parser at import; the generator loads when the command runs (it
needs neither Hypothesis nor pytest).

```pycon
>>> parser = argparse.ArgumentParser(prog="ins")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["generate", "out.csv", "--rows", "500", "--delimiter", "tab"])
>>> args.out, args.rows, args.delimiter, args.seed
('out.csv', 500, '\\t', 0)

```
"""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

__all__ = ["add_parser", "run"]

_DELIMITERS = {";": ";", ",": ",", "tab": "\t"}
MAX_ROWS = 100_000_000


def _rows(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_ROWS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of rows (0 to {MAX_ROWS}).")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share of rows (0 to 1).")
    return value


def _delimiter(text: str) -> str:
    if text not in _DELIMITERS:
        raise argparse.ArgumentTypeError("use ';', ',' or tab.")
    return _DELIMITERS[text]


def add_parser(subparsers: Any, /) -> None:
    """Add the `generate` command to the `ins` sub-command parsers."""
    parser = subparsers.add_parser(
        "generate",
        help="write a synthetic patient file with planted anomalies (to test an audit)",
        description="Write a CSV patient file of fictitious people in the columns of ins audit, "
        "with planted anomalies, duplicates and collisions; every other row is clean.",
        epilog="Exit codes: 0 written, 1 cannot write, 2 usage error.",
    )
    parser.add_argument("out", metavar="OUT", help="the CSV file to write")
    parser.add_argument("--rows", type=_rows, default=10_000, help="rows (default: 10000)")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same file (default: 0)")
    parser.add_argument(
        "--delimiter", type=_delimiter, default=";", help="';' (default), ',' or tab"
    )
    # The generated names and codes are ASCII: any encoding can hold them.
    parser.add_argument("--encoding", default="utf-8", help="utf-8 (default) or cp1252")
    for name, default, what in (
        ("anomaly", 0.03, "a planted anomaly of one row"),
        ("duplicate", 0.02, "a copy of an earlier person"),
        ("collision", 0.005, "an earlier person's matricule"),
    ):
        parser.add_argument(
            f"--{name}-rate",
            type=_rate,
            default=default,
            metavar="R",
            help=f"share of rows with {what} (default: {default})",
        )
    parser.add_argument(
        "--planted", metavar="FILE", help="also write what was planted (CSV: kind, code, local_ids)"
    )


def run(args: argparse.Namespace, /) -> int:
    """Run `ins generate` with parsed `args`; return the exit code."""
    import codecs  # noqa: PLC0415

    from ins.testing.patient_files import write_patient_file  # noqa: PLC0415

    try:
        codecs.lookup(args.encoding)
    except LookupError:
        print(f"ins generate: unknown encoding {args.encoding!r}.", file=sys.stderr)
        return 2
    try:
        planted = write_patient_file(
            args.out,
            args.rows,
            seed=args.seed,
            delimiter=args.delimiter,
            encoding=args.encoding,
            anomaly_rate=args.anomaly_rate,
            duplicate_rate=args.duplicate_rate,
            collision_rate=args.collision_rate,
        )
        if args.planted:
            with open(args.planted, "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, delimiter=args.delimiter)
                writer.writerow(("kind", "code", "local_ids"))
                for anomaly in planted:
                    writer.writerow((anomaly.kind, anomaly.code, " ".join(anomaly.local_ids)))
    except OSError as error:
        print(f"ins generate: cannot write the file: {error.strerror or error}.", file=sys.stderr)
        return 1
    print(f"Wrote {args.rows} rows to {args.out} ({len(planted)} planted anomalies).")
    return 0
