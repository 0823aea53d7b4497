"""Reading test-person files: the shipped one, and one a vendor writes."""

from __future__ import annotations

from typing import Any

import pytest

from ins.errors import InvalidFormat
from ins.insi import InsiCode, MockInsi, TraitsSearch
from ins.insi.seed import load_test_identities, parse_identities

OWN = {
    "persons": [
        {
            "birth_name": "DUPONT",
            "first_names": "JEAN PAUL",
            "sex": "M",
            "birth_date": "1980-01-01",
            "matricule": {"num": "1800163220001", "key": "63", "oid": "1.2.250.1.213.1.4.8"},
            "history": [{"num": "1800163220002", "key": "36", "start": "2001-02-03"}],
        }
    ],
    "special_searches": [
        {
            "request": {"birth_name": "MARTIN", "sex": "F", "birth_date": "1990-01-01"},
            "code": "02",
        }
    ],
}


def test_shipped_file() -> None:
    data = load_test_identities()
    assert len(data.persons) == 10
    assert [s[3] for s in data.special_searches] == [InsiCode.SEVERAL, InsiCode.NOT_FOUND]
    assert data.persons[-1].active.oid == "1.2.250.1.213.1.4.10"  # the ANS test patient is last


def test_a_vendor_file_seeds_a_mock() -> None:
    mock = MockInsi.with_identities(parse_identities(OWN))
    found = mock.search_by_traits(
        TraitsSearch(birth_name="DUPONT", first_names="PAUL", sex="M", birth_date="1980-01-01")
    )
    assert found.individual is not None
    (former,) = found.individual.history
    assert (former.oid_as_returned, str(former.start)) == (None, "2001-02-03")
    several = TraitsSearch(
        birth_name="MARTIN", first_names="ANNE", sex="F", birth_date="1990-01-01"
    )
    assert mock.search_by_traits(several).code is InsiCode.SEVERAL


malformed: list[tuple[dict[str, Any], str]] = [
    ({"persons": [{"birth_name": "X"}]}, "Person 1 .* missing 'matricule'"),
    (
        {"persons": [OWN["persons"][0] | {"history": [{"num": "1", "key": "2", "end": "x"}]}]},
        "Person 1 .* malformed: Invalid isoformat",
    ),
    ({"persons": [OWN["persons"][0] | {"sex": 1}]}, "Person 1 .* malformed"),
    ({"special_searches": [{"request": {}, "code": "02"}]}, "Special search 1"),
    ({"special_searches": [OWN["special_searches"][0] | {"code": "09"}]}, "Special search 1"),
    ({"test_patient_ans": {}}, "Person 1 .* missing"),
]


@pytest.mark.parametrize(("raw", "message"), malformed)
def test_malformed_files(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidFormat, match=message):
        parse_identities(raw)
