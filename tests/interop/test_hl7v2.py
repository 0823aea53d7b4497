"""The PID segment for IHE PAM France 2.11.2 built from plain values
(docs/domain/exports.md#hl7-v2-pam-france)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ins._identifiers import Ins, Oid
from ins._status import IdentityAttribute, IdentityStatus
from ins._traits import Traits
from ins.errors import InsError, InvalidFormat, NotQualified
from ins.interop import to_hl7v2_pid
from ins.interop._hl7v2 import build_pid, escape
from ins.interop._source import PidValues, pid_values

from .conftest import PERSONS, Build, build_identity

DATA = Path(__file__).resolve().parent.parent / "data"

BASE = PidValues(
    birth_name="PAT-TROIS",
    first_names="DOMINIQUE",
    sex="F",
    birth_date=date(1979, 3, 28),
    birthplace=None,
    status=IdentityStatus.VALI,
)


def pid(
    local_id: str | None = "000003", local_authority: str | None = "CHU-X", **changes: Any
) -> str:
    """The PID of BASE with ``changes`` (plain values: never an INS) and a local identifier."""
    return build_pid(replace(BASE, **changes), local_id=local_id, local_authority=local_authority)


def fields(segment: str) -> list[str]:
    """The segment split on ``|``: index n is PID-n."""
    parts = segment.split("|")
    assert parts[0] == "PID"
    return parts


def test_segment_has_32_fields() -> None:
    assert len(fields(pid())) == 33


def test_pid3_local_identifier_comes_first(build: Build) -> None:
    values = pid_values(build("QUAL", Oid.NIR_TEST))
    segment = build_pid(values, local_id="000003", local_authority="CHU-X")
    local, ins_repetition = fields(segment)[3].split("~")
    assert local == "000003^^^CHU-X^PI"
    assert ins_repetition.startswith("279035121518989^^^")


def test_pid3_is_required_without_an_ins() -> None:
    # PAM France requires PID-3: without the INS (not QUAL), the IPP must be given.
    with pytest.raises(InvalidFormat, match="PID-3 is required by IHE PAM France"):
        pid(None, None)


def test_a_qualified_identity_needs_no_local_identifier(build: Build) -> None:
    parts = fields(to_hl7v2_pid(build("QUAL")))
    assert parts[3] == "275126322074974^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO^INS"


@pytest.mark.parametrize(
    ("local_id", "local_authority"),
    [
        ("1" * 129, "CHU-X"),  # CX.1 holds 128 characters
        ("000003", "C" * 21),  # CX.4.1, the namespace ID, holds 20
    ],
)
def test_local_identifier_lengths_of_pam_france(local_id: str, local_authority: str) -> None:
    with pytest.raises(InvalidFormat, match="IHE PAM France limits"):
        pid(local_id, local_authority)


def test_local_identifier_at_pam_france_lengths() -> None:
    local = fields(pid("1" * 128, "C" * 20))[3]
    assert local == "1" * 128 + "^^^" + "C" * 20 + "^PI"


@pytest.mark.parametrize(
    ("local_id", "local_authority"),
    [
        ("000003", None),  # CX.4 is required by PAM France: no "000003^^^^PI"
        ("000003", ""),
        (None, "CHU-X"),  # an authority without an identifier
        ("", "CHU-X"),
        (3, "CHU-X"),  # not text
    ],
)
def test_local_identifier_needs_its_assigning_authority(
    local_id: str | None, local_authority: str | None
) -> None:
    with pytest.raises(InvalidFormat, match=r"authority"):
        pid(local_id, local_authority)  # type: ignore[arg-type]


def test_pid5_birth_name_first_first_name_and_list() -> None:
    segment = pid(first_names="PIERRE-ALAIN MURIEL FLORIANT")
    assert fields(segment)[5] == "PAT-TROIS^PIERRE-ALAIN^PIERRE-ALAIN MURIEL FLORIANT^^^^L"


@pytest.mark.parametrize(
    ("used_name", "used_first_name", "expected"),
    [
        ("MARTIN", "DOMI", "MARTIN^DOMI^^^^^D"),  # both used traits
        ("MARTIN", None, "MARTIN^^^^^^D"),  # used name only
        (None, "DOMI", "PAT-TROIS^DOMI^^^^^D"),  # used first name only: family is the birth name
    ],
)
def test_pid5_used_name_repetition(
    used_name: str | None, used_first_name: str | None, expected: str
) -> None:
    segment = pid(used_name=used_name, used_first_name=used_first_name)
    assert fields(segment)[5].split("~") == ["PAT-TROIS^DOMINIQUE^DOMINIQUE^^^^L", expected]


@pytest.mark.parametrize(("sex", "pid8"), [("M", "M"), ("F", "F"), ("I", "U")])
def test_pid8_sex(sex: str, pid8: str) -> None:
    assert fields(pid(sex=sex))[8] == pid8


def test_pid8_refuses_other_codes() -> None:
    with pytest.raises(InvalidFormat):
        pid(sex="X")


def test_pid7_birth_date_and_pid11_birthplace() -> None:
    parts = fields(pid(birthplace="2A020"))
    assert parts[7] == "19790328"
    assert parts[11] == "^^^^^^BDL^^2A020"


def test_no_birth_date_nor_birthplace_leaves_fields_empty() -> None:
    parts = fields(pid(birth_date=None))
    assert (parts[7], parts[11]) == ("", "")


def test_pid32_status_then_one_repetition_per_attribute() -> None:
    segment = pid(status=IdentityStatus.PROV, attribute_codes=("DOUT", "HOMA"))
    assert fields(segment)[32] == "PROV~DOUT~HOMA"


escapes = [
    ("A|B", "A\\F\\B"),  # field separator
    ("A^B", "A\\S\\B"),  # component separator
    ("A~B", "A\\R\\B"),  # repetition separator
    ("A&B", "A\\T\\B"),  # sub-component separator
    ("A\\B", "A\\E\\B"),  # the escape character itself
    ("A\rB\nC", "A\\X0D\\B\\X0A\\C"),  # line breaks would end the segment
    ("\\|", "\\E\\\\F\\"),  # escape first, so that escapes are not escaped again
    ("O'NEIL", "O'NEIL"),  # INSi characters pass unchanged
]


@pytest.mark.parametrize(("raw", "escaped"), escapes)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


@pytest.mark.parametrize("value", [None, 12, b"A|B"])
def test_escape_refuses_what_is_not_text(value: object) -> None:
    with pytest.raises(TypeError, match=r"^escape\(\) takes the text of an HL7 v2 value"):
        escape(value)  # type: ignore[arg-type]


def test_pid8_error_never_repeats_a_matricule() -> None:
    # A matricule typed in the sex field: described by its length, never repeated.
    with pytest.raises(InvalidFormat) as caught:
        pid(sex="275126322074974")
    assert "2751263220" not in str(caught.value)
    assert "15 characters" in str(caught.value)


def test_delimiters_in_values_cannot_break_the_segment() -> None:
    segment = pid("12|3", "X^Y", used_name="A|B^C~D&E")  # delimiters everywhere
    parts = fields(segment)
    assert len(parts) == 33
    assert parts[3] == "12\\F\\3^^^X\\S\\Y^PI"
    assert parts[5].split("~")[1] == "A\\F\\B\\S\\C\\R\\D\\T\\E^^^^^^D"


def _ans_vectors(*, key_matches: bool = True) -> list[dict[str, Any]]:
    data = json.loads((DATA / "ansforge_hl7v2_pid_ins.json").read_text(encoding="utf-8"))
    return [v for v in data["vectors"] if v["_check"]["std_key_matches"] is key_matches]


def _ins_repetition(vector: dict[str, Any]) -> tuple[str, str, str]:
    repetition = vector["PID-3"].split("~")[-1]
    matricule, _, _, authority, *_ = repetition.split("^")
    return repetition, matricule, authority.split("&")[1]


@pytest.mark.parametrize(
    "vector", _ans_vectors(key_matches=False), ids=lambda vector: vector["file"][:40]
)
def test_ans_examples_whose_key_does_not_verify_cannot_be_exported(vector: dict[str, Any]) -> None:
    """The peer writes them in PID-3; here no road leads there: a matricule whose key does not
    verify is not an INS (so no identity holds it, and the PID takes the INS only from one)."""
    _, matricule, oid = _ins_repetition(vector)
    with pytest.raises(InsError):
        Ins(matricule, oid)


@pytest.mark.parametrize("vector", _ans_vectors(), ids=lambda vector: vector["file"][:40])
def test_matches_the_ans_examples(vector: dict[str, Any]) -> None:
    """The ANS examples whose key verifies: same PID-3 INS repetition, PID-5, PID-7, PID-8.

    The ANS examples add an effective date (``^^20101207``) to PID-3, which PAM 2.11.2 does not
    require: we compare without it. Examples whose key does not verify are not test data.
    """
    repetition, matricule, oid = _ins_repetition(vector)
    family, given, others, *_ = vector["PID-5"].split("^")
    birth = vector["PID-7"]
    traits = Traits(
        birth_name=family,
        first_names=others or given,
        sex=vector["PID-8"],
        birth_date=f"{birth[:4]}-{birth[4:6]}-{birth[6:]}",
    )
    identity = build_identity(traits=traits, oid=Oid.parse(oid), matricule=matricule)
    parts = fields(to_hl7v2_pid(identity))
    assert parts[3] == repetition.removesuffix("^^20101207")
    # One example writes "PatientA": INSi traits are upper case, the identity holds PATIENTA.
    assert parts[5].split("^")[:2] == [family.upper(), given]
    assert parts[5].endswith("^^^^L")
    assert (parts[7], parts[8], parts[32]) == (vector["PID-7"], vector["PID-8"], vector["PID-32"])


# ------------------------------------------------------------ from identities (to_hl7v2_pid)

pid32_mapping = [
    # (RNIV status, PID-32, INS in PID-3) - docs/domain/exports.md#hl7-v2-pam-france, PAM France
    # 2.11.2
    ("QUAL", "VALI", True),  # qualified: said VALI in v2, and the only status carrying the INS
    ("VALI", "VALI", False),  # validated by a document, no INS
    ("RECUP", "PROV", False),  # retrieved but not validated: PAM has no RECUP, no INS sent
    ("PROV", "PROV", False),
]


@pytest.mark.parametrize(("status", "pid32", "with_ins"), pid32_mapping)
def test_status_mapping_and_ins_only_for_qual(
    build: Build, status: str, pid32: str, with_ins: bool
) -> None:
    parts = fields(to_hl7v2_pid(build(status), local_id="000003", local_authority="CHU-X"))
    assert parts[32] == pid32
    assert ("ASIP-SANTE-INS" in parts[3]) is with_ins
    assert ("275126322074974" in "|".join(parts)) is with_ins


@pytest.mark.parametrize("oid", list(Oid), ids=lambda oid: oid.name)
def test_qualified_identity_of_each_oid_kind(build: Build, oid: Oid) -> None:
    parts = fields(to_hl7v2_pid(build("QUAL", oid)))
    matricule = PERSONS[oid][1]
    namespace = "ASIP-SANTE-INS-NIA" if oid is Oid.NIA else "ASIP-SANTE-INS-NIR"
    assert parts[3] == f"{matricule}^^^{namespace}&{oid.value}&ISO^INS"


def test_identity_fields_and_attributes(build: Build) -> None:
    identity = build("QUAL", used_name="MARTIN", attributes=(IdentityAttribute.HOMONYME_DETECTE,))
    segment = to_hl7v2_pid(identity, local_id="000003", local_authority="CHU-X")
    parts = fields(segment)
    assert parts[3].startswith("000003^^^CHU-X^PI~275126322074974^^^")
    assert parts[5] == "ADRUN^ZOE^ZOE^^^^L~MARTIN^^^^^^D"
    assert (parts[7], parts[8], parts[11]) == ("19751231", "F", "^^^^^^BDL^^63220")
    assert parts[32] == "VALI~HOMD"


def test_doubtful_identity_exports_prov_and_its_attribute(build: Build) -> None:
    identity = build("QUAL", attributes=(IdentityAttribute.DOUTEUSE, IdentityAttribute.HOMONYME))
    parts = fields(to_hl7v2_pid(identity, local_id="000003", local_authority="CHU-X"))
    assert parts[32] == "PROV~DOUT~HOMA"
    assert parts[3] == "000003^^^CHU-X^PI"


@pytest.mark.parametrize(
    "qualified",
    [
        ("275126322074974", "1.2.250.1.213.1.4.8"),  # the (matricule, OID) pair of old
        "275126322074974",  # a matricule alone
        {"matricule": "275126322074974", "oid": "1.2.250.1.213.1.4.8"},
    ],
)
def test_pid3_never_takes_the_ins_from_plain_values(qualified: object) -> None:
    values = replace(BASE, qualified=qualified)
    with pytest.raises(NotQualified) as caught:
        build_pid(values)
    assert "275126322074974" not in str(caught.value)


def test_a_non_identity_is_refused() -> None:
    with pytest.raises(TypeError, match="built from an Identity, not a dict"):
        to_hl7v2_pid({"ins": "275126322074974"})  # type: ignore[arg-type]


def test_pid_values_repr_masks_the_matricule(build: Build) -> None:
    values = pid_values(build("QUAL"))
    assert "275126322074974" not in repr(values)
    assert "27512**********" in repr(values)
    assert "ins=None" in repr(pid_values(build("RECUP")))
