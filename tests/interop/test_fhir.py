"""What the FHIR output says, value by value, for FR Core 2.2.0 (ADR 0054, 0055).

Conformance to the profile (slices, bindings, invariants) is checked by independent tools in
``tests/conformance/test_fhir.py``; these tests pin what each part of the output carries.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from ins import nir
from ins._identifiers import Ins, Oid
from ins._identity import Identity
from ins._sex import Sex
from ins._status import IdentityAttribute, IdentityStatus
from ins.errors import InvalidFormat, NotQualified
from ins.interop import _fr_core as fr
from ins.interop import to_fhir_identifier, to_fhir_patient
from ins.interop._fhir import build_identifier, build_patient
from ins.interop._source import qualified_values

from .conftest import ADRUN_MATRICULE, PERSONS, Build, build_identity

FR_CORE = "https://hl7.fr/ig/fhir/core"
EXT_RELIABILITY = f"{FR_CORE}/StructureDefinition/fr-core-identity-reliability"
EXT_LIST = f"{FR_CORE}/StructureDefinition/fr-core-patient-birth-list-given-name"
EXT_BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"
STATUS_TABLE = f"{FR_CORE}/CodeSystem/fr-core-cs-v2-0445"


def _one(items: list[dict[str, Any]], url: str) -> list[dict[str, Any]]:
    return [item for item in items if item.get("url") == url]


def _parts(patient: dict[str, Any], index: int = 0) -> dict[str, Any]:
    extension = _one(patient["extension"], EXT_RELIABILITY)[index]
    return {part["url"]: part for part in extension["extension"]}


identifier_cases = [
    # (OID, slice type code): every INS is "official" in FR Core 2.2.0, the NIA included
    (Oid.NIR, "INS-NIR"),
    (Oid.NIA, "INS-NIA"),  # main 6a7dad5 wrote "temp", outside the required official | old
    (Oid.NIR_TEST, "INS-NIR-TEST"),
    (Oid.NIR_DEMO, "INS-NIR-DEMO"),  # demonstration data, not "NIA test"
]


@pytest.mark.parametrize(("oid", "code"), identifier_cases)
def test_identifier_slice(oid: Oid, code: str) -> None:
    identifier = to_fhir_identifier(build_identity("QUAL", oid))
    assert identifier == {
        "use": "official",
        "type": {"coding": [{"system": f"{FR_CORE}/CodeSystem/fr-core-cs-v2-0203", "code": code}]},
        "system": f"urn:oid:{oid.value}",
        "value": PERSONS[oid][1],
    }


@pytest.mark.parametrize("oid", list(Oid), ids=lambda oid: oid.name)
def test_patient_carries_the_same_identifier(oid: Oid) -> None:
    identity = build_identity("QUAL", oid)
    patient = to_fhir_patient(identity)
    assert patient["meta"] == {
        "profile": [f"{FR_CORE}/StructureDefinition/fr-core-patient-ins|2.2.0"]
    }
    assert patient["identifier"] == [to_fhir_identifier(identity)]


def test_reliability_extension_carries_status_method_and_document() -> None:
    parts = _parts(to_fhir_patient(build_identity("QUAL", document="CN")))
    assert list(parts) == [
        "identityStatus",
        "methodCollection",
        "dateCollection",
        "validationMode",
        "validationDate",
    ]
    # FR Core 2.2.0 writes the status with IHE PAM France's table 0445: qualified is VALI.
    assert parts["identityStatus"]["valueCoding"] == {
        "system": STATUS_TABLE,
        "code": "VALI",
        "display": "Identité validée",
    }
    assert parts["methodCollection"]["valueCoding"]["code"] == "INSI"
    assert parts["dateCollection"]["valueDate"] == "2026-01-05"
    assert parts["validationMode"]["valueCoding"] == {
        "system": f"{FR_CORE}/CodeSystem/fr-core-cs-mode-validation-identity",
        "code": "CN",
        "display": "Carte nationale d'identité",
    }
    assert parts["validationDate"]["valueDate"] == "2026-01-05"


@pytest.mark.parametrize(
    ("attribute", "display"),
    [
        (IdentityAttribute.HOMONYME, "Homonyme avéré"),
        (IdentityAttribute.HOMONYME_DETECTE, "Homonyme détecté"),
    ],
)
def test_each_attribute_is_one_more_reliability_extension(
    attribute: IdentityAttribute, display: str
) -> None:
    # 2.2.0 has no comment sub-extension (main wrote one): the attribute is the identityStatus of
    # a second reliability extension, as PID-32 repeats it.
    patient = to_fhir_patient(build_identity("QUAL", attributes=(attribute,)))
    first, second = _one(patient["extension"], EXT_RELIABILITY)
    assert "comment" not in {part["url"] for part in first["extension"]}
    assert second["extension"] == [
        {
            "url": "identityStatus",
            "valueCoding": {"system": STATUS_TABLE, "code": attribute.value, "display": display},
        }
    ]


document_modes = [
    ("PA", "PA"),
    ("CN", "CN"),
    ("eCN", "CN"),  # an electronic identity card is a national identity card
    ("AN", "AN"),
    ("LE", "LE"),
    ("CS", None),  # outside the INS value set of 2.2.0: validationDate only
    ("IE", None),
    ("CC", None),
]


@pytest.mark.parametrize(("document", "mode"), document_modes)
def test_validation_mode_of_each_document(document: str, mode: str | None) -> None:
    parts = _parts(to_fhir_patient(build_identity("QUAL", document=document)))
    assert parts.get("validationMode", {}).get("valueCoding", {}).get("code") == mode
    assert parts["validationDate"]["valueDate"] == "2026-01-05"


def test_vitale_app_has_no_fr_core_2_2_0_code() -> None:
    # No methodCollection nor validationMode code for the Appli carte Vitale in 2.2.0: the dates
    # are written, no code that would say something else (ADR 0055).
    traits, matricule = PERSONS[Oid.NIR]
    identity = Identity(traits=traits).apply_vitale_app(
        Ins(matricule, Oid.NIR), traits, at=dt.datetime(2026, 2, 1, 8, 0, tzinfo=dt.UTC)
    )
    parts = _parts(to_fhir_patient(identity))
    assert list(parts) == ["identityStatus", "dateCollection", "validationDate"]
    assert parts["dateCollection"]["valueDate"] == parts["validationDate"]["valueDate"]


def test_names_gender_birth_date_and_birthplace() -> None:
    patient = to_fhir_patient(build_identity("QUAL", Oid.NIR_DEMO, used_name="MARTIN"))
    official, usual = patient["name"]
    assert official["family"] == "DEMO"
    assert official["given"] == ["ZOE"]
    assert official["extension"] == [{"url": EXT_LIST, "valueString": "ZOE ANNE"}]
    assert usual == {"use": "usual", "family": "MARTIN"}
    assert (patient["gender"], patient["birthDate"]) == ("female", "1975-12-31")
    (place,) = _one(patient["extension"], EXT_BIRTH_PLACE)
    assert place["valueAddress"]["extension"][0]["valueCoding"]["code"] == "63220"


def test_used_first_name_without_used_name() -> None:
    patient = to_fhir_patient(build_identity("QUAL", used_first_name="ZAZA"))
    assert patient["name"][1] == {"use": "usual", "family": "ADRUN", "given": ["ZAZA"]}


def test_no_birthplace_leaves_the_extension_out() -> None:
    patient = to_fhir_patient(build_identity("QUAL", without_birthplace=True))
    assert _one(patient["extension"], EXT_BIRTH_PLACE) == []


def test_indeterminate_sex_is_unknown_gender() -> None:
    # Not from INSi (M/F only), but an Appli carte Vitale collection does not constrain the sex.
    traits, matricule = PERSONS[Oid.NIR]
    collected = traits.model_copy(update={"sex": Sex.UNKNOWN})
    identity = Identity(traits=traits).apply_vitale_app(Ins(matricule, Oid.NIR), collected)
    assert identity.status is IdentityStatus.QUAL
    assert to_fhir_patient(identity)["gender"] == "unknown"


def test_local_identifier_ipp_slice() -> None:
    patient = to_fhir_patient(build_identity(), local_id="000003", local_system="urn:oid:1.2.3")
    ins_identifier, ipp = patient["identifier"]
    assert ins_identifier["type"]["coding"][0]["code"] == "INS-NIR"
    assert ipp == {
        "use": "usual",
        # The PI slice's pattern includes the display: without it the IPP is in no slice.
        "type": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                    "code": "PI",
                    "display": "Patient internal identifier",
                }
            ]
        },
        "system": "urn:oid:1.2.3",
        "value": "000003",
    }


@pytest.mark.parametrize(
    "options",
    [
        {"local_id": "000003"},
        {"local_system": "urn:oid:1.2.3"},
        {"local_id": "", "local_system": "x"},
    ],
)
def test_local_identifier_needs_value_and_system(options: dict[str, str]) -> None:
    with pytest.raises(InvalidFormat):
        to_fhir_patient(build_identity(), **options)


@pytest.mark.parametrize("status", ["PROV", "RECUP", "VALI"])
@pytest.mark.parametrize("function", [to_fhir_identifier, to_fhir_patient])
def test_not_qualified_is_refused(build: Build, status: str, function: Any) -> None:
    identity = build(status)
    with pytest.raises(NotQualified) as caught:
        function(identity)
    assert status in str(caught.value)
    assert ADRUN_MATRICULE not in str(caught.value)


def test_doubtful_identity_is_refused() -> None:
    identity = build_identity("QUAL", attributes=(IdentityAttribute.DOUTEUSE,))
    assert identity.status is IdentityStatus.PROV
    with pytest.raises(NotQualified):
        to_fhir_patient(identity)


def test_a_non_identity_is_refused() -> None:
    with pytest.raises(NotQualified):
        to_fhir_identifier({"ins": ADRUN_MATRICULE})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "values",
    [
        ("279035121518989", "1.2.250.1.213.1.4.10"),  # the (matricule, OID) pair of old
        "279035121518989",
        {"matricule": "279035121518989", "oid": "1.2.250.1.213.1.4.10"},
    ],
)
@pytest.mark.parametrize("builder", [build_identifier, build_patient])
def test_builders_never_take_plain_values(builder: Any, values: object) -> None:
    with pytest.raises(NotQualified) as caught:
        builder(values)
    assert "279035121518989" not in str(caught.value)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_output_is_plain_json() -> None:
    patient = to_fhir_patient(build_identity(attributes=(IdentityAttribute.HOMONYME,)))
    assert json.loads(json.dumps(patient)) == patient
    # Exactly str, not enum members or Nir: a consumer comparing types or reprs sees plain text.
    assert {type(leaf) for leaf in _leaves(patient)} == {str}


def test_evidence_values_never_show_the_matricule() -> None:
    values = qualified_values(build_identity())
    assert ADRUN_MATRICULE not in repr(values)
    assert "27512**********" in repr(values)


def _birthplace_coding(birthplace: str) -> dict[str, str]:
    traits, _ = PERSONS[Oid.NIR]
    body = f"27512{birthplace}123"
    identity = build_identity(
        "QUAL",
        traits=traits.model_copy(update={"birthplace": birthplace}),
        matricule=body + nir.calc_key(body),
    )
    (place,) = _one(to_fhir_patient(identity)["extension"], EXT_BIRTH_PLACE)
    (insee,) = place["valueAddress"]["extension"]
    coding: dict[str, str] = insee["valueCoding"]
    return coding


def test_a_birthplace_abroad_is_a_country_code() -> None:
    # 99134 (Spain) is a code of the ANS table of countries, not of its communes (ADR 0112).
    assert _birthplace_coding("99134") == {"system": fr.COUNTRY_SYSTEM, "code": "99134"}
    assert _birthplace_coding("63220") == {"system": fr.COMMUNE_SYSTEM, "code": "63220"}
    assert fr.COUNTRY_SYSTEM.endswith("/TRE-R20-Pays")
