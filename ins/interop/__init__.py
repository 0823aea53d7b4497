"""Interop outputs of a qualified identity: FHIR (FR Core), HL7 v2 PID, datamatrix, MSSanté.

Each output refuses a non-qualified identity with [`NotQualified`][ins.NotQualified] (ADR 0050),
except [`to_hl7v2_pid`][ins.interop.to_hl7v2_pid], which exports any identity and writes the INS
only for QUAL (ADR 0051, 0056); no road leads from plain values to an exported INS (ADR 0057).
The FHIR output conforms to FR Core 2.2.0 (ADR 0055), the PID to IHE PAM France 2.11. The code
maps of each format live in [`ins.interop.codes`][ins.interop.codes] (ADR 0053). See
docs/interop.md.
"""

from __future__ import annotations

from ins.interop._datamatrix import (
    GS,
    HEADER,
    DatamatrixContent,
    datamatrix_payload,
    decode_payload,
)
from ins.interop._fhir import to_fhir_identifier, to_fhir_patient
from ins.interop._hl7v2 import to_hl7v2_pid
from ins.interop._mssante import MSSANTE_PATIENT_DOMAIN, mssante_address

__all__ = [
    "GS",
    "HEADER",
    "MSSANTE_PATIENT_DOMAIN",
    "DatamatrixContent",
    "datamatrix_payload",
    "decode_payload",
    "mssante_address",
    "to_fhir_identifier",
    "to_fhir_patient",
    "to_hl7v2_pid",
]
