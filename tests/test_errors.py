"""The error tree of ``ins.errors``."""

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


mask_text_cases = [
    # (text, masked), id = the form of the matricule
    pytest.param(
        "Matricule 275126322074974 inconnu", "Matricule 27512********** inconnu", id="alone"
    ),
    pytest.param("NIR284052A32102552", "NIR28405**********", id="glued-to-letters"),  # was missed
    pytest.param("2840520321025520", "28405**********0", id="a-sixteenth-digit"),  # was missed
    pytest.param("x284052a32102552", "x28405**********", id="lower-case-2a"),  # was missed
    pytest.param("284052b32102579", "28405**********", id="lower-case-2b"),  # was missed
    pytest.param("2 84 05 2A 321 025 52", "2 84 ****************", id="spaced"),  # was missed
    pytest.param("2.84.05.2B.321.025.79", "2.84.****************", id="dotted"),
    pytest.param("2-84-05-63-321-025", "2-84-*************", id="hyphens-without-key"),
    pytest.param("2840588321025", "28405********", id="thirteen-characters"),
    pytest.param("1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.10", id="an-oid-is-no-matricule"),
    pytest.param("2026-01-05T09:30:00.123", "2026-01-05T09:30:00.123", id="a-timestamp"),
    pytest.param("284052A3210255", "28405********5", id="fourteen-hold-a-body"),
    pytest.param("284052A321025", "28405********", id="a-corsican-body"),
    pytest.param("28405C321025512", "28405C321025512", id="not-corsica"),
]


@pytest.mark.parametrize(("text", "masked"), mask_text_cases)
def test_mask_text(text: str, masked: str) -> None:
    assert errors.mask_text(text) == masked


def test_every_error_masks_its_message_and_context() -> None:
    """A value echoed in a message (an OID, a sex typed in the wrong field) is masked."""
    error = errors.InvalidTrait("'284052A32102552' is not a sex.", trait="284052A32102552")
    assert str(error) == "'28405**********' is not a sex."
    assert error.args == ("'28405**********' is not a sex.",)
    assert error.trait == "28405**********"
    component = errors.InvalidComponent("x", component="NIR 2 84 05 2A 321 025 52")
    assert component.component == "NIR 2 84 ****************"
