"""The mock INSi as a network service: SOAP 1.2 over HTTP(S) on ``POST /lps``.

Vendors whose software is written in Java, C# or Delphi cannot import :class:`MockInsi`; this
server lets their own INSi client talk to it. :class:`InsiServer` (a ``ThreadingHTTPServer``)
parses the request envelope with the SOAP layer, asks a :class:`MockInsi`, and answers with the
``RESULTAT`` the SOAP layer renders, or with a SOAP Fault and HTTP 500 as INSi does for every
fault (domain.md 6.1 and 6.3). Run it with ``python -m ins.insi serve`` (see
``docs/insi-server.md``).

- ``--strict-headers``: a request without the software authorisation number (``IDAM`` in
  ``ContexteLPS``) gets ``siram_100``/``desir_550``, as INSi answers.
- Mutual TLS: with client certificates required, a certificate whose common name is neither
  ``INSI-AUTO`` nor ``INSI-MANU`` gets ``DESIR_560``.
- A request the server cannot read gets a ``soap:Sender`` fault with the subcode
  ``mock_invalid_request`` and an ``Erreur`` code saying why (ADR 0070): ``mock_forbidden_dtd``
  (a DOCTYPE or an entity declaration), ``mock_malformed_request`` (not well-formed, not a SOAP
  1.2 envelope, an unknown body, a ``wsa:Action`` that does not match it),
  ``mock_unknown_action`` and ``mock_action_mismatch`` (the ``action`` of the content type).
  These are the mock's own codes: the public sources do not say what INSi answers. Traits
  outside the INSi character set get ``siram_40``/``insi_102``, as INSi answers ([PADOA]).
- Safety (ADR 0072): loopback only unless ``allow_remote``; a body over 1 MB gets 413 from its
  ``Content-Length``, before it is read (a chunked body: as soon as it passes 1 MB); every
  socket operation has a time-out and a request body has a deadline; one log line per request,
  matricules masked.
- ``admin=True``: JSON endpoints under ``/_admin/`` (ADR 0071); 404 otherwise.

>>> check_bind_host("127.0.0.1")
>>> check_bind_host("0.0.0.0")
Traceback (most recent call last):
...
ins.insi.server.RemoteBindRefused: Refusing to listen on '0.0.0.0': it is not a loopback ...
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import json
import logging
import re
import select
import socket
import ssl
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from ins.errors import InsError, InvalidFormat, mask
from ins.insi.envelopes import TRAITS_ACTION, VITALE_ACTION, ParsedRequest, parse_request
from ins.insi.errors import InsiError, InsiFault, InsiTimeout, known_fault, mask_text
from ins.insi.faults import make_fault
from ins.insi.mock import MockInsi
from ins.insi.models import TraitsSearch, VitaleSearch
from ins.insi.responses import render_fault, render_result
from ins.insi.seed import parse_identities

__all__ = [
    "ACTIONS",
    "ADMIN_PREFIX",
    "ALLOWED_CLIENT_NAMES",
    "LPS_PATH",
    "MAX_REQUEST_BYTES",
    "REQUEST_FAULT_SUBCODE",
    "CallHistory",
    "InsiServer",
    "RemoteBindRefused",
    "add_persons",
    "check_bind_host",
    "persons_factory",
    "plan_fault",
    "request_fault",
    "server_ssl_context",
    "serving",
    "stop",
]

LPS_PATH = "/lps"
ADMIN_PREFIX = "/_admin/"
#: Largest request body accepted; a larger ``Content-Length`` gets 413 before anything is read.
MAX_REQUEST_BYTES = 1024 * 1024
#: Subcode of the faults answering a request the mock cannot read (ADR 0070).
REQUEST_FAULT_SUBCODE = "mock_invalid_request"
SOAP_CONTENT_TYPE = "application/soap+xml; charset=utf-8"
#: Operation name of each SOAP action.
ACTIONS = {TRAITS_ACTION: "search_by_traits", VITALE_ACTION: "search_with_vitale"}
#: Common names of the INSi test certificates (authentication: automatic or manual access).
ALLOWED_CLIENT_NAMES = frozenset({"INSI-AUTO", "INSI-MANU"})

_log = logging.getLogger("ins.insi.server")
_DIGITS = re.compile(r"[0-9]+")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,8})[ \t]*(?:;[^\r\n]*)?\r?\n\Z")


class RemoteBindRefused(InsError):
    """The server was asked to listen on an address other people's machines can reach."""

    code = "remote_bind_refused"


def check_bind_host(host: str, /, *, allow_remote: bool = False) -> None:
    """Refuse ``host`` unless it is a loopback address (or ``allow_remote`` is true).

    Only literal addresses and ``localhost`` are accepted, so that no name is resolved.
    """
    if allow_remote:
        return
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise RemoteBindRefused(
            f"Refusing to listen on {host!r}: it is not a loopback address. The mock INSi is "
            "a test tool; pass allow_remote=True (--allow-remote) to expose it on a network."
        )


def server_ssl_context(
    certfile: str,
    keyfile: str | None = None,
    /,
    *,
    cafile: str | None = None,
    require_client_cert: bool = False,
) -> ssl.SSLContext:
    """A server TLS context; with ``require_client_cert``, clients must show a certificate
    issued by ``cafile`` (mutual TLS, as INSi requires)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certfile, keyfile)
    if require_client_cert:
        if cafile is None:
            raise InsError("Requiring client certificates needs the CA file that issued them.")
        context.load_verify_locations(cafile)
        context.verify_mode = ssl.CERT_REQUIRED
    return context


class InsiServer(ThreadingHTTPServer):
    """The mock INSi served over HTTP(S); see the module docstring.

    :param address: ``(host, port)``; port 0 picks a free port (read :attr:`url`).
    :param insi_factory: builds the mock at start and on every admin reset (default: the
        public test persons).
    :param request_timeout: seconds allowed for each socket operation; a request body must
        arrive within three times this.
    """

    daemon_threads = True
    block_on_close = False
    request_queue_size = 64

    def __init__(
        self,
        address: tuple[str, int] = ("127.0.0.1", 0),
        /,
        *,
        insi_factory: Callable[[], MockInsi] = MockInsi.with_test_identities,
        ssl_context: ssl.SSLContext | None = None,
        strict_headers: bool = False,
        admin: bool = False,
        allow_remote: bool = False,
        request_timeout: float = 10.0,
    ) -> None:
        host = address[0]
        check_bind_host(host, allow_remote=allow_remote)
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.insi_factory = insi_factory
        self.insi = insi_factory()
        self.ssl_context = ssl_context
        self.require_client_cert = (
            ssl_context is not None and ssl_context.verify_mode == ssl.CERT_REQUIRED
        )
        self.strict_headers = strict_headers
        self.admin_enabled = admin
        self.request_timeout = request_timeout
        self.history = CallHistory()
        self.stopping = threading.Event()
        self._in_flight = 0
        self._idle = threading.Condition()
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """The endpoint, ``http(s)://HOST:PORT/lps``."""
        host, port = self.server_address[:2]
        text = host.decode() if isinstance(host, bytes) else host
        shown = f"[{text}]" if ":" in text else text
        scheme = "https" if self.ssl_context is not None else "http"
        return f"{scheme}://{shown}:{port}{LPS_PATH}"

    def reset(self) -> None:
        """Back to the starting persons (a new mock from the factory), no planned fault, an
        empty history."""
        self.insi = self.insi_factory()
        self.insi.clear_faults()
        self.history.clear()

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Handle one connection; with TLS, the handshake runs here, in the worker thread."""
        request.settimeout(self.request_timeout)
        if self.ssl_context is None:
            super().finish_request(request, client_address)
            return
        try:
            connection = self.ssl_context.wrap_socket(request, server_side=True)
        except (OSError, ValueError) as error:
            _log.info("%s TLS handshake failed: %s", client_address[0], _reason(error))
            return
        try:
            super().finish_request(connection, client_address)
        finally:
            self.shutdown_request(connection)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log an unexpected error in one line (no traceback on stderr), keep serving."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | ssl.SSLError):
            _log.info("%s connection lost: %r", client_address[0], error)
            return
        _log.error("%s internal error while answering: %r", client_address[0], error)
        _log.debug("traceback of the internal error", exc_info=True)

    @contextlib.contextmanager
    def in_flight(self) -> Iterator[None]:
        """Count a request being answered (see :meth:`wait_idle`)."""
        with self._idle:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float, /) -> bool:
        """Wait until no request is being answered, at most ``timeout`` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)


def _reason(error: BaseException) -> str:
    return str(getattr(error, "reason", None) or error or type(error).__name__)


@contextlib.contextmanager
def serving(server: InsiServer, /, *, drain: float = 5.0) -> Iterator[str]:
    """Serve in a background thread; yield the URL; stop and close on exit.

    >>> with serving(InsiServer(("127.0.0.1", 0))) as url:
    ...     url.startswith("http://127.0.0.1:")
    True
    """
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="insi-server", daemon=True
    )
    thread.start()
    try:
        yield server.url
    finally:
        stop(server, drain=drain)
        thread.join(timeout=drain + 5)


def stop(server: InsiServer, /, *, drain: float = 5.0) -> None:
    """Stop accepting, let the requests being answered finish (at most ``drain`` s), close."""
    server.stopping.set()
    server.shutdown()
    server.wait_idle(drain)
    server.server_close()


# -- what the server records and answers ----------------------------------------------------------


class CallHistory:
    """The last requests the server answered, for the admin API; matricules masked. Bounded."""

    def __init__(self, *, limit: int = 1000) -> None:
        self._lock = threading.Lock()
        self._entries: deque[dict[str, object]] = deque(maxlen=limit)
        self._count = 0

    def add(self, entry: dict[str, object], /) -> None:
        """Record one request (numbered from 1 since the last :meth:`clear`)."""
        with self._lock:
            self._count += 1
            self._entries.append({"n": self._count, **entry})

    def snapshot(self) -> list[dict[str, object]]:
        """The recorded requests, oldest first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget every request and restart the numbering."""
        with self._lock:
            self._entries.clear()
            self._count = 0


def request_fault(code: str, message: str, /) -> InsiFault:
    """The ``soap:Sender`` fault the mock sends for a request it cannot read (ADR 0070).

    >>> fault = request_fault("mock_malformed_xml", "The request is not well-formed XML.")
    >>> fault.soap_code, fault.subcode, fault.code, fault.severity
    ('Sender', 'mock_invalid_request', 'mock_malformed_xml', 'erreur')
    """
    return InsiFault(
        message,
        subcode=REQUEST_FAULT_SUBCODE,
        code=code,
        severity="erreur",
        soap_code="Sender",
        detail=message,
    )


def _summary(request: TraitsSearch | VitaleSearch, /) -> dict[str, object]:
    """The request as the history shows it: traits as sent, matricules masked."""
    values = request.model_dump(mode="json", exclude_none=True)
    return {
        name: mask(str(value)) if name.endswith("matricule") else value
        for name, value in values.items()
    }


class _Handler(BaseHTTPRequestHandler):
    """One connection: ``POST /lps`` (SOAP), ``/_admin/...`` (JSON), anything else 404."""

    server: InsiServer
    protocol_version = "HTTP/1.1"
    server_version = "ins-mock-insi"
    sys_version = ""

    # -- routing ---------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        with self.server.in_flight():
            path = urlsplit(self.path).path
            if path == LPS_PATH:
                if self.command == "POST":
                    self._soap()
                else:
                    self._text(HTTPStatus.METHOD_NOT_ALLOWED, "Use POST on /lps.", allow="POST")
            elif self.server.admin_enabled and (path + "/").startswith(ADMIN_PREFIX):
                _admin(self, path.removeprefix(ADMIN_PREFIX[:-1]).rstrip("/") or "/")
            else:
                self._text(HTTPStatus.NOT_FOUND, f"Nothing here: the endpoint is {LPS_PATH}.")

    # -- the SOAP endpoint -----------------------------------------------------------------------

    def _soap(self) -> None:
        message = Message()
        message["Content-Type"] = self.headers.get("Content-Type", "")
        if message.get_content_type() != "application/soap+xml":
            self._text(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "INSi speaks SOAP 1.2: send Content-Type application/soap+xml.",
            )
            return
        body = self.read_body()
        if body is None:
            return
        action = message.get_param("action")
        incoming = self._refusal(body, action if isinstance(action, str) else None)
        if isinstance(incoming, InsiFault):
            self._fault(incoming)
            return
        request, relates_to = incoming.request, incoming.message_id
        self._note.update(operation=ACTIONS[incoming.action], request=_summary(request))
        insi = self.server.insi
        try:
            result = (
                insi.search_by_traits(request)
                if isinstance(request, TraitsSearch)
                else insi.search_with_vitale(request)
            )
        except InsiFault as error:
            self._fault(error, relates_to=relates_to)
            return
        except InsiTimeout:
            self._hang()
            return
        except InsiError:
            self._drop("simulated_unavailable")
            return
        self._note["outcome"] = result.code.value
        if result.individual is not None:
            self._note["matricule"] = mask(result.individual.matricule_as_returned)
        answer = render_result(result, relates_to=relates_to)
        self._send(HTTPStatus.OK, answer, SOAP_CONTENT_TYPE)

    def _refusal(self, body: bytes, action: str | None, /) -> InsiFault | ParsedRequest:
        """The fault for a request the mock must refuse, else the operation and request."""
        if self.server.require_client_cert:
            names = _common_names(self.connection)
            self._note["client_cn"] = ", ".join(names) or None
            if not ALLOWED_CLIENT_NAMES.intersection(names):
                return known_fault("DESIR_560")
        if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
            return request_fault(
                "mock_forbidden_dtd", "The request declares a DOCTYPE or an entity: refused."
            )
        try:
            incoming = parse_request(body)
        except InsiError as error:
            return request_fault("mock_malformed_request", f"The request cannot be read: {error}")
        except InsError:
            # Traits outside the INSi character set: INSi answers insi_102 ([PADOA]), and so
            # does the in-memory MockTransport.
            return known_fault("insi_102")
        if action is not None and action not in ACTIONS:
            return request_fault("mock_unknown_action", f"Unknown SOAP action {action!r}.")
        if action is not None and action != incoming.action:
            return request_fault(
                "mock_action_mismatch",
                f"The action {action!r} does not match the request body ({incoming.action}).",
            )
        if self.server.strict_headers and (
            incoming.software is None or not incoming.software.idam.strip()
        ):
            return known_fault("desir_550")
        return incoming

    def _fault(self, fault: InsiFault, /, *, relates_to: str | None = None) -> None:
        self._note["outcome"] = f"{fault.subcode}/{fault.code}"
        answer = render_fault(fault, relates_to=relates_to)
        self._send(HTTPStatus.INTERNAL_SERVER_ERROR, answer, SOAP_CONTENT_TYPE)

    def _hang(self) -> None:
        """Simulate a time-out: say nothing until the client gives up (bounded), then close."""
        deadline = time.monotonic() + 6 * self.server.request_timeout
        with contextlib.suppress(OSError):
            while time.monotonic() < deadline and not self.server.stopping.is_set():
                readable, _, _ = select.select([self.connection], [], [], 0.2)
                if readable and not self.connection.recv(1024):
                    break  # the client closed: it gave up
        self._drop("simulated_timeout")

    def _drop(self, outcome: str, /) -> None:
        """Close the connection without an answer (a simulated outage)."""
        self._note["outcome"] = outcome
        self.close_connection = True
        self.log_request("-")
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    # -- bodies ----------------------------------------------------------------------------------

    def read_body(self) -> bytes | None:
        """The request body, or ``None`` after answering 400/408/411/413 (or losing the client).

        A ``Content-Length`` body or a chunked one, at most :data:`MAX_REQUEST_BYTES`, arriving
        within three times the socket time-out.
        """
        deadline = time.monotonic() + 3 * self.server.request_timeout
        coding = self.headers.get("Transfer-Encoding")
        if coding is not None:
            if coding.strip().lower() != "chunked" or "Content-Length" in self.headers:
                self._text(
                    HTTPStatus.BAD_REQUEST,
                    "Send a Content-Length, or Transfer-Encoding: chunked alone.",
                )
                return None
            return self._read_chunked(deadline)
        length = self._declared_length()
        return None if length is None else self._read_exactly(length, deadline)

    def _read_exactly(self, length: int, deadline: float, /) -> bytes | None:
        chunks: list[bytes] = []
        remaining = length
        while remaining:
            chunk = self.rfile.read1(min(remaining, 65536))
            if not chunk:
                self.close_connection = True
                self._note["outcome"] = "body_cut_short"
                self.log_request("-")
                return None
            chunks.append(chunk)
            remaining -= len(chunk)
            if remaining and time.monotonic() > deadline:
                self._text(HTTPStatus.REQUEST_TIMEOUT, "The request body came too slowly.")
                return None
        return b"".join(chunks)

    def _read_chunked(self, deadline: float, /) -> bytes | None:
        body = bytearray()
        while True:
            line = self.rfile.readline(1024)
            size = _CHUNK_SIZE.match(line)
            if size is None:
                self._text(HTTPStatus.BAD_REQUEST, "A chunk size line is malformed.")
                return None
            length = int(size.group(1), 16)
            if length == 0:
                break
            if len(body) + length > MAX_REQUEST_BYTES:
                self._text(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"The chunked body exceeds {MAX_REQUEST_BYTES} bytes.",
                )
                self._discard_unread()
                return None
            chunk = self._read_exactly(length + 2, deadline)  # the data and its CRLF
            if chunk is None:
                return None
            if not chunk.endswith(b"\r\n"):
                self._text(HTTPStatus.BAD_REQUEST, "A chunk does not end with CRLF.")
                return None
            body += chunk[:-2]
            if time.monotonic() > deadline:
                self._text(HTTPStatus.REQUEST_TIMEOUT, "The request body came too slowly.")
                return None
        for _ in range(100):  # trailer fields, ignored
            if self.rfile.readline(65536) in {b"\r\n", b"\n", b""}:
                return bytes(body)
        self._text(HTTPStatus.BAD_REQUEST, "Too many trailer fields.")
        return None

    def _declared_length(self) -> int | None:
        """The ``Content-Length``, or ``None`` after answering 400/411/413."""
        values = self.headers.get_all("Content-Length") or []
        if not values:
            self._text(
                HTTPStatus.LENGTH_REQUIRED, "A Content-Length (or a chunked body) is required."
            )
            return None
        length = _length(values[0])
        if len(set(values)) != 1 or length is None:
            self._text(HTTPStatus.BAD_REQUEST, "The Content-Length header is not a number.")
            return None
        if length > MAX_REQUEST_BYTES:
            self._text(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"The body declares {length} bytes; at most {MAX_REQUEST_BYTES} are accepted.",
            )
            self._discard_unread()
            return None
        return length

    def handle_expect_100(self) -> bool:
        """Refuse an oversized body before the client sends it (``Expect: 100-continue``)."""
        declared = _length(self.headers.get("Content-Length", ""))
        if declared is not None and declared > MAX_REQUEST_BYTES:
            self._declared_length()
            return False
        return super().handle_expect_100()

    def _discard_unread(self) -> None:
        """After a 413, let the client read it: stop writing, drop what it still sends (bounded)."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1.0)
            for _ in range(64):  # at most 64 x 64 KB, 1 s per read
                if not self.connection.recv(65536):
                    break

    # -- answers and the log ---------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.title(), value)
        if status >= HTTPStatus.BAD_REQUEST and status != HTTPStatus.INTERNAL_SERVER_ERROR:
            self.close_connection = True
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: HTTPStatus, text: str, /, **headers: str) -> None:
        self._send(status, (text + "\n").encode(), "text/plain; charset=utf-8", **headers)

    def json(self, status: HTTPStatus, value: object, /, **headers: str) -> None:
        """Answer ``value`` as JSON (the admin API)."""
        body = json.dumps(value, ensure_ascii=False, indent=1).encode()
        self._send(status, body, "application/json", **headers)

    def parse_request(self) -> bool:
        """Start the bookkeeping of a request as soon as its request line is read."""
        self._started = time.monotonic()
        self._note: dict[str, object] = {}
        return super().parse_request()

    def version_string(self) -> str:
        return self.server_version

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request: client, request line, status, operation, outcome,
        returned matricule (masked), time. Fields are single tokens; ``-`` when empty."""
        note = getattr(self, "_note", {})
        status = int(code) if isinstance(code, int) else None
        elapsed = time.monotonic() - getattr(self, "_started", time.monotonic())
        path = urlsplit(str(getattr(self, "path", ""))).path
        command = getattr(self, "command", None) or "-"
        fields = (
            self.address_string(),
            f'"{command} {path or "-"}"',
            str(status or "-"),
            str(note.get("operation", "-")),
            str(note.get("outcome", "-")),
            str(note.get("matricule", "-")),
            f"{elapsed * 1000:.1f}ms",
        )
        _log.info(mask_text(" ".join(fields)))
        if path == LPS_PATH and command == "POST":
            self.server.history.add(
                {
                    "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                    "status": status,
                    "operation": note.get("operation"),
                    "outcome": note.get("outcome"),
                    "request": note.get("request"),
                    "matricule": note.get("matricule"),
                    "client_cn": note.get("client_cn"),
                }
            )

    def log_error(self, format: str, *args: Any) -> None:
        """Log time-outs; other errors are followed by :meth:`log_request`."""
        if format.startswith("Request timed out"):
            _log.info("%s request timed out", self.address_string())


def _length(value: str, /) -> int | None:
    """A ``Content-Length`` value (ASCII digits only), capped just above the limit."""
    digits = value.strip()
    if not _DIGITS.fullmatch(digits):
        return None
    return int(digits) if len(digits) <= 12 else MAX_REQUEST_BYTES + 1


def _common_names(connection: object, /) -> list[str]:
    peer: Any = connection.getpeercert() if isinstance(connection, ssl.SSLSocket) else None
    subject: Any = (peer or {}).get("subject", ())
    return [value for rdn in subject for key, value in rdn if key == "commonName"]


# -- the admin API (ADR 0071) ------------------------------------------------------------

_ADMIN_ROUTES: dict[str, tuple[str, ...]] = {
    "/": ("GET",),
    "/calls": ("GET", "DELETE"),
    "/persons": ("POST",),
    "/faults": ("POST", "DELETE"),
    "/reset": ("POST",),
}


def _admin(handler: _Handler, route: str, /) -> None:
    """Answer one admin request: ``route`` is the path after ``/_admin``."""
    server = handler.server
    handler._note["operation"] = "admin"
    methods = _ADMIN_ROUTES.get(route)
    if methods is None:
        handler.json(HTTPStatus.NOT_FOUND, {"error": f"No admin endpoint {route!r}."})
        return
    if handler.command not in methods:
        handler.json(
            HTTPStatus.METHOD_NOT_ALLOWED,
            {"error": f"Use {' or '.join(methods)} on {ADMIN_PREFIX}{route.strip('/')}."},
            allow=", ".join(methods),
        )
        return
    payload: Any = None
    if handler.command == "POST":
        body = handler.read_body()
        if body is None:
            return
        try:
            payload = json.loads(body or b"{}")
        except (ValueError, RecursionError):  # RecursionError: absurdly nested arrays
            handler.json(HTTPStatus.BAD_REQUEST, {"error": "The body is not valid JSON."})
            return
    try:
        answer = _admin_action(server, handler.command, route, payload)
    except (InsError, InsiError, ValueError, KeyError, TypeError) as error:
        handler.json(HTTPStatus.BAD_REQUEST, {"error": mask_text(str(error).strip('"'))})
        return
    handler.json(HTTPStatus.OK, answer)


def _admin_action(server: InsiServer, method: str, route: str, payload: Any, /) -> object:
    insi = server.insi
    if route == "/":
        return {
            "endpoint": server.url,
            "persons": len(insi),
            "routes": {
                f"{ADMIN_PREFIX}{name.strip('/')}": list(methods)
                for name, methods in _ADMIN_ROUTES.items()
            },
        }
    if route == "/calls":
        if method == "DELETE":
            server.history.clear()
            return {"calls": []}
        return {"calls": server.history.snapshot()}
    if route == "/persons":
        added = add_persons(insi, payload)
        return {"added": added, "persons": len(insi)}
    if route == "/faults":
        if method == "DELETE":
            insi.clear_faults()
            return {"faults": "cleared"}
        return {"planned": plan_fault(insi, payload)}
    server.reset()
    return {"reset": True, "persons": len(server.insi)}


def plan_fault(insi: MockInsi, rule: Any, /) -> dict[str, object]:
    """Plan a fault from its JSON rule (ADR 0071); returns the rule as understood.

    ``{"fault": "insi_102", "mode": "next", "times": 2}``, ``{"fault": "desir_1020", "mode":
    "every"}`` or ``{"fault": "timeout", "mode": "probability", "probability": 0.1, "seed": 7}``.
    ``fault`` is a code of ``KNOWN_FAULTS``, ``"timeout"``, ``"unavailable"`` or an object with
    ``subcode``, ``code`` and optionally ``severity``, ``soap_code``, ``reason``, ``detail``.
    """
    if not isinstance(rule, dict):
        raise ValueError("A fault rule is a JSON object with at least a 'fault' member.")
    unknown = set(rule) - {"fault", "mode", "times", "probability", "seed"}
    if unknown:
        raise ValueError(f"Unknown member(s) in the fault rule: {', '.join(sorted(unknown))}.")
    fault = _fault_from_json(rule.get("fault"))
    mode = rule.get("mode", "next")
    if mode == "next":
        times = _integer(rule.get("times", 1), "times")
        insi.fail_next(fault, times=times)
        return {"fault": _fault_name(fault), "mode": mode, "times": times}
    if mode == "every":
        insi.fail_always(fault)
        return {"fault": _fault_name(fault), "mode": mode}
    if mode == "probability":
        probability = rule.get("probability")
        if isinstance(probability, bool) or not isinstance(probability, int | float):
            raise ValueError("'probability' must be a number between 0 and 1.")
        seed = _integer(rule.get("seed", 0), "seed")
        insi.fail_randomly(fault, probability=float(probability), seed=seed)
        return {"fault": _fault_name(fault), "mode": mode, "probability": probability, "seed": seed}
    raise ValueError(f"Unknown mode {mode!r}: use 'next', 'every' or 'probability'.")


def _integer(value: object, name: str, /) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name!r} must be an integer, not {value!r}.")
    return value


def _fault_from_json(value: object, /) -> InsiError | str:
    if isinstance(value, str):
        make_fault(value)  # raises for an unknown name
        return value
    if isinstance(value, dict):
        members = {"subcode", "code", "severity", "soap_code", "reason", "detail"}
        if not {"subcode", "code"} <= set(value) <= members or not all(
            isinstance(item, str) for item in value.values()
        ):
            raise ValueError(
                "A custom fault is an object of strings with 'subcode' and 'code' and "
                "optionally 'severity', 'soap_code' (Sender or Receiver), 'reason', 'detail'."
            )
        if value.get("soap_code", "Receiver") not in {"Sender", "Receiver"}:
            raise ValueError("'soap_code' must be 'Sender' or 'Receiver'.")
        return InsiFault(
            value.get("reason", "Erreur simulée."),
            subcode=value["subcode"],
            code=value["code"],
            severity=value.get("severity", "fatal"),
            soap_code=value.get("soap_code", "Receiver"),
            detail=value.get("detail", ""),
        )
    raise ValueError(
        "'fault' must be a known fault code, 'timeout', 'unavailable' or a custom fault object."
    )


def _fault_name(fault: InsiError | str, /) -> str:
    return fault if isinstance(fault, str) else getattr(fault, "code", type(fault).__name__)


# -- persons in the JSON format of ins/data/insi_test_identities.json --------------------


def add_persons(insi: MockInsi, data: Any, /) -> int:
    """Register the persons (and special searches) of ``data``; returns the number of persons.

    ``data`` has the shape of ``ins/data/insi_test_identities.json`` (read by
    :func:`ins.insi.seed.parse_identities`), or is a bare list of persons. Everything is checked
    before anything is registered.
    """
    if isinstance(data, list):
        data = {"persons": data}
    if not isinstance(data, dict) or not isinstance(data.get("persons", []), list):
        raise InvalidFormat("Persons come as a list, or as an object with a 'persons' list.")
    seed = parse_identities(data)
    for person in seed.persons:
        insi.register(active=person.active, history=person.history, tiq=person.tiq)
    for special in seed.special_searches:
        insi.add_special_search(*special)
    return len(seed.persons)


def persons_factory(path: str, /) -> Callable[[], MockInsi]:
    """A factory of mocks holding the persons of the JSON file at ``path`` (read and checked
    once, now)."""
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    if not isinstance(data, dict) or not isinstance(data.get("persons", []), list):
        raise InvalidFormat(f"{path}: persons come as an object with a 'persons' list.")
    seed = parse_identities(data)
    return lambda: MockInsi.with_identities(seed)
