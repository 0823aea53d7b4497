"""Tests of ins._first_names: the first first name and coherence with the list (domain.md 4.3)."""

from __future__ import annotations

import pytest

from ins._first_names import (
    comparison_form,
    first_first_name,
    first_name_words,
    is_coherent_first_name,
)
from ins.errors import InvalidTrait

LIST = "JEAN CHRISTOPHE PIERRE"

# Every example of domain.md 4.3, then variants.
coherent = [
    ("JEAN", LIST),  # domain.md 4.3: first element
    ("JEAN CHRISTOPHE", LIST),  # domain.md 4.3: prefix of two names
    ("JEAN-CHRISTOPHE", LIST),  # domain.md 4.3: hyphen counts as a space
    ("JEAN-CHRISTOPHE-PIERRE", LIST),  # domain.md 4.3: the whole list, hyphenated
    ("Jéan", LIST),  # domain.md 4.3: accents and case do not matter
    ("PIERRE", "PIERRE-ALAIN MURIEL"),  # domain.md 4.3: consequence of the rule, kept
    (LIST, LIST),  # equal to the list
    ("  jean   christophe ", LIST),  # spacing does not matter
    ("JEAN'CHRISTOPHE", LIST),  # apostrophe counts as a space
    ("jean", ["JEAN", "CHRISTOPHE", "PIERRE"]),  # list given as a sequence
    ("MARIE", ["MARIE-ANNE", "LOUISE"]),  # sequence with a compound name
]
not_coherent = [
    ("CHRISTOPHE", LIST),  # domain.md 4.3: not the first name
    ("PIERRE", LIST),  # domain.md 4.3: not the first name
    ("JEANNE", LIST),  # domain.md 4.3: not a name boundary
    ("", LIST),  # domain.md 4.3: empty first name
    ("   ", LIST),  # blank first name
    ("JEAN CHRISTOPHE PIERRE PAUL", LIST),  # longer than the list
    ("JEAN PIERRE", LIST),  # skips a name
    ("OLA", "CATARINA BELLA"),  # domain.md 4.3 example of compare_traits
    ("JEAN", ""),  # empty list
    ("JEAN", ["JEAN", 3]),  # not text
    (None, LIST),  # not text
]


@pytest.mark.parametrize(("first_name", "first_names"), coherent)
def test_coherent(first_name: str, first_names: str) -> None:
    assert is_coherent_first_name(first_name, first_names)


@pytest.mark.parametrize(("first_name", "first_names"), not_coherent)
def test_not_coherent(first_name: str, first_names: str) -> None:
    assert not is_coherent_first_name(first_name, first_names)


first_first = [
    ("PIERRE-ALAIN MURIEL FLORIANT", "PIERRE-ALAIN"),  # domain.md 4.3: compound is one element
    ("ZOE", "ZOE"),  # a single name
    ("  Marie   Anne ", "Marie"),  # as written, spaces ignored
]


@pytest.mark.parametrize(("first_names", "expected"), first_first)
def test_first_first_name(first_names: str, expected: str) -> None:
    assert first_first_name(first_names) == expected


@pytest.mark.parametrize("value", ["", "   ", 42])
def test_first_first_name_of_nothing(value: object) -> None:
    with pytest.raises(InvalidTrait) as caught:
        first_first_name(value)  # type: ignore[arg-type]
    assert caught.value.trait == "first_names"


def test_comparison_form_keeps_what_it_cannot_map() -> None:
    assert comparison_form("Иван 2") == "ИВАН 2"
    assert comparison_form("x" * 2000) == "X" * 2000
    assert first_name_words("Anne-Marie d'Arc") == ("ANNE", "MARIE", "D", "ARC")
