"""The INS datamatrix payload (domain.md 3.2): layout, group separators, limits, reading back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins._identifiers import Oid
from ins.errors import InvalidFormat, InvalidTrait, NotQualified
from ins.interop import GS, HEADER, datamatrix_payload, decode_payload, encode_payload

from .conftest import PERSONS, Build

ADRUN = {
    "matricule": "275126322074974",
    "oid": "1.2.250.1.213.1.4.8",
    "first_names": "ZOE",
    "birth_name": "ADRUN",
    "sex": "F",
    "birth_date": date(1975, 12, 31),
    "birthplace": "63220",
}
# domain.md 3.2, the full example (test person ADRUN ZOE), <GS> standing for 0x1D.
ADRUN_PAYLOAD = (
    "IS010000000000000000000000S1275126322074974S21.2.250.1.213.1.4.8<GS>S3ZOE<GS>"
    "S4ADRUN<GS>S5FS631-12-1975S763220"
).replace("<GS>", GS)


def test_header_is_marker_version_and_22_zeros() -> None:
    assert HEADER == "IS01" + "0" * 22
    assert len(HEADER) == 26


def test_adrun_example_of_the_specification() -> None:
    assert encode_payload(**ADRUN) == ADRUN_PAYLOAD  # type: ignore[arg-type]


def test_adrun_example_reads_back() -> None:
    content = decode_payload(ADRUN_PAYLOAD)
    assert content.model_dump() == ADRUN


def test_birthplace_is_optional_and_then_the_date_ends_the_payload() -> None:
    payload = encode_payload(**{**ADRUN, "birthplace": None})  # type: ignore[arg-type]
    assert payload.endswith("S5FS631-12-1975")
    assert decode_payload(payload).birthplace is None


@pytest.mark.parametrize(
    ("oid", "separator"),
    [
        ("1.2.250.1.213.1.4.8", True),  # 19 characters: shorter than the 20 maximum -> GS
        ("1.2.250.1.213.1.4.9", True),  # NIA, 19 characters
        ("1.2.250.1.213.1.4.10", False),  # test OID, 20 characters: full length, no GS
        ("1.2.250.1.213.1.4.11", False),  # demo OID, 20 characters
    ],
)
def test_oid_field_separator_depends_on_its_length(oid: str, separator: bool) -> None:
    payload = encode_payload(**{**ADRUN, "oid": oid})  # type: ignore[arg-type]
    assert ("S2" + oid + GS + "S3" in payload) is separator
    assert ("S2" + oid + "S3" in payload) is not separator
    assert decode_payload(payload).oid == oid


@pytest.mark.parametrize(
    ("length", "separator"),
    [
        (1, True),  # shortest name
        (99, True),  # one short of the maximum: still separated
        (100, False),  # at the maximum the field needs no separator
    ],
)
@pytest.mark.parametrize("field", ["first_names", "birth_name"])
def test_name_fields_at_and_below_maximum_length(field: str, length: int, separator: bool) -> None:
    value = "A" * length
    payload = encode_payload(**{**ADRUN, field: value})  # type: ignore[arg-type]
    tag, next_tag = ("S3", "S4") if field == "first_names" else ("S4", "S5")
    assert (tag + value + GS + next_tag in payload) is separator
    assert (tag + value + next_tag in payload) is not separator
    assert getattr(decode_payload(payload), field) == value


def test_both_names_at_maximum_length() -> None:
    payload = encode_payload(**{**ADRUN, "first_names": "B" * 100, "birth_name": "C" * 100})  # type: ignore[arg-type]
    assert GS not in payload[payload.index("S3") :]
    content = decode_payload(payload)
    assert (content.first_names, content.birth_name) == ("B" * 100, "C" * 100)


bad_values = [
    ({"first_names": ""}, InvalidTrait),  # empty field
    ({"birth_name": "A" * 101}, InvalidTrait),  # over 100 characters
    ({"birth_name": "Adrun"}, InvalidTrait),  # not in INSi form (lower case)
    ({"first_names": "ZOÉ"}, InvalidTrait),  # accent
    ({"birth_name": "AD" + GS + "RUN"}, InvalidTrait),  # a separator inside a value
    ({"sex": "I"}, InvalidTrait),  # indeterminate sex cannot be written
    ({"matricule": "2751263220749"}, InvalidFormat),  # 13 characters
    ({"matricule": "275126322074975"}, InvalidFormat),  # wrong key
    ({"oid": "1.2.250.1.213.1.4"}, InvalidFormat),  # too short for an INS OID
    ({"birthplace": "6322"}, InvalidFormat),  # 4-character COG
]


@pytest.mark.parametrize(("change", "error"), bad_values)
def test_values_the_format_cannot_hold(change: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        encode_payload(**{**ADRUN, **change})  # type: ignore[arg-type]


def test_error_on_matricule_masks_it() -> None:
    with pytest.raises(InvalidFormat) as caught:
        encode_payload(**{**ADRUN, "matricule": "27512632207497"})  # type: ignore[arg-type]
    assert "27512632207497" not in str(caught.value)
    assert "27512*********" in str(caught.value)


@pytest.mark.parametrize("field", ["oid", "sex", "birthplace"])
def test_errors_never_repeat_a_matricule_typed_in_another_field(field: str) -> None:
    with pytest.raises((InvalidFormat, InvalidTrait)) as caught:
        encode_payload(**{**ADRUN, field: "275126322074974"})  # type: ignore[arg-type]
    assert "2751263220" not in str(caught.value)
    assert "15 characters" in str(caught.value)


malformed = [
    "",  # nothing
    "IS01",  # header cut short
    HEADER.replace("IS", "XX") + ADRUN_PAYLOAD[26:],  # wrong marker
    ADRUN_PAYLOAD[:40],  # cut inside the OID
    ADRUN_PAYLOAD.replace("S3ZOE" + GS, "S3" + GS),  # empty first names
    ADRUN_PAYLOAD.replace("S4", "S9"),  # unknown tag where S4 belongs
    ADRUN_PAYLOAD.replace("31-12-1975", "31-13-1975"),  # no 13th month
    ADRUN_PAYLOAD.replace("31-12-1975", "3112-1975x"),  # not DD-MM-YYYY
    ADRUN_PAYLOAD.replace("31-12-1975", "٣١-12-1975"),  # Arabic-Indic digits: int() reads them
    ADRUN_PAYLOAD.replace("31-12-1975", "31-12-１９75"),  # full-width digits
    ADRUN_PAYLOAD.replace("31-12-1975", "+1-12-1975"),  # a sign: int() accepts it
    ADRUN_PAYLOAD + "S8X",  # trailing field
    ADRUN_PAYLOAD[:-3],  # birthplace cut short
    HEADER + "S1275126322074974S2" + "1" * 25,  # OID longer than 20 without separator
    HEADER + "S1275126322074974S2" + "1.2.250.1.213.1.4.8",  # OID then nothing
    "x" * 401,  # oversized input refused at once
]


@pytest.mark.parametrize("text", malformed)
def test_malformed_payloads_are_refused(text: str) -> None:
    with pytest.raises(InvalidFormat):
        decode_payload(text)


def test_content_repr_masks_the_matricule() -> None:
    content = decode_payload(ADRUN_PAYLOAD)
    assert "275126322074974" not in repr(content)
    assert "27512**********" in repr(content)
    assert "275126322074974" not in str(content)


insi_names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ '-", min_size=1, max_size=100)


@given(
    first_names=insi_names,
    birth_name=insi_names,
    oid=st.sampled_from(["1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.10"]),
    birth_date=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
    birthplace=st.none() | st.sampled_from(["63220", "2A020", "99126", "97411"]),
)
def test_encode_then_decode_round_trips(
    first_names: str, birth_name: str, oid: str, birth_date: date, birthplace: str | None
) -> None:
    values = {
        **ADRUN,
        "first_names": first_names,
        "birth_name": birth_name,
        "oid": oid,
        "birth_date": birth_date,
        "birthplace": birthplace,
    }
    assert decode_payload(encode_payload(**values)).model_dump() == values  # type: ignore[arg-type]


# ------------------------------------------------------------ from identities


def test_qualified_adrun_gives_the_example_of_the_specification(build: Build) -> None:
    assert datamatrix_payload(build("QUAL")) == ADRUN_PAYLOAD


@pytest.mark.parametrize("oid", list(Oid), ids=lambda oid: oid.name)
def test_qualified_identity_of_each_oid_kind_reads_back(build: Build, oid: Oid) -> None:
    identity = build("QUAL", oid)
    content = decode_payload(datamatrix_payload(identity))
    assert (content.matricule, content.oid) == (PERSONS[oid][1], oid.value)
    assert content.first_names == identity.traits.first_names
    assert content.birth_date == identity.traits.birth_date.value


def test_identity_without_birthplace_has_no_s7(build: Build) -> None:
    payload = datamatrix_payload(build("QUAL", without_birthplace=True))
    assert "S7" not in payload[payload.index("S6") :]


@pytest.mark.parametrize("status", ["PROV", "RECUP", "VALI"])
def test_not_qualified_is_refused(build: Build, status: str) -> None:
    with pytest.raises(NotQualified):
        datamatrix_payload(build(status))
