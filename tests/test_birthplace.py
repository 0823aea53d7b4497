"""Syntax of ``ins.BirthplaceCode`` (docs/domain/birthplaces.md#syntax-check-and-lookup)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from ins import BirthplaceCode, InvalidFormat, InvalidLength

VALID = [
    # code, department, commune, abroad, country
    ("63220", "63", "220", False, None),  # plain commune
    ("2A004", "2A", "004", False, None),  # Corsica-du-Sud
    ("2b020", "2B", "020", False, None),  # lower case accepted, upper-cased
    ("20004", "20", "004", False, None),  # Corsica before 1976: historic, legitimate
    ("97411", "974", "11", False, None),  # overseas: 3-char department
    ("98735", "987", "35", False, None),  # overseas collectivity
    ("99126", "99", "126", True, "126"),  # born abroad (Greece)
    (" 75056 ", "75", "056", False, None),  # surrounding white space removed
]


@pytest.mark.parametrize(("text", "department", "commune", "abroad", "country"), VALID)
def test_valid(text: str, department: str, commune: str, abroad: bool, country: str | None) -> None:
    code = BirthplaceCode(text)
    assert (code.department, code.commune, code.is_abroad, code.country_code) == (
        department,
        commune,
        abroad,
        country,
    )
    assert code == text.strip().upper()
    assert repr(code) == f"BirthplaceCode({str(code)!r})"


INVALID = [
    ("6322", InvalidLength),  # too short
    ("632200", InvalidLength),  # too long
    ("2C004", InvalidFormat),  # only 2A/2B hold a letter
    ("6A220", InvalidFormat),  # letter outside Corsica
    ("2A0B4", InvalidFormat),  # letter in the commune
    ("00123", InvalidFormat),  # department 00
    ("６３２２０", InvalidFormat),  # full-width digits are not digits
]


@pytest.mark.parametrize(("text", "error"), INVALID)
def test_invalid(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        BirthplaceCode(text)


def test_not_text() -> None:
    with pytest.raises(InvalidFormat):
        BirthplaceCode(63220)  # type: ignore[arg-type]


class _Patient(BaseModel):
    birthplace: BirthplaceCode


def test_pydantic_field() -> None:
    patient = _Patient(birthplace="2a004")  # type: ignore[arg-type]
    assert isinstance(patient.birthplace, BirthplaceCode)
    assert patient.model_dump_json() == '{"birthplace":"2A004"}'
    assert _Patient.model_validate_json(patient.model_dump_json()) == patient
    with pytest.raises(ValidationError) as info:
        _Patient(birthplace="6A220")  # type: ignore[arg-type]
    assert info.value.errors()[0]["type"] == "invalid_format"
    with pytest.raises(ValidationError) as info:
        _Patient.model_validate({"birthplace": 63220})
    assert info.value.errors()[0]["type"] == "invalid_format"


def test_json_schema() -> None:
    schema = _Patient.model_json_schema()["properties"]["birthplace"]
    assert schema["type"] == "string"
    assert schema["pattern"].startswith("^")
    assert "2A004" in schema["examples"]


# Names from the shipped table (ins/data/places.tsv, see ins/data/README.md).
names = [
    ("63220", "Mazoires"),  # commune of the INSi test person ADRUN ZOE
    ("2A004", "Ajaccio"),  # Corsica since 1976
    ("20004", "Ajaccio"),  # the same commune under its code before 1976 (anciensCodes)
    ("2B020", "Aregno"),  # INSi test person ADRTROIS TOUSSAINT
    ("75101", "Paris 1er Arrondissement"),  # municipal arrondissement
    ("97411", "Saint-Denis"),  # overseas department
    ("98735", "Papeete"),  # overseas collectivity
    ("99126", "GRECE"),  # country (names as the source spells them)
    ("99109", "ALLEMAGNE"),  # another country
    ("2A020", None),  # INSi test person ADRTROIS DOMINIQUE: not in today's COG
    ("99999", None),  # no such country
    ("01000", None),  # commune 000 does not exist
]


@pytest.mark.parametrize(("code", "name"), names)
def test_name(code: str, name: str | None) -> None:
    assert BirthplaceCode(code).name == name


def test_place_table_is_loaded_once_and_large() -> None:
    from ins._birthplace import place_names

    assert place_names() is place_names()
    assert len(place_names()) > 35_000
    assert all(len(code) == 5 for code in place_names())
    assert sum(code.startswith("99") for code in place_names()) > 200
