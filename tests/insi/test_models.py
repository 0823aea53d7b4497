"""Request and result models: INSi character set, masking, invariants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from ins._dates import BirthDate
from ins._traits import Traits
from ins.errors import InvalidTrait
from ins.insi import (
    InsiCode,
    InsiResult,
    TraitsSearch,
    VitaleBeneficiary,
    VitaleCard,
    VitaleSearch,
    WireIns,
    make_result,
)
from ins.insi._requests import revalidated
from ins.insi.mock import load_test_identities

ADRUN: dict[str, Any] = {
    "birth_name": "ADRUN",
    "first_names": "ZOE",
    "sex": "F",
    "birth_date": "1975-12-31",
}

valid_changes = [
    {},  # the plain request
    {"birth_name": "GARCIA--HAMMADI"},  # double hyphen in a birth name
    # leading apostrophe (project decision, docs/domain/traits.md#syntax-rules)
    {"birth_name": "'T HOOFT"},
    {"first_names": "PIERRE-ALAIN MURIEL"},  # the whole list in one Prenom
    {"birth_date": "1975-00-00"},  # unknown month and day (DateLunaire)
    {"birth_date": "1975-02-35"},  # a lunar date: any digits
    {"birth_date": dt.date(1975, 12, 31)},  # a date object
    {"birth_date": BirthDate.from_partial(1975, 12)},  # partial date: 00 for the day
    {"sex": "f"},  # read with Sex.parse
    {"birthplace": "2A020"},  # Corsica
]


@pytest.mark.parametrize("change", valid_changes)
def test_valid_traits_requests(change: dict[str, Any]) -> None:
    request = TraitsSearch(**(ADRUN | change))
    assert request.birth_name == (ADRUN | change)["birth_name"]


def test_partial_birth_date_is_sent_with_zeros() -> None:
    request = TraitsSearch(**(ADRUN | {"birth_date": BirthDate.from_partial(1975, 12)}))
    assert request.birth_date == "1975-12-00"


invalid_changes = [
    ({"birth_name": "Adrun"}, "birth_name"),  # lower case
    ({"birth_name": "ADRÜN"}, "birth_name"),  # diacritic
    ({"birth_name": "AD9RUN"}, "birth_name"),  # digit
    ({"birth_name": " ADRUN"}, "birth_name"),  # leading space
    ({"birth_name": "-ADRUN"}, "birth_name"),  # leading hyphen
    ({"birth_name": "AD---RUN"}, "birth_name"),  # three hyphens
    ({"birth_name": ""}, "birth_name"),  # empty
    ({"birth_name": 42}, "birth_name"),  # not text
    ({"first_names": "ER--IC"}, "first_names"),  # double hyphen in a first name
    ({"first_names": "ZOE  ANNE"}, "first_names"),  # doubled space
    ({"first_names": "ZOE-"}, "first_names"),  # trailing hyphen
    ({"sex": "I"}, "sex"),  # unknown sex cannot be sent
    ({"sex": "X"}, "sex"),  # not a sex
    ({"birth_date": "31/12/1975"}, "birth_date"),  # not YYYY-MM-DD
    ({"birth_date": "1975-1-31"}, "birth_date"),  # not two digits
    ({"birthplace": "6322"}, "birthplace"),  # not five characters
    ({"extra": "x"}, "extra"),  # unknown field
]


@pytest.mark.parametrize(("change", "trait"), invalid_changes)
def test_invalid_traits_requests(change: dict[str, Any], trait: str) -> None:
    # Built directly: a model's ValidationError, located at the trait.
    with pytest.raises(ValidationError) as validation:
        TraitsSearch(**(ADRUN | change))
    assert validation.value.errors()[0]["loc"] == (trait,)
    if trait == "extra":
        return  # model_construct keeps no unknown field: nothing to check again
    # Checked again by the SOAP and mock layers (revalidated): the ins error naming the trait.
    with pytest.raises(InvalidTrait) as raised:
        revalidated(TraitsSearch.model_construct(**(ADRUN | change)))
    assert raised.value.trait == trait
    assert raised.value.code == "invalid_trait"


validation_cases = [
    # (model, fields, expected error type, location): pydantic reports the ins code as the type
    (TraitsSearch, ADRUN | {"birth_name": "Adrun"}, "invalid_trait", ("birth_name",)),  # case
    (TraitsSearch, ADRUN | {"birth_name": 42}, "invalid_trait", ("birth_name",)),  # not text
    (TraitsSearch, ADRUN | {"first_names": "ZOE-"}, "invalid_trait", ("first_names",)),  # hyphen
    (TraitsSearch, ADRUN | {"sex": "I"}, "invalid_trait", ("sex",)),  # unknown sex
    (TraitsSearch, ADRUN | {"sex": "X"}, "invalid_trait", ("sex",)),  # Sex.parse's own error
    (TraitsSearch, ADRUN | {"birth_date": "1975-1-31"}, "invalid_trait", ("birth_date",)),
    (TraitsSearch, ADRUN | {"birthplace": "6322"}, "invalid_length", ("birthplace",)),  # its code
    (VitaleSearch, {"birth_date": "1975-12-31"}, "invalid_trait", ()),  # no matricule at all
    (
        VitaleSearch,  # the NIR's own code, not value_error
        {"individual_matricule": "275126322074975", "birth_date": "1975-12-31"},
        "invalid_key",
        ("individual_matricule",),
    ),
]


@pytest.mark.parametrize(("model", "fields", "kind", "loc"), validation_cases)
def test_pydantic_validation_reports_the_ins_code(
    model: type[BaseModel], fields: dict[str, Any], kind: str, loc: tuple[str, ...]
) -> None:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(fields)
    error = raised.value.errors()[0]
    assert (error["type"], error["loc"]) == (kind, loc)
    assert "Value error" not in error["msg"]
    assert "Adrun" not in str(raised.value)  # hide_input_in_errors
    # Built directly, the same fields raise the same error.
    with pytest.raises(ValidationError) as direct:
        model(**fields)
    assert direct.value.errors() == raised.value.errors()


def test_pydantic_validation_of_a_nested_request() -> None:
    class Stored(BaseModel):
        model_config = ConfigDict(hide_input_in_errors=True)  # as the docs tell vendors
        request: TraitsSearch

    with pytest.raises(ValidationError) as raised:
        Stored.model_validate({"request": ADRUN | {"birth_name": "Adrun"}})
    error = raised.value.errors()[0]
    assert (error["type"], error["loc"]) == ("invalid_trait", ("request", "birth_name"))
    assert "Adrun" not in str(raised.value)  # hide_input_in_errors
    assert Stored.model_validate({"request": ADRUN}).request == TraitsSearch(**ADRUN)


def test_from_traits_uses_insi_form_traits() -> None:
    traits = Traits(
        birth_name="NESSI",
        first_names="MICHELANGELO ANTHONY",
        sex="M",
        birth_date="2010-08-07",
        birthplace="63220",
    )
    assert TraitsSearch.from_traits(traits).first_names == "MICHELANGELO ANTHONY"
    assert TraitsSearch.from_traits(traits).birthplace is None
    narrowed = TraitsSearch.from_traits(traits, first_names="ANTHONY", with_birthplace=True)
    assert (narrowed.first_names, narrowed.birthplace) == ("ANTHONY", "63220")


def test_requests_are_frozen() -> None:
    request = TraitsSearch(**ADRUN)
    with pytest.raises(ValidationError):
        request.birth_name = "OTHER"  # type: ignore[misc]


# -- carte Vitale ---------------------------------------------------------------------------

CARD = VitaleCard(
    holder_matricule="160012B02077713",
    beneficiaries=(
        VitaleBeneficiary(
            matricule="160012B02077713", birth_name="ADRTROIS", birth_date="1960-01-01"
        ),
        VitaleBeneficiary(birth_name="ADRTROIS", birth_date="2012-05-00", birth_rank=2),
    ),
)


def test_the_user_picks_a_beneficiary() -> None:
    search = CARD.search_for(1)
    assert search == VitaleSearch(
        holder_matricule="160012B02077713",
        birth_name="ADRTROIS",
        birth_date="2012-05-00",
        birth_rank=2,
    )


@pytest.mark.parametrize("index", [-1, 2])
def test_a_beneficiary_outside_the_card_is_refused(index: int) -> None:
    with pytest.raises(InvalidTrait, match="lists 2 beneficiaries"):
        CARD.search_for(index)


vitale_invalid = [
    ({"birth_date": "1975-12-31"}, "request"),  # no matricule at all
    ({"individual_matricule": "275126322074975", "birth_date": "1975-12-31"}, "individual"),
    ({"holder_matricule": "275126322074974", "birth_date": "1975"}, "birth_date"),
    ({"holder_matricule": "275126322074974", "birth_date": "1975-12-31", "birth_rank": 0}, "rank"),
    (
        {"holder_matricule": "275126322074974", "birth_date": "1975-12-31", "birth_name": "a"},
        "name",
    ),
]


@pytest.mark.parametrize(("fields", "trait"), vitale_invalid)
def test_invalid_vitale_requests(fields: dict[str, Any], trait: str) -> None:
    with pytest.raises(ValidationError):
        VitaleSearch(**fields)
    with pytest.raises(InvalidTrait) as raised:
        revalidated(VitaleSearch.model_construct(**fields))
    assert trait in raised.value.trait


def test_empty_card_is_refused() -> None:
    with pytest.raises(ValidationError):
        VitaleCard(holder_matricule="160012B02077713", beneficiaries=())


@pytest.mark.parametrize(
    "value",
    [
        CARD,
        CARD.beneficiaries[0],
        CARD.search_for(0),
    ],
)
def test_vitale_reprs_mask_matricules(value: object) -> None:
    assert "160012B02077713" not in repr(value)
    assert "16001**********" in repr(value)


# -- results --------------------------------------------------------------------------------


def test_result_repr_masks_every_matricule() -> None:
    person = load_test_identities().persons[5]  # ECETINSI, two former matricules
    result = make_result("00", active=person.active, history=person.history, tiq=person.tiq)
    shown = repr(result) + str(result)
    for entry in (person.active, *person.history):
        assert entry.number not in shown


@pytest.mark.parametrize(
    ("code", "with_individual"),
    [(InsiCode.OK, False), (InsiCode.NOT_FOUND, True), (InsiCode.SEVERAL, True)],
)
def test_result_individual_iff_code_00(code: InsiCode, with_individual: bool) -> None:
    person = load_test_identities().persons[0]
    individual = make_result("00", active=person.active, tiq=person.tiq).individual
    with pytest.raises(ValidationError, match="exactly when its code is 00"):
        InsiResult(code=code, label="x", individual=individual if with_individual else None)


def test_result_ins_shortcut() -> None:
    assert make_result("01").ins is None
    result = make_result(
        "00",
        active=WireIns("2751263220749", "74", "1.2.250.1.213.1.4.8"),
        tiq=load_test_identities().persons[0].tiq,
    )
    assert result.ins is not None
    assert result.individual is not None
    assert result.ins == result.individual.ins


def test_vitale_errors_never_show_the_matricule() -> None:
    with pytest.raises(InvalidTrait) as raised:
        revalidated(
            VitaleSearch.model_construct(
                individual_matricule="275126322074975", birth_date="1975-12-31"
            )
        )
    assert "275126322074975" not in str(raised.value)
    assert "27512" in str(raised.value)
    with pytest.raises(ValidationError) as validation:
        VitaleSearch.model_validate(
            {"individual_matricule": "275126322074975", "birth_date": "1975-12-31"}
        )
    assert "275126322074975" not in str(validation.value)
