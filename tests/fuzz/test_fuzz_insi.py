"""The fuzz run over the INSi layer (ADR 0106): XML in both directions, the seed and admin JSON,
the wire values, the datamatrix payload. Any input gets a value or the documented error."""

from __future__ import annotations

import contextlib
import json
from email.message import Message
from http import HTTPStatus
from typing import Any

from fuzzing import FUZZ, as_json, json_values, mutated, mutated_text, near, texts
from hypothesis import example, given
from hypothesis import strategies as st

from ins import InsError, Oid
from ins.insi import (
    InsiError,
    InsiFault,
    ReturnedTraits,
    TraitsSearch,
    VitaleSearch,
    WireIns,
    known_fault,
    make_result,
)
from ins.insi.mock import MockInsi, parse_identities
from ins.insi.server import CallHistory, Incoming, add_persons, answer_admin, plan_fault
from ins.insi.soap import (
    TRAITS_ACTION,
    VITALE_ACTION,
    HttpTransport,
    SoapEndpoint,
    build_traits_request,
    build_vitale_request,
    parse_request,
    parse_result,
    render_fault,
    render_result,
    soap_content_type,
)

ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
VITALE = VitaleSearch(individual_matricule="275126322074974", birth_date="1975-12-31")
ASSERTION = b'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="a1"/>'
REQUESTS = [
    build_traits_request(ADRUN, message_id="uuid:1", assertion=ASSERTION),
    build_vitale_request(VITALE, message_id="uuid:2"),
]
MOCK = MockInsi.with_test_identities()
RESPONSES = [
    render_result(MOCK.search_by_traits(ADRUN), relates_to="uuid:1"),
    render_result(make_result("02")),
    render_fault(known_fault("desir_550", message_id="uuid:1")),
]
ACTIONS = st.sampled_from([TRAITS_ACTION, VITALE_ACTION]) | texts(max_size=40)


@FUZZ
@given(envelope=st.sampled_from(REQUESTS).flatmap(mutated) | st.binary(max_size=300))
@example(envelope=b"<a:b/>")  # an unbound prefix: ParseError escaped (issue 15)
@example(envelope=REQUESTS[0].replace(b"<saml:Assertion", b"<x>" * 1000 + b"<saml:Assertion"))
def test_parse_request(envelope: bytes) -> None:
    try:
        parsed = parse_request(envelope)
    except (InsiError, InsError):  # InvalidTrait: traits outside the INSi set
        return
    assert parsed.action in (TRAITS_ACTION, VITALE_ACTION)


@FUZZ
@given(
    envelope=st.sampled_from(REQUESTS).flatmap(mutated) | st.binary(max_size=300),
    action=ACTIONS,
)
def test_the_endpoint_answers_every_request(envelope: bytes, action: str) -> None:
    """The offline endpoint (and the server's): a RESULTAT or a SOAP fault, never an error."""
    answer = SoapEndpoint(MOCK)(envelope, action)
    try:
        parse_result(answer)
    except InsiFault as fault:
        _known(fault)


def _known(fault: InsiFault) -> None:
    """A fault the endpoint sends: unreadable request, traits outside the INSi set."""
    assert fault.subcode in ("mock_invalid_request", "siram_40", "siram_100")


@FUZZ
@given(response=st.sampled_from(RESPONSES).flatmap(mutated) | st.binary(max_size=300))
@example(response=b"<a:b/>")  # issue 15
def test_parse_result(response: bytes) -> None:
    try:
        result = parse_result(response)
    except InsiError:
        return
    assert result.code.value in ("00", "01", "02")


SEED_PERSON = {
    "birth_name": "DUPONT",
    "first_names": "ANNE MARIE",
    "sex": "F",
    "birth_date": "1990-05-17",
    "birthplace": "75056",
    "matricule": {"num": "2900575056123", "key": "84", "oid": "1.2.250.1.213.1.4.8"},
    "history": [{"num": "2900575056999", "key": "81", "oid": "1.2.250.1.213.1.4.8"}],
}
SEED = {
    "persons": [SEED_PERSON],
    "special_searches": [
        {"request": {"birth_name": "X", "sex": "F", "birth_date": "2000-01-01"}, "code": "01"}
    ],
}


@FUZZ
@given(data=near(SEED) | json_values)
def test_persons_json(data: Any) -> None:
    """The --persons file and the admin API's persons: checked, or InvalidFormat."""
    try:
        seed = parse_identities(data)
    except InsError:
        return
    mock = MockInsi.with_identities(seed)
    for person in seed.persons:  # a registered person can be searched for: no crash
        with contextlib.suppress(InsError, InsiError, ValueError):
            request = TraitsSearch(
                birth_name=person.tiq.birth_name,
                first_names=person.tiq.first_names,
                sex=person.tiq.sex,
                birth_date=person.tiq.birth_date,
            )
            mock.search_by_traits(request)
    with contextlib.suppress(InsError):
        add_persons(MockInsi(), data)


RULE = {"fault": "insi_102", "mode": "probability", "probability": 0.5, "seed": 7, "times": 2}


@FUZZ
@given(rule=near(RULE) | near({"fault": {"subcode": "s", "code": "c"}}) | json_values)
@example(rule={"fault": "insi_102", "times": 100_000_000})  # took 868 MB (issue 15)
def test_plan_fault(rule: Any) -> None:
    try:
        planned = plan_fault(MockInsi(), rule)
    except (ValueError, InsiError):  # InsError is a ValueError
        return
    assert planned["mode"] in ("next", "every", "probability")


class _Target:
    def __init__(self) -> None:
        self.insi = MockInsi()
        self.history = CallHistory()
        self.url = "http://127.0.0.1:1/lps"
        self.admin_token = "fuzz-admin-token-0123"

    def reset(self) -> None:
        self.insi = MockInsi()


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT"]),
    route=st.sampled_from(["/", "/calls", "/persons", "/faults", "/reset"]) | texts(max_size=20),
    body=st.one_of(
        near(RULE).map(as_json),
        near(SEED).map(as_json),
        json_values.map(as_json),
        st.binary(max_size=100),
    ),
    headers=st.dictionaries(
        st.sampled_from(["Host", "Origin", "Authorization", "Content-Type", "Transfer-Encoding"]),
        texts(max_size=30),
        max_size=3,
    ),
)
@example(method="GET", route="/", body=b"{}", headers={"Host": "\ud800"})  # found by the fuzz run
@example(method="POST", route="/", body=b"{}", headers={"Content-Type": "\ud800"})  # found too
def test_the_admin_api_answers_every_request(
    method: str, route: str, body: bytes, headers: dict[str, str]
) -> None:
    message = Message()
    message["Host"] = "127.0.0.1:1"
    message["Authorization"] = "Bearer fuzz-admin-token-0123"
    message["Content-Type"] = "application/json"
    message["Content-Length"] = str(len(body))
    for name, value in headers.items():
        del message[name]
        message[name] = value
    reply = answer_admin(
        _Target(), Incoming(method, "/_admin" + route, message, lambda: body), route
    )
    assert reply.status in HTTPStatus
    assert isinstance(json.loads(reply.body), dict)


WIRE = st.builds(
    WireIns,
    mutated_text("2751263220749") | texts(max_size=15),
    st.none() | mutated_text("74"),
    st.none() | st.sampled_from([o.value for o in Oid]).flatmap(mutated_text),
)


@FUZZ
@given(
    code=st.sampled_from(["00", "01", "02"]) | texts(max_size=4),
    active=st.none() | WIRE,
    history=st.lists(WIRE, max_size=2),
    tiq=st.none()
    | st.builds(
        ReturnedTraits,
        birth_name=st.none() | mutated_text("ADRUN"),
        first_names=st.none() | mutated_text("ZOE"),
        sex=st.none() | texts(max_size=2),
        birth_date=st.none() | mutated_text("1975-12-31"),
        birthplace=st.none() | mutated_text("63220"),
    ),
)
def test_make_result(
    code: str, active: WireIns | None, history: list[WireIns], tiq: ReturnedTraits | None
) -> None:
    """What INSi sent, made into a result: anomalies for what is wrong, InsiError when no
    result can be made."""
    try:
        result = make_result(code, active=active, history=history, tiq=tiq)
    except InsiError:
        return
    individual = result.individual
    if individual is not None and result.anomalies:
        assert individual.ins is None  # an anomaly never leaves an INS to store


def _payload() -> str:
    # The ANS example payload of the public INSi test person ADRUN Zoé (S1 to S7).
    return (
        "IS010000000000000000000000S1275126322074974S21.2.250.1.213.1.4.8\x1dS3ZOE\x1dS4ADRUN"
        "\x1dS5FS631-12-1975S763220"
    )


@FUZZ
@given(text=mutated_text(_payload()) | texts(max_size=150))
def test_decode_payload(text: str) -> None:
    from ins.interop import decode_payload

    with contextlib.suppress(InsError):
        decode_payload(text)


@FUZZ
@given(text=texts(max_size=60) | mutated_text("https://127.0.0.1:8443/lps"))
@example(text="A://[")  # found by the fuzz run: urlsplit's ValueError escaped
def test_transport_settings(text: str) -> None:
    for build in (lambda: soap_content_type(text), lambda: HttpTransport(text, timeout=1.0)):
        with contextlib.suppress(InsiError):
            build()
