"""The error tree of ``ins.errors`` (shared/spec/api.md, "Errors")."""

from __future__ import annotations

import pytest

import ins
from ins import errors

# (class, parent, stable code)
TREE = [
    (errors.InsError, ValueError, "ins_error"),
    (errors.InvalidFormat, errors.InsError, "invalid_format"),
    (errors.InvalidLength, errors.InvalidFormat, "invalid_length"),
    (errors.NotAnInsMatricule, errors.InvalidFormat, "not_ins_matricule"),
    (errors.InvalidKey, errors.InsError, "invalid_key"),
    (errors.InvalidComponent, errors.InsError, "invalid_component"),
    (errors.InvalidCharacter, errors.InsError, "invalid_character"),
    (errors.InvalidTrait, errors.InsError, "invalid_trait"),
    (errors.StatusError, errors.InsError, "status_error"),
    (errors.NotQualified, errors.InsError, "not_qualified"),
]


@pytest.mark.parametrize(("cls", "parent", "code"), TREE)
def test_tree_and_codes(cls: type[errors.InsError], parent: type[Exception], code: str) -> None:
    assert issubclass(cls, parent)
    assert cls.code == code
    # every error is re-exported from the package root
    assert getattr(ins, cls.__name__) is cls


def test_context_attributes() -> None:
    component = errors.InvalidComponent("Month 13 is not a month.", component="month")
    character = errors.InvalidCharacter("'9' is not a letter.", character="9", position=2)
    trait = errors.InvalidTrait("The birth name is empty.", trait="birth_name")
    assert (component.component, character.character, character.position, trait.trait) == (
        "month",
        "9",
        2,
        "birth_name",
    )
    assert str(component) == "Month 13 is not a month."
    assert repr(trait) == "InvalidTrait('The birth name is empty.')"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("284052A32102552", "28405**********"),  # 15 chars: first five visible
        ("2840588321025", "28405********"),  # 13 chars: length kept
        ("12345", "*****"),  # too short to show anything
        ("", ""),
    ],
)
def test_mask(value: str, masked: str) -> None:
    assert errors.mask(value) == masked
