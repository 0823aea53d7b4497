"""Pydantic errors about ``ins`` values and records report masked inputs (issue 15, ADR 0104).

``hide_input_in_errors`` keeps the input out of the message only: ``errors()`` and ``json()``
(what FastAPI sends back in a 422) carried it in full before.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import BaseModel, ValidationError

from ins import BirthDate, BirthplaceCode, Identity, IdentityAttribute, Ins, Nir, Oid, Sex, Traits
from ins._records import mask_input
from ins.insi import TraitsSearch

M = "284052A32102552"
GOOD = {"birth_name": "ADRUN", "first_names": "ZOE", "sex": "F", "birth_date": "1975-12-31"}


class Patient(BaseModel):
    """A vendor's model: no ins base, no hide_input_in_errors; only the field types are ours."""

    nir: Nir | None = None
    place: BirthplaceCode | None = None
    born: BirthDate | None = None
    sex: Sex | None = None
    oid: Oid | None = None
    attribute: IdentityAttribute | None = None
    ins: Ins | None = None
    traits: Traits | None = None


vendor_cases = [
    # (data, location of the error), id = the field where the matricule was typed
    pytest.param({"nir": M[:-1] + "9"}, ("nir",), id="Nir-with-a-wrong-key"),
    pytest.param({"place": M}, ("place",), id="BirthplaceCode"),
    pytest.param({"born": M}, ("born",), id="BirthDate"),
    pytest.param({"sex": M}, ("sex",), id="Sex"),
    pytest.param({"oid": M}, ("oid",), id="Oid"),
    pytest.param({"attribute": M}, ("attribute",), id="IdentityAttribute"),
    pytest.param({"ins": {"matricule": M, "oid": M}}, ("ins", "oid"), id="Ins"),
    pytest.param({"traits": {**GOOD, "sex": M}}, ("traits", "sex"), id="Traits.sex"),
    pytest.param({"traits": {**GOOD, "birth_name": M * 1000}}, ("traits", "birth_name"), id="long"),
]


@pytest.mark.parametrize(("data", "location"), vendor_cases)
def test_a_vendor_model_reports_masked_inputs(
    data: dict[str, object], location: tuple[str]
) -> None:
    with pytest.raises(ValidationError) as raised:
        Patient.model_validate(data)
    error = raised.value
    assert location in [line["loc"] for line in error.errors()]
    for shown in (repr(error.errors()), error.json(), str(error)):
        assert M not in shown
        assert "28405**********" in shown  # masked, not dropped: the caller sees what it was


@pytest.mark.parametrize(
    ("build", "error_type"),
    [
        pytest.param(lambda: Traits(**{**GOOD, "sex": M}), "invalid_trait", id="Traits"),
        pytest.param(lambda: TraitsSearch(**{**GOOD, "birth_name": M}), "invalid_trait", id="req"),
        pytest.param(
            lambda: Identity.model_validate({"traits": GOOD, M: 1}),
            "extra_forbidden",
            id="an-unknown-key-is-masked-in-the-location",
        ),
        pytest.param(
            lambda: Traits.model_validate_json(json.dumps({**GOOD, "birth_date": M})),
            "invalid_trait",
            id="json-input",
        ),
    ],
)
def test_records_report_masked_inputs(build: object, error_type: str) -> None:
    with pytest.raises(ValidationError) as raised:
        build()  # type: ignore[operator]
    error = raised.value
    assert error.errors()[0]["type"] == error_type
    assert M not in repr(error.errors()) + error.json() + str(error)
    assert "input_value" not in str(error)  # hide_input_in_errors still holds


def test_masked_errors_keep_type_message_location_and_context() -> None:
    with pytest.raises(ValidationError) as raised:
        Traits(**{**GOOD, "first_names": ""})
    (line,) = raised.value.errors()
    assert line["type"] == "string_too_short"
    assert line["loc"] == ("first_names",)
    assert line["msg"] == "String should have at least 1 character"
    assert line["ctx"] == {"min_length": 1}
    assert line["input"] == ""


def test_reprs_of_records_are_masked() -> None:
    traits = Traits(**{**GOOD, "used_name": "NIR " + M})
    assert M not in repr(traits) + str(traits)
    assert "NIR 28405**********" in repr(traits)
    assert traits.used_name == "NIR " + M  # the value itself is kept: it is the caller's data


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (M, "28405**********"),  # text
        (284052132102552, "28405**********"),  # a number that reads as a matricule
        (12, 12),  # other numbers are kept
        (None, None),
        ([M, 1], ["28405**********", 1]),
        ((M,), ("28405**********",)),
        ({M: M}, {"28405**********": "28405**********"}),
        (frozenset({M}), ["28405**********"]),
        (dt.date(2000, 1, 1), dt.date(2000, 1, 1)),  # an object without matricule: kept
        (ValueError(M), "ValueError('28405**********')"),  # an object that shows one: masked
    ],
)
def test_mask_input(value: object, masked: object) -> None:
    assert mask_input(value) == masked


def test_a_document_that_is_not_json_is_reported_masked() -> None:
    """Pydantic reports the whole document as the input of a JSON syntax error, before any
    validator runs: the records mask it too (found by the fuzz run, with invalid UTF-8)."""
    document = b'{"traits": {"birth_name": "' + M.encode() + b'", "sex": "\xed\xa0\x80"'
    with pytest.raises(ValidationError) as raised:
        Identity.model_validate_json(document)
    error = raised.value
    assert error.errors()[0]["type"] == "json_invalid"
    assert M not in repr(error.errors()) + error.json()
    assert "28405**********" in error.errors()[0]["input"]


def test_a_lone_surrogate_can_still_be_reported_as_json() -> None:
    """A lone surrogate (JSON "\\ud800") in an input made ``error.json()`` fail: what an API
    sends back in a 422 (found by the fuzz run)."""
    with pytest.raises(ValidationError) as raised:
        Ins.model_validate({"matricule": "\ud800", "oid": "1.2.250.1.213.1.4.8"})
    assert json.loads(raised.value.json())[0]["input"] == "\ufffd"


def test_validation_from_strings_is_masked_too() -> None:
    with pytest.raises(ValidationError) as raised:
        Traits.model_validate_strings({**GOOD, "birth_date": M})
    assert M not in repr(raised.value.errors()) + raised.value.json()
    assert Traits.model_validate_strings(GOOD).sex is Sex.F
