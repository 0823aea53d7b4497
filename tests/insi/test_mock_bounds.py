"""The in-memory INSi keeps bounded state whatever its callers do (issue 15, ADR 0101)."""

from __future__ import annotations

import tracemalloc

import pytest

from ins.errors import InvalidFormat
from ins.insi import InsiFault, TraitsSearch
from ins.insi.mock import MAX_CALLS, FaultPlan, MockInsi
from ins.insi.server import MAX_PERSONS, add_persons
from ins.insi.soap import MockTransport, SoapEndpoint, SoapInsi

ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")


def test_the_call_log_keeps_the_last_max_calls_and_counts_them_all() -> None:
    mock = MockInsi.with_test_identities(max_calls=3)
    for _ in range(5):
        mock.search_by_traits(ADRUN)
    mock.fail_next("insi_102")
    with pytest.raises(InsiFault):
        mock.search_by_traits(ADRUN)
    assert len(mock.calls) == 3
    assert mock.call_count == 6
    assert isinstance(mock.calls[-1].error, InsiFault)  # the newest are kept
    mock.clear_calls()
    assert (mock.calls, mock.call_count) == ((), 0)


def test_the_default_bound() -> None:
    assert MAX_CALLS == 1000  # as many as the server's history of calls
    mock = MockInsi()
    for _ in range(MAX_CALLS + 5):
        mock.search_by_traits(ADRUN)
    assert (len(mock.calls), mock.call_count) == (MAX_CALLS, MAX_CALLS + 5)


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "10"])
def test_max_calls_must_be_a_positive_integer(bad: object) -> None:
    with pytest.raises(ValueError, match="max_calls must be a positive integer"):
        MockInsi(max_calls=bad)  # type: ignore[arg-type]


def test_a_hundred_million_planned_faults_cost_no_memory() -> None:
    """``times=100000000`` took the process from 38 MB to 868 MB: one entry per call."""
    plan = FaultPlan()
    tracemalloc.start()
    try:
        plan.fail_next("insi_102", times=100_000_000)
        plan.fail_next("desir_1020", times=2)
        size, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size < 100_000
    assert [plan.draw().code for _ in range(3)] == ["insi_102"] * 3  # type: ignore[union-attr]


def test_queued_faults_are_drawn_in_order_with_their_counts() -> None:
    plan = FaultPlan()
    plan.fail_next("insi_102", times=2)
    plan.fail_next("desir_1020")
    drawn = [plan.draw() for _ in range(4)]
    assert [None if error is None else error.code for error in drawn] == [
        "insi_102",
        "insi_102",
        "desir_1020",
        None,
    ]
    assert drawn[0] is not drawn[1]  # a fresh error each call


@pytest.mark.parametrize(
    ("times", "error", "words"),
    [
        (0, ValueError, "at least 1"),  # nothing to plan
        (True, ValueError, "integer"),  # a boolean is not a count (ADR 0103: an option)
        (1.5, ValueError, "integer"),  # nor a float
    ],
)
def test_times_must_be_a_positive_integer(
    times: object, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        FaultPlan().fail_next("insi_102", times=times)  # type: ignore[arg-type]


def test_the_mock_transport_keeps_the_last_envelopes() -> None:
    transport = MockTransport(SoapEndpoint(MockInsi.with_test_identities()), max_envelopes=2)
    client = SoapInsi(transport)
    for _ in range(3):
        client.search_by_traits(ADRUN)
    assert len(transport.envelopes) == 2
    assert all(b"RESULTAT" in answer for _, answer in transport.envelopes)


@pytest.mark.parametrize("bad", [0, False, 1.0])
def test_max_envelopes_must_be_a_positive_integer(bad: object) -> None:
    with pytest.raises(ValueError, match="max_envelopes must be a positive integer"):
        MockTransport(lambda envelope, action: b"", max_envelopes=bad)  # type: ignore[arg-type]


def test_the_admin_api_adds_persons_up_to_a_limit() -> None:
    person = {
        "birth_name": "DUPONT",
        "first_names": "ANNE",
        "sex": "F",
        "birth_date": "1990-05-17",
        "matricule": {"num": "2900575056123", "key": "84", "oid": "1.2.250.1.213.1.4.8"},
    }
    special = {"request": {"birth_name": "X", "sex": "F", "birth_date": "2000-01-01"}, "code": "01"}
    insi = MockInsi()
    assert add_persons(
        insi, {"persons": [person] * 3, "special_searches": [special]}, max_persons=5
    )
    with pytest.raises(InvalidFormat, match="holds 4 persons and special searches; adding 2"):
        add_persons(insi, [person, person], max_persons=5)
    assert len(insi) == 3  # nothing added
    assert MAX_PERSONS == 100_000
