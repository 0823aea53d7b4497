"""Tests of ins._first_names: the first first name and coherence with the list
(docs/domain/traits.md#first-name-coherence)."""

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

# Every example of docs/domain/traits.md#first-names, then variants.
coherent = [
    ("JEAN", LIST),  # docs/domain/traits.md#first-names: first element
    ("JEAN CHRISTOPHE", LIST),  # docs/domain/traits.md#first-name-coherence: prefix of two names
    # docs/domain/traits.md#first-name-coherence: hyphen counts as a space
    ("JEAN-CHRISTOPHE", LIST),
    # docs/domain/traits.md#first-names: the whole list, hyphenated
    ("JEAN-CHRISTOPHE-PIERRE", LIST),
    ("Jéan", LIST),  # docs/domain/traits.md#first-name-coherence: accents and case do not matter
    # docs/domain/traits.md#first-name-coherence: consequence of the rule, kept
    ("PIERRE", "PIERRE-ALAIN MURIEL"),
    (LIST, LIST),  # equal to the list
    ("  jean   christophe ", LIST),  # spacing does not matter
    ("JEAN'CHRISTOPHE", LIST),  # apostrophe counts as a space
    ("jean", ["JEAN", "CHRISTOPHE", "PIERRE"]),  # list given as a sequence
    ("MARIE", ["MARIE-ANNE", "LOUISE"]),  # sequence with a compound name
]
not_coherent = [
    ("CHRISTOPHE", LIST),  # docs/domain/traits.md#first-name-coherence: not the first name
    ("PIERRE", LIST),  # docs/domain/traits.md#first-name-coherence: not the first name
    ("JEANNE", LIST),  # docs/domain/traits.md#first-name-coherence: not a name boundary
    ("", LIST),  # docs/domain/traits.md#first-name-coherence: empty first name
    ("   ", LIST),  # blank first name
    ("JEAN CHRISTOPHE PIERRE PAUL", LIST),  # longer than the list
    ("JEAN PIERRE", LIST),  # skips a name
    ("OLA", "CATARINA BELLA"),  # docs/domain/traits.md#comparing-traits example of compare_traits
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
    # docs/domain/traits.md#first-names: compound is one element
    ("PIERRE-ALAIN MURIEL FLORIANT", "PIERRE-ALAIN"),
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
