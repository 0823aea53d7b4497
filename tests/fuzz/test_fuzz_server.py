"""The fuzz run over the mock server's HTTP parsing, through a raw socket (ADR 0106).

Valid requests (a SOAP search, a chunked one, admin calls) are mutated and sent as raw bytes; the
client then stops writing, so a request cut short ends. Whatever arrives, the server answers in
HTTP or closes the connection, logs no internal error, and keeps answering the next client.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fuzzing import FUZZ, mutated
from hypothesis import example, given
from hypothesis import strategies as st

from ins.insi import TraitsSearch
from ins.insi.server import InsiServer, serving
from ins.insi.soap import TRAITS_ACTION, HttpTransport, SoapInsi, build_traits_request

ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
TOKEN = "fuzz-server-admin-token"
ENVELOPE = build_traits_request(ADRUN, message_id="uuid:1")
AUTHORIZATION = f"Authorization: Bearer {TOKEN}\r\n".encode()
SOAP = f'Content-Type: application/soap+xml; action="{TRAITS_ACTION}"\r\n'.encode()


def _chunked(body: bytes) -> bytes:
    half = len(body) // 2
    return (
        b"".join(
            f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (body[:half], body[half:])
        )
        + b"0\r\n\r\n"
    )


REQUESTS = [
    b"POST /lps HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    + SOAP
    + f"Content-Length: {len(ENVELOPE)}\r\n\r\n".encode()
    + ENVELOPE,
    b"POST /lps HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    + SOAP
    + b"Transfer-Encoding: chunked\r\n\r\n"
    + _chunked(ENVELOPE),
    b"POST /_admin/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    + f"Authorization: Bearer {TOKEN}\r\nContent-Length: 20\r\n\r\n".encode()
    + b'{"fault": "timeout"}',
    b"GET /_admin/calls HTTP/1.1\r\nHost: localhost\r\n" + AUTHORIZATION + b"\r\n",
    b"POST /_admin/reset HTTP/1.1\r\nHost: [::1]\r\n" + AUTHORIZATION + b"\r\n",
]


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    # A short socket time-out: a request the mutation left waiting ends quickly.
    server = InsiServer(("127.0.0.1", 0), admin=True, admin_token=TOKEN, request_timeout=0.3)
    with serving(server) as url:
        found = urlsplit(url).port
        assert found is not None
        yield found
        server.insi.clear_faults()  # a fault planned by the run must not hold the last check
        assert SoapInsi(HttpTransport(url, timeout=5)).search_by_traits(ADRUN).code == "00"


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        try:
            sock.sendall(request)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered (413, 431...) and closed before the end: read the answer
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, TimeoutError):
            pass  # the server closed or held the connection (a planned time-out)
    return b"".join(chunks)


@FUZZ
@given(request=st.sampled_from(REQUESTS).flatmap(mutated) | st.binary(max_size=200))
@example(request=b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n")  # too many headers: 431
@example(request=REQUESTS[0].replace(b"<soap:Header>", b"<soap:Header><w:Security/>"))  # issue 15
@example(request=b"\x00")  # found by the fuzz run: an HTML page without a status line (0.9)
@example(request=b"GET /_admin/calls\r\n")  # found too: HTTP/0.9, answered without status line
def test_the_server_answers_or_closes(port: int, request: bytes) -> None:
    errors = _Errors()
    log = logging.getLogger("ins.insi.server")
    log.addHandler(errors)
    try:
        answer = _exchange(port, request)
    finally:
        log.removeHandler(errors)
    assert not answer or answer.startswith((b"HTTP/1.1 ", b"HTTP/1.0 ")), answer[:100]
    assert not errors.records, errors.records[0].getMessage()
