"""The INSi contract run on the in-memory mock and on SOAP over the in-memory transport.

Same suite, same answers: the whole wire path (envelope, XML, parsing) changes nothing.
"""

from __future__ import annotations

import pytest
from insi_contract import PERSONS, ContractSuite, request_for

from ins.insi import InsiClient
from ins.insi.mock import MockInsi
from ins.insi.soap import MockTransport, SoapEndpoint, SoapInsi


class TestMockInsi(ContractSuite):
    @pytest.fixture
    def client(self, mock: MockInsi) -> InsiClient:
        return mock


class TestSoapOverMockTransport(ContractSuite):
    @pytest.fixture
    def client(self, mock: MockInsi) -> InsiClient:
        return SoapInsi(MockTransport(SoapEndpoint(mock)))


@pytest.mark.parametrize("name", sorted(PERSONS))
def test_both_paths_give_equal_results(name: str) -> None:
    mock = MockInsi.with_test_identities()
    request = request_for(PERSONS[name])
    assert SoapInsi(MockTransport(SoapEndpoint(mock))).search_by_traits(
        request
    ) == mock.search_by_traits(request)
