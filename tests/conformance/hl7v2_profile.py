"""The PID segment read by ``python-hl7`` and ``hl7apy``, and checked against IHE PAM France.

- ``python-hl7`` parses the segment (inside a minimal ADT^A28 message) and unescapes its values;
  :func:`pam_problems` walks that tree against the PAM France profile of the PID segment
  (``hl7v2/pam-france-PID.json``): usage (R, RE, X), repetitions, lengths of fields, components
  and sub-components, and the values of every table the profile names that is in
  ``hl7v2/pam-france-tables.json``.
- ``hl7apy`` parses the whole message with ``VALIDATION_LEVEL.STRICT`` (HL7 v2.5 datatypes,
  lengths and the ADT_A05 structure) and validates it: :func:`hl7apy_validates`.

The conditional usages (C) of the profile are not evaluated, except the HD rule that a universal
ID (HD.2) and its type (HD.3) go together.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import hl7
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.parser import parse_message

HERE = Path(__file__).resolve().parent / "hl7v2"
PID = json.loads((HERE / "pam-france-PID.json").read_text(encoding="utf-8"))
TABLES: dict[str, set[str]] = {
    table_id: {element["code"] for element in table["elements"]}
    for table_id, table in json.loads(
        (HERE / "pam-france-tables.json").read_text(encoding="utf-8")
    ).items()
}
MSH = "MSH|^~\\&|INS|HOSPITAL|RECEIVER|FACILITY|20260105093000||ADT^A28^ADT_A05|1|P|2.5^FRA^2.11"
EVN = "EVN||20260105093000"
PV1 = "PV1|1|N"


def message(segment: str) -> str:
    """A minimal ADT^A28 (structure ADT_A05, HL7 v2.5, FRA 2.11) around a PID segment."""
    return "\r".join([MSH, EVN, segment, PV1])


def hl7apy_validates(segment: str) -> bool:
    """``hl7apy``'s strict parse and validation of the message around ``segment``."""
    parsed = parse_message(
        message(segment), validation_level=VALIDATION_LEVEL.STRICT, find_groups=True
    )
    return bool(parsed.validate())


Tree = list[list[list[str]]]  # repetitions -> components -> sub-components


def _repetitions(field: Any, unescape: Any) -> Tree:
    reps: Tree = []
    children = list(field) if not isinstance(field, str) else [field]
    if children and all(isinstance(child, str) for child in children):
        children = [children[0]]  # a simple field: python-hl7 gives it as a list of one str
    for child in children:
        if isinstance(child, str):
            rep = [[unescape(child)]]
        else:
            rep = [
                [unescape(comp)] if isinstance(comp, str) else [unescape(str(s)) for s in comp]
                for comp in child
            ]
        if any(value for comp in rep for value in comp):
            reps.append(rep)
    return reps


def parse_pid(segment: str) -> dict[int, Tree]:
    """The fields of ``segment`` as parsed and unescaped by ``python-hl7``."""
    parsed = hl7.parse(message(segment))
    pid = parsed.segment("PID")
    return {index: _repetitions(pid[index], parsed.unescape) for index in range(1, len(pid))}


def _check_part(
    problems: list[str], where: str, definition: dict[str, Any], parts: list[str]
) -> None:
    """A component (the list of its sub-components) against its definition."""
    _check_usage(problems, where, definition, any(parts))
    subs = definition.get("components")
    if not subs:
        _check_content(problems, where, definition, parts[0] if parts else "")
    elif any(parts):  # the sub-components of an absent component are not required
        for index, sub in enumerate(subs):
            text = parts[index] if index < len(parts) else ""
            _check_usage(problems, f"{where}.{index + 1}", sub, bool(text))
            _check_content(problems, f"{where}.{index + 1}", sub, text)
        if len(parts) > len(subs):
            problems.append(f"{where} has {len(parts)} sub-components, {len(subs)} defined")
        universal, kind = [*parts, "", "", ""][1:3]
        if definition.get("Type") == "HD" and bool(universal) != bool(kind):
            problems.append(f"{where}: HD.2 (universal ID) and HD.3 (its type) go together")


def _check_usage(
    problems: list[str], where: str, definition: dict[str, Any], present: bool
) -> None:
    if definition["Usage"] == "R" and not present:
        problems.append(f"{where} ({definition['LongName']}) is required")
    if definition["Usage"] == "X" and present:
        problems.append(f"{where} ({definition['LongName']}) is not supported and must be empty")


def _check_content(problems: list[str], where: str, definition: dict[str, Any], value: str) -> None:
    length = definition.get("maxLength") or definition.get("Length")
    if value and length and len(value) > int(length):
        problems.append(f"{where} ({definition['LongName']}) exceeds {length} characters")
    table = definition.get("Table")
    if value and table in TABLES and value not in TABLES[table]:
        problems.append(f"{where}: {value!r} is not in table {table}")


def pam_problems(segment: str) -> list[str]:
    """What ``segment`` breaks of the IHE PAM France PID profile (empty when conformant)."""
    fields = parse_pid(segment)
    problems: list[str] = []
    for definition in PID["fields"]:
        index = int(definition["Name"].split(".")[1])
        reps = fields.get(index, [])
        where = definition["Name"]
        minimum, maximum = int(definition["Min"]), definition["Max"]
        if definition["Usage"] == "X":
            if reps:
                problems.append(f"{where} ({definition['LongName']}) is not supported")
            continue
        if len(reps) < minimum:
            problems.append(f"{where} ({definition['LongName']}) needs {minimum} repetition(s)")
        if maximum != "*" and len(reps) > int(maximum):
            problems.append(f"{where} ({definition['LongName']}) repeats more than {maximum}")
        for number, rep in enumerate(reps, start=1):
            here = f"{where}[{number}]"
            components = definition.get("components")
            if not components:
                _check_content(problems, here, definition, rep[0][0] if rep else "")
                continue
            if len(rep) > len(components):
                problems.append(f"{here} has {len(rep)} components, {len(components)} defined")
            for position, component in enumerate(components):
                parts = rep[position] if position < len(rep) else [""]
                _check_part(problems, f"{here}.{position + 1}", component, parts)
    return problems
