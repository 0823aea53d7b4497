"""Our FHIR outputs, checked by tools we did not write against FR Core 2.2.0 (ADR 0055).

Every FHIR output (``to_fhir_patient``, ``to_fhir_identifier``) of every case a qualified identity
can be in (each INS kind, each attribute, each document, each collection road, used traits,
local identifier, indeterminate sex) is read by ``fhir.resources`` (R4B models) and validated
against the vendored FR Core StructureDefinitions (:mod:`fhir_profile`). The facts of
``ins.interop._fr_core`` are checked against the same files, so a new FR Core version is one
change of that module, and this suite says what else moved.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.patient import Patient
from hypothesis import given, settings

from ins import nir
from ins._documents import IdentityDocument
from ins._identifiers import Ins, Oid
from ins._identity import Identity
from ins._sex import Sex
from ins._status import IdentityAttribute, IdentityStatus
from ins.interop import _fr_core as fr
from ins.interop import to_fhir_identifier, to_fhir_patient
from ins.interop.codes import MethodCollection
from ins.testing.strategies import identities

from ..interop.conftest import PERSONS, build_identity
from .fhir_profile import FR_CORE, Conformance, Problem

VALIDATOR = Conformance()
PROFILE = fr.PATIENT_INS_PROFILE
# dom-6 "A resource should have narrative": a best-practice warning; we write no XHTML narrative.
EXPECTED_WARNINGS = {"dom-6"}
# What the vendored files cannot check, and why (asserted at the end of the module).
UNCHECKED = {
    # ANS terminology (TRE-R13 CommuneOM), published apart from FR Core: the code system is
    # checked (it is the value set's only system), not the code.
    "binding https://hl7.fr/ig/fhir/core/ValueSet/fr-core-vs-insee-code|2.2.0",
    # FHIR core value set of identifier types, extensible: our INS type codes are FR Core's own
    # (fr-core-cs-v2-0203), which the slice patterns check.
    "binding http://hl7.org/fhir/ValueSet/identifier-type|4.0.1",
    # hl7.fhir.uv.extensions.r4 is not vendored: the INS profile's snapshot inlines the elements
    # of patient-birthPlace, which are checked there.
    "profile http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
}
AT = dt.datetime(2026, 2, 1, 8, 0, tzinfo=dt.UTC)


def problems(resource: dict[str, Any]) -> list[str]:
    """The errors, and warnings other than the expected ones, of an INS patient."""
    return [
        str(problem)
        for problem in VALIDATOR.validate(resource, PROFILE)
        if problem.severity == "error" or problem.rule not in EXPECTED_WARNINGS
    ]


def conforms(patient: dict[str, Any]) -> None:
    Patient.model_validate(patient)  # fhir.resources: structure, datatypes, primitive formats
    assert problems(patient) == []


def _vitale_app(sex: Sex | None = None) -> Identity:
    traits, matricule = PERSONS[Oid.NIR]
    collected = traits if sex is None else traits.model_copy(update={"sex": sex})
    return Identity(traits=traits).apply_vitale_app(Ins(matricule, Oid.NIR), collected, at=AT)


HIGH_TRUST = [d for d in IdentityDocument if d is not IdentityDocument.OTHER]

cases: list[tuple[str, Any]] = [
    *((f"oid {oid.name}", lambda oid=oid: build_identity("QUAL", oid)) for oid in Oid),
    *(
        (f"attribute {a.value}", lambda a=a: build_identity("QUAL", attributes=(a,)))
        for a in (IdentityAttribute.HOMONYME, IdentityAttribute.HOMONYME_DETECTE)
    ),
    *((f"document {d.value}", lambda d=d: build_identity("QUAL", document=d)) for d in HIGH_TRUST),
    ("Appli carte Vitale", _vitale_app),
    ("indeterminate sex (Appli carte Vitale)", lambda: _vitale_app(Sex.UNKNOWN)),
    ("used name", lambda: build_identity("QUAL", used_name="MARTIN")),
    ("used first name", lambda: build_identity("QUAL", used_first_name="ZAZA")),
    ("both used traits", lambda: build_identity("QUAL", used_name="A", used_first_name="B")),
]


@pytest.mark.parametrize(("case", "make"), cases, ids=[case for case, _ in cases])
def test_patient_conforms(case: str, make: Any) -> None:
    identity = make()
    assert identity.status is IdentityStatus.QUAL, case
    conforms(to_fhir_patient(identity))


@pytest.mark.parametrize(("case", "make"), cases[:4], ids=[case for case, _ in cases[:4]])
def test_patient_with_local_identifier_conforms(case: str, make: Any) -> None:
    patient = to_fhir_patient(make(), local_id="000003", local_system="urn:oid:1.2.250.1.999.1")
    conforms(patient)
    slices = [VALIDATOR.slice_of(i, PROFILE, "Patient.identifier") for i in patient["identifier"]]
    assert slices[1] == "Patient.identifier:PI"


def test_patient_without_birthplace_breaks_only_the_birthplace_rule() -> None:
    # INSi returned no birthplace: the required extension is left out, not invented (ADR 0054).
    patient = to_fhir_patient(build_identity("QUAL", without_birthplace=True))
    Patient.model_validate(patient)
    assert problems(patient) == [
        "error cardinality at Patient.extension:birthPlace: at least 1 expected, 0 found"
    ]


@pytest.mark.parametrize("oid", list(Oid), ids=lambda oid: oid.name)
def test_identifier_is_its_ins_slice(oid: Oid) -> None:
    identifier = to_fhir_identifier(build_identity("QUAL", oid))
    Identifier.model_validate(identifier)
    element = VALIDATOR.slice_of(identifier, PROFILE, "Patient.identifier")
    assert element == f"Patient.identifier:{fr.IDENTIFIER_TYPE[oid]}"
    assert VALIDATOR.validate_element(identifier, PROFILE, element) == []


@settings(max_examples=25, deadline=None)
@given(identities(statuses=[IdentityStatus.QUAL]))
def test_generated_qualified_identities_conform(identity: Identity) -> None:
    patient = to_fhir_patient(identity)
    Patient.model_validate(patient)
    expected = [] if identity.traits.birthplace is not None else [
        "error cardinality at Patient.extension:birthPlace: at least 1 expected, 0 found"
    ]  # fmt: skip
    assert problems(patient) == expected


# -- the validator catches what was wrong before (main 6a7dad5) -----------------------------


def _mutated(change: Any) -> dict[str, Any]:
    patient = copy.deepcopy(to_fhir_patient(build_identity("QUAL", Oid.NIA)))
    change(patient)
    return patient


def _status(patient: dict[str, Any]) -> dict[str, Any]:
    return patient["extension"][0]["extension"][0]  # type: ignore[no-any-return]


before = [
    # (what main wrote, a rule it breaks)
    (lambda p: p["identifier"][0].update(use="temp"), "fr-core-vs-patient-identifier-use-ins"),
    (
        lambda p: p["extension"][0]["extension"].append(
            {"url": "comment", "valueCoding": {"code": "HOMA"}}
        ),
        "the sub-extension 'comment' is not defined here",
    ),
    (
        lambda p: p["extension"][0]["extension"][1]["valueCoding"].update(code="AV"),
        "fr-core-vs-identity-method-collection",
    ),
    (
        lambda p: p["extension"][0]["extension"][3]["valueCoding"].update(code="eCN"),
        "fr-core-vs-mode-validation-identity-ins",
    ),
    (lambda p: p["identifier"].append(dict(p["identifier"][0])), "fr-core-2"),
    (lambda p: p["name"][0].pop("given"), "officialName[0].given: at least 1"),
    (lambda p: p.update(gender="other"), "fr-core-vs-patient-gender"),
    (lambda p: p.pop("meta"), None),  # meta.profile is optional: still valid
]


@pytest.mark.parametrize(("change", "rule"), before)
def test_the_validator_catches_each_mistake(change: Any, rule: str | None) -> None:
    found = problems(_mutated(change))
    if rule is None:
        assert found == []
    else:
        assert any(rule in problem for problem in found), found


def test_the_old_status_is_outside_the_value_set_of_2_2_0() -> None:
    # main wrote the RNIV QUAL of an unpublished code system: an extensible-binding warning, and
    # the invariants fr-core-1/2, written on VALI, no longer see a qualified identity.
    def change(patient: dict[str, Any]) -> None:
        _status(patient)["valueCoding"] = {
            "system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status",
            "code": "QUAL",
        }

    found = problems(_mutated(change))
    assert [problem.split(" at ")[0] for problem in found] == ["warning binding"]


# -- the facts of ins.interop._fr_core are those of the vendored files -----------------------


def _elements(url: str) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in VALIDATOR.definition(url)["snapshot"]["element"]}


def _codes(value_set: str) -> set[tuple[str, str]]:
    expanded = VALIDATOR.terminology.expand(value_set)
    assert expanded is not None
    return expanded


def test_the_package_is_the_targeted_version() -> None:
    package = json.loads((FR_CORE / "package.json").read_text(encoding="utf-8"))
    assert (package["name"], package["version"], package["license"]) == (
        "hl7.fhir.fr.core",
        fr.VERSION,
        "CC0-1.0",
    )
    patient = VALIDATOR.definition(PROFILE)
    assert f"{patient['url']}|{patient['version']}" == fr.PATIENT_INS_PROFILE
    pattern = _elements(PROFILE)["Patient.meta.profile:fr-ins-canonical"]["patternCanonical"]
    assert pattern == fr.PATIENT_INS_PROFILE


@pytest.mark.parametrize("oid", list(Oid), ids=lambda oid: oid.name)
def test_identifier_slice_facts(oid: Oid) -> None:
    slice_id = f"Patient.identifier:{fr.IDENTIFIER_TYPE[oid]}"
    elements = _elements(PROFILE)
    coding = elements[f"{slice_id}.type"]["patternCodeableConcept"]["coding"][0]
    assert coding == {"system": fr.IDENTIFIER_TYPE_SYSTEM, "code": fr.IDENTIFIER_TYPE[oid]}
    assert elements[f"{slice_id}.system"]["patternUri"] == f"urn:oid:{oid.value}"
    use = elements[f"{slice_id}.use"]
    allowed = {use["patternCode"]} if "patternCode" in use else {
        code for _, code in _codes(use["binding"]["valueSet"])
    }  # fmt: skip
    assert fr.IDENTIFIER_USE[oid] in allowed


def test_local_identifier_facts() -> None:
    elements = _elements(PROFILE)
    pattern = elements["Patient.identifier:PI.type"]["patternCodeableConcept"]["coding"][0]
    assert pattern == dict(fr.LOCAL_IDENTIFIER_TYPE)
    use = elements["Patient.identifier:PI.use"]["binding"]["valueSet"]
    assert fr.LOCAL_IDENTIFIER_USE in {code for _, code in _codes(use)}


def test_reliability_extension_facts() -> None:
    elements = _elements(fr.IDENTITY_RELIABILITY)
    assert elements["Extension.url"]["fixedUri"] == fr.IDENTITY_RELIABILITY
    parts = {
        e["fixedUri"]
        for i, e in elements.items()
        if i.startswith("Extension.extension:") and i.endswith(".url")
    }
    assert set(fr.PART.values()) == parts  # all of them, and no comment in 2.2.0
    ins_elements = _elements(PROFILE)
    status = _codes(elements["Extension.extension:identityStatus.value[x]"]["binding"]["valueSet"])
    assert (fr.IDENTITY_STATUS_SYSTEM, fr.IDENTITY_STATUS_CODE) in status
    assert {(fr.IDENTITY_STATUS_SYSTEM, code) for code in fr.ATTRIBUTE_DISPLAY} <= status
    methods = _codes(
        elements["Extension.extension:methodCollection.value[x]"]["binding"]["valueSet"]
    )
    assert {(fr.METHOD_COLLECTION_SYSTEM, c) for c in fr.METHOD_COLLECTION.values()} == methods
    assert MethodCollection.VITALE_APP not in fr.METHOD_COLLECTION
    mode = "Patient.extension:identityReliability.extension:validationMode.value[x]"
    modes = _codes(ins_elements[mode]["binding"]["valueSet"])
    assert {(fr.VALIDATION_MODE_SYSTEM, c) for c in fr.VALIDATION_MODE.values()} == modes


def test_displays_are_those_of_the_code_systems() -> None:
    def displays(url: str) -> dict[str, str]:
        return {c["code"]: c["display"] for c in VALIDATOR.resources[url]["concept"]}

    status = displays(fr.IDENTITY_STATUS_SYSTEM)
    assert status[fr.IDENTITY_STATUS_CODE] == fr.IDENTITY_STATUS_DISPLAY
    assert {code: status[code] for code in fr.ATTRIBUTE_DISPLAY} == dict(fr.ATTRIBUTE_DISPLAY)
    modes = displays(fr.VALIDATION_MODE_SYSTEM)
    assert {code: modes[code] for code in fr.VALIDATION_MODE_DISPLAY} == dict(
        fr.VALIDATION_MODE_DISPLAY
    )


def test_names_birthplace_and_gender_facts() -> None:
    elements = _elements(PROFILE)
    given_names = "Patient.name:officialName.extension:birth-list-given-name"
    assert elements[given_names]["type"][0]["profile"][0].startswith(fr.BIRTH_LIST_GIVEN_NAME)
    place = elements["Patient.extension:birthPlace.url"]["fixedUri"]
    assert place == fr.BIRTH_PLACE
    insee = "Patient.extension:birthPlace.value[x].extension:inseeCode"
    assert elements[insee]["type"][0]["profile"][0].startswith(fr.INSEE_CODE)
    insee_value = _elements(fr.INSEE_CODE)["Extension.value[x]"]["binding"]["valueSet"]
    value_set = VALIDATOR.resources[insee_value.split("|")[0]]["compose"]["include"]
    assert [part["system"] for part in value_set] == [fr.COMMUNE_SYSTEM]
    genders = {code for _, code in _codes(elements["Patient.gender"]["binding"]["valueSet"])}
    assert set(fr.GENDER.values()) == genders


def test_a_patient_born_abroad_names_the_table_of_countries() -> None:
    # The profile binds the INSEE code to the communes' table only: a person born abroad (99xxx)
    # has no valid coding there. Ours names the table the code belongs to (ADR 0112); the
    # binding is among what the vendored files cannot check (UNCHECKED).
    traits, _ = PERSONS[Oid.NIR]
    body = "2751299134123"
    identity = build_identity(
        "QUAL",
        traits=traits.model_copy(update={"birthplace": "99134"}),
        matricule=body + nir.calc_key(body),
    )
    patient = to_fhir_patient(identity)
    Patient.model_validate(patient)
    assert problems(patient) == []
    (place,) = [e for e in patient["extension"] if e["url"] == fr.BIRTH_PLACE]
    coding = place["valueAddress"]["extension"][0]["valueCoding"]
    insee_value = _elements(fr.INSEE_CODE)["Extension.value[x]"]["binding"]["valueSet"]
    value_set = VALIDATOR.resources[insee_value.split("|")[0]]["compose"]["include"]
    assert coding == {"system": fr.COUNTRY_SYSTEM, "code": "99134"}
    assert fr.COUNTRY_SYSTEM not in [part["system"] for part in value_set]


def test_what_could_not_be_checked_is_known() -> None:
    conforms(to_fhir_patient(build_identity("QUAL"), local_id="1", local_system="urn:oid:1.2"))
    assert VALIDATOR.unchecked == UNCHECKED


def test_problems_read_as_sentences() -> None:
    problem = Problem("Patient.gender", "binding", "'x' is not in the value set")
    assert str(problem) == "error binding at Patient.gender: 'x' is not in the value set"
