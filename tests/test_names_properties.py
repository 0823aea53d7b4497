"""Property tests of name normalisation, dates and traits (docs/domain/traits.md), with the project
strategies (ins.testing.strategies)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from anyascii import anyascii
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter
from unidecode import unidecode

from ins import _name_steps
from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate
from ins._names import Normalized, is_valid_insi_name, normalize_birth_name, normalize_first_names
from ins._traits import Traits, check_consistency, compare_traits
from ins.errors import InsError, InvalidCharacter, InvalidTrait
from ins.nir import Nir
from ins.testing.strategies import (
    MessyName,
    birth_dates,
    birth_names,
    birthplaces,
    first_names,
    messy_names,
    nirs,
    nirs_with_traits,
    traits,
)

NORMALIZERS = {"birth_name": normalize_birth_name, "first_names": normalize_first_names}

# Any text, weighted towards the characters normalisation cares about.
_TRICKY = "aAéÉœŒæßıİøØłŁđÞ' -‐–—−’‘ʼ`´\t\u00a0\u200b\u0301\u0308Ж語9_😀\x00"
texts = st.text(st.sampled_from(_TRICKY) | st.characters(), max_size=40)
policies = st.sampled_from(["reject", "transliterate", "drop"])
profiles = st.sampled_from(["birth_name", "first_names"])


def apply_changes(result: Normalized) -> str:
    """Rebuild the normalised text from the original and the changes alone."""
    text, cursor = "", 0
    for change in result.changes:
        text += result.original[cursor : change.position] + change.after
        cursor = change.position + len(change.before)
    return text + result.original[cursor:]


@given(messy_names(profile="birth_name") | messy_names(profile="first_names"))
def test_messy_names_normalise_to_the_expected_form(messy: MessyName) -> None:
    assert NORMALIZERS[messy.profile](messy.text).normalized == messy.expected


@given(texts, policies, profiles)
def test_output_is_valid_or_the_call_raised(text: str, policy: str, profile: str) -> None:
    try:
        result = NORMALIZERS[profile](text, policy=policy)
    except InsError:
        return
    assert is_valid_insi_name(result.normalized, profile=profile)


@given(texts, policies, profiles)
def test_normalisation_is_idempotent(text: str, policy: str, profile: str) -> None:
    try:
        once = NORMALIZERS[profile](text, policy=policy).normalized
    except InsError:
        return
    twice = NORMALIZERS[profile](once, policy=policy)
    assert twice.normalized == once
    assert twice.changes == ()


@given(texts, profiles)
def test_drop_never_raises_invalid_character(text: str, profile: str) -> None:
    raised: InsError | None = None
    try:
        NORMALIZERS[profile](text, policy="drop")
    except InsError as error:
        raised = error
    assert not isinstance(raised, InvalidCharacter), "policy='drop' raised InvalidCharacter"


@given(texts, policies, profiles)
def test_changes_rebuild_the_normalised_text(text: str, policy: str, profile: str) -> None:
    try:
        result = NORMALIZERS[profile](text, policy=policy)
    except InsError:
        return
    assert apply_changes(result) == result.normalized
    positions = [change.position for change in result.changes]
    assert positions == sorted(set(positions))
    assert result.changed is bool(result.changes)


@given(messy_names() | messy_names(profile="first_names"))
def test_fast_path_agrees_with_the_step_by_step_path(messy: MessyName) -> None:
    slow, changes = _name_steps.map_and_tidy(messy.text, messy.profile, "reject")
    result = NORMALIZERS[messy.profile](messy.text)
    assert (result.normalized, result.changes) == (slow, changes)


@pytest.mark.parametrize("backend", [unidecode, anyascii], ids=["unidecode", "anyascii"])
def test_both_backends_give_valid_output(backend: Callable[[str], str]) -> None:
    """anyascii is a drop-in: same contract (ADR 0001), run on many texts with each back end."""
    from ins import _names as names

    @given(texts, profiles)
    def check(text: str, profile: str) -> None:
        try:
            result = NORMALIZERS[profile](text, policy="transliterate")
        except InsError:
            return
        assert is_valid_insi_name(result.normalized, profile=profile)

    previous = _name_steps._backend
    _name_steps._backend = backend
    names._normalize_cached.cache_clear()
    try:
        check()
    finally:
        _name_steps._backend = previous
        names._normalize_cached.cache_clear()


@given(birth_names())
def test_generated_birth_names_are_valid(name: str) -> None:
    assert is_valid_insi_name(name)
    assert normalize_birth_name(name).normalized == name


@given(first_names())
def test_generated_first_names_are_valid(names: str) -> None:
    assert is_valid_insi_name(names, profile="first_names")


@given(traits())
def test_traits_are_coherent_with_themselves(value: Traits) -> None:
    assert compare_traits(value, value).coherent


@given(traits())
def test_traits_json_round_trip(value: Traits) -> None:
    assert Traits.model_validate_json(value.model_dump_json()) == value


@given(birth_dates())
def test_birth_dates_round_trip(date: BirthDate) -> None:
    adapter = TypeAdapter(BirthDate)
    assert adapter.validate_json(adapter.dump_json(date)) == date
    assert date.estimated is not (date.month_known and date.day_known)


@given(st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True))
def test_from_insi_keeps_any_insi_date(text: str) -> None:
    if text.startswith("0000"):
        return
    date = BirthDate.from_insi(text)
    assert date.raw == text
    assert date.exceptional is (date.value.isoformat() != text)


@given(nirs_with_traits())
def test_consistent_traits_have_no_mismatch(pair: tuple[Nir, Traits]) -> None:
    codes = {finding.code for finding in check_consistency(*pair)}
    assert codes <= {"corsica_before_1976", "unknown_birthplace"}


@given(
    st.sampled_from(
        ["sex_mismatch", "year_mismatch", "month_mismatch", "birthplace_mismatch"]
    ).flatmap(lambda code: st.tuples(st.just(code), nirs_with_traits(mismatch=[code])))
)
def test_requested_mismatch_is_found(case: tuple[str, tuple[Nir, Traits]]) -> None:
    code, pair = case
    codes = {finding.code for finding in check_consistency(*pair)}
    assert code in codes
    others = {"sex_mismatch", "year_mismatch", "month_mismatch", "birthplace_mismatch"} - {code}
    assert not codes & others


@given(birthplaces(known=True))
def test_known_birthplaces_have_a_name(place: BirthplaceCode) -> None:
    assert place.name


@given(nirs_with_traits(mismatch=["sex_mismatch"], nirs=nirs(strictness="strict")))
def test_mismatch_on_given_nirs(pair: tuple[Nir, Traits]) -> None:
    number, value = pair
    assert number.sex_digit in "12"
    assert number.sex != value.sex


@given(
    nirs(strictness="strict").flatmap(
        lambda number: st.tuples(st.just(number), traits(matricule=number))
    )
)
def test_traits_for_a_given_matricule(pair: tuple[Nir, Traits]) -> None:
    codes = {finding.code for finding in check_consistency(*pair)}
    assert not codes & {"sex_mismatch", "year_mismatch", "month_mismatch", "birthplace_mismatch"}


@given(traits(matricule=Nir("275126322074974"), mismatch=["sex_mismatch"]))
def test_traits_with_a_mismatch_for_a_given_matricule(value: Traits) -> None:
    assert [finding.code for finding in check_consistency("275126322074974", value)] == [
        "sex_mismatch"
    ]


@given(
    nirs_with_traits(
        mismatch=["month_mismatch"], nirs=nirs(strictness="strict", pseudo_months=False)
    )
)
def test_month_mismatch_on_given_nirs(pair: tuple[Nir, Traits]) -> None:
    number, value = pair
    assert number.birth_month is not None
    assert number.birth_month != value.birth_date.month


def test_mismatch_needs_a_matricule() -> None:
    with pytest.raises(ValueError, match="needs a matricule"):
        traits(mismatch=["sex_mismatch"])


def test_unknown_mismatch_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown mismatch"):
        nirs_with_traits(mismatch=["name_mismatch"])


def _tidied(text: str) -> str:
    """What step 4 hands to step 6: single spaces, trimmed, no space around a hyphen."""
    text = " ".join(text.split())
    while " -" in text or "- " in text:
        text = text.replace(" -", "-").replace("- ", "-")
    return text


@given(st.text(alphabet="AB '-", min_size=1, max_size=12).map(_tidied), profiles)
def test_syntax_rules_are_exactly_the_insi_grammar(text: str, profile: str) -> None:
    # check_syntax names the broken rule; PATTERNS is the grammar is_valid_insi_name uses.
    # They must agree on every tidied text, so no input can pass one and fail the other.
    from ins._name_steps import PATTERNS, check_syntax

    try:
        check_syntax(text, profile)  # type: ignore[arg-type]
    except InvalidTrait:
        accepted = False
    else:
        accepted = True
    assert accepted == (PATTERNS[profile].fullmatch(text) is not None)
