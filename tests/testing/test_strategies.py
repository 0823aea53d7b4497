"""The public strategies of ``ins.testing.strategies``, as a vendor's test suite uses them.

Three promises (issue 7): every strategy's output passes our own validators (and each
``invalid_nirs()`` example fails with the defect it announces); options narrow the draw as they
say; shrinking ends on small, readable examples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from helpers import DEFECT_ERRORS, assert_rejected, defect_of
from hypothesis import find, given, settings
from hypothesis import strategies as st

from ins import (
    BirthDate,
    BirthplaceCode,
    Ins,
    InvalidComponent,
    InvalidKey,
    Nir,
    Oid,
    Sex,
    Strictness,
    Traits,
    check_consistency,
    is_valid_insi_name,
    nir,
    normalize_birth_name,
    normalize_first_names,
    normalize_traits,
)
from ins._identity import Identity
from ins._status import IdentityStatus
from ins.insi import TraitsSearch
from ins.testing import strategies
from ins.testing.strategies import (
    DEFECTS,
    MISMATCHES,
    PLACES,
    InvalidNir,
    MessyName,
    birth_dates,
    birth_names,
    birthplaces,
    first_names,
    identities,
    ins_identifiers,
    ins_identifiers_for,
    invalid_nirs,
    messy_names,
    nirs,
    nirs_for,
    nirs_with_traits,
    traits,
)

# -- every strategy gives values our validators accept ----------------------------------------

# How to tell the kind of birthplace of a NIR, for each kind nirs(places=...) can draw.
PLACE_OF = {
    "mainland": lambda n: n.department not in ("2A", "2B", "20", "99") and len(n.department) == 2,
    "corsica": lambda n: n.department in ("2A", "2B", "20"),
    "overseas": lambda n: len(n.department) == 3,
    "abroad": lambda n: n.born_abroad,
}


@pytest.mark.parametrize("level", list(Strictness))
@pytest.mark.parametrize("place", PLACES)
@given(data=st.data())
def test_nirs_validate_and_come_from_the_requested_place(
    level: Strictness, place: str, data: st.DataObject
) -> None:
    value = data.draw(nirs(strictness=level, places=[place]))
    assert type(value) is Nir
    assert nir.validate(value, strictness=level) == value
    assert PLACE_OF[place](value)


@pytest.mark.parametrize("sex", [Sex.M, Sex.F])
@given(data=st.data())
def test_nirs_options_sex_and_real_months(sex: Sex, data: st.DataObject) -> None:
    value = data.draw(nirs(sex=sex, pseudo_months=False))
    assert value.sex is sex
    assert value.birth_month is not None
    assert nir.is_valid(value)


@given(nirs(strictness="strict"))
def test_strict_nirs_use_only_official_sex_digits(value: Nir) -> None:
    assert value.sex_digit in "12"
    assert value[7:10] != "000"


@pytest.mark.parametrize(
    "options",
    [
        {"places": ["moon"]},  # not a kind of place
        {"places": []},  # nothing to draw from
        {"sex": "I"},  # no sex digit means "indeterminate"
    ],
)
def test_nirs_refuse_impossible_options(options: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="nirs"):
        nirs(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize("oid", list(Oid))
@given(data=st.data())
def test_ins_identifiers_by_oid_kind(oid: Oid, data: st.DataObject) -> None:
    value = data.draw(ins_identifiers(oids=[oid]))
    assert type(value) is Ins
    assert value.oid is oid
    assert value.is_nia == (oid is Oid.NIA)
    assert value.is_test == (oid in (Oid.NIR_TEST, Oid.NIR_DEMO))
    assert Ins(str(value.matricule), oid.value) == value


DEFECT_CASES = [
    pytest.param(level, defect, id=f"{level.value}-{defect}")
    for level in Strictness
    for defect in DEFECTS
    if DEFECT_ERRORS[defect] is not InvalidComponent
    or (level is Strictness.STANDARD and defect != "commune")
    or level is Strictness.STRICT
]


@pytest.mark.parametrize(("level", "defect"), DEFECT_CASES)
@given(data=st.data())
def test_invalid_nirs_fail_with_the_announced_defect(
    level: Strictness, defect: str, data: st.DataObject
) -> None:
    case: InvalidNir = data.draw(invalid_nirs(strictness=level, defects=[defect]))
    assert case.error is DEFECT_ERRORS[defect]
    assert defect_of(case.error, case.component) == defect
    error = assert_rejected(case.value, level, case.error, case.component)
    # privacy: the message never shows the number, nor 13 characters of it in a row
    windows = {case.value[i : i + 13] for i in range(len(case.value) - 12)}
    assert not any(window in str(error) for window in windows)


@pytest.mark.parametrize(
    ("level", "defects"),
    [
        (Strictness.KEY, ["month"]),  # the key level does not check components
        (Strictness.STANDARD, ["commune"]),  # commune 000 is only refused at strict level
        (Strictness.STANDARD, ["typo"]),  # not a kind of defect
        (Strictness.STANDARD, []),  # nothing to draw from
    ],
)
def test_invalid_nirs_refuse_defects_the_level_cannot_see(
    level: Strictness, defects: list[str]
) -> None:
    with pytest.raises(ValueError, match="invalid_nirs"):
        invalid_nirs(strictness=level, defects=defects)


@given(birth_names())
def test_birth_names_are_in_insi_form(name: str) -> None:
    assert is_valid_insi_name(name, profile="birth_name")
    assert not normalize_birth_name(name).changed


@given(first_names())
def test_first_names_are_in_insi_form(names: str) -> None:
    assert is_valid_insi_name(names, profile="first_names")
    assert not normalize_first_names(names).changed


NORMALIZERS: dict[str, Callable[[str], object]] = {
    "birth_name": normalize_birth_name,
    "first_names": normalize_first_names,
}


@given(messy_names() | messy_names(profile="first_names"))
def test_messy_names_normalise_to_their_expected_form(messy: MessyName) -> None:
    result = NORMALIZERS[messy.profile](messy.text)
    assert result.normalized == messy.expected  # type: ignore[attr-defined]
    assert is_valid_insi_name(messy.expected, profile=messy.profile)


@given(birth_dates(partial=False))
def test_complete_birth_dates(date: BirthDate) -> None:
    assert not date.estimated
    assert BirthDate.parse(date.isoformat()) == date


@given(birth_dates())
def test_birth_dates_including_partial_ones_read_back(date: BirthDate) -> None:
    again = BirthDate.parse(date.isoformat(), today=dt.date(2026, 1, 1))
    assert again.same_known_parts(date)
    assert again.value == date.value
    assert again.estimated == date.estimated


@given(birthplaces(known=True))
def test_known_birthplaces_have_a_name(place: BirthplaceCode) -> None:
    assert place.name is not None


@given(birthplaces())
def test_birthplaces_are_well_formed(place: BirthplaceCode) -> None:
    assert type(place) is BirthplaceCode
    assert BirthplaceCode(str(place)) == place


@given(traits())
def test_traits_are_already_in_insi_form(value: Traits) -> None:
    assert not normalize_traits(value).changed
    assert Traits.model_validate(value.model_dump()) == value


@given(traits(sexes=["M", "F"]))
def test_traits_for_insi_can_be_sent(value: Traits) -> None:
    assert value.sex is not Sex.UNKNOWN
    assert TraitsSearch.from_traits(value, with_birthplace=True).sex is value.sex


def test_traits_sometimes_have_used_names() -> None:
    found = minimal(traits(), lambda t: t.used_name is not None and t.used_first_name is not None)
    assert isinstance(found, Traits)
    assert (found.used_name, found.used_first_name) == ("MARTIN", "JEAN")
    with pytest.raises(ValueError, match="sex"):
        traits(sexes=[])


@given(nirs_with_traits())
def test_nirs_with_traits_are_consistent(pair: tuple[Nir, Traits]) -> None:
    number, person = pair
    assert not {f.code for f in check_consistency(number, person)} & set(MISMATCHES)


@pytest.mark.parametrize("mismatch", MISMATCHES)
@given(data=st.data())
def test_nirs_with_traits_carry_exactly_the_requested_mismatch(
    mismatch: str, data: st.DataObject
) -> None:
    number, person = data.draw(nirs_with_traits(mismatch=[mismatch]))
    found = {f.code for f in check_consistency(number, person)} & set(MISMATCHES)
    assert found == {mismatch}


# What check_consistency may still say about a matricule drawn for the traits: only that the
# birthplace is not in the shipped table, which is about the traits, not the matricule.
NOT_ABOUT_THE_MATRICULE = {"unknown_birthplace"}


@given(data=st.data(), person=traits())
def test_nirs_for_agree_with_any_traits(data: st.DataObject, person: Traits) -> None:
    number = data.draw(nirs_for(person))
    assert type(number) is Nir
    assert nir.is_valid(number, strictness="strict") or number[7:10] == "000"
    findings = {f.code for f in check_consistency(number, person)}
    assert findings <= NOT_ABOUT_THE_MATRICULE
    if person.birthplace is not None and person.birthplace.department not in ("2A", "2B"):
        assert number[5:10] == person.birthplace


@given(data=st.data(), person=traits(), oid=st.sampled_from(Oid))
def test_ins_identifiers_for_agree_with_the_traits(
    data: st.DataObject, person: Traits, oid: Oid
) -> None:
    value = data.draw(ins_identifiers_for(person, oids=[oid]))
    assert value.oid is oid
    assert {f.code for f in check_consistency(value, person)} <= NOT_ABOUT_THE_MATRICULE


@pytest.mark.parametrize(
    ("born", "place", "expected"),
    [
        ("1975-12-31", "2A004", "20004"),  # Corsica before 1976: department 20 in the NIR
        ("1976-01-01", "2A004", "2A004"),  # since 1976: 2A / 2B
        ("1980-05-00", "99126", "99126"),  # abroad, with an unknown day
    ],
)
def test_nirs_for_write_the_birthplace_as_a_nir_of_the_time(
    born: str, place: str, expected: str
) -> None:
    person = Traits(
        birth_name="ADRUN", first_names="ZOE", sex="F", birth_date=born, birthplace=place
    )
    number = minimal(nirs_for(person), lambda _: True)
    assert isinstance(number, Nir)
    assert number[5:10] == expected
    assert number[:5] == "2" + born[2:4] + born[5:7]


@pytest.mark.parametrize(
    "build",
    [
        lambda: ins_identifiers(oids=[]),  # no OID to draw from
        lambda: identities(statuses=[]),  # no status to draw from
    ],
)
def test_empty_choices_are_refused_when_the_strategy_is_built(build: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="at least one"):
        build()


def test_an_invalid_nir_shows_its_value_and_defect() -> None:
    # Test data, not a person: the invalid number is shown in full so a failure can be replayed.
    case = minimal(invalid_nirs(), lambda _: True)
    assert isinstance(case, InvalidNir)
    assert repr(case) == f"InvalidNir({case.value!r}, InvalidKey, defect={case.defect!r})"


def test_composites_refuse_bad_arguments() -> None:
    with pytest.raises(TypeError, match="nirs_for"):
        nirs_for("ADRUN")  # type: ignore[arg-type]
    person = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    with pytest.raises(ValueError, match="OID"):
        ins_identifiers_for(person, oids=[])


@pytest.mark.parametrize("status", [IdentityStatus.RECUP, IdentityStatus.QUAL])
@given(data=st.data())
def test_the_ins_of_an_identity_agrees_with_its_traits(
    status: IdentityStatus, data: st.DataObject
) -> None:
    identity = data.draw(identities(statuses=[status]))
    assert identity.ins is not None
    findings = {f.code for f in check_consistency(identity.ins, identity.traits)}
    assert findings <= NOT_ABOUT_THE_MATRICULE


@pytest.mark.parametrize("status", list(IdentityStatus))
@given(data=st.data())
def test_identities_in_each_status(status: IdentityStatus, data: st.DataObject) -> None:
    identity = data.draw(identities(statuses=[status]))
    assert type(identity) is Identity
    assert identity.status is status
    assert identity.can_share_ins == (status is IdentityStatus.QUAL)
    assert (identity.ins is not None) == status.carries_ins


def test_every_public_strategy_is_exported() -> None:
    for name in strategies.__all__:
        assert hasattr(strategies, name), name


# -- shrinking ends on small, readable examples -----------------------------------------------

_FIND = settings(database=None, derandomize=True, max_examples=100)


def minimal(strategy: st.SearchStrategy[object], condition: Callable[[object], bool]) -> object:
    return find(strategy, condition, settings=_FIND)


def _with_key(body: str) -> str:
    return body + nir.calc_key(body)


def test_the_minimal_nir_is_plain() -> None:
    # sex 1, year 00, month 01, department 01, commune 000, order 001
    assert minimal(nirs(), lambda _: True) == _with_key("1000101000001")
    assert minimal(nirs(strictness="strict"), lambda _: True) == _with_key("1000101001001")


@pytest.mark.parametrize(
    ("condition", "body"),
    [
        (lambda n: n.born_abroad, "1000199100001"),  # abroad: the smallest country code
        (lambda n: n.department == "2B", "100012B000001"),  # Corsica: only the place changes
        (lambda n: n.birth_month is None, "1002001000001"),  # the first pseudo-month
        (lambda n: n.sex is Sex.F, "2000101000001"),  # sex digit 2
    ],
)
def test_minimal_nirs_change_only_what_the_condition_needs(
    condition: Callable[[object], bool], body: str
) -> None:
    assert minimal(nirs(), condition) == _with_key(body)


def test_the_minimal_invalid_nir_is_a_wrong_key() -> None:
    case = minimal(invalid_nirs(), lambda _: True)
    assert isinstance(case, InvalidNir)
    assert case.error is InvalidKey
    assert case.value[:13] == "1000101001001"


def test_minimal_traits_are_plain() -> None:
    found = minimal(traits(), lambda _: True)
    assert found == Traits(
        birth_name="MARTIN", first_names="JEAN", sex="M", birth_date="2000-01-01"
    )


def test_minimal_names_dates_and_places_are_short() -> None:
    assert minimal(birth_names(), lambda _: True) == "MARTIN"
    assert minimal(first_names(), lambda _: True) == "JEAN"
    assert minimal(birth_dates(), lambda _: True) == BirthDate.from_partial(2000, 1, 1)
    messy = minimal(messy_names(), lambda _: True)
    assert isinstance(messy, MessyName)
    assert len(messy.text) <= 2
    place = minimal(birthplaces(), lambda _: True)
    assert isinstance(place, BirthplaceCode)
    assert place.name is not None  # from the table, not a random code


def test_the_minimal_identity_is_a_fresh_provisional_one() -> None:
    identity = minimal(identities(), lambda _: True)
    assert isinstance(identity, Identity)
    assert identity.status is IdentityStatus.PROV
    assert identity.events == ()
    assert not identity.attributes


def test_the_minimal_ins_is_a_production_nir() -> None:
    value = minimal(ins_identifiers(), lambda _: True)
    assert isinstance(value, Ins)
    assert value.oid is Oid.NIR
    assert value.matricule == _with_key("1000101000001")
