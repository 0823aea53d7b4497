"""FHIR output checked against what FR Core's INS patient profile requires, per OID kind.

:func:`fr_core_ins_problems` encodes the requirements of ``fr-core-patient-ins`` (slices, fixed
values, cardinalities, bindings, invariants) from the FR Core sources; it is itself checked on
FR Core's published INS example, whose only problem is its placeholder matricule.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ins import nir
from ins._identifiers import Ins, Oid
from ins._identity import Identity
from ins._sex import Sex
from ins._status import IdentityAttribute, IdentityStatus
from ins.errors import InvalidFormat, NotQualified
from ins.interop import to_fhir_identifier, to_fhir_patient
from ins.interop._fhir import build_identifier, build_patient
from ins.interop._source import qualified_values

from .conftest import ADRUN_MATRICULE, PERSONS, Build, build_identity

DATA = Path(__file__).resolve().parent.parent / "data"
FR_CORE = "https://hl7.fr/ig/fhir/core"
EXT_RELIABILITY = f"{FR_CORE}/StructureDefinition/fr-core-identity-reliability"
EXT_LIST = f"{FR_CORE}/StructureDefinition/fr-core-patient-birth-list-given-name"
EXT_INSEE = f"{FR_CORE}/StructureDefinition/fr-core-address-insee-code"
EXT_BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"
COMMUNES = "https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM"

# Slice name -> (system, use) fixed by the profile.
SLICES = {
    "INS-NIR": ("urn:oid:1.2.250.1.213.1.4.8", {"official", "old"}),
    "INS-NIA": ("urn:oid:1.2.250.1.213.1.4.9", {"temp"}),
    "INS-NIR-TEST": ("urn:oid:1.2.250.1.213.1.4.10", {"official"}),
    "INS-NIR-DEMO": ("urn:oid:1.2.250.1.213.1.4.11", {"official"}),
}
RELIABILITY_PARTS = {
    "methodCollection",
    "dateCollection",
    "identityStatus",
    "comment",
    "validationDate",
    "validationMode",
}
VALIDATION_MODES_INS = {
    "CN",
    "PA",
    "CS",
    "eCN",
    "IN",
    "AV",
    "LECV",
    "AN",
    "LE",
    "CC",
    "CIMS",
    "ANCV",
}
METHODS = {"SM", "CV", "INSI", "CB", "RFID", "AV"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _one(items: list[dict[str, Any]], url: str) -> list[dict[str, Any]]:
    return [item for item in items if item.get("url") == url]


def _reliability_problems(patient: dict[str, Any]) -> tuple[list[str], str | None]:
    problems: list[str] = []
    found = _one(patient.get("extension", []), EXT_RELIABILITY)
    if not found:
        return ["identityReliability 1..*: missing"], None
    parts = found[0].get("extension", [])
    status = None
    comments = []
    for part in parts:
        url = part.get("url")
        if url not in RELIABILITY_PARTS:
            problems.append(f"identityReliability: unknown part {url}")
        elif url != "comment" and len(_one(parts, url)) > 1:
            problems.append(f"identityReliability.{url} 0..1: repeated")
        coding = part.get("valueCoding", {})
        if url == "identityStatus":
            if coding.get("system") != f"{FR_CORE}/CodeSystem/fr-core-cs-identity-status":
                problems.append("identityStatus: wrong code system")
            status = coding.get("code")
            if status not in {"PROV", "RECUP", "VALI", "QUAL"}:
                problems.append(f"identityStatus: {status} not in the value set")
        elif url == "validationMode" and coding.get("code") not in VALIDATION_MODES_INS:
            problems.append("validationMode: not in fr-core-vs-mode-validation-identity-ins")
        elif url == "methodCollection" and coding.get("code") not in METHODS:
            problems.append("methodCollection: not in fr-core-cs-method-collection")
        elif url in ("dateCollection", "validationDate") and not DATE.match(
            part.get("valueDate", "")
        ):
            problems.append(f"{url}: not a date")
        elif url == "comment":
            comments.append(coding.get("code"))
    if {"DOUT", "FICT"} & set(comments) and status != "PROV":
        problems.append("fr-core-identity-reliability-1: DOUT/FICT imply PROV")
    if {"DOUT", "FICT"} <= set(comments):
        problems.append("fr-core-identity-reliability-2: DOUT and FICT together")
    return problems, status


def _identifier_problems(patient: dict[str, Any]) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    slices = []
    identifiers = patient.get("identifier", [])
    if not identifiers:
        problems.append("identifier 1..*: missing")
    for identifier in identifiers:
        codings = identifier.get("type", {}).get("coding", [])
        codes = [
            c["code"]
            for c in codings
            if c.get("system") == f"{FR_CORE}/CodeSystem/fr-core-cs-v2-0203"
        ]
        slice_name = next((code for code in codes if code in SLICES), None)
        if slice_name is None:
            continue
        slices.append(slice_name)
        system, uses = SLICES[slice_name]
        if identifier.get("system") != system:
            problems.append(f"{slice_name}.system must be {system}")
        if identifier.get("use") not in uses:
            problems.append(f"{slice_name}.use must be one of {sorted(uses)}")
        if not nir.is_valid(identifier.get("value", "")):
            problems.append(f"{slice_name}.value is not a valid matricule")
    return problems, slices


def fr_core_ins_problems(patient: dict[str, Any]) -> list[str]:
    """What ``patient`` breaks of ``fr-core-patient-ins`` (an empty list when conformant)."""
    problems: list[str] = []
    if patient.get("resourceType") != "Patient":
        problems.append("resourceType must be Patient")
    if f"{FR_CORE}/StructureDefinition/fr-core-patient-ins" not in patient.get("meta", {}).get(
        "profile", []
    ):
        problems.append("meta.profile: fr-core-patient-ins missing")
    reliability, status = _reliability_problems(patient)
    problems += reliability
    places = _one(patient.get("extension", []), EXT_BIRTH_PLACE)
    if len(places) != 1:
        problems.append("birthPlace 1..1")
    else:
        insee = _one(places[0]["valueAddress"].get("extension", []), EXT_INSEE)
        if len(insee) != 1 or insee[0]["valueCoding"].get("system") != COMMUNES:
            problems.append("birthPlace.valueAddress.inseeCode 1..1 from TRE-R13-CommuneOM")
    identifier_problems, slices = _identifier_problems(patient)
    problems += identifier_problems
    # fr-core-1 and fr-core-2, read on QUAL as the pending FR Core change writes them (ADR 0050).
    if status == "QUAL" and not slices:
        problems.append("fr-core-1: a qualified identity carries an INS identifier")
    officials = [i for i in patient.get("identifier", []) if i.get("use") == "official"]
    if status == "QUAL" and len(officials) != 1 and "INS-NIA" not in slices:
        problems.append("fr-core-2: exactly one official identifier")
    names = [name for name in patient.get("name", []) if name.get("use") == "official"]
    if len(names) != 1:
        problems.append("name[officialName] 1..1")
    else:
        name = names[0]
        lists = _one(name.get("extension", []), EXT_LIST)
        if not name.get("family"):
            problems.append("name[officialName].family 1..")
        if len(name.get("given", [])) != 1:
            problems.append("name[officialName].given 1..1")
        if len(lists) != 1 or not lists[0].get("valueString"):
            problems.append("name[officialName].birth-list-given-name 1..1")
        elif name.get("given") and lists[0]["valueString"].split(" ")[0] != name["given"][0]:
            problems.append("given must be the first name of the birth list")
    if patient.get("gender") not in {"male", "female", "unknown"}:
        problems.append("gender 1..1 from fr-core-vs-patient-gender-INS")
    if not DATE.match(patient.get("birthDate", "")):
        problems.append("birthDate 1..")
    return problems


def _example() -> dict[str, Any]:
    data = json.loads((DATA / "fr-core_patient_ins_example.json").read_text(encoding="utf-8"))
    return data["example"]  # type: ignore[no-any-return]


def test_the_checker_accepts_fr_core_example_but_for_its_placeholder_matricule() -> None:
    # FR Core's example matricule 123456789012244 has key 44, the number gives 12.
    assert fr_core_ins_problems(_example()) == ["INS-NIR.value is not a valid matricule"]


def _paths(value: Any, prefix: str = "") -> set[str]:
    """Structural paths: dict keys and extension URLs, list positions ignored."""
    if isinstance(value, dict):
        paths = set()
        for key, item in value.items():
            here = f"{prefix}.{key}"
            if key == "url":
                here = f"{prefix}[{item}]"
            paths.add(here)
            paths |= _paths(item, f"{prefix}[{value['url']}]" if "url" in value else here)
        return paths
    if isinstance(value, list):
        return set().union(*(_paths(item, prefix) for item in value)) if value else set()
    return set()


def test_same_structure_as_fr_core_example() -> None:
    ours = _paths(to_fhir_patient(build_identity()))
    theirs = _paths(_example())
    # The example also shows "active" and the birthplace's city name, which we do not know.
    missing = {path for path in theirs - ours if not path.endswith((".active", ".city"))}
    assert missing == set()


@pytest.mark.parametrize("oid", list(Oid), ids=lambda oid: oid.name)
def test_patient_conforms_for_each_oid_kind(oid: Oid) -> None:
    patient = to_fhir_patient(build_identity("QUAL", oid))
    assert fr_core_ins_problems(patient) == []
    (identifier,) = patient["identifier"]
    assert identifier == to_fhir_identifier(build_identity("QUAL", oid))


identifier_cases = [
    # (OID, slice type code, use)
    (Oid.NIR, "INS-NIR", "official"),
    (Oid.NIA, "INS-NIA", "temp"),  # a NIA is a waiting number
    (Oid.NIR_TEST, "INS-NIR-TEST", "official"),
    (Oid.NIR_DEMO, "INS-NIR-DEMO", "official"),  # demonstration data, not "NIA test"
]


@pytest.mark.parametrize(("oid", "code", "use"), identifier_cases)
def test_identifier_slice(oid: Oid, code: str, use: str) -> None:
    identifier = to_fhir_identifier(build_identity("QUAL", oid))
    assert identifier == {
        "use": use,
        "type": {"coding": [{"system": f"{FR_CORE}/CodeSystem/fr-core-cs-v2-0203", "code": code}]},
        "system": f"urn:oid:{oid.value}",
        "value": PERSONS[oid][1],
    }


def _reliability(patient: dict[str, Any]) -> dict[str, Any]:
    (extension,) = _one(patient["extension"], EXT_RELIABILITY)
    return {part["url"]: part for part in extension["extension"] if part["url"] != "comment"}


def test_reliability_extension_carries_status_method_and_document() -> None:
    parts = _reliability(to_fhir_patient(build_identity("QUAL", document="CN")))
    assert parts["identityStatus"]["valueCoding"]["code"] == "QUAL"
    assert parts["methodCollection"]["valueCoding"]["code"] == "INSI"
    assert parts["dateCollection"]["valueDate"] == "2026-01-05"
    assert parts["validationMode"]["valueCoding"] == {
        "system": f"{FR_CORE}/CodeSystem/fr-core-cs-mode-validation-identity",
        "code": "CN",
        "display": "Carte nationale d'identité",
    }
    assert parts["validationDate"]["valueDate"] == "2026-01-05"


def test_homonym_attribute_goes_in_comment() -> None:
    identity = build_identity("QUAL", attributes=(IdentityAttribute.HOMONYME,))
    (extension,) = _one(to_fhir_patient(identity)["extension"], EXT_RELIABILITY)
    comments = [
        part["valueCoding"]["code"] for part in extension["extension"] if part["url"] == "comment"
    ]
    assert comments == ["HOMA"]
    assert fr_core_ins_problems(to_fhir_patient(identity)) == []


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
    assert fr_core_ins_problems(patient) == ["birthPlace 1..1"]


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


def test_vitale_app_is_both_the_collection_method_and_the_validation_mode() -> None:
    traits, matricule = PERSONS[Oid.NIR]
    identity = Identity(traits=traits).apply_vitale_app(
        Ins(matricule, Oid.NIR), traits, at=dt.datetime(2026, 2, 1, 8, 0, tzinfo=dt.UTC)
    )
    patient = to_fhir_patient(identity)
    parts = _reliability(patient)
    assert parts["methodCollection"]["valueCoding"]["code"] == "AV"
    assert parts["validationMode"]["valueCoding"]["code"] == "AV"
    assert parts["dateCollection"]["valueDate"] == parts["validationDate"]["valueDate"]
    assert fr_core_ins_problems(patient) == []


def test_evidence_values_never_show_the_matricule() -> None:
    values = qualified_values(build_identity())
    assert ADRUN_MATRICULE not in repr(values)
    assert "27512**********" in repr(values)


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
        "type": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "PI"}]
        },
        "system": "urn:oid:1.2.3",
        "value": "000003",
    }
    # Still one official identifier (fr-core-2): the IPP is "usual".
    assert fr_core_ins_problems(patient) == []


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
