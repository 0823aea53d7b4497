"""The `ins` command line (`python -m ins` or the `ins` console script).

Standard library only (argparse). Commands (docs/cli.md):

- `ins check NUMBER [--oid OID] [--strictness LEVEL] [--json]`: is this a valid NIR/NIA (and
  INS OID)? Prints its parts, the matricule masked.
- `ins normalize --birth-name TEXT --first-names TEXT [--policy P] [--json]`: the INSi form of
  what a person typed, with every change.
- `ins demo`: the front-desk scenario on the embedded mock INSi (`ins._demo`).
- `ins audit FILE ...`: the patient-file audit (`ins.audit.cli`).

Exit codes (ADR 0052): 0 valid / done, 1 invalid input, 2 usage error. Messages for people go to
stderr; `--json` prints exactly one JSON object on stdout, errors included. A user error never
shows a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import ins
from ins import nir
from ins._argparse import ArgumentParser
from ins._demo import run_demo
from ins._identifiers import Oid
from ins._name_steps import Change
from ins._names import normalize_birth_name, normalize_first_names
from ins.audit import cli as audit_cli
from ins.errors import InsError, InvalidFormat, mask, mask_text
from ins.insi import __main__ as insi_cli
from ins.testing import generate_cli

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_Runner = Callable[[argparse.Namespace], int]


def _print_json(payload: dict[str, Any]) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2))


def _error_payload(error: InsError) -> dict[str, Any]:
    payload: dict[str, Any] = {"code": error.code, "message": error.message}
    for attribute in ("component", "trait", "character", "position"):
        if hasattr(error, attribute):
            payload[attribute] = getattr(error, attribute)
    return payload


def _fail(error: InsError, *, as_json: bool, **extra: Any) -> int:
    """Report an invalid input: the sentence (and a `hint`) on stderr, and the JSON object
    when asked."""
    print(f"ins: {error.message}", file=sys.stderr)
    if "hint" in extra:
        print(f"ins: {extra['hint']}", file=sys.stderr)
    if as_json:
        _print_json({**extra, "valid": False, "error": _error_payload(error)})
    return EXIT_INVALID


def _typed_number(text: str, /) -> str:
    """What a person pasted, for the NIR rules: any white space (a tab from a spreadsheet, a
    no-break space from a French document) counts as a space; text without a digit is refused
    plainly rather than by its length."""
    if not any("0" <= char <= "9" for char in text):
        raise InvalidFormat("This is not a NIR: it has no digit (a NIR has 13 digits and a key).")
    return " ".join(text.split())


def _check(args: argparse.Namespace) -> int:
    try:
        number = nir.parse(_typed_number(args.number), strictness=args.strictness)
        oid = Oid.parse(args.oid) if args.oid is not None else None
    except InsError as error:
        return _fail(error, as_json=args.json, command="check")
    facts: dict[str, Any] = {
        "command": "check",
        "valid": True,
        "matricule": mask(number),
        "strictness": nir.Strictness(args.strictness).value,
        "key": number.key,
        "sex": number.sex.value,
        "year": number.year,
        "month_code": number.month_code,
        "birth_month": number.birth_month,
        "born_abroad": number.born_abroad,
        "country_code": number.country_code,
        "is_provisional_kind": number.is_provisional_kind,
    }
    if oid is not None:
        facts["oid"] = oid.value
        facts["kind"] = oid.kind.value
        facts["fhir_type"] = oid.fhir_type_code
    if args.json:
        _print_json(facts)
        return EXIT_OK
    print(f"{mask(number)}: valid at level {facts['strictness']} (key {number.key}).")
    month = number.birth_month if number.birth_month is not None else "unknown (pseudo-month)"
    print(f"  sex {number.sex.value}, year {number.year:02d}, month {month}")
    if number.born_abroad:
        print(f"  born abroad, country code {number.country_code}")
    if number.is_provisional_kind:
        print(f"  first digit {number.sex_digit}: accepted, but not seen in INS matricules")
    if oid is not None:
        print(f"  OID {oid.value}: {oid.kind.value} (FHIR type {oid.fhir_type_code})")
    return EXIT_OK


def _check_policy(value: str) -> str:
    if value not in ("reject", "transliterate", "drop"):
        raise argparse.ArgumentTypeError("use reject, transliterate or drop")
    return value


def _normalize(args: argparse.Namespace) -> int:
    if args.birth_name is None and args.first_names is None:
        print(
            "ins normalize: give --birth-name, --first-names or both.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    results: dict[str, Any] = {}
    fields = (
        ("birth_name", args.birth_name, normalize_birth_name),
        ("first_names", args.first_names, normalize_first_names),
    )
    for field, text, function in fields:
        if text is None:
            continue
        try:
            results[field] = function(text, policy=args.policy)
        except InsError as error:
            hint = {}
            if field == "first_names" and "," in text:
                spaced = " ".join(text.replace(",", " ").split())
                hint["hint"] = f"INSi separates first names with spaces, not commas: {spaced!r}."
            return _fail(error, as_json=args.json, command="normalize", field=field, **hint)
    if args.json:
        _print_json(
            {
                "command": "normalize",
                "valid": True,
                # What was typed is echoed masked: it may be a matricule in the wrong field.
                **{
                    field: {**result.to_dict(), "original": mask_text(result.original)}
                    for field, result in results.items()
                },
            }
        )
        return EXIT_OK
    for field, result in results.items():
        print(
            f"{field.replace('_', ' ')}: {mask_text(repr(result.original))} -> {result.normalized}"
        )
        case_changes = [change for change in result.changes if change.kind == "case"]
        if case_changes:
            print(f"  case: {len(case_changes)} lower-case letter(s) put in upper case")
        for change in result.changes:
            if change.kind != "case":
                print(
                    f"  {_change_label(change)}: {change.before!r} -> {change.after!r} "
                    f"at position {change.position}"
                )
        for warning in result.warnings:
            print(f"  warning: {warning}")
    return EXIT_OK


# Letters that NFKD does not decompose and that INSi takes as their base letter: Ø, Đ and Ł are
# letters with a stroke, not ligatures (ChangeKind keeps one kind for both; the CLI says which).
_STROKED = frozenset("ØøĐđŁł")


def _change_label(change: Change) -> str:
    """How `ins normalize` names a change: its kind, or what the letter is when that is clearer."""
    if change.kind == "ligature" and change.before in _STROKED:
        return "letter with a stroke"
    if change.kind == "ligature" and len(change.after) == 1:
        return "special letter"
    return change.kind


def _demo(args: argparse.Namespace) -> int:
    return run_demo(json_output=args.json)


def _build_parser() -> tuple[argparse.ArgumentParser, dict[str, _Runner]]:
    parser = ArgumentParser(
        prog="ins",
        description="French national health identity (INS): check, normalise, demo, audit, "
        "generate test files, serve the mock INSi.",
        epilog="Exit codes: 0 valid or done, 1 invalid input, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"ins {ins.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    runners: dict[str, _Runner] = {}

    check = commands.add_parser(
        "check",
        help="check a NIR/NIA matricule (and its OID)",
        description="Check a NIR/NIA matricule; exit 0 when valid, 1 when not.",
    )
    check.add_argument("number", metavar="NUMBER", help="13+2 characters; spaces, dots allowed")
    check.add_argument("--oid", help="the OID it travels with, e.g. 1.2.250.1.213.1.4.8")
    check.add_argument(
        "--strictness",
        choices=[level.value for level in nir.Strictness],
        default=nir.Strictness.STANDARD.value,
        help="how much is checked beyond the key (default: standard)",
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")
    runners["check"] = _check

    normalize = commands.add_parser(
        "normalize",
        help="put a birth name and first names in the form INSi accepts",
        description="Show the form INSi accepts for a birth name and birth first names, and "
        "every change made: upper case A-Z; accents removed; ligatures and letters with a "
        "stroke spelt out (Œ -> OE, Ø -> O); typographic apostrophes and dashes made plain; "
        "white space collapsed; first names separated by single spaces.",
        epilog="Exit codes: 0 done, 1 a name INSi cannot take, 2 usage error.",
    )
    normalize.add_argument("--birth-name", metavar="TEXT", help="the birth name as typed")
    normalize.add_argument("--first-names", metavar="TEXT", help="the birth first names")
    normalize.add_argument(
        "--policy",
        type=_check_policy,
        default="reject",
        help="characters outside the INSi set: reject (default), transliterate or drop",
    )
    normalize.add_argument("--json", action="store_true", help="print one JSON object")
    runners["normalize"] = _normalize

    demo = commands.add_parser(
        "demo",
        help="run the front-desk scenario on the embedded mock INSi (no network)",
        description="Typed traits -> normalisation -> INSi search (mock) -> coherence -> "
        "identity document -> qualified identity (QUAL) -> FHIR identifier.",
    )
    demo.add_argument("--json", action="store_true", help="print one JSON object")
    runners["demo"] = _demo

    audit_cli.add_parser(commands)
    runners["audit"] = audit_cli.run
    generate_cli.add_parser(commands)
    runners["generate"] = generate_cli.run
    serve = insi_cli.add_serve_parser(commands)
    runners["serve"] = lambda args: insi_cli.run_serve(serve, args, prog="ins serve")
    return parser, runners


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit code."""
    parser, runners = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits 2 on a usage error and 0 after --help / --version.
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    runner = runners.get(args.command)
    if runner is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return runner(args)
    except InsError as error:
        return _fail(error, as_json=bool(getattr(args, "json", False)))
    except KeyboardInterrupt:
        print("ins: interrupted.", file=sys.stderr)
        return 130
