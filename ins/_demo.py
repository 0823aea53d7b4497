"""The front-desk scenario run by `ins demo`, on the embedded mock INSi (no network).

A person arrives; the agent types the traits as they come, lower case and accents included. The
library then does what a certified front desk does (docs/domain/traits.md#normalisation-steps,
docs/domain/insi.md#certification-search-strategy, docs/domain/status.md#transitions,
docs/domain/exports.md):

1. normalise the traits to the INSi form and show every change;
2. search INSi with the certification strategy (here the in-memory mock seeded with the public
   test persons);
3. check the typed traits against those INSi returned: the identity becomes RECUP;
4. check a high-trust identity document (a passport): the identity becomes QUAL;
5. export the INS, now shareable: the FHIR identifier, the HL7 v2 PID segment, the datamatrix
   and the MSSanté address.

The person is ADRUN Zoé, a fictitious test person of the INSi test platform: printing her
matricule is safe. `scenario` returns the steps as data (used by `--json` and the tests).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from ins._documents import IdentityDocument
from ins._identity import Identity
from ins._names import Normalized
from ins._traits import Traits, compare_traits, normalize_traits
from ins.insi._strategy import search_ins
from ins.insi.mock._insi import MockInsi
from ins.interop._datamatrix import GS, datamatrix_payload
from ins.interop._fhir import to_fhir_identifier
from ins.interop._hl7v2 import to_hl7v2_pid
from ins.interop._mssante import mssante_address

__all__ = ["TYPED", "run_demo", "scenario"]

TYPED: dict[str, str] = {
    "birth_name": " adrun",
    "first_names": "zoé",
    "sex": "f",
    "birth_date": "31/12/1975",
    "birthplace": "63220",
}
"""What the agent typed, as typed."""


def _changes(result: Normalized) -> list[dict[str, object]]:
    return [change.to_dict() for change in result.changes]


def scenario() -> dict[str, Any]:
    """Run the scenario; return each step as JSON-ready data (see the module documentation)."""
    typed = Traits.model_validate(TYPED)
    normalized = normalize_traits(typed)
    local = normalized.normalized
    identity = Identity(traits=local)
    insi = MockInsi.with_test_identities()
    outcome = search_ins(insi, local)
    individual = outcome.result.individual
    returned = individual.traits if individual is not None else None
    comparison = compare_traits(local, returned) if returned is not None else None
    retrieved = identity.apply_insi_result(outcome.result)
    qualified = retrieved.apply_document_check(IdentityDocument.PASSPORT, coherent=True)
    steps: dict[str, Any] = {
        "typed": dict(TYPED),
        "normalized": {
            field: {
                "original": result.original,
                "normalized": result.normalized,
                "changes": _changes(result),
            }
            for field, result in normalized.fields.items()
        },
        "insi_search": {
            "attempts": [
                {
                    "first_names": attempt.request.first_names,
                    "birthplace": attempt.request.birthplace,
                    "code": attempt.result.code.value,
                    "label": attempt.result.label,
                }
                for attempt in outcome.attempts
            ],
            "code": outcome.result.code.value,
            "oid": outcome.ins.oid.value if outcome.ins is not None else None,
        },
        "coherence": {
            "coherent": comparison is not None and comparison.coherent,
            "differences": list(comparison.traits) if comparison is not None else [],
            "status_before": identity.status.value,
            "status_after": retrieved.status.value,
            "reason": retrieved.events[-1].reason,
            "warning": retrieved.events[-1].warning,
        },
        "document_check": {
            "document": IdentityDocument.PASSPORT.value,
            "label": IdentityDocument.PASSPORT.label,
            "coherent": True,
            "status_before": retrieved.status.value,
            "status_after": qualified.status.value,
            "reason": qualified.events[-1].reason,
        },
        "status": qualified.status.value,
        "fhir_identifier": to_fhir_identifier(qualified),
        "hl7v2_pid": to_hl7v2_pid(qualified),
        "datamatrix": datamatrix_payload(qualified).replace(GS, "<GS>"),
        "mssante": mssante_address(qualified),
        "explain": qualified.explain(),
    }
    return steps


def _print_steps(steps: dict[str, Any]) -> None:
    out = sys.stdout.write
    out("ins demo: front-desk scenario on the embedded mock INSi (no network).\n")
    out("The person is ADRUN Zoé, a fictitious test person of the INSi test platform.\n\n")
    out("1. Typed at the front desk\n")
    for field, value in steps["typed"].items():
        out(f"   {field:<12} {value!r}\n")
    out("\n2. Normalised to the INSi form\n")
    for field, result in steps["normalized"].items():
        out(f"   {field:<12} {result['original']!r} -> {result['normalized']}\n")
        kinds: dict[str, int] = {}
        for change in result["changes"]:
            kinds[change["kind"]] = kinds.get(change["kind"], 0) + 1
        if kinds:
            summary = ", ".join(f"{kind} x{count}" for kind, count in kinds.items())
            out(f"   {'':<12} changes: {summary}\n")
    search = steps["insi_search"]
    out("\n3. INSi search by traits, certification strategy (mock INSi)\n")
    for number, attempt in enumerate(search["attempts"], start=1):
        place = f", birthplace {attempt['birthplace']}" if attempt["birthplace"] else ""
        out(
            f"   attempt {number}: first names {attempt['first_names']!r}{place} -> "
            f"{attempt['code']} {attempt['label']}\n"
        )
    out(f"   retained result: {search['code']}, INS under OID {search['oid']}\n")
    coherence = steps["coherence"]
    out("\n4. Coherence of the typed traits with the traits INSi returned\n")
    verdict = "coherent" if coherence["coherent"] else "NOT coherent"
    out(f"   {verdict}; status {coherence['status_before']} -> {coherence['status_after']}\n")
    out(f"   {coherence['reason']}\n")
    if coherence["warning"]:
        out(f"   warning: {coherence['warning']}\n")
    document = steps["document_check"]
    out("\n5. Identity document checked at the desk\n")
    out(f"   {document['label']} ({document['document']}), coherent with the traits; ")
    out(f"status {document['status_before']} -> {document['status_after']}\n")
    out(f"   {document['reason']}\n")
    out(f"\n6. Qualified identity ({steps['status']}): the INS may now be shared\n")
    identifier = json.dumps(steps["fhir_identifier"], ensure_ascii=False, indent=2)
    out("   FHIR identifier (FR Core):\n")
    out("".join(f"     {line}\n" for line in identifier.splitlines()))
    out(f"   HL7 v2 PID:  {steps['hl7v2_pid']}\n")
    out(f"   datamatrix:  {steps['datamatrix']}\n")
    out(f"   MSSanté:     {steps['mssante']}\n")
    out(f"\n{steps['explain']}\n")


def run_demo(*, json_output: bool = False) -> int:
    """Run the scenario and print it (or one JSON object); return the exit code 0."""
    steps = scenario()
    if json_output:
        sys.stdout.write(json.dumps({"command": "demo", **steps}, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    else:
        _print_steps(steps)
    return 0
