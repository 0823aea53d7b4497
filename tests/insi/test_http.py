"""HttpTransport against a throwaway loopback HTTP server that answers what each test scripts.

These tests check the transport over plain bytes (status, headers, size limit, failures); the
end-to-end SOAP exchange with the mock server is in ``test_http_contract.py``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ins.insi import InsiError, InsiTimeout, InsiUnavailable
from ins.insi.soap import MAX_RESPONSE_BYTES, HttpTransport, soap_content_type

ACTION = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite"
FAULT = (
    b'<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>'
    b"<soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code></soap:Fault>"
    b"</soap:Body></soap:Envelope>"
)

Script = Callable[[BaseHTTPRequestHandler], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    received: list[tuple[str, str, bytes]]  # set per server, see fixture
    script: Script

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.received.append((self.path, self.headers.get("Content-Type", ""), body))
        self.script(self)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr log of the throwaway server."""


def _answer(status: int, body: bytes, content_type: str = "application/soap+xml") -> Script:
    def script(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return script


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (a time-out, a refused answer) is expected here: no traceback."""


class ScriptedServer:
    """A loopback server whose next answers are set by the test."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str, bytes]] = []
        handler: type[_Handler] = type("Handler", (_Handler,), {"received": self.received})
        self.httpd = _Quiet(("127.0.0.1", 0), handler)
        self.handler = handler
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/lps"

    def will(self, script: Script) -> None:
        self.handler.script = staticmethod(script)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    thread = threading.Thread(target=scripted.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield scripted
    finally:
        scripted.httpd.shutdown()
        scripted.httpd.server_close()
        thread.join(timeout=10)


def test_posts_the_envelope_with_the_soap12_content_type(server: ScriptedServer) -> None:
    server.will(_answer(200, b"<ok/>"))
    assert HttpTransport(server.url).send(b"<envelope/>", action=ACTION) == b"<ok/>"
    path, content_type, body = server.received[0]
    assert path == "/lps"
    assert content_type == f'application/soap+xml; charset=utf-8; action="{ACTION}"'
    assert body == b"<envelope/>"


def test_a_500_with_a_soap_fault_is_handed_to_the_parser(server: ScriptedServer) -> None:
    server.will(_answer(500, FAULT))
    assert HttpTransport(server.url).send(b"<e/>", action=ACTION) == FAULT


failures = [
    (500, b"<html>Internal error</html>", "text/html"),  # a proxy's error page, not INSi
    (500, b"<soap:Envelope/>", "application/soap+xml"),  # SOAP but no Fault inside
    (503, FAULT, "application/soap+xml"),  # INSi sends faults with 500 only
    (404, b"not here", "text/plain"),  # wrong endpoint
    (302, b"", "text/plain"),  # redirects are refused, not followed
]


@pytest.mark.parametrize(("status", "body", "content_type"), failures)
def test_other_http_answers_are_unavailable(
    server: ScriptedServer, status: int, body: bytes, content_type: str
) -> None:
    server.will(_redirect if status == 302 else _answer(status, body, content_type))
    with pytest.raises(InsiUnavailable, match=f"HTTP {status}"):
        HttpTransport(server.url).send(b"<e/>", action=ACTION)
    assert len(server.received) == 1  # a redirect was not followed


def _redirect(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(302)
    handler.send_header("Location", "http://127.0.0.1:9/elsewhere")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def test_a_response_of_exactly_1_mb_is_accepted(server: ScriptedServer) -> None:
    server.will(_answer(200, b"x" * MAX_RESPONSE_BYTES))
    assert len(HttpTransport(server.url).send(b"<e/>", action=ACTION)) == MAX_RESPONSE_BYTES


@pytest.mark.parametrize("status", [200, 500])
def test_a_declared_response_over_1_mb_is_refused(server: ScriptedServer, status: int) -> None:
    server.will(_answer(status, b"Fault" + b"x" * MAX_RESPONSE_BYTES))
    with pytest.raises(InsiError, match="1 MB") as raised:
        HttpTransport(server.url).send(b"<e/>", action=ACTION)
    assert not isinstance(raised.value, InsiUnavailable)


def test_an_absurd_declared_length_is_refused_without_reading(server: ScriptedServer) -> None:
    def absurd(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        handler.send_response(200)
        handler.send_header("Content-Length", "9" * 40)
        handler.end_headers()

    server.will(absurd)
    with pytest.raises(InsiError, match="more than the 1 MB"):
        HttpTransport(server.url).send(b"<e/>", action=ACTION)


def test_an_undeclared_response_over_1_mb_is_refused_after_1_mb_plus_one(
    server: ScriptedServer,
) -> None:
    sent: list[int] = []

    def endless(handler: BaseHTTPRequestHandler) -> None:
        # No Content-Length: the body runs until the server closes the connection.
        handler.close_connection = True
        handler.send_response(200)
        handler.send_header("Content-Type", "application/soap+xml")
        handler.send_header("Connection", "close")
        handler.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(64):  # 4 MB at most, so the test stops by itself
                handler.wfile.write(chunk)
                sent.append(len(chunk))
        except OSError:
            return  # the client stopped reading and closed: expected

    server.will(endless)
    with pytest.raises(InsiError, match="larger than the 1 MB"):
        HttpTransport(server.url).send(b"<e/>", action=ACTION)


def test_a_refused_connection_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(InsiUnavailable, match="could not be reached") as raised:
            HttpTransport(f"http://127.0.0.1:{port}/lps").send(b"<e/>", action=ACTION)
    assert not isinstance(raised.value, InsiTimeout)


def test_a_connect_time_out_is_a_time_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # A connect time-out cannot be produced reliably on loopback: the connection raises what
    # socket.create_connection raises in that case.
    transport = HttpTransport("http://127.0.0.1:9/lps", timeout=0.5)

    def timed_out(*args: object, **kwargs: object) -> object:
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", timed_out)
    with pytest.raises(InsiTimeout, match=r"did not accept the connection within 0\.5 s"):
        transport.send(b"<e/>", action=ACTION)


def test_a_silent_server_times_out(server: ScriptedServer) -> None:
    release = threading.Event()

    def silent(handler: BaseHTTPRequestHandler) -> None:
        release.wait(10)

    server.will(silent)
    started = time.monotonic()
    try:
        with pytest.raises(InsiTimeout, match=r"did not answer within 0\.3 s"):
            HttpTransport(server.url, timeout=0.3).send(b"<e/>", action=ACTION)
    finally:
        release.set()
    print(f"time-out raised after {time.monotonic() - started:.2f} s")


def test_a_connection_closed_without_answer_is_unavailable(server: ScriptedServer) -> None:
    def hang_up(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    server.will(hang_up)
    with pytest.raises(InsiUnavailable, match="failed"):
        HttpTransport(server.url).send(b"<e/>", action=ACTION)


bad_settings = [
    ("ftp://127.0.0.1/lps", {}, "http:// or https://"),  # other scheme
    ("http:///lps", {}, "no host name"),  # no host
    ("http://127.0.0.1/lps", {"timeout": 0}, "positive number"),  # time-out zero
    ("http://127.0.0.1/lps", {"timeout": float("nan")}, "positive number"),  # NaN time-out
    ("http://127.0.0.1/lps", {"timeout": float("inf")}, "positive number"),  # sockets refuse it
    ("http://127.0.0.1/lps", {"timeout": True}, "positive number"),  # a boolean is no duration
    ("http://127.0.0.1/lps", {"timeout": "5"}, "positive number"),  # nor a text
    ("http://127.0.0.1:99999/lps", {}, "port of the INSi URL"),  # no such port
    ("http://[::1/lps", {}, "cannot be read as a URL"),  # an unclosed IPv6 bracket (fuzz run)
]


@pytest.mark.parametrize(("url", "options", "message"), bad_settings)
def test_bad_settings_are_refused(url: str, options: dict[str, object], message: str) -> None:
    with pytest.raises(InsiError, match=message):
        HttpTransport(url, timeout=options.get("timeout", 10.0))  # type: ignore[arg-type]


def test_an_ssl_context_needs_https() -> None:
    import ssl

    with pytest.raises(InsiError, match="not https"):
        HttpTransport("http://127.0.0.1/lps", ssl_context=ssl.create_default_context())


bad_actions = [
    "",  # empty
    'urn:a"; x="y',  # a quote would end the parameter
    "urn:a\r\nX-Injected: 1",  # header injection
    "urn:a\\",  # backslash escapes in a quoted string
]


@pytest.mark.parametrize("action", bad_actions)
def test_unsafe_actions_are_refused_before_sending(action: str) -> None:
    with pytest.raises(InsiError, match="SOAP action"):
        soap_content_type(action)


def test_repr_shows_url_and_timeout() -> None:
    transport = HttpTransport("https://127.0.0.1:8443/lps", timeout=2.5)
    assert repr(transport) == "HttpTransport('https://127.0.0.1:8443/lps', timeout=2.5)"


# -- the deadline of a call (issue 15, ADR 0102) ---------------------------------------------------


def _drip(part: str) -> Script:
    """Send a valid answer one byte every 0.2 s: the status line and headers, or the body."""
    body = b"<ok>" + b"x" * 40 + b"</ok>"
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()

    def script(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        slow, fast = (head, body) if part == "headers" else (body, head)
        try:
            if part == "body":
                handler.wfile.write(fast)
            for byte in slow:
                handler.wfile.write(bytes([byte]))
                time.sleep(0.2)
            if part == "headers":
                handler.wfile.write(fast)
        except OSError:
            return  # the client gave up: expected

    return script


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_dripping_server_cannot_hold_a_call_past_its_time_out(
    server: ScriptedServer, part: str
) -> None:
    """Each byte comes well within the time-out: only a deadline on the whole call stops it."""
    server.will(_drip(part))
    started = time.monotonic()
    with pytest.raises(InsiTimeout, match=r"did not answer within 1\.0 s"):
        HttpTransport(server.url, timeout=1.0).send(b"<e/>", action=ACTION)
    elapsed = time.monotonic() - started
    print(f"dripping {part}: time-out raised after {elapsed:.2f} s")
    assert elapsed < 3.0  # 1 s and the scheduling of a loaded machine; it took 23 s


def test_a_prompt_answer_is_read_whole_within_the_deadline(server: ScriptedServer) -> None:
    server.will(_answer(200, b"<ok/>" * 10_000))
    assert len(HttpTransport(server.url, timeout=5.0).send(b"<e/>", action=ACTION)) == 50_000


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_default_ports(scheme: str) -> None:
    # Port 80 and 443 of loopback: refused (or timed out) here, and named in the message.
    with pytest.raises(InsiUnavailable, match=f"INSi at {scheme}://127.0.0.1/lps"):
        HttpTransport(f"{scheme}://127.0.0.1/lps", timeout=2.0).send(b"<e/>", action=ACTION)


def test_a_url_that_is_not_text_is_refused() -> None:
    with pytest.raises(InsiError, match="must be text, not NoneType"):
        HttpTransport(None)  # type: ignore[arg-type]


def test_a_deadline_passed_between_two_operations_is_a_time_out(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each operation asks what is left; when nothing is, the call ends as a time-out."""
    server.will(_answer(200, b"<ok/>"))
    clock = iter(range(0, 1000, 3))  # each reading of the clock: 3 s later
    monkeypatch.setattr("ins.insi.soap._http.time.monotonic", lambda: float(next(clock)))
    with pytest.raises(InsiTimeout, match=r"within 5\.0 s"):
        HttpTransport(server.url, timeout=5.0).send(b"<e/>", action=ACTION)
