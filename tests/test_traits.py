"""Tests of ins._traits: the Traits model, normalize_traits and compare_traits
(docs/domain/traits.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate
from ins._sex import Sex
from ins._traits import NormalizedTraits, Traits, compare_traits, normalize_traits
from ins.errors import InvalidCharacter, InvalidTrait

ZOE = Traits(
    birth_name="ADRUN",
    first_names="ZOE",
    sex="F",
    birth_date="1975-12-31",
    birthplace="63220",
)


def test_traits_fields_are_typed() -> None:
    assert ZOE.sex is Sex.F
    assert ZOE.birth_date == BirthDate(dt.date(1975, 12, 31))
    assert isinstance(ZOE.birthplace, BirthplaceCode)
    assert ZOE.used_name is None
    assert ZOE.first_first_name == "ZOE"


def test_traits_are_frozen_and_hide_input_in_errors() -> None:
    with pytest.raises(ValidationError):
        ZOE.birth_name = "X"  # type: ignore[misc]
    with pytest.raises(ValidationError) as caught:
        Traits(birth_name="A", first_names="B", sex="M", birth_date="1977-02-30-secret")
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize(
    ("field", "value", "error_type"),
    [
        ("sex", "x", "invalid_trait"),  # not a sex
        ("birth_date", "1977-13-45x", "invalid_trait"),  # not a date
        ("birthplace", "2C001", "invalid_format"),  # not a COG code
        ("birth_name", "", "string_too_short"),  # empty
        ("birth_name", "   ", "string_pattern_mismatch"),  # blank
        ("first_names", "x" * 1001, "string_too_long"),  # huge
    ],
)
def test_traits_validation_errors(field: str, value: str, error_type: str) -> None:
    data: dict[str, object] = {
        "birth_name": "A",
        "first_names": "B",
        "sex": "M",
        "birth_date": "1977-03-21",
    }
    data[field] = value
    with pytest.raises(ValidationError) as caught:
        Traits.model_validate(data)
    assert caught.value.errors()[0]["type"] == error_type


def test_traits_accept_common_sex_spellings_and_keep_names_verbatim() -> None:
    traits = Traits(birth_name="  Dupont ", first_names="jean", sex="homme", birth_date="1/2/1990")
    assert traits.sex is Sex.M
    # stored as given (docs/domain/traits.md#storage-of-insi-traits)
    assert traits.birth_name == "  Dupont "


def test_blank_optional_traits_are_absent() -> None:
    traits = Traits.model_validate(
        {**ZOE.model_dump(), "birthplace": "", "used_name": "  ", "used_first_name": ""}
    )
    assert (traits.birthplace, traits.used_name, traits.used_first_name) == (None, None, None)


def test_normalized_traits_dump_to_json() -> None:
    dumped = normalize_traits(ZOE.model_copy(update={"birth_name": "Adrun"})).model_dump(
        mode="json"
    )
    assert dumped["normalized"]["birth_name"] == "ADRUN"
    assert dumped["fields"]["birth_name"]["changes"][0] == {
        "kind": "case",
        "position": 1,
        "before": "d",
        "after": "D",
    }


def test_normalized_traits_json_schema() -> None:
    schema = NormalizedTraits.model_json_schema(mode="serialization")
    normalized = schema["properties"]["fields"]["additionalProperties"]
    assert normalized["properties"]["changes"]["items"]["properties"]["kind"]["enum"][0] == "case"


def test_traits_json_round_trip() -> None:
    traits = ZOE.model_copy(update={"birth_date": BirthDate.from_insi("1975-12-35")})
    again = Traits.model_validate_json(traits.model_dump_json())
    assert again == traits
    assert again.birth_date.exceptional


def test_normalize_traits_every_field() -> None:
    result = normalize_traits(
        {
            "birth_name": "García-Hämmadi",
            "first_names": "jean  christophe",
            "sex": "M",
            "birth_date": "1977-03-21",
            "used_name": "d’Artagnan",
            "used_first_name": "Jean-Christophe",
        }
    )
    normalized = result.normalized
    assert (normalized.birth_name, normalized.first_names) == ("GARCIA-HAMMADI", "JEAN CHRISTOPHE")
    assert (normalized.used_name, normalized.used_first_name) == ("D'ARTAGNAN", "JEAN-CHRISTOPHE")
    assert set(result.fields) == {"birth_name", "first_names", "used_name", "used_first_name"}
    assert result.changed
    assert result.original.birth_name == "García-Hämmadi"


def test_normalize_traits_unchanged() -> None:
    result = normalize_traits(ZOE)
    assert not result.changed
    assert result.normalized == ZOE
    assert set(result.fields) == {"birth_name", "first_names"}


def test_normalize_traits_errors_name_the_field() -> None:
    with pytest.raises(InvalidCharacter, match="used name") as character:
        normalize_traits(ZOE.model_copy(update={"used_name": "Du9pont"}))
    assert character.value.position == 2
    with pytest.raises(InvalidTrait, match="used first name") as trait:
        normalize_traits(ZOE.model_copy(update={"used_first_name": "Er--ic"}))
    assert trait.value.trait == "used_first_name"


def test_normalize_traits_policy() -> None:
    traits = ZOE.model_copy(update={"birth_name": "Иванов"})
    assert normalize_traits(traits, policy="transliterate").normalized.birth_name == "IVANOV"


@pytest.mark.parametrize(
    ("value", "trait"),
    [
        ({"birth_name": "A"}, "first_names"),  # missing field
        ({"birth_name": "A", "first_names": "B", "sex": "Q", "birth_date": "1977"}, "sex"),
        ("ADRUN", "traits"),  # not a mapping
    ],
)
def test_normalize_traits_bad_input(value: object, trait: str) -> None:
    with pytest.raises(InvalidTrait) as caught:
        normalize_traits(value)  # type: ignore[arg-type]
    assert caught.value.trait == trait


INSI = Traits(
    birth_name="TCHITCHI",
    first_names="CATARINA BELLA",
    sex="F",
    birth_date="1936-06-21",
    birthplace="63220",
)

# (changes to the local copy of INSI, traits that differ)
comparisons = [
    ({}, ()),  # identical
    ({"birth_name": "Tchitchi"}, ()),  # case does not count
    ({"birth_name": " tchítchi "}, ()),  # accents and spacing do not count
    ({"first_names": "Catarina"}, ()),  # local list shorter: first first name coherent
    ({"first_names": "CATARINA-BELLA"}, ()),  # hyphen counts as a space
    # docs/domain/traits.md#first-names example
    ({"first_names": "OLA CATARINA BELLA"}, ("first_names",)),
    ({"first_names": "BELLA"}, ("first_names",)),  # not the first first name
    ({"birth_name": "TCHITCHA"}, ("birth_name",)),  # other name
    ({"sex": "M"}, ("sex",)),  # other sex
    ({"sex": "I"}, ("sex",)),  # indeterminate differs from F
    ({"birth_date": "1936-06-22"}, ("birth_date",)),  # other day
    ({"birth_date": "1936-06-00"}, ()),  # estimated day ignored
    ({"birth_date": "1936-00-00"}, ()),  # estimated month and day ignored
    ({"birth_date": "1937-00-00"}, ("birth_date",)),  # the year always counts
    ({"birthplace": "63221"}, ("birthplace",)),  # other place
    ({"birthplace": None}, ()),  # missing place is not a difference
    ({"used_name": "MARTIN"}, ()),  # complementary traits are not compared
    (
        {"birth_name": "X", "sex": "M", "birth_date": "1940-01-01"},
        ("birth_name", "sex", "birth_date"),
    ),  # several, in trait order
]


@pytest.mark.parametrize(("changes", "differences"), comparisons)
def test_compare_traits(changes: dict[str, object], differences: tuple[str, ...]) -> None:
    local = Traits.model_validate({**INSI.model_dump(), **changes})
    comparison = compare_traits(local, INSI)
    assert comparison.traits == differences
    assert comparison.coherent is (not differences)


def test_compare_traits_reference_without_birthplace() -> None:
    reference = INSI.model_copy(update={"birthplace": None})
    assert compare_traits(INSI, reference).coherent


def test_difference_message() -> None:
    local = INSI.model_copy(update={"sex": Sex.M})
    (difference,) = compare_traits(local, INSI).differences
    assert (difference.trait, difference.local, difference.reference) == ("sex", "M", "F")
    assert difference.message == "The sex differs: 'M' locally, 'F' in the reference."


def test_compare_traits_needs_traits() -> None:
    with pytest.raises(InvalidTrait):
        compare_traits(INSI, {"birth_name": "X"})  # type: ignore[arg-type]
