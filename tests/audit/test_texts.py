"""The words and number formats of the summary and the report."""

from __future__ import annotations

import string

import pytest

from ins.audit.texts import STATUS_LABELS, TEXTS, integer, labelled, percent, signed, text

FIELDS = string.Formatter()


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in FIELDS.parse(template) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    assert set(TEXTS["fr"]) == set(TEXTS["en"])
    for key in TEXTS["fr"]:
        assert _placeholders(TEXTS["fr"][key]) == _placeholders(TEXTS["en"][key]), key
    assert set(STATUS_LABELS["fr"]) == set(STATUS_LABELS["en"]) == {"PROV", "RECUP", "VALI", "QUAL"}


def test_text_fills_placeholders() -> None:
    assert text("en", "sample", shown=20, total="1,000").startswith(
        "The first 20 findings of 1,000"
    )
    assert text("fr", "rows") == "Lignes"


numbers = [
    pytest.param(0, "fr", "0", id="zero"),
    pytest.param(999, "fr", "999", id="no separator under a thousand"),
    pytest.param(1234567, "fr", "1 234 567", id="French groups thousands with spaces"),
    pytest.param(1234567, "en", "1,234,567", id="English groups thousands with commas"),
]


@pytest.mark.parametrize(("value", "lang", "expected"), numbers)
def test_integer(value: int, lang: str, expected: str) -> None:
    assert integer(value, lang) == expected  # type: ignore[arg-type]


shares = [
    pytest.param(0.0, "fr", "0,0 %", id="nothing"),
    pytest.param(0.4971, "fr", "49,7 %", id="French decimal comma and a space before %"),
    pytest.param(0.4971, "en", "49.7%", id="English decimal point, no space"),
    pytest.param(1.0, "en", "100.0%", id="everything"),
]


@pytest.mark.parametrize(("share", "lang", "expected"), shares)
def test_percent(share: float, lang: str, expected: str) -> None:
    assert percent(share, lang) == expected  # type: ignore[arg-type]


changes = [
    pytest.param(1200, "fr", 0, "+1 200", id="a rise has its plus sign"),
    pytest.param(-3, "en", 0, "-3", id="a fall its minus"),
    pytest.param(0, "fr", 0, "0", id="no change has no sign"),
    pytest.param(0.04, "fr", 1, "0", id="rounds to no change: no sign either"),
    pytest.param(-2.46, "fr", 1, "-2,5", id="points of rate, French comma"),
    pytest.param(12345.0, "en", 1, "+12,345.0", id="thousands and decimals in English"),
]


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), changes)
def test_signed(value: float, lang: str, decimals: int, expected: str) -> None:
    assert signed(value, lang, decimals=decimals) == expected  # type: ignore[arg-type]


def test_labelled_follows_each_language_typography() -> None:
    assert labelled("fr", "Lignes", "3") == "Lignes : 3"
    assert labelled("en", "Rows", "3") == "Rows: 3"
    assert labelled("en", "Rows") == "Rows:"
