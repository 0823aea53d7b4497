"""Every finding code has its words in French and English, and only real codes have words."""

from __future__ import annotations

import string

import pytest

from ins.audit.labels import CODE_TEXTS, LANGUAGES, CodeText, code_text
from ins.audit.report import CODES


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_its_words(code: str, lang: str) -> None:
    words = CODE_TEXTS[lang][code]  # type: ignore[index]
    assert words.label
    assert len(words.label) <= 60  # a chart label, not a sentence
    assert words.label[0].isupper()
    for sentence in (words.explanation, words.action):
        assert sentence[0].isupper()
        assert sentence.endswith(".")
        assert "http" not in sentence  # the report loads nothing, links nowhere


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_words_for_codes_that_do_not_exist(lang: str) -> None:
    # A typo in the table would leave a real code without words and a dead entry.
    assert set(CODE_TEXTS[lang]) == set(CODES)  # type: ignore[index]


def test_languages_differ() -> None:
    # A copy of the English table under "fr" would pass the tests above.
    same = [code for code in CODES if CODE_TEXTS["fr"][code] == CODE_TEXTS["en"][code]]
    assert same == []
    accents = set("éèêàçùô«»")
    assert any(accents & set(words.explanation) for words in CODE_TEXTS["fr"].values())
    assert not any(
        set(words.explanation) - set(string.printable) for words in CODE_TEXTS["en"].values()
    )


def test_labels_are_unique_per_language() -> None:
    for lang in LANGUAGES:
        labels = [words.label for words in CODE_TEXTS[lang].values()]
        assert len(labels) == len(set(labels)), lang


def test_an_unknown_code_is_shown_by_its_code() -> None:
    # A check added to the engine before the table must not break a report.
    assert code_text("a_future_code", "fr") == CodeText("a_future_code", "", "")
    assert code_text("collision", "en").label == "Matricule collision"
