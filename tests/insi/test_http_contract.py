"""The INSi contract run a third time: ``SoapInsi(HttpTransport(url))`` against the mock server.

The server runs in a thread on an ephemeral loopback port around the suite's own ``mock``, so
fault injection and the call log of the suite act on what the server answers. Same suite, same
answers as ``MockInsi`` directly: HTTP, the server's parsing and rendering change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from insi_contract import PERSONS, ContractSuite, request_for

from ins._identifiers import Ins
from ins._traits import Traits
from ins.errors import InsError
from ins.insi import InsiClient, TraitsSearch, VitaleSearch
from ins.insi.mock import MockInsi
from ins.insi.server import InsiServer, serving
from ins.insi.soap import HttpTransport, SoapInsi
from ins.testing.strategies import ins_identifiers, traits


class TestSoapOverHttp(ContractSuite):
    @pytest.fixture
    def client(self, mock: MockInsi) -> Iterator[InsiClient]:
        # A short client time-out: the simulated INSi time-out holds the answer until the
        # client gives up.
        with serving(InsiServer(("127.0.0.1", 0), insi_factory=lambda: mock)) as url:
            yield SoapInsi(HttpTransport(url, timeout=1.0))


@pytest.mark.parametrize("name", sorted(PERSONS))
def test_http_and_direct_results_are_equal(name: str) -> None:
    mock = MockInsi.with_test_identities()
    request = request_for(PERSONS[name])
    with serving(InsiServer(("127.0.0.1", 0), insi_factory=lambda: mock)) as url:
        over_http = SoapInsi(HttpTransport(url)).search_by_traits(request)
    assert over_http == mock.search_by_traits(request)


def test_generated_persons_are_answered_alike_over_http() -> None:
    """Property: for generated persons and requests, HTTP and the mock give equal results."""
    mock = MockInsi.with_test_identities()
    with serving(InsiServer(("127.0.0.1", 0), insi_factory=lambda: mock)) as url:
        client = SoapInsi(HttpTransport(url))

        @given(person=traits(), ins=ins_identifiers(), register=st.booleans())
        def same_answers(person: Traits, ins: Ins, register: bool) -> None:
            try:
                request = TraitsSearch.from_traits(person, with_birthplace=True)
                if register:
                    mock.add(person, ins)
            except InsError:
                assume(False)  # sex I or a partial date: not an INSi request
            assert client.search_by_traits(request) == mock.search_by_traits(request)
            by_card = VitaleSearch(
                individual_matricule=str(ins.matricule), birth_date=request.birth_date
            )
            assert client.search_with_vitale(by_card) == mock.search_with_vitale(by_card)

        same_answers()
