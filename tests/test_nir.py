"""``ins.nir``: the verbs, the strictness levels, the error order and ``Nir``
(docs/domain/nir.md)."""

from __future__ import annotations

import copy
import pickle

import pytest
from helpers import assert_rejected
from pydantic import BaseModel, ConfigDict, ValidationError

from ins import (
    BirthplaceCode,
    InsError,
    InvalidComponent,
    InvalidFormat,
    InvalidKey,
    InvalidLength,
    Nir,
    NotAnInsMatricule,
    Sex,
    Strictness,
    nir,
)
from ins.errors import mask

# Every worked example of docs/domain/nir.md#worked-examples: the 13 first characters and the key.
WORKED_EXAMPLES = [
    ("2840588321025", "32"),  # plain mainland NIR
    ("284052A321025", "52"),  # Corsica-du-Sud: 2A read as 19
    ("284052B321025", "79"),  # Haute-Corse: 2B read as 18
    ("284202B321025", "28"),  # pseudo-month 20
    ("2951099126111", "93"),  # born abroad, country 126
    ("253072B073004", "70"),  # python-stdnum's Corsica example
    ("253072A073004", "43"),  # the same with 2A
    ("1090763220888", "35"),  # a NIA (OID .4.9): same shape and key as a NIR
    ("180032B020401", "23"),  # Corsica, test person
]


@pytest.mark.parametrize(("body", "key"), WORKED_EXAMPLES)
def test_worked_examples(body: str, key: str) -> None:
    assert nir.calc_key(body) == key
    assert nir.calc_key(body + key) == key
    for level in Strictness:
        assert nir.validate(body + key, strictness=level) == body + key
        assert nir.is_valid(body + key, strictness=level)
    assert nir.validate(body, allow_missing_key=True) == body + key


VALID = [
    # input, strictness, compact form; why
    (" 2 84 05 2A 321 025 52 ", "standard", "284052A32102552"),  # spaces inside and around
    ("2.84.05.2a.321.025.52", "standard", "284052A32102552"),  # dots, lower-case a
    ("2-84-05-2b-321-025-79", "standard", "284052B32102579"),  # hyphens, lower-case b
    ("384058832102579", "standard", "384058832102579"),  # sex digit 3 tolerated by default
    ("484058832102529", "standard", "484058832102529"),  # sex digit 4 tolerated by default
    ("784058832102573", "standard", "784058832102573"),  # 15-char sex digit 7 (not an NNP)
    ("884058832102523", "standard", "884058832102523"),  # 15-char sex digit 8
    ("284998832102581", "standard", "284998832102581"),  # pseudo-month 99 (standard 20-99)
    ("284438832102558", "standard", "284438832102558"),  # pseudo-month 43: standard, not strict
    ("284058800002559", "standard", "284058800002559"),  # commune 000: standard, not strict
    ("284059741102596", "strict", "284059741102596"),  # overseas 974
    ("284109912611150", "strict", "284109912611150"),  # born abroad, Greece
    ("284508832102573", "strict", "284508832102573"),  # pseudo-month 50 (strict 50-99)
    ("284428832102542", "strict", "284428832102542"),  # pseudo-month 42 (strict 20-42)
    ("500058800000073", "key", "500058800000073"),  # key level: only shape and key
    ("984000000000090", "key", "984000000000090"),  # key level: department 00, order 000
]


@pytest.mark.parametrize(("text", "level", "expected"), VALID)
def test_valid(text: str, level: str, expected: str) -> None:
    assert nir.validate(text, strictness=level) == expected
    assert nir.is_valid(text, strictness=level)
    assert nir.parse(text, strictness=level) == expected
    assert nir.compact(text) == expected


INVALID = [
    # input, strictness, error class, component (for InvalidComponent); why
    ("2" * 65, "key", InvalidLength, None),  # over 64 characters before cleaning
    (" " * 60 + "2840588321025" + "32", "key", InvalidLength, None),  # 75 chars, even if clean
    ("7840588321025", "key", NotAnInsMatricule, None),  # NNP (13 chars, 7)
    ("8 84 05 88 321 025", "key", NotAnInsMatricule, None),  # NNP (13 chars, 8), spaced
    ("5840588321025", "standard", NotAnInsMatricule, None),  # MIG (13 chars, 5)
    ("684058832A025", "standard", NotAnInsMatricule, None),  # 13 chars, 6: before the shape
    ("28405883210253", "key", InvalidLength, None),  # 14 characters
    ("2840588321025", "standard", InvalidLength, None),  # 13 chars without allow_missing_key
    ("2840588321025322", "key", InvalidLength, None),  # 16 characters
    ("", "key", InvalidLength, None),  # empty
    ("2840588321O2532", "key", InvalidFormat, None),  # letter O for zero
    ("284052C32102552", "key", InvalidFormat, None),  # 2C is not Corsica
    ("2840A2832102552", "key", InvalidFormat, None),  # letter at position 5
    ("28405A232102552", "key", InvalidFormat, None),  # A2 instead of 2A
    ("284052A3210255A", "key", InvalidFormat, None),  # letter in the key
    ("２８４０５８８３２１０２５３２", "key", InvalidFormat, None),  # full-width digits
    ("٢٨٤٠٥٨٨٣٢١٠٢٥٣٢", "key", InvalidFormat, None),  # Arabic-Indic digits
    ("28405883210\t532", "key", InvalidFormat, None),  # a tab is not removed
    ("584058832102576", "standard", InvalidComponent, "sex"),  # 15-char sex digit 5
    ("984058832102570", "standard", InvalidComponent, "sex"),  # sex digit 9
    ("084058832102535", "standard", InvalidComponent, "sex"),  # sex digit 0
    ("384058832102579", "strict", InvalidComponent, "sex"),  # 3 only in standard
    ("784058832102573", "strict", InvalidComponent, "sex"),  # 7 only in standard
    ("284008832102549", "standard", InvalidComponent, "month"),  # month 00
    ("284138832102563", "standard", InvalidComponent, "month"),  # month 13
    ("284198832102562", "standard", InvalidComponent, "month"),  # month 19
    ("284438832102558", "strict", InvalidComponent, "month"),  # 43: strict refuses 43-49
    ("284050032102580", "standard", InvalidComponent, "department"),  # department 00
    ("284058800002559", "strict", InvalidComponent, "commune"),  # commune 000 in strict
    ("284058832100057", "standard", InvalidComponent, "order"),  # order 000
    ("284058832102533", "standard", InvalidKey, None),  # key off by one
    ("284058832102500", "key", InvalidKey, None),  # key 00 is never right
    ("284058832102598", "key", InvalidKey, None),  # key 98 (a peer's "provisional")
    ("284058832102599", "key", InvalidKey, None),  # key 99
    ("284052A32102525", "standard", InvalidKey, None),  # 2A read as 20 (django-localflavor)
    ("284052B32102595", "standard", InvalidKey, None),  # 2B read as 21 (a .NET package)
]


@pytest.mark.parametrize(("text", "level", "error", "component"), INVALID)
def test_invalid(text: str, level: str, error: type[InsError], component: str | None) -> None:
    assert_rejected(text, level, error, component)
    with pytest.raises(error):
        nir.parse(text, strictness=level)


ORDER = [
    # input, error: the first failure in the order of
    # docs/domain/nir.md#which-error-for-which-failure wins
    ("7" * 13 + "x" * 52, InvalidLength),  # length over 64 beats everything
    ("7840588Z21025", NotAnInsMatricule),  # NNP beats the bad character
    ("28405883210X", InvalidLength),  # length beats the bad character
    ("984000000000Z90", InvalidFormat),  # character beats the components
    ("984000000000099", InvalidComponent),  # components beat the key
    ("284138832102599", InvalidComponent),  # month before the never-right key
]


@pytest.mark.parametrize(("text", "error"), ORDER)
def test_error_order(text: str, error: type[InsError]) -> None:
    with pytest.raises(error) as raised:
        nir.validate(text)
    assert type(raised.value) is error


def test_component_order_follows_positions() -> None:
    # sex, month, department, commune, order: all wrong, the sex digit is reported.
    with pytest.raises(InvalidComponent) as raised:
        nir.validate("900000000000035", strictness="strict")
    assert raised.value.component == "sex"


def test_messages_never_show_the_whole_matricule() -> None:
    for text in ("284058832102533", "284052C32102552", "284138832102563", "2840588321O2532"):
        with pytest.raises(InsError) as raised:
            nir.validate(text)
        assert mask(text) in str(raised.value)
        assert text[5:] not in str(raised.value)


def test_key_message_says_what_is_expected() -> None:
    with pytest.raises(InvalidKey, match=r"key 33 .* \(expected 32\)"):
        nir.validate("284058832102533")


def test_missing_key_allowed() -> None:
    assert nir.validate("2 84 05 2A 321 025", allow_missing_key=True) == "284052A32102552"
    assert nir.is_valid("284052A321025", allow_missing_key=True)
    with pytest.raises(NotAnInsMatricule, match="NNP"):
        nir.validate("7840588321025", allow_missing_key=True)
    with pytest.raises(NotAnInsMatricule, match="MIG"):
        nir.validate("6840588321025", allow_missing_key=True)
    with pytest.raises(InvalidLength, match="13 or 15 characters; this one has 14"):
        nir.validate("28405883210253", allow_missing_key=True)


def test_non_text_input() -> None:
    with pytest.raises(InvalidFormat, match="not int"):
        nir.validate(284058832102532)  # type: ignore[arg-type]
    assert nir.is_valid(284058832102532) is False
    assert nir.is_valid(None) is False


def test_unknown_strictness_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown strictness 'lax'"):
        nir.is_valid("284058832102532", strictness="lax")
    with pytest.raises(ValueError, match="use 'key', 'standard' or 'strict'"):
        nir.validate("284058832102532", strictness="STRICT")
    assert nir.is_valid("284058832102532", strictness=Strictness.STRICT)


def test_calc_key() -> None:
    assert nir.calc_key("2890478342212") == "97"  # extreme value
    assert nir.calc_key("2890478342211") == "01"  # extreme value, zero-padded
    with pytest.raises(InvalidLength):
        nir.calc_key("28904783422")
    with pytest.raises(InvalidFormat):
        nir.calc_key("289047834221X")
    # Arithmetic only: the body of a 15-character matricule starting with 7 has a key.
    assert nir.calc_key("7840588321025") == "73"
    assert nir.calc_key(" 784 058 832 102 573 ") == "73"


def test_format() -> None:
    assert nir.format("284052A32102552") == "2 84 05 2A 321 025 52"
    assert nir.format("2 84 05 2A 321 025 99", separator="") == "284052A32102599"  # key unchecked
    assert nir.format("295109912611193", separator="-") == "2-95-10-99-126-111-93"
    with pytest.raises(InvalidFormat):
        nir.format("284052C32102552")


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("7840588321025", "NNP"),  # first digit 7
        ("8 84 05 88 321 025", "NNP"),  # 8, spaced
        ("5840588321025", "MIG"),  # 5
        ("6840588321025", "MIG"),  # 6
        ("2840588321025", None),  # a NIR without its key
        ("784058832102573", None),  # 15 characters: not a family number
        ("784058832X025", None),  # not all digits
        ("7" * 70, None),  # too long: no crash
    ],
)
def test_neighbour_family(text: str, family: str | None) -> None:
    assert nir.neighbour_family(text) == family


PART_NAMES = (
    "sex",
    "is_provisional_kind",
    "year",
    "month_code",
    "birth_month",
    "department",
    "birthplace_code",
    "born_abroad",
    "country_code",
    "order_number",
    "key",
)
PARTS = [
    # matricule, sex digit, then the PART_NAMES in order
    ("284052A32102552", "2", Sex.F, False, 84, "05", 5, "2A", "2A321", False, None, "025", "52"),
    ("180032B02040123", "1", Sex.M, False, 80, "03", 3, "2B", "2B020", False, None, "401", "23"),
    ("295109912611193", "2", Sex.F, False, 95, "10", 10, "99", "99126", True, "126", "111", "93"),
    ("284202B32102528", "2", Sex.F, False, 84, "20", None, "2B", "2B321", False, None, "025", "28"),
    ("284059741102596", "2", Sex.F, False, 84, "05", 5, "974", "97411", False, None, "025", "96"),
    ("384058832102579", "3", Sex.M, True, 84, "05", 5, "88", "88321", False, None, "025", "79"),
    ("484058832102529", "4", Sex.F, True, 84, "05", 5, "88", "88321", False, None, "025", "29"),
    ("784058832102573", "7", Sex.M, True, 84, "05", 5, "88", "88321", False, None, "025", "73"),
    ("884058832102523", "8", Sex.F, True, 84, "05", 5, "88", "88321", False, None, "025", "23"),
    ("100019812300131", "1", Sex.M, False, 0, "01", 1, "981", "98123", False, None, "001", "31"),
]


@pytest.mark.parametrize("row", PARTS, ids=[row[0][:7] for row in PARTS])
def test_parts(row: tuple[object, ...]) -> None:
    text, sex_digit, *expected = row
    assert isinstance(text, str)
    value = Nir(text)
    assert value.sex_digit == sex_digit
    assert [getattr(value, name) for name in PART_NAMES] == expected
    assert isinstance(value.birthplace_code, BirthplaceCode)
    assert value.birthplace_code.department == value.department


def test_nir_is_the_compact_string_and_validates_at_standard_level() -> None:
    value = Nir(" 2 84 05 2A 321 025 52 ")
    assert value == "284052A32102552"
    assert isinstance(value, str)
    assert str(value) == "284052A32102552"
    with pytest.raises(InvalidLength):
        Nir("284052A321025")  # 13 chars: use nir.parse(..., allow_missing_key=True)
    assert Nir("284438832102558") == "284438832102558"  # pseudo-month 43: standard accepts
    with pytest.raises(InvalidComponent):
        Nir("584058832102576")  # sex digit 5: key level only


def test_nir_repr_is_masked() -> None:
    assert repr(Nir("284052A32102552")) == "Nir('28405**********')"
    assert "321" not in repr([Nir("284052A32102552")])


def test_nir_survives_copy_and_pickle() -> None:
    value = Nir("284052A32102552")
    assert copy.deepcopy(value) == value
    restored = pickle.loads(pickle.dumps(value))  # noqa: S301 (our own data)
    assert type(restored) is Nir
    assert restored == value
    # A Nir parsed at key level (department 00) is restored without validating again.
    raw = nir.parse("984000000000090", strictness="key")
    assert pickle.loads(pickle.dumps(raw)) == raw  # noqa: S301 (our own data)
    assert copy.copy(raw) == raw


def test_parse_at_key_level_keeps_raw_parts() -> None:
    value = nir.parse("984000000000090", strictness="key")
    assert type(value) is Nir
    assert (value.sex, value.month_code, value.birth_month) == (Sex.UNKNOWN, "00", None)
    assert (value.department, value.order_number, value.born_abroad) == ("00", "000", False)
    with pytest.raises(InvalidComponent, match="department 00 is no birthplace") as raised:
        _ = value.birthplace_code
    assert raised.value.component == "department"
    assert nir.parse("584058832102576", strictness="key").sex == Sex.M  # MIG digit: odd
    assert nir.parse("684058832102526", strictness="key").sex == Sex.F  # MIG digit: even


class _Patient(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    nir: Nir


def test_pydantic_field() -> None:
    patient = _Patient.model_validate({"nir": "2 84 05 2A 321 025 52"})
    assert type(patient.nir) is Nir
    assert patient.model_dump() == {"nir": "284052A32102552"}
    assert type(patient.model_dump()["nir"]) is str
    assert _Patient.model_validate_json(patient.model_dump_json()) == patient


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("284058832102533", "invalid_key"),  # wrong key
        ("284138832102563", "invalid_component"),  # month 13
        ("7840588321025", "not_ins_matricule"),  # NNP
        ("28405883210", "invalid_length"),  # too short
        ("2840588321O2532", "invalid_format"),  # letter O
    ],
)
def test_pydantic_error_type_is_the_ins_code(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as raised:
        _Patient.model_validate({"nir": text})
    (error,) = raised.value.errors()
    assert error["type"] == code
    assert text not in str(raised.value)


def test_json_schema() -> None:
    schema = _Patient.model_json_schema(mode="serialization")["properties"]["nir"]
    assert schema["type"] == "string"
    assert schema["title"] == "Nir"
    assert "pattern" in schema
    assert all(Nir(example) == example for example in schema["examples"])  # compact, as written
    typed = _Patient.model_json_schema(mode="validation")["properties"]["nir"]["examples"]
    assert "2 84 05 2A 321 025 52" in typed  # the forms people type (ADR 0110)
    assert all(Nir(example) for example in typed)
