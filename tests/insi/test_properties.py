"""Properties of the INSi layer on generated persons (the project's strategies)."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from ins._sex import Sex
from ins._traits import Traits
from ins.insi import InsiCode, TraitsSearch, VerificationReason, search_ins
from ins.insi.mock import MockInsi
from ins.insi.soap import MockTransport, SoapEndpoint, SoapInsi, build_traits_request, parse_request
from ins.testing.strategies import ins_identifiers_for, traits


@given(traits())
def test_every_insi_form_request_round_trips(person: Traits) -> None:
    assume(person.sex is not Sex.UNKNOWN)
    request = TraitsSearch.from_traits(person, with_birthplace=True)
    assert parse_request(build_traits_request(request)).request == request


@given(traits(), st.data())
def test_an_added_person_is_found_and_verified(person: Traits, data: st.DataObject) -> None:
    assume(person.sex is not Sex.UNKNOWN)
    ins = data.draw(ins_identifiers_for(person))
    mock = MockInsi()
    added = mock.add(person, ins)
    assert added.ins == ins
    for client in (mock, SoapInsi(MockTransport(SoapEndpoint(mock)))):
        outcome = search_ins(client, person)
        assert outcome.result == added
        assert outcome.attempts[-1].result.code is InsiCode.OK
        answer = client.verify(ins, person)
        assert (answer.ok, answer.reason) == (True, VerificationReason.CONFIRMED)


@given(traits(), st.data())
def test_a_homonym_with_another_birthplace_is_told_apart(
    person: Traits, data: st.DataObject
) -> None:
    assume(person.sex is not Sex.UNKNOWN and person.birthplace is not None)
    twin = Traits(
        **(dict(person) | {"birthplace": "99100" if person.birthplace != "99100" else "99101"})
    )
    first, second = data.draw(ins_identifiers_for(person)), data.draw(ins_identifiers_for(twin))
    mock = MockInsi()
    mock.add(person, first)
    mock.add(twin, second)
    outcome = search_ins(mock, person)
    assert outcome.ins == first
    assert [a.request.birthplace for a in outcome.attempts[:2]] == [None, person.birthplace]
