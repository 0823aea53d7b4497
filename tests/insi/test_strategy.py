"""The certification search strategy (docs/domain/insi.md#certification-search-strategy) against a
scripted client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ins._traits import Traits
from ins.errors import InsError, InvalidCharacter, InvalidTrait
from ins.insi import (
    InsiCode,
    InsiFault,
    InsiResult,
    TraitsSearch,
    known_fault,
    make_result,
    search_ins,
)
from ins.insi.mock import MockInsi, load_test_identities

PEER = Path(__file__).parents[1] / "data" / "peer_vectors" / "padoa_tlsi-ins_insi.json"
ADRUN = load_test_identities().persons[0]
FOUND = make_result("00", active=ADRUN.active, tiq=ADRUN.tiq)


class Scripted:
    """Answers by (first names, birthplace); anything else is 01."""

    def __init__(self, answers: dict[tuple[str, str | None], InsiResult | Exception]) -> None:
        self.answers = answers
        self.requests: list[TraitsSearch] = []

    def search_by_traits(self, request: TraitsSearch, /) -> InsiResult:
        self.requests.append(request)
        birthplace = None if request.birthplace is None else str(request.birthplace)
        answer = self.answers.get((request.first_names, birthplace), make_result("01"))
        if isinstance(answer, Exception):
            raise answer
        return answer


TRAITS = Traits(
    birth_name="Dupont",
    first_names="Jean Paul",
    sex="M",
    birth_date="1980-01-01",
    birthplace="63220",
)
SEVERAL = make_result("02")

sequences = [
    # first name found at once: one call
    ({("JEAN", None): FOUND}, ["JEAN"], "00"),
    # second first name found
    ({("PAUL", None): FOUND}, ["JEAN", "PAUL"], "00"),
    # only the whole list is found
    ({("JEAN PAUL", None): FOUND}, ["JEAN", "PAUL", "JEAN PAUL"], "00"),
    # nothing: three calls, the last 01
    ({}, ["JEAN", "PAUL", "JEAN PAUL"], "01"),
    # 02 then the same call with the birthplace finds the person
    ({("JEAN", None): SEVERAL, ("JEAN", "63220"): FOUND}, ["JEAN", "JEAN+63220"], "00"),
    # 02 stays 02 with the birthplace: go on; the outcome is the last 02
    (
        {("JEAN", None): SEVERAL, ("JEAN", "63220"): SEVERAL},
        ["JEAN", "JEAN+63220", "PAUL", "JEAN PAUL"],
        "02",
    ),
    # a 02 earlier beats a later 01
    ({("PAUL", None): SEVERAL}, ["JEAN", "PAUL", "PAUL+63220", "JEAN PAUL"], "02"),
]


@pytest.mark.parametrize(("answers", "calls", "code"), sequences)
def test_sequences(
    answers: dict[tuple[str, str | None], InsiResult], calls: list[str], code: str
) -> None:
    client = Scripted(answers)
    outcome = search_ins(client, TRAITS)
    made = [r.first_names + (f"+{r.birthplace}" if r.birthplace else "") for r in client.requests]
    assert made == calls
    assert outcome.result.code == code
    assert [a.request for a in outcome.attempts] == client.requests
    assert outcome.ins == (FOUND.ins if code == "00" else None)


def test_without_birthplace_a_02_is_not_retried() -> None:
    client = Scripted({("JEAN", None): SEVERAL})
    traits = Traits(**(dict(TRAITS) | {"birthplace": None}))
    outcome = search_ins(client, traits)
    assert [r.first_names for r in client.requests] == ["JEAN", "PAUL", "JEAN PAUL"]
    assert outcome.result is SEVERAL


def test_a_single_first_name_is_one_call() -> None:
    client = Scripted({})
    search_ins(client, Traits(**(dict(TRAITS) | {"first_names": "JEAN-PAUL"})))
    assert [r.first_names for r in client.requests] == ["JEAN-PAUL"]


def test_technical_error_stops_and_says_how_far() -> None:
    client = Scripted({("PAUL", None): known_fault("insi_102")})
    with pytest.raises(InsiFault) as raised:
        search_ins(client, TRAITS)
    assert len(client.requests) == 2
    assert raised.value.__notes__ == ["The certification search stopped after 1 attempts."]


def test_traits_are_normalised_first() -> None:
    client = Scripted({})
    search_ins(client, Traits(**(dict(TRAITS) | {"birth_name": "Dupont-Aïnès"})))
    assert {r.birth_name for r in client.requests} == {"DUPONT-AINES"}


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"sex": "I"}, InvalidTrait),  # INSi knows M and F only
        ({"birth_name": "Du9pont"}, InvalidCharacter),  # a digit cannot be normalised away
        ({"first_names": "JEAN''PAUL"}, InvalidTrait),  # a rule normalisation cannot repair
    ],
)
def test_traits_that_cannot_be_sent(changes: dict[str, str], error: type[InsError]) -> None:
    client = Scripted({})
    with pytest.raises(error):
        search_ins(client, Traits(**(dict(TRAITS) | changes)))
    assert client.requests == []


# -- the peer's recorded sequences ----------------------------------------------------------


def _peer_sequences() -> list[dict[str, object]]:
    vectors = json.loads(PEER.read_text(encoding="utf-8"))["vectors"]
    return [vector for vector in vectors if "request_sequence" in vector]


@pytest.mark.parametrize("vector", _peer_sequences(), ids=lambda vector: str(vector["case"]))
def test_peer_sequences(vector: dict[str, object]) -> None:
    common = vector["request_common"]
    assert isinstance(common, dict)
    sequence = vector["request_sequence"]
    assert isinstance(sequence, list)
    names = " ".join(step["Prenom"] for step in sequence if " " not in step["Prenom"])
    traits = Traits(
        birth_name=common["NomNaissance"],
        first_names=names,
        sex=common["Sexe"],
        birth_date=common["DateNaissance"],
    )
    outcome = search_ins(MockInsi.with_test_identities(), traits)
    assert [(a.request.first_names, a.result.code.value) for a in outcome.attempts] == [
        (step["Prenom"], step["CodeCR"]) for step in sequence
    ]


def test_peer_request_expansion() -> None:
    client = Scripted({})
    search_ins(client, Traits(**(dict(TRAITS) | {"first_names": "ERIC MATHIEU"})))
    assert [r.first_names for r in client.requests] == ["ERIC", "MATHIEU", "ERIC MATHIEU"]


def test_outcome_code_enum() -> None:
    assert search_ins(Scripted({}), TRAITS).result.code is InsiCode.NOT_FOUND
