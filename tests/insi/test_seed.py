"""Reading test-person files: the shipped one, and one a vendor writes."""

from __future__ import annotations

from typing import Any

import pytest

from ins.errors import InvalidFormat
from ins.insi import InsiCode, TraitsSearch
from ins.insi.mock import MockInsi, load_test_identities, parse_identities

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


PERSON = OWN["persons"][0]
SPECIAL = OWN["special_searches"][0]
MATRICULE = PERSON["matricule"]
PERSON_1 = "Person 1 of the identities is malformed: "

SPECIAL_1 = "Special search 1 of the identities is malformed: "

malformed: list[tuple[Any, str]] = [
    # (file content, the whole sentence expected)
    ([PERSON], "The identities must be an object, not a list."),  # a bare list
    ({"persons": PERSON}, "'persons' must be a list, not an object."),  # one person, no list
    ({"special_searches": "x"}, "'special_searches' must be a list, not a string."),
    ({"persons": [7]}, PERSON_1 + "the person must be an object, not a number."),
    ({"persons": [{"birth_name": "X"}]}, PERSON_1 + "missing 'matricule'."),
    ({"persons": [PERSON | {"matricule": 7}]},  # was "'int' object is not subscriptable"
     PERSON_1 + "'matricule' must be an object, not a number."),
    ({"persons": [PERSON | {"matricule": "1800163220001"}]},  # the number alone
     PERSON_1 + "'matricule' must be an object, not a string."),
    ({"persons": [PERSON | {"matricule": {"key": "63"}}]}, PERSON_1 + "missing 'matricule.num'."),
    ({"persons": [PERSON | {"matricule": {"num": 1800163220001, "key": "63"}}]},  # a JSON number
     PERSON_1 + "'matricule.num' must be a string, not a number."),
    ({"persons": [PERSON | {"matricule": MATRICULE | {"oid": 1.2}}]},
     PERSON_1 + "'matricule.oid' must be a string, not a number."),
    ({"persons": [PERSON | {"matricule": MATRICULE | {"start": "03/02/2001"}}]},  # French order
     PERSON_1 + "'matricule.start' is not a date written YYYY-MM-DD."),
    ({"persons": [PERSON | {"history": {"num": "1"}}]},  # one entry, not a list of them
     PERSON_1 + "'history' must be a list, not an object."),
    ({"persons": [PERSON | {"history": [None]}]},
     PERSON_1 + "'history[0]' must be an object, not null."),
    ({"persons": [PERSON | {"history": [{"num": "1", "key": "2", "end": "x"}]}]},
     PERSON_1 + "'history[0].end' is not a date written YYYY-MM-DD."),
    ({"persons": [PERSON | {"sex": 1}]}, PERSON_1 + "'sex' must be a string, not a number."),
    ({"persons": [PERSON | {"birth_name": None}]},  # a required trait cannot be null
     PERSON_1 + "'birth_name' must be a string, not null."),
    ({"persons": [PERSON | {"first_names": ["JEAN"]}]},
     PERSON_1 + "'first_names' must be a string, not a list."),
    ({"persons": [PERSON | {"note": True}]}, PERSON_1 + "'note' must be a string, not a boolean."),
    ({"persons": [PERSON, PERSON | {"birth_date": 1980}]},  # the second person is named
     "Person 2 of the identities is malformed: 'birth_date' must be a string, not a number."),
    ({"test_patient_ans": {}}, PERSON_1 + "missing 'matricule'."),  # the test patient comes last
    ({"special_searches": [3]}, SPECIAL_1 + "the special search must be an object, not a number."),
    ({"special_searches": [{"code": "02"}]}, SPECIAL_1 + "missing 'request'."),
    ({"special_searches": [{"request": {}, "code": "02"}]},
     SPECIAL_1 + "missing 'request.birth_name'."),
    ({"special_searches": [SPECIAL | {"request": SPECIAL["request"] | {"sex": 2}}]},
     SPECIAL_1 + "'request.sex' must be a string, not a number."),
    ({"special_searches": [SPECIAL | {"code": "09"}]},  # not an INSi result code
     SPECIAL_1 + "'code' must be one of 00, 01, 02, not '09'."),
    ({"special_searches": [SPECIAL | {"code": 2}]},
     SPECIAL_1 + "'code' must be a string, not a number."),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "message"), malformed)
def test_malformed_files(raw: Any, message: str) -> None:
    with pytest.raises(InvalidFormat) as raised:
        parse_identities(raw)
    assert str(raised.value) == message


def test_malformed_messages_mask_matricules() -> None:
    person = PERSON | {"matricule": MATRICULE | {"start": "1800163220001"}}
    with pytest.raises(InvalidFormat) as raised:
        parse_identities({"persons": [person]})
    assert "1800163220001" not in str(raised.value)
