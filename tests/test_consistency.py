"""Tests of ins.check_consistency: a matricule against the traits
(docs/domain/nir.md#consistency-with-the-traits)."""

from __future__ import annotations

import pytest

from ins import nir
from ins._identifiers import Ins, Oid
from ins._traits import Traits, check_consistency
from ins.errors import InvalidKey, InvalidTrait
from ins.nir import Nir


def matricule(first13: str) -> str:
    """A 15-character matricule with its computed key."""
    return first13 + nir.calc_key(first13)


def traits(**changes: object) -> Traits:
    base: dict[str, object] = {
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "1975-12-31",
        "birthplace": "63220",
    }
    return Traits.model_validate({**base, **changes})


ZOE = "275126322074974"  # INSi test person ADRUN ZOE

# (matricule without key, changes to the traits, expected finding codes)
cases = [
    ("2751263220749", {}, []),  # consistent
    ("1751263220749", {}, ["sex_mismatch"]),  # sex digit 1, trait F
    ("3751263220749", {}, ["sex_mismatch"]),  # 3 is odd: male
    ("2751263220749", {"sex": "I"}, []),  # indeterminate sex is not compared
    ("2761263220749", {}, ["year_mismatch"]),  # 76 vs 1975
    ("2751163220749", {}, ["month_mismatch"]),  # 11 vs December
    ("2752063220749", {}, []),  # pseudo-month 20: no birth month to compare
    ("2751163220749", {"birth_date": "1975-00-00"}, []),  # estimated month: not compared
    ("2751163220749", {"birth_date": "1975-12-00"}, ["month_mismatch"]),  # month is known
    ("2751263221749", {}, ["birthplace_mismatch"]),  # 63221 vs 63220
    ("2751263220749", {"birthplace": None}, []),  # no birthplace in the traits
    ("2751299126749", {"birthplace": "99126"}, []),  # abroad, same country
    ("2751299127749", {"birthplace": "99126"}, ["birthplace_mismatch"]),  # other country
    ("2751220004749", {"birthplace": "2A004"}, []),  # NIR 20ccc matches 2Accc (before 1976)
    ("2751220020749", {"birthplace": "2B020"}, []),  # NIR 20ccc matches 2Bccc
    ("2751220004749", {"birthplace": "21004"}, ["birthplace_mismatch"]),  # 20 vs 21
    ("275122A004749", {"birthplace": "20004"}, ["corsica_before_1976"]),  # 2A before 1976
    (
        "277122A004749",
        {"birth_date": "1977-12-01", "birthplace": "2A004"},
        [],
    ),  # 2A after 1976
    (
        "160012B020777",
        {"sex": "M", "birth_date": "1960-01-01", "birthplace": "2B020"},
        ["corsica_before_1976"],
    ),  # INSi test person ADRTROIS TOUSSAINT (2B before 1976)
    (
        "297022A020778",
        {"birth_date": "1997-02-26", "birthplace": "2A020"},
        ["unknown_birthplace"],
    ),  # INSi test person ADRTROIS DOMINIQUE: 2A020 is not in today's COG
    (
        "1751299999749",
        {"sex": "M", "birthplace": "99999"},
        ["unknown_birthplace"],
    ),  # no such country in the table
    (
        "1761163221749",
        {},
        ["sex_mismatch", "year_mismatch", "month_mismatch", "birthplace_mismatch"],
    ),  # everything differs, in a stable order
]


@pytest.mark.parametrize(("first13", "changes", "codes"), cases)
def test_check_consistency(first13: str, changes: dict[str, object], codes: list[str]) -> None:
    findings = check_consistency(matricule(first13), traits(**changes))
    assert [finding.code for finding in findings] == codes
    assert all(finding.severity == "warning" for finding in findings)


def test_accepts_nir_and_ins() -> None:
    bad_sex = traits(sex="M")
    assert [f.code for f in check_consistency(Nir(ZOE), bad_sex)] == ["sex_mismatch"]
    ins = Ins(ZOE, Oid.NIR)
    assert [f.code for f in check_consistency(ins, bad_sex)] == ["sex_mismatch"]


def test_messages_never_show_the_full_matricule() -> None:
    findings = check_consistency(matricule("1761163221749"), traits())
    full = matricule("1761163221749")
    assert findings
    for finding in findings:
        assert full not in finding.message
        assert full[:13] not in finding.message
        assert finding.message.endswith(".")


def test_invalid_matricule_raises_masked() -> None:
    with pytest.raises(InvalidKey) as caught:
        check_consistency("275126322074975", traits())
    assert "275126322074975" not in str(caught.value)


def test_needs_traits() -> None:
    with pytest.raises(InvalidTrait):
        check_consistency(ZOE, {"sex": "F"})  # type: ignore[arg-type]
