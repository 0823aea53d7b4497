"""Tests of ins._names: normalisation to INSi form (docs/domain/traits.md#insi-character-set,
docs/domain/traits.md#normalisation-steps) and the INSi syntax check."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest
from anyascii import anyascii
from unidecode import unidecode

from ins import _name_steps
from ins._names import (
    Change,
    Normalized,
    is_valid_insi_name,
    normalize_birth_name,
    normalize_first_names,
    transliterate,
)
from ins.errors import InvalidCharacter, InvalidTrait


@pytest.fixture(params=[unidecode, anyascii], ids=["unidecode", "anyascii"])
def backend(request: pytest.FixtureRequest) -> Iterator[Callable[[str], str]]:
    """Run a test with each transliteration back end (anyascii must be a drop-in, ADR 0001)."""
    from ins import _names as names

    previous = _name_steps._backend
    _name_steps._backend = request.param
    names._normalize_cached.cache_clear()
    yield request.param
    _name_steps._backend = previous
    names._normalize_cached.cache_clear()


# Every example of docs/domain/traits.md#normalisation-steps, then names from many languages
# (expected INSi form).
birth_names = [
    ("García-Hämmadi", "GARCIA-HAMMADI"),  # docs/domain/traits.md#normalisation-steps: diacritics
    ("Œuvre", "OEUVRE"),  # docs/domain/traits.md#normalisation-steps: ligature
    ("Cæsar", "CAESAR"),  # docs/domain/traits.md#normalisation-steps: ligature
    # docs/domain/traits.md#normalisation-steps: typographic apostrophe
    ("d’Artagnan", "D'ARTAGNAN"),
    ("  jean   claude ", "JEAN CLAUDE"),  # docs/domain/traits.md#normalisation-steps: white space
    # docs/domain/traits.md#normalisation-steps step 4: spaces around hyphens
    ("GARCIA - HAMMADI", "GARCIA-HAMMADI"),
    ("GARCIA--HAMMADI", "GARCIA--HAMMADI"),  # double family name: allowed in birth names
    ("'t Hooft", "'T HOOFT"),  # DECISION: leading apostrophe accepted
    ("Nguyễn Văn", "NGUYEN VAN"),  # Vietnamese: stacked diacritics
    ("Łukasiewicz", "LUKASIEWICZ"),  # Polish Ł (explicit table)
    ("Wałęsa", "WALESA"),  # Polish ł and ogonek
    ("Yıldız", "YILDIZ"),  # Turkish dotless i
    ("İnönü", "INONU"),  # Turkish dotted capital I
    ("Straße", "STRASSE"),  # German ß
    ("GROẞ", "GROSS"),  # German capital sharp s
    ("Ødegård", "ODEGARD"),  # Norwegian Ø
    ("Đorđević", "DORDEVIC"),  # Serbian Latin Đ
    ("Þórsdóttir", "THORSDOTTIR"),  # Icelandic thorn
    ("Guðrún", "GUDRUN"),  # Icelandic eth
    ("Müller\u00a0Lüdenscheidt", "MULLER LUDENSCHEIDT"),  # no-break space
    ("Jean\tDupont", "JEAN DUPONT"),  # tab
    ("Jean\u3000Dupont\u2028", "JEAN DUPONT"),  # ideographic space, line separator
    ("Dupont\u2010Martin", "DUPONT-MARTIN"),  # U+2010 hyphen
    ("Dupont\u2013Martin", "DUPONT-MARTIN"),  # en dash
    ("Dupont\u2212Martin", "DUPONT-MARTIN"),  # minus sign
    ("O\u2018Neil", "O'NEIL"),  # left single quotation mark
    ("O\u02bcNeil", "O'NEIL"),  # modifier letter apostrophe
    ("O`Neil", "O'NEIL"),  # grave accent used as apostrophe
    ("O\u00b4Neil", "O'NEIL"),  # acute accent used as apostrophe
    ("Jose\u0301", "JOSE"),  # decomposed accent (NFD input)
    ("Marq\u0303uez", "MARQUEZ"),  # a mark with no precomposed form: dropped
    ("Ħaġar", "HAGAR"),  # Maltese Ħ: no decomposition, transliterated
    ("ﬁlipe", "FILIPE"),  # compatibility ligature fi
    ("DUPONT", "DUPONT"),  # already in INSi form
]


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize(("text", "expected"), birth_names)
def test_birth_names(text: str, expected: str) -> None:
    result = normalize_birth_name(text)
    assert result.normalized == expected
    assert result.original == text
    assert result.changed is (text != expected)
    assert is_valid_insi_name(result.normalized)


other_scripts = [
    ("Иванов", "IVANOV"),  # Cyrillic: docs/domain/traits.md#normalisation-steps
    # Greek: docs/domain/traits.md#transliteration-and-licences (unidecode; anyascii: see below)
    ("Παπαδόπουλος", "PAPADOPOULOS"),
    ("Новикова-Петрова", "NOVIKOVA-PETROVA"),  # Cyrillic with hyphen
]


@pytest.mark.parametrize(("text", "expected"), other_scripts)
def test_other_scripts_transliterated_on_request(
    text: str, expected: str, backend: Callable[[str], str]
) -> None:
    if backend is anyascii and text == "Παπαδόπουλος":
        # A known difference of the back ends: anyascii reads Greek upsilon as Y
        # ("Papadopoylos"); both are INSi-valid and the user sees the result before sending.
        expected = "PAPADOPOYLOS"
    assert normalize_birth_name(text, policy="transliterate").normalized == expected


@pytest.mark.parametrize(("text", "expected"), other_scripts)
def test_other_scripts_rejected_by_default_with_a_suggestion(text: str, expected: str) -> None:
    with pytest.raises(InvalidCharacter, match=f"suggestion: {expected}") as caught:
        normalize_birth_name(text)
    assert caught.value.position == 0
    assert caught.value.character == text[0]
    assert "letter of another script" in caught.value.message


def test_arabic_name_transliterated_or_dropped() -> None:
    text = "محمد"
    with pytest.raises(InvalidCharacter):
        normalize_birth_name(text)
    result = normalize_birth_name(text, policy="transliterate")
    assert result.normalized.isalpha()
    assert result.normalized.isupper()
    with pytest.raises(InvalidTrait, match="empty"):
        normalize_birth_name(text, policy="drop")


def test_domain_example_digit_rejected() -> None:
    with pytest.raises(InvalidCharacter) as caught:
        normalize_birth_name("Du9pont")
    assert (caught.value.character, caught.value.position) == ("9", 2)
    assert caught.value.code == "invalid_character"


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u2018", "\u02bc", "`", "\u00b4"])
@pytest.mark.parametrize(
    "hyphen",
    ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"],
)
def test_every_apostrophe_and_dash(apostrophe: str, hyphen: str) -> None:
    """docs/domain/traits.md#normalisation-steps step 1: each typographic apostrophe and Unicode
    dash (all of them)."""
    result = normalize_birth_name(f"d{apostrophe}Ornano{hyphen}Martin")
    assert result.normalized == "D'ORNANO-MARTIN"
    kinds = {change.position: change.kind for change in result.changes}
    assert (kinds.get(1), kinds.get(8)) == (
        None if apostrophe == "'" else "apostrophe",
        None if hyphen == "-" else "hyphen",
    )


def test_changes_name_kind_position_before_after() -> None:
    result = normalize_birth_name("  d’Ærø -Müller")
    assert result.normalized == "D'AERO-MULLER"
    assert result.changes == (
        Change(kind="space", position=0, before=" ", after=""),
        Change(kind="space", position=1, before=" ", after=""),
        Change(kind="case", position=2, before="d", after="D"),
        Change(kind="apostrophe", position=3, before="’", after="'"),
        Change(kind="ligature", position=4, before="Æ", after="AE"),
        Change(kind="case", position=5, before="r", after="R"),
        Change(kind="ligature", position=6, before="ø", after="O"),
        Change(kind="space", position=7, before=" ", after=""),
        Change(kind="diacritic", position=10, before="ü", after="U"),
        Change(kind="case", position=11, before="l", after="L"),
        Change(kind="case", position=12, before="l", after="L"),
        Change(kind="case", position=13, before="e", after="E"),
        Change(kind="case", position=14, before="r", after="R"),
    )


def test_changes_of_dropped_and_transliterated_characters() -> None:
    dropped = normalize_birth_name("Du9pont", policy="drop")
    assert dropped.normalized == "DUPONT"
    assert Change(kind="dropped", position=2, before="9", after="") in dropped.changes
    translit = normalize_birth_name("Ив", policy="transliterate")
    assert translit.changes == (
        Change(kind="transliteration", position=0, before="И", after="I"),
        Change(kind="transliteration", position=1, before="в", after="V"),
    )


def test_unchanged_name_has_no_changes() -> None:
    result = normalize_birth_name("DUPONT")
    assert result.changes == ()
    assert not result.changed
    assert result.warnings == ()


def test_normalized_is_immutable_and_compares_by_value() -> None:
    result = normalize_birth_name("Dupont")
    with pytest.raises(AttributeError):
        result.normalized = "X"  # type: ignore[misc]
    assert result == Normalized("Dupont", "DUPONT", normalize_birth_name("Dupont").changes)
    assert result != "DUPONT"
    assert hash(result) == hash(Normalized("Dupont", "DUPONT"))
    assert "DUPONT" in repr(result)
    assert result.to_dict()["changes"][0] == {  # type: ignore[index]
        "kind": "case",
        "position": 1,
        "before": "u",
        "after": "U",
    }


# What steps 1-5 cannot repair raises InvalidTrait (docs/domain/traits.md#normalisation-steps
# step 6).
unrepairable = [
    ("JEAN''PIERRE", "doubled apostrophe"),  # docs/domain/traits.md#normalisation-steps example
    ("-DUPONT", "leading hyphen"),  # docs/domain/traits.md#normalisation-steps example
    ("", "empty"),  # docs/domain/traits.md#normalisation-steps example: an empty result
    ("   ", "empty"),  # separators only
    ("- ' -", "leading hyphen"),  # separators only
    ("DUPONT-", "trailing"),  # no trailing hyphen
    ("DUPONT'", "trailing"),  # no trailing apostrophe
    ("D' ARTAGNAN", "apostrophe next to a space"),  # space adjacent to apostrophe
    ("D 'ARTAGNAN", "apostrophe next to a space"),  # space adjacent to apostrophe
    ("D-'ARTAGNAN", "hyphen next to an apostrophe"),  # hyphen touching an apostrophe
    ("GARCIA---HAMMADI", "three hyphens"),  # more than two hyphens in a row
    ("A" * 101, "at most 100"),  # datamatrix limit
]


@pytest.mark.parametrize(("text", "problem"), unrepairable)
def test_unrepairable_birth_names(text: str, problem: str) -> None:
    with pytest.raises(InvalidTrait, match=problem) as caught:
        normalize_birth_name(text)
    assert caught.value.trait == "birth_name"


def test_first_names_profile_refuses_double_hyphen() -> None:
    with pytest.raises(InvalidTrait, match="double hyphen") as caught:
        normalize_first_names("Er--ic")
    assert caught.value.trait == "first_names"
    assert normalize_first_names("Jean -  Pierre  Paul").normalized == "JEAN-PIERRE PAUL"


def test_long_names_are_accepted_with_a_warning() -> None:
    long_name = "A" * 90
    assert normalize_birth_name(long_name).warnings
    assert not normalize_birth_name("A" * 80).warnings
    first = normalize_first_names("JEAN " + "B" * 62)
    assert first.warnings
    assert "first name" in first.warnings[0]


# Hostile input: a clear ins error (or a result), never a crash or a hang.
hostile = [
    ("", InvalidTrait),  # empty
    ("---", InvalidTrait),  # separators only
    ("' '", InvalidTrait),  # separators only
    ("A\x00B", InvalidCharacter),  # control character
    ("A\x1bB", InvalidCharacter),  # escape
    ("A\x1fB", InvalidCharacter),  # unit separator (str.isspace says True: not white space)
    ("A\u200bB", InvalidCharacter),  # zero-width space (a format character)
    ("DUPONT \U0001f600", InvalidCharacter),  # emoji
    ("DUPONT \U0001f468\u200d\U0001f469", InvalidCharacter),  # emoji sequence
    ("A" * 10_000, InvalidTrait),  # 10 000 characters: refused at once
    ("\u0301" * 10_000, InvalidTrait),  # 10 000 combining marks
    ("Jean 3", InvalidCharacter),  # digit
    ("Jean_Paul", InvalidCharacter),  # underscore
    ("Ｊｅａｎ１", InvalidCharacter),  # full-width digit after full-width letters
]


@pytest.mark.parametrize(("text", "error"), hostile)
@pytest.mark.parametrize("normalize", [normalize_birth_name, normalize_first_names])
def test_hostile_input(
    text: str, error: type[Exception], normalize: Callable[..., Normalized]
) -> None:
    with pytest.raises(error):
        normalize(text)


def test_drop_policy_removes_hostile_characters() -> None:
    assert normalize_birth_name("DU\x00PONT \U0001f600", policy="drop").normalized == "DUPONT"
    assert normalize_birth_name("A\u200bB", policy="drop").normalized == "AB"


def test_transliterate_policy_still_rejects_non_letters() -> None:
    with pytest.raises(InvalidCharacter) as caught:
        normalize_birth_name("Иван 2", policy="transliterate")
    assert caught.value.position == 5
    assert "digit" in caught.value.message


def test_lone_combining_marks_are_diacritics() -> None:
    result = normalize_birth_name("\u0301Ana")
    assert result.normalized == "ANA"
    assert result.changes[0] == Change(kind="diacritic", position=0, before="\u0301", after="")


@pytest.mark.parametrize("policy", ["ignore", "", "REJECT"])
def test_unknown_policy(policy: str) -> None:
    with pytest.raises(ValueError, match="Unknown policy"):
        normalize_birth_name("DUPONT", policy=policy)


def test_non_text_input() -> None:
    with pytest.raises(InvalidTrait, match="must be text"):
        normalize_birth_name(42)  # type: ignore[arg-type]


# is_valid_insi_name: text already in INSi form (docs/domain/traits.md#insi-character-set).
valid = [
    ("DUPONT", "birth_name"),  # plain
    ("GARCIA--HAMMADI", "birth_name"),  # double hyphen in a birth name
    ("'T HOOFT", "birth_name"),  # DECISION: leading apostrophe
    ("D'ARTAGNAN", "birth_name"),  # apostrophe inside
    ("PIERRE-ALAIN MURIEL FLORIANT", "first_names"),  # INSi list
    ("A", "first_names"),  # one letter
    ("A" * 100, "birth_name"),  # at the limit
]
invalid = [
    ("", "birth_name"),  # empty
    ("Dupont", "birth_name"),  # lower case
    ("DUPONT ", "birth_name"),  # trailing space
    (" DUPONT", "birth_name"),  # leading space
    ("-DUPONT", "birth_name"),  # leading hyphen
    ("DUPONT-", "birth_name"),  # trailing hyphen
    ("DUPONT'", "birth_name"),  # trailing apostrophe
    ("DU  PONT", "birth_name"),  # doubled space
    ("DU''PONT", "birth_name"),  # doubled apostrophe
    ("DU' PONT", "birth_name"),  # apostrophe next to a space
    ("DU -PONT", "birth_name"),  # hyphen next to a space
    ("DU-'PONT", "birth_name"),  # hyphen next to an apostrophe
    ("DU---PONT", "birth_name"),  # three hyphens
    ("ER--IC", "first_names"),  # double hyphen in first names
    ("ERIC- JEAN", "first_names"),  # first name ending with a hyphen
    ("DUPONT3", "birth_name"),  # digit
    ("DUPONTÉ", "birth_name"),  # diacritic
    ("A" * 101, "birth_name"),  # over the limit
]


@pytest.mark.parametrize(("text", "profile"), valid)
def test_valid_insi_names(text: str, profile: str) -> None:
    assert is_valid_insi_name(text, profile=profile)


@pytest.mark.parametrize(("text", "profile"), invalid)
def test_invalid_insi_names(text: str, profile: str) -> None:
    assert not is_valid_insi_name(text, profile=profile)


def test_is_valid_insi_name_never_raises_on_values() -> None:
    assert not is_valid_insi_name(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Unknown profile"):
        is_valid_insi_name("DUPONT", profile="surname")


def test_backend_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """unidecode when importable, else anyascii, else a clear error at use (not at import)."""
    assert _name_steps._load_backend() is unidecode
    monkeypatch.setitem(sys.modules, "unidecode", None)  # import unidecode -> ImportError
    assert _name_steps._load_backend() is anyascii
    monkeypatch.setitem(sys.modules, "anyascii", None)
    assert _name_steps._load_backend() is None
    monkeypatch.setattr(_name_steps, "_backend", None)
    with pytest.raises(RuntimeError, match="Neither unidecode nor anyascii"):
        transliterate("Жуков")


def test_transliterate_uses_the_backend(backend: Callable[[str], str]) -> None:
    assert transliterate("Жуков") == backend("Жуков") == "Zhukov"


def test_normalisation_is_safe_from_several_threads() -> None:
    """The cache and the lazily computed changes may be shared between threads."""
    from concurrent.futures import ThreadPoolExecutor

    from ins import _names as names

    names._normalize_cached.cache_clear()
    texts = [f"Lefèvre{'-Dupont' * (i % 5)}" for i in range(400)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(normalize_birth_name, texts))
        changes = list(pool.map(lambda result: result.changes, results))
    for text, result, changed in zip(texts, results, changes, strict=True):
        assert result.normalized == text.upper().replace("È", "E")
        assert changed == normalize_birth_name(text).changes
