"""The ``ins`` command line (``python -m ins`` or the ``ins`` console script).

Standard library only (argparse). Exit codes: 0 valid / done, 1 invalid input, 2 usage error.
Messages for people go to stderr; ``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import ins

__all__ = ["main"]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ins",
        description="French national health identity (INS): check, normalise, demo, audit.",
    )
    parser.add_argument("--version", action="version", version=f"ins {ins.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "demo", help="run the front-desk scenario on the embedded mock INSi (no network)"
    )
    return parser


def _demo() -> int:
    print(
        "ins demo: front-desk scenario on the embedded mock INSi.\n"
        "Steps: normalise the typed traits -> search INSi (certification strategy) -> "
        "check coherence -> check an identity document -> qualified identity (QUAL)."
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command == "demo":
        return _demo()
    parser.print_help(sys.stderr)
    return 2
