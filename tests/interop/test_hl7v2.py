"""The PID segment for IHE PAM France 2.11.2 built from plain values (domain.md 3.2)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ins._identifiers import Oid
from ins._status import IdentityAttribute
from ins.errors import InvalidComponent, InvalidFormat
from ins.interop import to_hl7v2_pid
from ins.interop._hl7v2 import build_pid, escape
from ins.interop._source import pid_values

from .conftest import PERSONS, Build

DATA = Path(__file__).resolve().parent.parent / "data"

BASE: dict[str, object] = {
    "birth_name": "PAT-TROIS",
    "first_names": "DOMINIQUE",
    "sex": "F",
    "birth_date": date(1979, 3, 28),
    "status_code": "VALI",
}


def fields(segment: str) -> list[str]:
    """The segment split on ``|``: index n is PID-n."""
    parts = segment.split("|")
    assert parts[0] == "PID"
    return parts


def test_segment_has_32_fields() -> None:
    assert len(fields(build_pid(**BASE))) == 33  # type: ignore[arg-type]


ins_repetitions = [
    # (OID, PID-3 repetition) - production NIR, NIA, test, demo
    ("1.2.250.1.213.1.4.8", "^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO^INS"),
    ("1.2.250.1.213.1.4.9", "^^^ASIP-SANTE-INS-NIA&1.2.250.1.213.1.4.9&ISO^INS"),
    ("1.2.250.1.213.1.4.10", "^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.10&ISO^INS"),
    ("1.2.250.1.213.1.4.11", "^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.11&ISO^INS"),
]


@pytest.mark.parametrize(("oid", "suffix"), ins_repetitions)
def test_pid3_ins_repetition_per_oid(oid: str, suffix: str) -> None:
    segment = build_pid(**BASE, ins=("279035121518989", oid))  # type: ignore[arg-type]
    assert fields(segment)[3] == "279035121518989" + suffix


def test_pid3_local_identifier_comes_first() -> None:
    segment = build_pid(  # type: ignore[arg-type]
        **BASE,
        ins=("279035121518989", "1.2.250.1.213.1.4.10"),
        local_id="000003",
        local_authority="CHU-X",
    )
    local, ins_repetition = fields(segment)[3].split("~")
    assert local == "000003^^^CHU-X^PI"
    assert ins_repetition.startswith("279035121518989^^^")


def test_pid3_empty_without_ins_nor_local_identifier() -> None:
    assert fields(build_pid(**BASE))[3] == ""  # type: ignore[arg-type]


def test_pid5_birth_name_first_first_name_and_list() -> None:
    segment = build_pid(**{**BASE, "first_names": "PIERRE-ALAIN MURIEL FLORIANT"})  # type: ignore[arg-type]
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
    segment = build_pid(**BASE, used_name=used_name, used_first_name=used_first_name)  # type: ignore[arg-type]
    assert fields(segment)[5].split("~") == ["PAT-TROIS^DOMINIQUE^DOMINIQUE^^^^L", expected]


@pytest.mark.parametrize(("sex", "pid8"), [("M", "M"), ("F", "F"), ("I", "U")])
def test_pid8_sex(sex: str, pid8: str) -> None:
    assert fields(build_pid(**{**BASE, "sex": sex}))[8] == pid8  # type: ignore[arg-type]


def test_pid8_refuses_other_codes() -> None:
    with pytest.raises(InvalidFormat):
        build_pid(**{**BASE, "sex": "X"})  # type: ignore[arg-type]


def test_pid7_birth_date_and_pid11_birthplace() -> None:
    parts = fields(build_pid(**BASE, birthplace="2A020"))  # type: ignore[arg-type]
    assert parts[7] == "19790328"
    assert parts[11] == "^^^^^^BDL^^2A020"


def test_no_birth_date_nor_birthplace_leaves_fields_empty() -> None:
    parts = fields(build_pid(**{**BASE, "birth_date": None}))  # type: ignore[arg-type]
    assert (parts[7], parts[11]) == ("", "")


def test_pid32_status_then_one_repetition_per_attribute() -> None:
    segment = build_pid(**{**BASE, "status_code": "PROV"}, attribute_codes=("DOUT", "HOMA"))  # type: ignore[arg-type]
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
        build_pid(**{**BASE, "sex": "275126322074974"})  # type: ignore[arg-type]
    assert "2751263220" not in str(caught.value)
    assert "15 characters" in str(caught.value)


def test_delimiters_in_values_cannot_break_the_segment() -> None:
    segment = build_pid(  # type: ignore[arg-type]
        **BASE, used_name="A|B^C~D&E", local_id="12|3", local_authority="X^Y"
    )
    parts = fields(segment)
    assert len(parts) == 33
    assert parts[3] == "12\\F\\3^^^X\\S\\Y^PI"
    assert parts[5].split("~")[1] == "A\\F\\B\\S\\C\\R\\D\\T\\E^^^^^^D"


def _ans_vectors(*, key_matches: bool = True) -> list[dict[str, Any]]:
    data = json.loads((DATA / "ansforge_hl7v2_pid_ins.json").read_text(encoding="utf-8"))
    return [v for v in data["vectors"] if v["_check"]["std_key_matches"] is key_matches]


@pytest.mark.parametrize(
    "vector", _ans_vectors(key_matches=False), ids=lambda vector: vector["file"][:40]
)
def test_ans_examples_whose_key_does_not_verify_are_refused(vector: dict[str, Any]) -> None:
    """The peer writes them in PID-3; we refuse them: a matricule whose key does not verify is
    not an INS (domain.md 3.1), whatever an example message shows."""
    matricule, _, _, authority, *_ = vector["PID-3"].split("~")[-1].split("^")
    with pytest.raises(InvalidFormat):
        build_pid(**BASE, ins=(matricule, authority.split("&")[1]))  # type: ignore[arg-type]


@pytest.mark.parametrize("vector", _ans_vectors(), ids=lambda vector: vector["file"][:40])
def test_matches_the_ans_examples(vector: dict[str, Any]) -> None:
    """The ANS examples whose key verifies: same PID-3 INS repetition, PID-5, PID-7, PID-8.

    The ANS examples add an effective date (``^^20101207``) to PID-3, which PAM 2.11.2 does not
    require: we compare without it. Examples whose key does not verify are not test data.
    """
    ins_repetition = vector["PID-3"].split("~")[-1]
    matricule, _, _, authority, *_ = ins_repetition.split("^")
    oid = authority.split("&")[1]
    family, given, others, *_ = vector["PID-5"].split("^")
    birth = vector["PID-7"]
    segment = build_pid(
        birth_name=family,
        first_names=others or given,
        sex=vector["PID-8"],
        birth_date=date(int(birth[:4]), int(birth[4:6]), int(birth[6:])),
        status_code="VALI",
        ins=(matricule, oid),
    )
    parts = fields(segment)
    assert parts[3] == ins_repetition.removesuffix("^^20101207")
    assert parts[5].split("^")[:2] == [family, given]
    assert parts[5].endswith("^^^^L")
    assert (parts[7], parts[8], parts[32]) == (vector["PID-7"], vector["PID-8"], vector["PID-32"])


# ------------------------------------------------------------ from identities (to_hl7v2_pid)

pid32_mapping = [
    # (RNIV status, PID-32, INS in PID-3) - domain.md 3.2, PAM France 2.11.2
    ("QUAL", "VALI", True),  # qualified: said VALI in v2, and the only status carrying the INS
    ("VALI", "VALI", False),  # validated by a document, no INS
    ("RECUP", "PROV", False),  # retrieved but not validated: PAM has no RECUP, no INS sent
    ("PROV", "PROV", False),
]


@pytest.mark.parametrize(("status", "pid32", "with_ins"), pid32_mapping)
def test_status_mapping_and_ins_only_for_qual(
    build: Build, status: str, pid32: str, with_ins: bool
) -> None:
    parts = fields(to_hl7v2_pid(build(status)))
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
    parts = fields(to_hl7v2_pid(identity))
    assert parts[32] == "PROV~DOUT~HOMA"
    assert parts[3] == ""


@pytest.mark.parametrize(
    ("ins", "error"),
    [
        (("275126322074975", "1.2.250.1.213.1.4.8"), InvalidFormat),  # wrong key
        (("2751263220749", "1.2.250.1.213.1.4.8"), InvalidFormat),  # no key
        (("275126322074974", "1.2.250.1.213.1.4.2"), InvalidComponent),  # INS-C OID
    ],
)
def test_build_pid_refuses_an_ins_that_is_not_one(
    ins: tuple[str, str], error: type[Exception]
) -> None:
    with pytest.raises(error) as caught:
        build_pid(**BASE, ins=ins)  # type: ignore[arg-type]
    assert ins[0] not in str(caught.value)


def test_pid_values_repr_masks_the_matricule(build: Build) -> None:
    values = pid_values(build("QUAL"))
    assert "275126322074974" not in repr(values)
    assert "27512**********" in repr(values)
    assert "ins=None" in repr(pid_values(build("RECUP")))
