"""The code maps of each output, from the single internal enums (ADR 0053)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ins._documents import IdentityDocument
from ins._identifiers import Oid
from ins._status import IdentityStatus
from ins.interop import codes

DATA = Path(__file__).resolve().parent.parent / "data"
# IHE PAM France 2.11.2, ZFD-7 (docs/domain/documents.md#code-lists).
ZFD7_TABLE = {"AN", "CC", "CE", "CM", "CN", "CS", "LE", "PA", "PC", "TC", "AV", "DC", "AC", "IE"}
# FR Core 2.2.0, fr-core-vs-mode-validation-identity-ins (a required binding of the INS profile).
FR_CORE_INS_VALUE_SET = {"PA", "CN", "AN", "LE"}


def _fr_core_vectors() -> dict[str, dict[str, str]]:
    data = json.loads((DATA / "fr-core_ins_identity.json").read_text(encoding="utf-8"))
    return {vector["name"]: vector for vector in data["vectors"] if vector["kind"] == "OID"}


@pytest.mark.parametrize("oid", list(Oid), ids=lambda oid: oid.name)
def test_fhir_identifier_maps_agree_with_fr_core(oid: Oid) -> None:
    code = codes.FHIR_IDENTIFIER_TYPE[oid]
    vector = _fr_core_vectors()[code]
    assert vector["value"] == f"urn:oid:{oid.value}"
    assert vector["identifier.type"] == f"fr-core-cs-v2-0203#{code}"
    # The use is a fact of the targeted version (2.2.0: official, NIA included), checked in
    # tests/conformance against its StructureDefinition; these older sources said temp for NIA.
    assert codes.FHIR_IDENTIFIER_USE[oid] == "official"
    assert code == oid.fhir_type_code


pid32 = [
    (IdentityStatus.QUAL, "VALI"),  # PAM has no QUAL: a qualified identity is sent as VALI
    (IdentityStatus.VALI, "VALI"),
    (IdentityStatus.RECUP, "PROV"),  # PAM has no RECUP
    (IdentityStatus.PROV, "PROV"),
]


@pytest.mark.parametrize(("status", "code"), pid32)
def test_pid32_mapping(status: IdentityStatus, code: str) -> None:
    assert codes.pid32_status(status) == code
    assert codes.pid32_status(status.value) == code  # type: ignore[arg-type]


fhir_modes = [
    ("PA", "PA"),
    ("CN", "CN"),
    ("eCN", "CN"),  # the electronic identity card is a national identity card; 2.2.0 has no eCN
    ("AN", "AN"),
    ("LE", "LE"),
    ("CS", None),  # in FR Core's code system, outside the INS value set (required binding)
    ("CC", None),  # the travel document of a foreign minor has no code in the INS value set
    ("IN", None),
    ("AV", None),
    ("LECV", None),
    ("ANCV", None),
    ("CIMS", None),
    ("IE", None),
    ("OTHER", None),  # never high trust, no code anywhere
]


@pytest.mark.parametrize(("document", "code"), fhir_modes)
def test_fhir_validation_mode(document: str, code: str | None) -> None:
    assert codes.fhir_validation_mode(IdentityDocument.parse(document)) == code


def test_fr_core_codes_are_exactly_the_ins_value_set() -> None:
    mapped = {codes.fhir_validation_mode(document) for document in IdentityDocument}
    assert mapped - {None} == FR_CORE_INS_VALUE_SET
    assert len(fhir_modes) == len(IdentityDocument)


def test_pam_codes_are_in_the_zfd7_table() -> None:
    assert set(codes.PAM_DOCUMENT_CODES.values()) <= ZFD7_TABLE


pam_cases = [
    ("PA", "PA"),
    ("CN", "CN"),
    ("eCN", "CN"),  # an electronic identity card is an identity card
    ("IN", "IE"),  # La Poste's digital identity is an eIDAS identification
    ("CC", "DC"),  # our CC (travel document of a foreign minor) is PAM's DC, not PAM's CC
    ("ANCV", "AC"),
    ("LECV", "AC"),
    ("CIMS", None),  # no PAM code
    ("OTHER", None),  # never high trust, no code anywhere
]


@pytest.mark.parametrize(("document", "code"), pam_cases)
def test_pam_document_code(document: str, code: str | None) -> None:
    assert codes.pam_document_code(IdentityDocument.parse(document)) == code


def test_method_collection_codes_are_fr_core_codes() -> None:
    assert {method.value for method in codes.MethodCollection} == {
        "SM", "CV", "INSI", "CB", "RFID", "AV",
    }  # fmt: skip
