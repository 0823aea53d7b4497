"""``ins._identifiers``: OIDs and the ``Ins`` record (docs/domain/ins.md#oids)."""

from __future__ import annotations

import copy
import pickle
import re

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from ins import (
    LEGACY_INS_C_OID,
    LEGACY_INS_C_OIDS,
    Ins,
    InsError,
    InvalidComponent,
    InvalidKey,
    InvalidLength,
    Nir,
    NotAnInsMatricule,
    Oid,
)
from ins._identifiers import InsKind

TEST_PATIENT = "279035121518989"  # the ANS test patient (OID .4.10)
NIA = "109076322088835"  # NIA of docs/domain/nir.md#worked-examples (OID .4.9)

OIDS = [
    # OID, kind, FHIR type code, is_nia, is_test
    ("1.2.250.1.213.1.4.8", InsKind.NIR, "INS-NIR", False, False),  # production NIR
    ("1.2.250.1.213.1.4.9", InsKind.NIA, "INS-NIA", True, False),  # NIA
    ("1.2.250.1.213.1.4.10", InsKind.TEST, "INS-NIR-TEST", False, True),  # fictitious patients
    ("1.2.250.1.213.1.4.11", InsKind.DEMO, "INS-NIR-DEMO", False, True),  # demonstration data
]


@pytest.mark.parametrize(("oid", "kind", "fhir", "is_nia", "is_test"), OIDS)
def test_kinds(oid: str, kind: InsKind, fhir: str, is_nia: bool, is_test: bool) -> None:
    ins = Ins(TEST_PATIENT, oid)
    assert ins.oid is Oid(oid)
    assert (ins.kind, ins.oid.fhir_type_code, ins.is_nia, ins.is_test) == (
        kind,
        fhir,
        is_nia,
        is_test,
    )
    assert ins.oid.kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "1.2.250.1.213.1.4.9",  # plain
        " 1.2.250.1.213.1.4.9\n",  # white space around
        "urn:oid:1.2.250.1.213.1.4.9",  # FHIR system form
        "URN:OID:1.2.250.1.213.1.4.9",  # upper-case prefix
        Oid.NIA,  # the enum itself
    ],
)
def test_oid_forms(text: str) -> None:
    assert Oid.parse(text) is Oid.NIA
    assert Ins(NIA, text).is_nia


def test_legacy_constants() -> None:
    assert LEGACY_INS_C_OID == "1.2.250.1.213.1.4.2"
    assert LEGACY_INS_C_OIDS == (
        "1.2.250.1.213.1.4.2",
        "1.2.250.1.213.1.4.6",
        "1.2.250.1.213.1.4.7",
    )


@pytest.mark.parametrize(
    ("oid", "words"),
    [
        ("1.2.250.1.213.1.4.2", "legacy INS-C (production)"),  # INS-C
        ("urn:oid:1.2.250.1.213.1.4.6", "legacy INS-C (test)"),  # INS-C test
        ("1.2.250.1.213.1.4.7", "legacy INS-C (demo)"),  # INS-C demo
        ("1.2.250.1.213.1.4.12", "is not an INS OID"),  # neighbour, unknown
        ("1.2.250.1.213.1.4.8.1", "is not an INS OID"),  # longer
        ("", "is not an INS OID"),  # empty
        ("9" * 200, "text of 200 characters is not an INS OID"),  # huge: refused at once
        ("1.2.250.1.213.1.4." + "8" * 40, "is not an INS OID"),  # long but under 64
    ],
)
def test_refused_oids(oid: str, words: str) -> None:
    with pytest.raises(InvalidComponent, match=re.escape(words)) as raised:
        Ins(TEST_PATIENT, oid)
    assert raised.value.component == "oid"
    assert len(str(raised.value)) < 200


def test_oid_must_be_text() -> None:
    with pytest.raises(InvalidComponent, match="not int"):
        Oid.parse(12)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("matricule", "error"),
    [
        ("279035121518988", InvalidKey),  # wrong key
        ("2790351215189", InvalidLength),  # 13 characters: an INS has its key
        ("7790351215189", NotAnInsMatricule),  # an NNP
        ("579035121518936", InvalidComponent),  # sex digit 5: valid key, not standard
    ],
)
def test_direct_construction_raises_the_ins_error(matricule: str, error: type[InsError]) -> None:
    with pytest.raises(error) as raised:
        Ins(matricule, Oid.NIR)
    assert type(raised.value) is error
    assert not isinstance(raised.value, ValidationError)


def test_matricule_is_a_nir_and_compacted() -> None:
    ins = Ins("2 79 03 51 215 189 89", "1.2.250.1.213.1.4.10")
    assert type(ins.matricule) is Nir
    assert ins.matricule == TEST_PATIENT
    assert ins.matricule.birthplace_code == "51215"


def test_repr_and_str_mask_the_matricule() -> None:
    ins = Ins(TEST_PATIENT, Oid.NIR_TEST)
    assert repr(ins) == "Ins(matricule='27903**********', oid='1.2.250.1.213.1.4.10')"
    assert TEST_PATIENT not in str(ins)
    assert TEST_PATIENT not in repr([ins])


def test_frozen_hashable_equal() -> None:
    ins = Ins(TEST_PATIENT, Oid.NIR_TEST)
    with pytest.raises(ValidationError):
        ins.oid = Oid.NIR  # type: ignore[misc]
    assert ins == Ins(TEST_PATIENT, "1.2.250.1.213.1.4.10")
    assert ins != Ins(TEST_PATIENT, Oid.NIR)
    assert len({ins, Ins(TEST_PATIENT, "urn:oid:1.2.250.1.213.1.4.10")}) == 1
    assert copy.deepcopy(ins) == ins
    assert pickle.loads(pickle.dumps(ins)) == ins  # noqa: S301 (our own data)


def test_keywords_validate_as_a_pydantic_model() -> None:
    # Positional: the ins error; keywords (what pydantic itself passes): its ValidationError.
    assert Ins(matricule=TEST_PATIENT, oid=Oid.NIR) == Ins(TEST_PATIENT, Oid.NIR)
    with pytest.raises(ValidationError) as raised:
        Ins(matricule=TEST_PATIENT[:-1] + "0", oid=Oid.NIR)
    assert raised.value.errors()[0]["type"] == "invalid_key"
    with pytest.raises(TypeError, match=r"Ins\(matricule, oid\)"):
        Ins(TEST_PATIENT, oid=Oid.NIR)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"Ins\(matricule, oid\)"):
        Ins(TEST_PATIENT)  # type: ignore[call-arg]


class _Patient(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    ins: Ins


def test_pydantic_field_from_dict_and_json_round_trip() -> None:
    patient = _Patient.model_validate(
        {"ins": {"matricule": "2 79 03 51 215 189 89", "oid": "urn:oid:1.2.250.1.213.1.4.10"}}
    )
    assert patient.ins == Ins(TEST_PATIENT, Oid.NIR_TEST)
    assert type(patient.ins.matricule) is Nir
    assert patient.model_dump() == {
        "ins": {"matricule": TEST_PATIENT, "oid": "1.2.250.1.213.1.4.10"}
    }
    assert _Patient.model_validate_json(patient.model_dump_json()) == patient
    assert _Patient(ins=patient.ins).ins is patient.ins


@pytest.mark.parametrize(
    ("data", "location", "code"),
    [
        ({"matricule": "279035121518988", "oid": Oid.NIR}, "matricule", "invalid_key"),  # key
        ({"matricule": "7790351215189", "oid": Oid.NIR}, "matricule", "not_ins_matricule"),  # NNP
        ({"matricule": 279035121518989, "oid": Oid.NIR}, "matricule", "invalid_format"),  # int
        ({"matricule": TEST_PATIENT, "oid": LEGACY_INS_C_OID}, "oid", "invalid_component"),  # C
        ({"matricule": TEST_PATIENT, "oid": "1.2.3"}, "oid", "invalid_component"),  # unknown OID
    ],
)
def test_pydantic_errors_carry_the_ins_code(
    data: dict[str, object], location: str, code: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _Patient.model_validate({"ins": data})
    (error,) = raised.value.errors()
    assert error["type"] == code
    assert error["loc"] == ("ins", location)
    assert TEST_PATIENT not in str(raised.value)
    assert "279035121518988" not in str(raised.value)


def test_ins_model_validate_hides_input() -> None:
    with pytest.raises(ValidationError) as raised:
        Ins.model_validate({"matricule": "279035121518988", "oid": Oid.NIR})
    assert "279035121518988" not in str(raised.value)


def test_json_schema() -> None:
    schema = Ins.model_json_schema()
    assert schema["required"] == ["matricule", "oid"]
    assert schema["properties"]["matricule"]["title"] == "Nir"
    written = Ins.model_json_schema(mode="serialization")
    assert written["properties"]["oid"]["enum"] == [oid.value for oid in Oid]
    assert "urn:oid:" in schema["properties"]["oid"]["description"]  # read with its prefix too
    assert ">>>" not in schema["description"]
    for example in schema["examples"]:
        assert Ins(example["matricule"], example["oid"]).is_test
