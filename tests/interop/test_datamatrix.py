"""The INS datamatrix payload (docs/domain/exports.md#ins-datamatrix): layout, group separators,
limits, reading back."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ins._identifiers import Ins, Oid
from ins._identity import Identity
from ins._sex import Sex
from ins._status import IdentityStatus
from ins._traits import Traits
from ins.errors import InvalidFormat, InvalidTrait, NotQualified
from ins.interop import GS, HEADER, datamatrix_payload, decode_payload
from ins.interop._datamatrix import encode_payload
from ins.testing.strategies import identities

from .conftest import ADRUN as ADRUN_TRAITS
from .conftest import PERSONS, Build, build_identity

ADRUN = {
    "matricule": "275126322074974",
    "oid": "1.2.250.1.213.1.4.8",
    "first_names": "ZOE",
    "birth_name": "ADRUN",
    "sex": "F",
    "birth_date": date(1975, 12, 31),
    "birthplace": "63220",
}
# The example of the specification (test person ADRUN ZOE), <GS> standing for 0x1D.
ADRUN_PAYLOAD = (
    "IS010000000000000000000000S1275126322074974S21.2.250.1.213.1.4.8<GS>S3ZOE<GS>"
    "S4ADRUN<GS>S5FS631-12-1975S763220"
).replace("<GS>", GS)


def test_header_is_marker_version_and_22_zeros() -> None:
    assert HEADER == "IS01" + "0" * 22
    assert len(HEADER) == 26


def test_adrun_example_of_the_specification(build: Build) -> None:
    assert datamatrix_payload(build("QUAL")) == ADRUN_PAYLOAD


def test_adrun_example_reads_back() -> None:
    content = decode_payload(ADRUN_PAYLOAD)
    assert content.model_dump() == ADRUN


def test_birthplace_is_optional_and_then_the_date_ends_the_payload(build: Build) -> None:
    payload = datamatrix_payload(build("QUAL", without_birthplace=True))
    assert payload.endswith("S5FS631-12-1975")
    assert decode_payload(payload).birthplace is None


@pytest.mark.parametrize(
    ("oid", "separator"),
    [
        (Oid.NIR, True),  # 1.2.250.1.213.1.4.8, 19 characters: shorter than the 20 maximum -> GS
        (Oid.NIA, True),  # 1.2.250.1.213.1.4.9, 19 characters
        (Oid.NIR_TEST, False),  # 1.2.250.1.213.1.4.10, 20 characters: full length, no GS
        (Oid.NIR_DEMO, False),  # 1.2.250.1.213.1.4.11, 20 characters
    ],
)
def test_oid_field_separator_depends_on_its_length(build: Build, oid: Oid, separator: bool) -> None:
    payload = datamatrix_payload(build("QUAL", oid))
    assert ("S2" + oid.value + GS + "S3" in payload) is separator
    assert ("S2" + oid.value + "S3" in payload) is not separator
    assert decode_payload(payload).oid == oid.value


def _named(field: str, value: str) -> Traits:
    return ADRUN_TRAITS.model_copy(update={field: value})


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
    payload = datamatrix_payload(build_identity(traits=_named(field, value)))
    tag, next_tag = ("S3", "S4") if field == "first_names" else ("S4", "S5")
    assert (tag + value + GS + next_tag in payload) is separator
    assert (tag + value + next_tag in payload) is not separator
    assert getattr(decode_payload(payload), field) == value


def test_both_names_at_maximum_length() -> None:
    traits = ADRUN_TRAITS.model_copy(update={"first_names": "B" * 100, "birth_name": "C" * 100})
    payload = datamatrix_payload(build_identity(traits=traits))
    assert GS not in payload[payload.index("S3") :]
    content = decode_payload(payload)
    assert (content.first_names, content.birth_name) == ("B" * 100, "C" * 100)


def test_indeterminate_sex_cannot_be_written() -> None:
    # Qualified through the Appli carte Vitale, which does not constrain the sex; INSi knows M/F.
    traits, matricule = PERSONS[Oid.NIR]
    collected = traits.model_copy(update={"sex": Sex.UNKNOWN})
    identity = Identity(traits=traits).apply_vitale_app(Ins(matricule, Oid.NIR), collected)
    assert identity.status is IdentityStatus.QUAL
    with pytest.raises(InvalidTrait, match="an indeterminate sex cannot be written") as caught:
        datamatrix_payload(identity)
    assert caught.value.trait == "sex"
    assert matricule not in str(caught.value)


@pytest.mark.parametrize(
    "values",
    [
        ADRUN,  # the plain values of a qualified person: no proof
        "275126322074974",  # a matricule alone
        None,
    ],
)
def test_the_payload_is_never_written_from_plain_values(values: object) -> None:
    with pytest.raises(NotQualified) as caught:
        encode_payload(values)  # type: ignore[arg-type]
    assert "275126322074974" not in str(caught.value)


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


def _payload(*fields: tuple[str, str]) -> str:
    """A payload of ``(tag, value)`` in this order, with a GS after each variable-length field
    shorter than its maximum that is not the last (the rule of the format)."""
    maximum = {"S2": 20, "S3": 100, "S4": 100}
    parts = []
    for index, (tag, value) in enumerate(fields):
        last = index == len(fields) - 1
        separator = tag in maximum and len(value) < maximum[tag] and not last
        parts.append(tag + value + (GS if separator else ""))
    return HEADER + "".join(parts)


ADRUN_FIELDS = [
    ("S1", "275126322074974"),
    ("S2", "1.2.250.1.213.1.4.8"),
    ("S3", "ZOE"),
    ("S4", "ADRUN"),
    ("S5", "F"),
    ("S6", "31-12-1975"),
    ("S7", "63220"),
]

orders = [
    # (order of the tags, why) - the tags identify the fields; the order is free (ADR 0059)
    (
        ["S1", "S2", "S4", "S5", "S6", "S7", "S3"],
        "S3 last: main refused it, another reader reads it",
    ),
    (["S1", "S2", "S3", "S5", "S6", "S7", "S4"], "S4 last, as in a public encoder's test vector"),
    (["S7", "S6", "S5", "S4", "S3", "S2", "S1"], "reversed"),
    (["S2", "S1", "S3", "S4", "S5", "S6", "S7"], "OID first, then a fixed-length field"),
]


@pytest.mark.parametrize(("order", "why"), orders, ids=[why for _, why in orders])
def test_fields_are_read_in_any_order(order: list[str], why: str) -> None:
    fields = dict(ADRUN_FIELDS)
    assert decode_payload(_payload(*((tag, fields[tag]) for tag in order))).model_dump() == ADRUN


def test_a_last_variable_field_ends_the_payload() -> None:
    text = _payload(*ADRUN_FIELDS[:2], *ADRUN_FIELDS[3:], ("S3", "ZOE MARIE"))
    assert text.endswith("S3ZOE MARIE")
    assert decode_payload(text).first_names == "ZOE MARIE"


def test_a_variable_field_at_its_maximum_needs_no_separator_anywhere() -> None:
    text = _payload(("S3", "B" * 100), *[f for f in ADRUN_FIELDS if f[0] != "S3"])
    assert GS not in text[: text.index("S1")]
    assert decode_payload(text).first_names == "B" * 100


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_payload(*ADRUN_FIELDS, ("S3", "ZOE")), "appears twice"),
        (_payload(*ADRUN_FIELDS[1:]), "lacks the field(s) S1"),
        (_payload(*ADRUN_FIELDS[:2], *ADRUN_FIELDS[4:]), "lacks the field(s) S3, S4"),
        (_payload(*ADRUN_FIELDS[:-1], ("S8", "X")), "a field S1 to S7 expected"),
    ],
)
def test_duplicate_missing_and_unknown_fields_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidFormat, match=re.escape(message)):
        decode_payload(text)


@given(st.permutations(ADRUN_FIELDS))
def test_every_order_reads_the_same(fields: list[tuple[str, str]]) -> None:
    assert decode_payload(_payload(*fields)).model_dump() == ADRUN


def test_content_repr_masks_the_matricule() -> None:
    content = decode_payload(ADRUN_PAYLOAD)
    assert "275126322074974" not in repr(content)
    assert "27512**********" in repr(content)
    assert "275126322074974" not in str(content)


@settings(max_examples=50)
@given(identities(statuses=[IdentityStatus.QUAL]))
def test_qualified_identities_round_trip(identity: Identity) -> None:
    assert identity.ins is not None
    traits = identity.traits
    if traits.sex is Sex.UNKNOWN:
        return  # refused above: an indeterminate sex cannot be written
    content = decode_payload(datamatrix_payload(identity))
    assert content.model_dump() == {
        "matricule": str(identity.ins.matricule),
        "oid": identity.ins.oid.value,
        "first_names": traits.first_names,
        "birth_name": traits.birth_name,
        "sex": traits.sex.value,
        "birth_date": traits.birth_date.value,
        "birthplace": None if traits.birthplace is None else str(traits.birthplace),
    }


# ------------------------------------------------------------ from identities


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


_pieces = st.sampled_from(["S1", "S2", "S3", "S4", "S5", "S6", "S7", GS, "0", "A", "-", "1.2"])


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=60), st.lists(_pieces, max_size=60).map("".join)))
def test_any_text_is_read_or_refused_with_invalid_format(tail: str) -> None:
    for text in (tail, HEADER + tail):
        try:
            content = decode_payload(text)
        except InvalidFormat:
            continue
        assert len(content.matricule) == 15
        assert 1 <= len(content.first_names) <= 100
