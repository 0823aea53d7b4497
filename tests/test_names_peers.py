"""Conformance of the INSi name rules with the peer vectors of padoa/tlsi-ins (MIT).

The peer's ``INSiPerson`` accepts a birth name matching ``^[A-Z]+(?:(?:-{1,2}|[' ])[A-Z]+)*$``
and has its own first-name vectors. Each ``expected`` is the peer's claim; where our decisions
(docs/domain/traits.md#insi-character-set) differ, the test asserts our answer and says why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ins._dates import BirthDate
from ins._first_names import is_coherent_first_name
from ins._names import is_valid_insi_name, normalize_birth_name, normalize_first_names
from ins.errors import InsError

DATA = Path(__file__).parent / "data" / "peer_vectors" / "padoa_tlsi-ins_insi.json"
VECTORS: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))["vectors"]

# Where we differ from the peer, and why (input -> our answer).
OURS = {
    # docs/domain/traits.md#syntax-rules: no double hyphen in first names (it only separates the two
    # parts of a double family name); the peer accepts ER--IC.
    ("first_names", "ER--IC"): "rejected",
}


def _cases(prefix: str, profile: str) -> list[Any]:
    return [
        pytest.param(profile, v["input"], v["expected"], id=f"{profile}:{v['input']!r}")
        for v in VECTORS
        if v["case"] == prefix
    ]


NAME_CASES = _cases("INSiPerson birthName format", "birth_name") + _cases(
    "INSiPerson firstName format", "first_names"
)


def test_the_peer_file_has_the_name_vectors() -> None:
    assert len(NAME_CASES) == 18


@pytest.mark.parametrize(("profile", "text", "peer"), NAME_CASES)
def test_name_acceptance(profile: str, text: str, peer: str) -> None:
    expected = OURS.get((profile, text), peer)
    accepted = is_valid_insi_name(text, profile=profile)
    assert ("accepted" if accepted else "rejected") == expected


@pytest.mark.parametrize(("profile", "text", "peer"), NAME_CASES)
def test_accepted_names_are_fixed_points_of_normalisation(
    profile: str, text: str, peer: str
) -> None:
    """What INSi accepts, normalisation leaves alone; what it refuses, we repair or refuse."""
    normalize = normalize_birth_name if profile == "birth_name" else normalize_first_names
    if OURS.get((profile, text), peer) == "accepted":
        assert normalize(text).normalized == text
        return
    try:
        result = normalize(text)
    except InsError:
        return
    # Repaired (case, leading space): the result is valid and differs from the input.
    assert result.normalized != text
    assert is_valid_insi_name(result.normalized, profile=profile)


def test_the_peer_accepts_no_leading_apostrophe_but_we_do() -> None:
    """The peer's birth-name expression has no leading apostrophe;
    docs/domain/traits.md#syntax-rules accepts it (one source allows it, none forbids it except one
    client's regular expression)."""
    rule = next(v["rule"] for v in VECTORS if v["case"] == "INSiPerson birthName format")
    assert rule.startswith("^[A-Z]+")
    assert is_valid_insi_name("'T HOOFT")


def test_ligature_case_is_transliterated_before_sending() -> None:
    """CNDA 'invalid characters' case: D'ÆION / CŒUR are sent as D'AEION / COEUR."""
    case = next(v for v in VECTORS if "AEION" in v["case"])
    assert normalize_birth_name("D’ÆION").normalized == case["request"]["NomNaissance"]
    assert normalize_first_names("CŒUR").normalized == case["request"]["Prenom"]


def test_first_name_retry_case() -> None:
    """TCHITCHI: the client typed OLA CATARINA BELLA, INSi knows CATARINA BELLA."""
    case = next(v for v in VECTORS if "TCHITCHI" in v["case"])
    insi_list = case["expected"]["TIQ"]["ListePrenom"]
    assert not is_coherent_first_name("OLA", insi_list)
    assert is_coherent_first_name("CATARINA", insi_list)


@pytest.mark.parametrize(
    "vector", [v for v in VECTORS if v["case"] == "INSiPerson dateOfBirth"], ids=repr
)
def test_birth_dates(vector: dict[str, Any]) -> None:
    """The peer rejects 2021-56-12 and the empty string as typed dates; so do we."""
    assert vector["expected"] == "rejected"
    with pytest.raises(InsError):
        BirthDate.parse(vector["input"])
