"""``ins.Sex`` and its parsing of what people type (docs/domain/traits.md#sex)."""

from __future__ import annotations

import pytest

from ins import InvalidTrait, Sex

PARSED = [
    ("M", Sex.M),
    ("m", Sex.M),  # lower case
    (" 1 ", Sex.M),  # NIR sex digit, with spaces
    ("Homme", Sex.M),
    ("masculin", Sex.M),
    ("F", Sex.F),
    ("2", Sex.F),
    ("femme", Sex.F),
    ("Féminin", Sex.F),  # accented
    ("female", Sex.F),
    ("I", Sex.UNKNOWN),  # indeterminate
    ("indéterminé", Sex.UNKNOWN),
    ("inconnu", Sex.UNKNOWN),
]


@pytest.mark.parametrize(("text", "sex"), PARSED)
def test_parse(text: str, sex: Sex) -> None:
    assert Sex.parse(text) is sex


REFUSED = [
    "",
    "x",
    "3",  # not a sex digit
    "mf",
    "homm",
    "z" * 1000,  # shortened in the message
    "١",  # Arabic-Indic one: transliterated to 1, it was read as M (issue 15)
    "٢",  # Arabic-Indic two
    "２",  # full-width two: was read as F
    "𝟏",  # mathematical bold one
    "¹",  # superscript one
]


@pytest.mark.parametrize("text", REFUSED)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(InvalidTrait) as info:
        Sex.parse(text)
    assert info.value.trait == "sex"
    assert len(str(info.value)) < 120  # long input is shortened in the message


def test_parse_rejects_non_text() -> None:
    with pytest.raises(InvalidTrait):
        Sex.parse(1)  # type: ignore[arg-type]


def test_values_are_the_official_codes() -> None:
    assert [s.value for s in Sex] == ["M", "F", "I"]


@pytest.mark.parametrize("text", ["Féminin", "FÉMININ", "femme"])
def test_parse_with_either_transliteration_back_end(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sex.parse goes through the one transliteration function (ADR 0001): anyascii works too."""
    from anyascii import anyascii

    from ins import _name_steps

    assert Sex.parse(text) is Sex.F
    monkeypatch.setattr(_name_steps, "_backend", anyascii)
    assert Sex.parse(text) is Sex.F
