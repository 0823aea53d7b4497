"""Anomalies of a result: what INSi returned that cannot become an INS or traits."""

from __future__ import annotations

import pytest

from ins.insi import AnomalyCode, InsiError, ReturnedTraits, WireIns, make_result

NIR_OID = "1.2.250.1.213.1.4.8"
ACTIVE = WireIns("2751263220749", "74", NIR_OID)
TIQ = ReturnedTraits(
    birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31", birthplace="63220"
)

active_cases = [
    (WireIns("2751263220749", "75", NIR_OID), AnomalyCode.KEY_MISMATCH),  # key off by one
    (WireIns("2751263220749", None, NIR_OID), AnomalyCode.INVALID_MATRICULE),  # no key
    (WireIns("2751263220749", "74", None), AnomalyCode.UNKNOWN_OID),  # no OID
    (WireIns("2751263220749", "74", "1.2.3.4"), AnomalyCode.UNKNOWN_OID),  # unknown OID
    (WireIns("2751263220749", "74", "1.2.250.1.213.1.4.2"), AnomalyCode.UNKNOWN_OID),  # INS-C
    (WireIns("5751263220749", "74", NIR_OID), AnomalyCode.INVALID_MATRICULE),  # sex digit 5
    (WireIns("2751263220749", "7A", NIR_OID), AnomalyCode.INVALID_MATRICULE),  # key not digits
]


@pytest.mark.parametrize(("active", "code"), active_cases)
def test_active_matricule_anomalies(active: WireIns, code: AnomalyCode) -> None:
    result = make_result("00", active=active, tiq=TIQ)
    assert [a.code for a in result.anomalies] == [code]
    assert result.anomalies[0].where == "INSACTIF"
    assert result.ins is None
    assert result.individual is not None
    assert result.individual.matricule_as_returned == active.number + (active.key or "")
    assert result.individual.traits is not None  # the traits are fine
    assert active.number not in " ".join(a.message for a in result.anomalies)


def test_a_bad_history_entry_withholds_the_active_ins() -> None:
    result = make_result(
        "00", active=ACTIVE, history=[WireIns("2751263220749", "11", NIR_OID)], tiq=TIQ
    )
    assert [(a.code, a.where) for a in result.anomalies] == [
        (AnomalyCode.KEY_MISMATCH, "INSHISTO[1]")
    ]
    assert result.ins is None


tiq_cases = [
    ({"birth_name": "Adrun"}, "TIQ/NomNaissance", AnomalyCode.TRAIT_NOT_INSI_FORM),  # case
    ({"birth_name": None}, "TIQ/NomNaissance", AnomalyCode.MISSING_TRAIT),  # absent
    ({"first_names": "ZOE  ANNE"}, "TIQ/ListePrenom", AnomalyCode.TRAIT_NOT_INSI_FORM),
    ({"first_name": "zoe"}, "TIQ/Prenom", AnomalyCode.TRAIT_NOT_INSI_FORM),  # Prenom checked too
    ({"first_names": None}, "TIQ/ListePrenom", AnomalyCode.MISSING_TRAIT),  # neither element
    ({"sex": "I"}, "TIQ/Sexe", AnomalyCode.TRAIT_NOT_INSI_FORM),  # INSi knows M and F
    ({"sex": None}, "TIQ/Sexe", AnomalyCode.MISSING_TRAIT),
    ({"birth_date": "31/12/1975"}, "TIQ/DateNaissance", AnomalyCode.TRAIT_NOT_INSI_FORM),
    ({"birth_date": None}, "TIQ/DateNaissance", AnomalyCode.MISSING_TRAIT),
    ({"birthplace": "6322"}, "TIQ/LieuNaissance", AnomalyCode.TRAIT_NOT_INSI_FORM),
    ({"birthplace": "2a020"}, "TIQ/LieuNaissance", AnomalyCode.TRAIT_NOT_INSI_FORM),  # case
]


@pytest.mark.parametrize(("change", "where", "code"), tiq_cases)
def test_trait_anomalies(change: dict[str, str | None], where: str, code: AnomalyCode) -> None:
    tiq = TIQ.model_copy(update=change)
    result = make_result("00", active=ACTIVE, tiq=tiq)
    assert [(a.code, a.where) for a in result.anomalies] == [(code, where)]
    assert result.individual is not None
    assert (result.individual.ins, result.individual.traits) == (None, None)
    assert result.individual.returned_traits == tiq  # kept verbatim


tiq_fine = [
    {"first_names": None, "first_name": "ZOE"},  # Prenom alone gives the list
    {"birthplace": None},  # no birthplace
    {"birth_date": "1975-00-00"},  # unknown parts: kept, estimated
    {"birth_date": "1975-02-35"},  # lunar date: exceptional, not an anomaly (status rule)
]


@pytest.mark.parametrize("change", tiq_fine)
def test_traits_without_anomaly(change: dict[str, str | None]) -> None:
    result = make_result("00", active=ACTIVE, tiq=TIQ.model_copy(update=change))
    assert result.anomalies == ()
    assert result.individual is not None
    assert result.individual.traits is not None
    assert result.ins is not None


def test_lunar_date_is_exceptional() -> None:
    result = make_result(
        "00", active=ACTIVE, tiq=TIQ.model_copy(update={"birth_date": "1975-13-01"})
    )
    assert result.individual is not None
    assert result.individual.traits is not None
    assert result.individual.traits.birth_date.exceptional
    assert result.individual.traits.birth_date.raw == "1975-13-01"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": "03"}, "unknown result code"),
        ({"code": "00"}, "without INSACTIF and TIQ"),
        ({"code": "00", "active": ACTIVE}, "without INSACTIF and TIQ"),
        ({"code": "02", "tiq": TIQ}, "with an individual"),
    ],
)
def test_impossible_results(kwargs: dict[str, object], message: str) -> None:
    code = kwargs.pop("code")
    with pytest.raises(InsiError, match=message):
        make_result(code, **kwargs)  # type: ignore[arg-type]


def test_labels_default_to_the_official_ones() -> None:
    assert make_result("01").label == "Aucune identite trouvee"
    assert make_result("02", label="Plusieurs").label == "Plusieurs"  # verbatim when given
