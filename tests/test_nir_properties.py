"""Properties of ``ins.nir`` and ``ins.Ins``, with the project strategies (docs/domain/nir.md,
docs/domain/ins.md)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from helpers import assert_rejected, defect_of
from hypothesis import assume, example, given
from hypothesis import strategies as st

from ins import (
    Ins,
    InsError,
    Nir,
    NotAnInsMatricule,
    Strictness,
    nir,
)
from ins.errors import mask
from ins.testing._identifiers import DEFECTS, PLACES
from ins.testing.strategies import InvalidNir, ins_identifiers, invalid_nirs, nirs

LEVELS = list(Strictness)
WEAKER = {
    Strictness.KEY: [Strictness.KEY],
    Strictness.STANDARD: [Strictness.KEY, Strictness.STANDARD],
    Strictness.STRICT: LEVELS,
}


@pytest.mark.parametrize("level", LEVELS)
@given(data=st.data())
def test_generated_nirs_validate_at_their_level_and_below(
    level: Strictness, data: st.DataObject
) -> None:
    value = data.draw(nirs(strictness=level))
    assert type(value) is Nir
    for weaker in WEAKER[level]:
        assert nir.validate(value, strictness=weaker) == value
        assert nir.is_valid(value, strictness=weaker)
    assert nir.calc_key(value[:13]) == value.key
    assert 1 <= int(value.key) <= 97


@given(nirs(strictness="key"))
def test_parts_reassemble(value: Nir) -> None:
    parts = value.sex_digit + f"{value.year:02d}" + value.month_code + value[5:10]
    assert parts + value.order_number + value.key == value
    assert (value.birth_month is None) == (
        value.month_code not in [f"{m:02d}" for m in range(1, 13)]
    )
    assert value.born_abroad == (value.country_code is not None)
    assert value.department == value[5 : 5 + len(value.department)]


@pytest.mark.parametrize("level", LEVELS)
@given(data=st.data())
def test_invalid_nirs_raise_their_announced_error(level: Strictness, data: st.DataObject) -> None:
    case: InvalidNir = data.draw(invalid_nirs(strictness=level))
    assert_rejected(case.value, level, case.error, case.component)


# Anything a single keystroke can put in place of a character, except the same character in
# another case ("2a" is "2A").
_KEYSTROKES = st.characters(codec="utf-8", exclude_categories=["Cs"])


@given(nirs(strictness="key"), st.integers(0, 14), _KEYSTROKES)
@example(Nir("284052A32102552"), 6, "B")  # 2A -> 2B: 19 -> 18 in the key formula
@example(Nir("284052032102525"), 6, "A")  # Corsica 20 -> 2A: 20 -> 19
def test_single_character_change_is_detected(value: Nir, index: int, char: str) -> None:
    assume(char.upper() != value[index])
    changed = value[:index] + char + value[index + 1 :]
    assert not nir.is_valid(changed, strictness="key"), (index, char)


@given(nirs(strictness="key"), st.integers(0, 13))
def test_adjacent_transpositions_are_detected(value: Nir, first: int) -> None:
    # (a - b) * 9 * 10**k is never a multiple of 97 (a prime): a swap inside the 13 first
    # characters, or inside the key, always breaks the key. Across the two it may not.
    second = first + 1
    assume(first != 12)
    assume(value[first] != value[second])
    assume(value[first].isdigit() and value[second].isdigit())
    swapped = value[:first] + value[second] + value[first] + value[second + 1 :]
    assert not nir.is_valid(swapped, strictness="key")


_OTHER_DIGITS = [c for c in map(chr, range(0x80, 0x10000)) if unicodedata.category(c) == "Nd"]


@given(nirs(strictness="key"), st.integers(0, 14), st.sampled_from(_OTHER_DIGITS))
def test_non_ascii_digits_are_refused(value: Nir, index: int, digit: str) -> None:
    assume(value[index].isdigit())
    # The same digit value in another script: int() would read it, we must not.
    same_value = chr(ord(digit) - unicodedata.digit(digit) + int(value[index]))
    assume(unicodedata.category(same_value) == "Nd")
    changed = value[:index] + same_value + value[index + 1 :]
    assert not nir.is_valid(changed, strictness="key")
    with pytest.raises(InsError):
        nir.validate(changed, strictness="key")


def _candidates() -> st.SearchStrategy[str]:
    """Text around the NIR shape: valid, broken, spaced, lower-case, random, huge."""
    valid = nirs(strictness="key").map(str)
    spaced = nirs().map(lambda v: nir.format(v, separator=" ")).map(str.lower)
    broken = invalid_nirs(strictness="key").map(lambda case: case.value)
    shape = st.text(alphabet="0123456789ABab .-", min_size=11, max_size=17)
    return st.one_of(valid, spaced, broken, shape, st.text(), st.text(min_size=60, max_size=200))


@given(_candidates(), st.sampled_from(LEVELS), st.booleans())
@example("", Strictness.STANDARD, False)
@example("2" * 10_000, Strictness.STANDARD, False)
@example("２８４０５８８３２１０２５３２", Strictness.KEY, False)
@example("284052a32102552", Strictness.STRICT, False)
def test_is_valid_agrees_with_validate_and_never_raises(
    text: str, level: Strictness, allow_missing_key: bool
) -> None:
    result = nir.is_valid(text, strictness=level, allow_missing_key=allow_missing_key)
    try:
        nir.validate(text, strictness=level, allow_missing_key=allow_missing_key)
    except InsError:
        assert result is False
    else:
        assert result is True


@given(nirs(strictness="key"), st.sampled_from([" ", ".", "-", "", " . "]))
def test_format_then_compact_round_trips(value: Nir, separator: str) -> None:
    assert nir.compact(nir.format(value, separator=separator)) == value
    assert nir.compact(nir.format(value[:13], separator=separator)) == value[:13]


@given(st.text(max_size=64))
@example(".\x850")  # a dot before a NEL left the NEL in front (found 2026-12-06)
@example("0 \u2028")
def test_compact_is_idempotent(text: str) -> None:
    once = nir.compact(text)
    assert nir.compact(once) == once


@given(nirs(), st.sampled_from(LEVELS))
def test_missing_key_is_restored(value: Nir, level: Strictness) -> None:
    if value[0] in "5678":
        # 13 characters starting with 5-8 are NNP/MIG numbers, whatever their future key.
        with pytest.raises(NotAnInsMatricule):
            nir.validate(value[:13], strictness=level, allow_missing_key=True)
    elif nir.is_valid(value, strictness=level):
        assert nir.validate(value[:13], strictness=level, allow_missing_key=True) == value


@given(ins_identifiers())
def test_ins_round_trips_and_masks(ins: Ins) -> None:
    assert Ins.model_validate_json(ins.model_dump_json()) == ins
    assert Ins(str(ins.matricule), ins.oid.value) == ins
    assert str(ins.matricule) not in repr(ins)
    assert mask(ins.matricule) in repr(ins)


_PLACE_OF = {"2A": "corsica", "2B": "corsica", "20": "corsica", "99": "abroad"}


@given(st.data(), st.sets(st.sampled_from(PLACES), min_size=1), st.sampled_from(["M", "F"]))
def test_nirs_options_narrow_the_draw(data: st.DataObject, places: set[str], sex: str) -> None:
    value = data.draw(nirs(places=sorted(places), pseudo_months=False, sex=sex))
    kind = _PLACE_OF.get(value[5:7], "overseas" if value[5:7] in ("97", "98") else "mainland")
    assert kind in places
    assert value.birth_month is not None
    assert value.sex == sex


@pytest.mark.parametrize("level", LEVELS)
@given(data=st.data())
def test_invalid_nirs_defects_option(level: Strictness, data: st.DataObject) -> None:
    possible = ["key", "character", "length", "family"]
    if level is not Strictness.KEY:
        possible += ["sex", "month", "department", "order"]
    if level is Strictness.STRICT:
        possible.append("commune")
    wanted = data.draw(st.sets(st.sampled_from(possible), min_size=1))
    case = data.draw(invalid_nirs(strictness=level, defects=sorted(wanted)))
    assert defect_of(case.error, case.component) in wanted
    assert set(wanted) <= set(DEFECTS)


@pytest.mark.parametrize(
    "call",
    [
        lambda: nirs(places=["moon"]),  # unknown place
        lambda: nirs(places=[]),  # nothing to draw
        lambda: nirs(sex="I"),  # the sex I has no digit
        lambda: invalid_nirs(strictness="key", defects=["month"]),  # unchecked at key level
        lambda: invalid_nirs(defects=["commune"]),  # only at strict level
        lambda: invalid_nirs(defects=[]),  # nothing to draw
        lambda: ins_identifiers(oids=[]),  # no OID
    ],
)
def test_strategy_options_are_checked_eagerly(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        call()


@pytest.mark.parametrize("level", LEVELS)
@given(data=st.data())
def test_error_messages_are_sentences_that_hide_the_number(
    level: Strictness, data: st.DataObject
) -> None:
    case: InvalidNir = data.draw(invalid_nirs(strictness=level))
    with pytest.raises(InsError) as raised:
        nir.validate(case.value, strictness=level)
    message = str(raised.value)
    assert message[0].isupper()
    assert message.endswith(".")
    cleaned = case.value.strip().replace(" ", "")
    if len(cleaned) >= 13:
        # Characters 6 to 13 (birthplace and order number) never show.
        assert cleaned[5:13] not in message
