"""The mock server's endpoint and admin API as functions: an ``Incoming`` request in, a ``Reply``
out, no socket (ADR 0002). The HTTP side is tested in test_server_raw.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from email.message import Message
from http import HTTPStatus

import pytest

from ins.insi import TraitsSearch
from ins.insi.mock import MockInsi
from ins.insi.server import CallHistory, Incoming, Reply, answer_admin, answer_soap
from ins.insi.soap import TRAITS_ACTION, VITALE_ACTION, SoapEndpoint, build_traits_request

ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
SOAP = f'application/soap+xml; charset=utf-8; action="{TRAITS_ACTION}"'


def incoming(
    body: bytes | Reply,
    /,
    *,
    content_type: str = SOAP,
    method: str = "POST",
    path: str = "/lps",
    client_names: tuple[str, ...] | None = None,
    headers: dict[str, str] | None = None,
) -> Incoming:
    message = Message()
    message["Content-Type"] = content_type
    for name, value in (headers or {}).items():
        message[name] = value
    return Incoming(method, path, message, lambda: body, client_names)


def soap(request: Incoming, /, insi: MockInsi | None = None) -> Reply:
    return answer_soap(request, endpoint=SoapEndpoint(insi or MockInsi.with_test_identities()))


def test_a_search_is_answered_with_its_result_and_a_masked_note() -> None:
    reply = soap(incoming(build_traits_request(ADRUN)))
    assert (reply.status, reply.content_type) == (
        HTTPStatus.OK,
        "application/soap+xml; charset=utf-8",
    )
    assert b"<insi:CodeCR>00</insi:CodeCR>" in reply.body
    assert reply.note["outcome"] == "00"
    assert reply.note["operation"] == "search_by_traits"
    assert reply.note["matricule"] == "27512**********"
    assert not reply.closes


@pytest.mark.parametrize(
    ("request_", "status", "outcome"),
    [
        (incoming(b"x", content_type="text/xml"), HTTPStatus.UNSUPPORTED_MEDIA_TYPE, None),
        (  # the body was refused while it was read (the handler's 413): that reply as is
            incoming(Reply.text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Too large.")),
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            None,
        ),
        (  # the content type names the other search
            incoming(
                build_traits_request(ADRUN),
                content_type=f'application/soap+xml; action="{VITALE_ACTION}"',
            ),
            HTTPStatus.INTERNAL_SERVER_ERROR,
            "mock_invalid_request/mock_action_mismatch",
        ),
        (  # mutual TLS: a certificate that is not an INSi test one
            incoming(build_traits_request(ADRUN), client_names=("SOMEONE",)),
            HTTPStatus.INTERNAL_SERVER_ERROR,
            "siram_100/DESIR_560",
        ),
    ],
)
def test_refusals(request_: Incoming, status: HTTPStatus, outcome: str | None) -> None:
    reply = soap(request_)
    assert reply.status == status
    assert reply.note.get("outcome") == outcome


def test_an_allowed_certificate_is_noted_and_answered() -> None:
    reply = soap(incoming(build_traits_request(ADRUN), client_names=("INSI-AUTO",)))
    assert (reply.status, reply.note["client_cn"]) == (HTTPStatus.OK, "INSI-AUTO")


@pytest.mark.parametrize(
    ("fault", "hang", "outcome"),
    [("timeout", True, "simulated_timeout"), ("unavailable", False, "simulated_unavailable")],
)
def test_planned_outages_give_no_answer(fault: str, *, hang: bool, outcome: str) -> None:
    insi = MockInsi.with_test_identities()
    insi.fail_next(fault)
    reply = soap(incoming(build_traits_request(ADRUN)), insi)
    assert (reply.status, reply.hang, reply.note["outcome"]) == (None, hang, outcome)
    assert reply.closes


class _Target:
    """What the admin API acts on, without a server."""

    def __init__(self) -> None:
        self.insi = MockInsi.with_test_identities()
        self.history = CallHistory()
        self.url = "http://127.0.0.1:1/lps"
        self.admin_token = TOKEN
        self.resets = 0

    def reset(self) -> None:
        self.resets += 1
        self.insi = MockInsi.with_test_identities()


TOKEN = "reply-tests-admin-token"
ALLOWED = {"Host": "127.0.0.1:1", "Authorization": f"Bearer {TOKEN}"}


def admin(target: _Target, method: str, route: str, body: object = None) -> tuple[int, object]:
    data = b"" if body is None else json.dumps(body).encode()
    headers = {**ALLOWED, "Content-Length": str(len(data))}
    reply = answer_admin(
        target,
        incoming(data, content_type="application/json", method=method, headers=headers),
        route,
    )
    assert reply.status is not None
    return reply.status, json.loads(reply.body)


def test_admin_routes() -> None:
    target = _Target()
    status, index = admin(target, "GET", "/")
    assert status == HTTPStatus.OK
    assert isinstance(index, dict)
    assert index["endpoint"] == target.url
    planned = admin(target, "POST", "/faults", {"fault": "insi_102", "times": 2})
    assert planned == (
        HTTPStatus.OK,
        {"planned": {"fault": "insi_102", "mode": "next", "times": 2}},
    )
    assert admin(target, "POST", "/reset") == (
        HTTPStatus.OK,
        {"reset": True, "persons": len(target.insi)},
    )
    assert target.resets == 1


@pytest.mark.parametrize(
    ("method", "route", "body", "status"),
    [
        ("GET", "/nope", None, HTTPStatus.NOT_FOUND),  # unknown route
        ("GET", "/faults", None, HTTPStatus.METHOD_NOT_ALLOWED),  # POST or DELETE only
        ("POST", "/faults", {"fault": "nope"}, HTTPStatus.BAD_REQUEST),  # unknown fault
        ("POST", "/faults", {"fault": "insi_102", "times": "2"}, HTTPStatus.BAD_REQUEST),
    ],
)
def test_admin_refusals(method: str, route: str, body: object, status: HTTPStatus) -> None:
    assert admin(_Target(), method, route, body)[0] == status


def test_admin_refuses_a_body_that_is_not_json() -> None:
    headers = {**ALLOWED, "Content-Length": "1"}
    reply = answer_admin(
        _Target(),
        incoming(b"{", method="POST", content_type="application/json", headers=headers),
        "/faults",
    )
    assert (reply.status, json.loads(reply.body)) == (
        HTTPStatus.BAD_REQUEST,
        {"error": "The body is not valid JSON."},
    )


closing: list[tuple[Callable[[], Reply], bool]] = [
    (lambda: Reply.text(HTTPStatus.OK, "ok"), False),
    (lambda: Reply.text(HTTPStatus.INTERNAL_SERVER_ERROR, "fault"), False),  # SOAP faults keep it
    (lambda: Reply.text(HTTPStatus.NOT_FOUND, "no"), True),
    (lambda: Reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, drain=True), True),
    (lambda: Reply.nothing("simulated_unavailable"), True),
]


@pytest.mark.parametrize(("make", "closes"), closing)
def test_which_replies_close_the_connection(make: Callable[[], Reply], *, closes: bool) -> None:
    assert make().closes is closes


def test_noting_keeps_the_reply_and_its_own_note() -> None:
    reply = Reply.nothing("simulated_timeout", hang=True).noting(outcome="other", client_cn="X")
    assert (reply.status, reply.hang) == (None, True)
    assert reply.note == {"outcome": "simulated_timeout", "client_cn": "X"}


def test_the_endpoint_says_which_operation_it_answered() -> None:
    endpoint = SoapEndpoint(MockInsi.with_test_identities())
    unread = endpoint.answer(b"<not xml")
    assert (unread.operation, unread.outcome, unread.result) == (
        None,
        "mock_invalid_request/mock_malformed_request",
        None,
    )
    found = endpoint.answer(build_traits_request(ADRUN), action=TRAITS_ACTION)
    assert (found.operation, found.outcome, found.fault) == ("search_by_traits", "00", None)


def test_the_reprs_of_answers_mask_the_matricule_they_carry() -> None:
    """A RESULTAT holds the matricule: the repr of its reply or answer shows it masked."""
    reply = soap(incoming(build_traits_request(ADRUN)))
    answer = SoapEndpoint(MockInsi.with_test_identities()).answer(build_traits_request(ADRUN))
    for shown in (repr(reply), repr(answer)):
        assert b"2751263220749" in reply.body  # the answer itself is data: kept
        assert "2751263220749" not in shown
        assert "27512" in shown
