"""Who may use the mock server's admin API: Host, Origin, token and body (issue 15, ADR 0101).

Before these checks, a web page in the developer's browser could plant faults or reset the
registry (a cross-origin ``text/plain`` POST was obeyed), and a foreign ``Host`` was obeyed, so
DNS rebinding worked. The rules are tested as functions (``admin_refusal``), then over a socket
as a browser would send the requests.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from email.message import Message
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest

from ins.insi.server import InsiServer, serving
from ins.insi.server._admin_guard import admin_refusal, check_admin_token, new_admin_token
from ins.insi.server._reply import Incoming

TOKEN = "guard-tests-admin-token"
URL = "http://127.0.0.1:8080/lps"
GOOD = {"Host": "127.0.0.1:8080", "Authorization": f"Bearer {TOKEN}"}


def _incoming(method: str = "GET", **headers: str) -> Incoming:
    message = Message()
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    return Incoming(method, "/_admin/", message, lambda: b"")


def _status(method: str = "GET", **headers: str) -> HTTPStatus | None:
    refusal = admin_refusal(_incoming(method, **headers), token=TOKEN, url=URL)
    return None if refusal is None else refusal.status


accepted = [
    # (method, headers), id = why it may use the admin API
    pytest.param("GET", GOOD, id="a-program-on-this-machine"),
    pytest.param("GET", {**GOOD, "Host": "localhost:8080"}, id="localhost"),
    pytest.param("GET", {**GOOD, "Host": "[::1]:8080"}, id="ipv6-loopback"),
    pytest.param("GET", {**GOOD, "Host": "LOCALHOST"}, id="host-names-ignore-case"),
    pytest.param("GET", {**GOOD, "Authorization": f"bearer   {TOKEN}"}, id="scheme-any-case"),
    pytest.param("POST", GOOD, id="an-empty-post-without-length"),  # curl -X POST URL
    pytest.param("POST", {**GOOD, "Content_Length": "0"}, id="an-empty-post"),
    pytest.param(
        "POST",
        {**GOOD, "Content_Length": "2", "Content_Type": "application/json; charset=utf-8"},
        id="json",
    ),
    pytest.param("POST", {**GOOD, "Origin": "http://127.0.0.1:8080"}, id="its-own-origin"),
    pytest.param("POST", {**GOOD, "Origin": "http://localhost:8080"}, id="its-origin-by-name"),
    pytest.param("DELETE", {**GOOD, "Content_Length": "00"}, id="delete-with-zero-length"),
]


@pytest.mark.parametrize(("method", "headers"), accepted)
def test_accepted(method: str, headers: dict[str, str]) -> None:
    assert _status(method, **headers) is None


refused = [
    # (method, headers, status), id = the attack or mistake
    pytest.param("GET", {**GOOD, "Host": "evil.example:8080"}, 403, id="dns-rebinding"),
    pytest.param("GET", {**GOOD, "Host": "127.0.0.1.nip.io:8080"}, 403, id="a-name-for-loopback"),
    pytest.param("GET", {"Authorization": GOOD["Authorization"]}, 403, id="no-host-http-1.0"),
    pytest.param("GET", {**GOOD, "Host": "127.0.0.1:http"}, 403, id="a-port-that-is-no-number"),
    pytest.param("POST", {**GOOD, "Origin": "http://evil.example"}, 403, id="foreign-origin"),
    pytest.param("POST", {**GOOD, "Origin": "http://localhost:3000"}, 403, id="another-port"),
    pytest.param("POST", {**GOOD, "Origin": "https://127.0.0.1:8080"}, 403, id="another-scheme"),
    pytest.param("POST", {**GOOD, "Origin": "null"}, 403, id="sandboxed-page"),
    pytest.param("POST", {**GOOD, "Origin": "http://[::1]:x"}, 403, id="malformed-origin"),
    pytest.param("GET", {"Host": GOOD["Host"]}, 401, id="no-token"),
    pytest.param("GET", {**GOOD, "Authorization": "Bearer wrong-token-000000"}, 401, id="wrong"),
    pytest.param("GET", {**GOOD, "Authorization": f"Basic {TOKEN}"}, 401, id="another-scheme"),
    pytest.param("GET", {**GOOD, "Authorization": f"Bearer {TOKEN}x"}, 401, id="token-prefix"),
    pytest.param(
        "POST",
        {**GOOD, "Content_Length": "2", "Content_Type": "text/plain"},
        415,
        id="text-plain-without-preflight",
    ),
    pytest.param(
        "POST",
        {**GOOD, "Content_Length": "2", "Content_Type": "application/x-www-form-urlencoded"},
        415,
        id="a-form",
    ),
    pytest.param("POST", {**GOOD, "Content_Length": "2"}, 415, id="a-body-without-type"),
    pytest.param("POST", {**GOOD, "Transfer_Encoding": "chunked"}, 415, id="chunked-untyped"),
    pytest.param("DELETE", {**GOOD, "Content_Length": "5"}, 400, id="delete-with-a-body"),
]


@pytest.mark.parametrize(("method", "headers", "status"), refused)
def test_refused(method: str, headers: dict[str, str], status: int) -> None:
    refusal = admin_refusal(_incoming(method, **headers), token=TOKEN, url=URL)
    assert refusal is not None
    assert refusal.status == status
    assert refusal.closes
    assert json.loads(refusal.body)["error"].endswith(".")
    if status == 401:
        assert refusal.headers == {"www_authenticate": 'Bearer realm="ins-mock-insi-admin"'}


def test_tokens() -> None:
    token = new_admin_token()
    assert check_admin_token(token) == token
    assert len(token) >= 40
    assert new_admin_token() != token
    for bad in ("", "short", "with spaces inside it", "é" * 20, "x" * 257):
        with pytest.raises(ValueError, match="16 to 256 characters"):
            check_admin_token(bad)


def test_a_bad_token_is_refused_when_the_server_is_built() -> None:
    with pytest.raises(ValueError, match="16 to 256"):
        InsiServer(("127.0.0.1", 0), admin=True, admin_token="1234")


# -- over a socket, as a browser or curl sends them -----------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[InsiServer]:
    running = InsiServer(("127.0.0.1", 0), admin=True, admin_token=TOKEN)
    with serving(running):
        yield running


def _send(server: InsiServer, raw: str) -> bytes:
    parts = urlsplit(server.url)
    assert parts.port is not None
    with socket.create_connection(("127.0.0.1", parts.port), timeout=10) as sock:
        sock.sendall(raw.encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_cross_origin_text_plain_post_does_not_plant_a_fault(server: InsiServer) -> None:
    port = urlsplit(server.url).port
    body = '{"fault": "desir_1020", "mode": "every"}'
    answer = _send(
        server,
        f"POST /_admin/faults HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Origin: http://evil.example\r\nContent-Type: text/plain\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}",
    )
    assert answer.startswith(b"HTTP/1.1 403 ")
    assert server.insi.faults.draw() is None  # nothing was planned


def test_a_rebound_name_cannot_read_the_calls(server: InsiServer) -> None:
    answer = _send(
        server,
        f"GET /_admin/calls HTTP/1.1\r\nHost: attacker.example\r\n"
        f"Authorization: Bearer {TOKEN}\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 403 ")
    assert b'"calls"' not in answer


def test_curl_x_post_reset_works_without_content_length(server: InsiServer) -> None:
    """``curl -X POST "$ADMIN/reset" -H "Authorization: Bearer ..."`` sends no body and no
    ``Content-Length``: it used to get 411."""
    port = urlsplit(server.url).port
    answer = _send(
        server,
        f"POST /_admin/reset HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {TOKEN}\r\nConnection: close\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert b'"reset": true' in answer


def test_the_token_is_checked_over_http(server: InsiServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=10)
    try:
        connection.request("GET", "/_admin/", headers={"Authorization": "Bearer nope"})
        response = connection.getresponse()
        assert response.status == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="ins-mock-insi-admin"'
        assert TOKEN.encode() not in response.read()
    finally:
        connection.close()
