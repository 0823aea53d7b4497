"""The QUAL gate: an identity gets its evidence only through its transitions (issue 15, ADR 0105).

Before: ``Identity(traits=t, ins=some_ins, document_check=DocumentEvidence(..., trust=HIGH,
coherent=True))`` was accepted with an empty log, had the status QUAL, and ``to_fhir_patient``
exported its INS; ``model_copy(update=...)`` did the same. Now a record is accepted only when
replaying its log from its first traits gives exactly its traits, INS, history, attributes and
document check; a recorded log that leads to QUAL still replays, and JSON still round-trips.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from ins import (
    DocumentEvidence,
    DocumentTrust,
    Identity,
    IdentityAttribute,
    IdentityDocument,
    IdentityStatus,
    Ins,
    Oid,
    Traits,
)
from ins.errors import NotQualified
from ins.insi import ReturnedTraits, WireIns, make_result
from ins.interop import to_fhir_patient
from ins.testing.strategies import identities

AT = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
TRAITS = Traits(
    birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31", birthplace="63220"
)
INS = Ins("275126322074974", Oid.NIR)
PASSPORT = DocumentEvidence(
    document=IdentityDocument.PASSPORT, trust=DocumentTrust.HIGH, coherent=True, checked_at=AT
)
FOUND = make_result(
    "00",
    active=WireIns("2751263220749", "74", Oid.NIR.value),
    tiq=ReturnedTraits(**TRAITS.model_dump(mode="json", exclude={"used_name", "used_first_name"})),
)


def _qualified() -> Identity:
    return (
        Identity(traits=TRAITS)
        .apply_document_check("PA", coherent=True, at=AT)
        .apply_insi_result(FOUND, at=AT)
    )


forged = [
    # (fields given beside the traits), id = the evidence given without a transition
    pytest.param({"ins": INS, "document_check": PASSPORT}, id="QUAL-with-an-empty-log"),
    pytest.param({"ins": INS}, id="RECUP-with-an-empty-log"),
    pytest.param({"document_check": PASSPORT}, id="VALI-with-an-empty-log"),
    pytest.param({"attributes": [IdentityAttribute.HOMONYME]}, id="an-attribute"),
    pytest.param(
        {"ins": INS, "document_check": PASSPORT, "events": _qualified().events[:1]},
        id="QUAL-with-the-log-of-VALI",
    ),
    pytest.param(
        {"traits": TRAITS.model_copy(update={"birth_name": "ADRDEUX"}), "events": ()},
        id="other-traits-than-the-log-gives",
    ),
]


@pytest.mark.parametrize("fields", forged)
def test_evidence_without_a_transition_is_refused(fields: dict[str, Any]) -> None:
    data: dict[str, Any] = {"traits": TRAITS, **fields}
    if "events" in data and data["events"] == ():
        data["events"] = _qualified().events  # the log of another record
    with pytest.raises(ValidationError) as raised:
        Identity(**data)
    (line,) = raised.value.errors()
    assert line["type"] == "status_error"
    assert "transitions" in line["msg"] or "does not" in line["msg"]


def test_the_forged_qual_identity_of_the_issue_cannot_be_exported() -> None:
    with pytest.raises(ValidationError, match="do not follow from its event log"):
        Identity(traits=TRAITS, ins=INS, document_check=PASSPORT)


@pytest.mark.parametrize(
    "update",
    [
        pytest.param({"ins": INS, "document_check": PASSPORT}, id="to-QUAL"),
        pytest.param({"ins": INS}, id="to-RECUP"),
        pytest.param({"attributes": frozenset()}, id="drop-an-attribute"),
        pytest.param({"events": ()}, id="drop-the-log"),
    ],
)
def test_model_copy_does_not_bypass_the_gate(update: dict[str, Any]) -> None:
    start = Identity(traits=TRAITS).with_attribute("HOMA", at=AT)
    with pytest.raises(ValidationError, match=r"status_error|does not|do not follow"):
        start.model_copy(update=update)


def test_model_copy_of_what_the_log_gives_is_fine() -> None:
    qualified = _qualified()
    assert qualified.model_copy() == qualified
    assert qualified.model_copy(deep=True) == qualified
    clock = lambda: AT  # noqa: E731 - the clock is not evidence
    assert qualified.model_copy(update={"clock": clock}).clock is clock
    assert qualified.model_copy(update={"ins": INS}) == qualified  # the same INS


def test_a_recorded_log_replays_to_qual() -> None:
    qualified = _qualified()
    assert qualified.status is IdentityStatus.QUAL
    assert Identity.replay(TRAITS, qualified.events) == qualified
    again = Identity(**{name: getattr(qualified, name) for name in Identity.model_fields})
    assert again == qualified
    assert to_fhir_patient(again)["identifier"][0]["value"] == INS.matricule


def test_a_log_that_does_not_replay_is_named() -> None:
    events = _qualified().events
    with pytest.raises(ValidationError, match="The event log does not replay"):
        Identity(traits=TRAITS, ins=INS, document_check=PASSPORT, events=events[1:])


@given(identity=identities())
def test_json_round_trip_of_any_identity(identity: Identity) -> None:
    again = Identity.model_validate_json(identity.model_dump_json())
    assert again == identity
    assert again.status is identity.status


def test_the_gate_holds_for_not_qualified_exports() -> None:
    valid = Identity(traits=TRAITS).apply_document_check("PA", coherent=True, at=AT)
    with pytest.raises(NotQualified):
        to_fhir_patient(valid)
