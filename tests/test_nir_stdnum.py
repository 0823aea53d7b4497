"""Differential test: our ``key`` level against ``stdnum.fr.nir`` (python-stdnum 2.2).

python-stdnum checks exactly what our ``key`` level checks (15 characters, digits except
``2A``/``2B`` at positions 6-7, the key), so on the same input both must agree, in both
directions. The few places where they do not are listed at the end, each with our answer and
the reason: there stdnum is wrong or follows another cleaning rule.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import nir as stdnum_nir

from ins import nir
from ins.testing.strategies import invalid_nirs, nirs

# Characters both libraries read the same way: ASCII digits, the Corsica letters, a few
# letters, and the separators both remove (space and dot).
_ALPHABET = "0123456789AB2AabC ."


def _numbers() -> st.SearchStrategy[str]:
    valid = nirs(strictness="key").map(str)
    spaced = nirs(strictness="key").map(lambda value: nir.format(value, separator=" "))
    broken = invalid_nirs(strictness="key").map(lambda case: case.value)
    shaped = st.text(alphabet=_ALPHABET, min_size=12, max_size=18)
    return st.one_of(valid, spaced, broken, shaped)


def _comparable(text: str) -> bool:
    """Outside these, the two differ on purpose (see the tests below)."""
    return len(text) <= nir.MAX_INPUT_LENGTH and text.isascii() and "-" not in text


def _stdnum_is_valid(text: str) -> bool:
    try:
        stdnum_nir.validate(text)
    except StdnumError:
        return False
    return True


@given(_numbers())
def test_key_level_agrees_with_stdnum(text: str) -> None:
    if not _comparable(text):
        return
    assert nir.is_valid(text, strictness="key") is _stdnum_is_valid(text)


@given(nirs(strictness="key"))
def test_same_key_and_compact_form(value: str) -> None:
    assert nir.calc_key(value[:13]) == stdnum_nir.calc_check_digits(value[:13])
    spaced = nir.format(value)
    assert nir.compact(spaced) == stdnum_nir.compact(spaced)
    assert spaced == stdnum_nir.format(value)


def test_differential_is_not_vacuous() -> None:
    # Both outcomes happen among the generated inputs the comparison keeps.
    assert nir.is_valid("284052A32102552", strictness="key") is _stdnum_is_valid("284052A32102552")
    assert nir.is_valid("284052A32102525", strictness="key") is _stdnum_is_valid("284052A32102525")
    assert _stdnum_is_valid("284052A32102552")
    assert not _stdnum_is_valid("284052A32102525")


KNOWN_DIFFERENCES = [
    # input, ours (key level), stdnum; why
    ("２８４０５８８３２１０２５３２", False, True),  # stdnum maps full-width digits to ASCII;
    # only ASCII digits count for us (docs/domain/nir.md#cleaning)
    ("284-058-832-102-532", True, False),  # we remove hyphens when cleaning; stdnum does not
    (" " * 60 + "284058832102532", False, True),  # over 64 characters: refused before any work
]


@pytest.mark.parametrize(("text", "ours", "theirs"), KNOWN_DIFFERENCES)
def test_known_differences(text: str, ours: bool, theirs: bool) -> None:
    assert nir.is_valid(text, strictness="key") is ours
    assert _stdnum_is_valid(text) is theirs


def test_stdnum_is_valid_crashes_on_an_inner_newline() -> None:
    # stdnum's digit check is the regular expression ^[0-9]+$, whose $ also matches before a
    # final newline: "2840\n" passes as 5 digits, then int() fails and is_valid raises.
    text = "2840\n8832102532"
    with pytest.raises(ValueError, match="invalid literal for int"):
        stdnum_nir.is_valid(text)
    assert nir.is_valid(text, strictness="key") is False
