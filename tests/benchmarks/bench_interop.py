"""Speed of the interop exports of a qualified identity, and of the ``ins demo`` scenario.

The baseline, measured in the same run, is what a vendor writes by hand without the library: an
FR Core INS identifier dictionary built from the stored matricule and OID with no status check.
Every export of ``ins.interop`` reads the identity, enforces the RNIV rule (``require_qualified``,
which derives the status) and reads the evidence from the event log, so it costs more: the figures
say how much. The whole front-desk scenario of ``ins demo`` (mock INSi included) is timed too.
Run:

    python tests/benchmarks/bench_interop.py

No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from ins import Identity, Traits
from ins._demo import scenario
from ins.insi import ReturnedTraits, WireIns, make_result
from ins.interop import (
    datamatrix_payload,
    decode_payload,
    mssante_address,
    to_fhir_identifier,
    to_fhir_patient,
    to_hl7v2_pid,
)

_T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
_TRAITS = Traits(
    birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31", birthplace="63220"
)
_RESULT = make_result(
    "00",
    active=WireIns("2751263220749", "74", "1.2.250.1.213.1.4.8"),
    tiq=ReturnedTraits(
        birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31", birthplace="63220"
    ),
)
_TYPES = {
    "1.2.250.1.213.1.4.8": ("INS-NIR", "official"),
    "1.2.250.1.213.1.4.9": ("INS-NIA", "official"),
}


def qualified() -> Identity:
    """ADRUN Zoé, retrieved through INSi then checked against a passport."""
    identity = Identity(traits=_TRAITS).apply_insi_result(_RESULT, at=_T0)
    return identity.apply_document_check("PA", coherent=True, at=_T0)


def naive_identifier(matricule: str, oid: str) -> dict[str, Any]:
    """The hand-written baseline: no status check, no evidence, no validation."""
    code, use = _TYPES[oid]
    return {
        "use": use,
        "type": {
            "coding": [
                {
                    "system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203",
                    "code": code,
                }
            ]
        },
        "system": "urn:oid:" + oid,
        "value": matricule,
    }


def _per_call(function: Callable[[], object], n: int, /) -> float:
    """Seconds per call, best of three runs of ``n`` calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            function()
        best = min(best, (time.perf_counter() - start) / n)
    return best


def main(n: int = 5_000) -> dict[str, float]:
    """Time each export, print the figures and ratios, return them."""
    identity = qualified()
    assert identity.ins is not None
    matricule, oid = str(identity.ins.matricule), identity.ins.oid.value
    payload = datamatrix_payload(identity)
    figures = {
        "naive_identifier_us": _per_call(lambda: naive_identifier(matricule, oid), n * 10) * 1e6,
        "fhir_identifier_us": _per_call(lambda: to_fhir_identifier(identity), n) * 1e6,
        "fhir_patient_us": _per_call(lambda: to_fhir_patient(identity), n) * 1e6,
        "hl7v2_pid_us": _per_call(lambda: to_hl7v2_pid(identity), n) * 1e6,
        "datamatrix_us": _per_call(lambda: datamatrix_payload(identity), n) * 1e6,
        "datamatrix_decode_us": _per_call(lambda: decode_payload(payload), n) * 1e6,
        "mssante_us": _per_call(lambda: mssante_address(identity), n) * 1e6,
        "demo_scenario_ms": _per_call(scenario, max(1, n // 100)) * 1e3,
    }
    figures["fhir_identifier_vs_naive"] = (
        figures["fhir_identifier_us"] / figures["naive_identifier_us"]
    )
    print(
        f"FHIR identifier  {figures['fhir_identifier_us']:8.2f} us/identity "
        f"({figures['fhir_identifier_vs_naive']:.1f}x a hand-written dict with no check, "
        f"{figures['naive_identifier_us']:.2f} us)"
    )
    print(f"FHIR patient     {figures['fhir_patient_us']:8.2f} us/identity")
    print(f"HL7 v2 PID       {figures['hl7v2_pid_us']:8.2f} us/identity")
    print(f"datamatrix       {figures['datamatrix_us']:8.2f} us/identity")
    print(f"datamatrix read  {figures['datamatrix_decode_us']:8.2f} us/payload")
    print(f"MSSanté address  {figures['mssante_us']:8.2f} us/identity")
    print(f"ins demo         {figures['demo_scenario_ms']:8.2f} ms/scenario (mock INSi included)")
    return figures


if __name__ == "__main__":
    main()
