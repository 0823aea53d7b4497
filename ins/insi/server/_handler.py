"""The HTTP side of the mock INSi server: one connection, its requests, limits and log line.

`Handler` routes `POST /lps` to the SOAP endpoint and `/_admin/...` to the admin
API, both functions from an [`Incoming`][ins.insi.server.Incoming] request to a
[`Reply`][ins.insi.server.Reply]; it answers 404/405 otherwise, writes the replies, and enforces
the safety rules of ADR 0072: a body over `MAX_REQUEST_BYTES` gets 413 from its
`Content-Length` before it is read (a chunked body: as soon as it passes the limit), a request
body must arrive within three socket time-outs, and every request gets one log line with its
matricule masked.

```pycon
>>> _length("512"), _length("1e3"), _length("9" * 20) == MAX_REQUEST_BYTES + 1
(512, None, True)

```
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import select
import socket
import ssl
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ins.errors import mask_text
from ins.insi.server._admin import ADMIN_PREFIX, answer_admin
from ins.insi.server._endpoint import LPS_PATH, answer_soap
from ins.insi.server._reply import Incoming, Reply
from ins.insi.soap._endpoint import SoapEndpoint

if TYPE_CHECKING:
    from ins.insi.server._server import InsiServer

__all__ = ["MAX_REQUEST_BYTES", "Handler"]

#: Largest request body accepted; a larger `Content-Length` gets 413 before anything is read.
MAX_REQUEST_BYTES = 1024 * 1024

# The server's one log, whichever module writes the line.
_log = logging.getLogger("ins.insi.server")
_DIGITS = re.compile(r"[0-9]+")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,8})[ \t]*(?:;[^\r\n]*)?\r?\n\Z")


class Handler(BaseHTTPRequestHandler):
    """One connection: `POST /lps` (SOAP), `/_admin/...` (JSON), anything else 404."""

    server: InsiServer
    #: What the log line and the history say about the request being answered.
    note: dict[str, object]
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY: the headers and the body leave in two writes, and with Nagle's algorithm the
    # second waited for the client's delayed ACK: 44 ms per request on a kept-alive connection
    # instead of about 1 ms (tests/benchmarks/bench_insi_server.py, ADR 0101).
    disable_nagle_algorithm = True
    server_version = "ins-mock-insi"
    sys_version = ""

    # -- routing ---------------------------------------------------------------------------------

    def _dispatch(self) -> None:
        with self.server.in_flight():
            self.send_reply(self._route())

    def _route(self) -> Reply:
        path = urlsplit(self.path).path
        incoming = Incoming(self.command, path, self.headers, self.read_body, self._client_names())
        if path == LPS_PATH:
            if self.command != "POST":
                return Reply.text(HTTPStatus.METHOD_NOT_ALLOWED, "Use POST on /lps.", allow="POST")
            server = self.server
            endpoint = SoapEndpoint(server.insi, strict_headers=server.strict_headers)
            return answer_soap(incoming, endpoint=endpoint)
        if self.server.admin_enabled and (path + "/").startswith(ADMIN_PREFIX):
            route = path.removeprefix(ADMIN_PREFIX[:-1]).rstrip("/") or "/"
            return answer_admin(self.server, incoming, route).noting(operation="admin")
        return Reply.text(HTTPStatus.NOT_FOUND, f"Nothing here: the endpoint is {LPS_PATH}.")

    def _client_names(self) -> tuple[str, ...] | None:
        """The common names of the client certificate, with mutual TLS."""
        if not self.server.require_client_cert:
            return None
        connection = self.connection
        peer: Any = connection.getpeercert() if isinstance(connection, ssl.SSLSocket) else None
        subject: Any = (peer or {}).get("subject", ())
        return tuple(value for rdn in subject for key, value in rdn if key == "commonName")

    # Every method goes through the same routing (405/404 are answered there); the names are
    # the ones BaseHTTPRequestHandler looks up.
    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _dispatch  # noqa: N815

    # -- bodies ----------------------------------------------------------------------------------

    def read_body(self) -> bytes | Reply:
        """The request body, or the [`Reply`][ins.insi.server.Reply] refusing it (400/408/411/413,
        or nothing when the client went away).

        A `Content-Length` body or a chunked one, at most `MAX_REQUEST_BYTES`, arriving
        within three times the socket time-out.
        """
        deadline = time.monotonic() + 3 * self.server.request_timeout
        coding = self.headers.get("Transfer-Encoding")
        if coding is not None:
            if coding.strip().lower() != "chunked" or "Content-Length" in self.headers:
                return Reply.text(
                    HTTPStatus.BAD_REQUEST,
                    "Send a Content-Length, or Transfer-Encoding: chunked alone.",
                )
            return self._read_chunked(deadline)
        length = self._declared_length()
        return length if isinstance(length, Reply) else self._read_exactly(length, deadline)

    def _read_exactly(self, length: int, deadline: float, /) -> bytes | Reply:
        chunks: list[bytes] = []
        remaining = length
        while remaining:
            chunk = self.rfile.read1(min(remaining, 65536))
            if not chunk:
                return Reply.nothing("body_cut_short")
            chunks.append(chunk)
            remaining -= len(chunk)
            if remaining and time.monotonic() > deadline:
                return Reply.text(HTTPStatus.REQUEST_TIMEOUT, "The request body came too slowly.")
        return b"".join(chunks)

    def _read_chunked(self, deadline: float, /) -> bytes | Reply:
        body = bytearray()
        while True:
            line = self.rfile.readline(1024)
            size = _CHUNK_SIZE.match(line)
            if size is None:
                return Reply.text(HTTPStatus.BAD_REQUEST, "A chunk size line is malformed.")
            length = int(size.group(1), 16)
            if length == 0:
                break
            if len(body) + length > MAX_REQUEST_BYTES:
                return _too_large(None)
            chunk = self._read_exactly(length + 2, deadline)  # the data and its CRLF
            if isinstance(chunk, Reply):
                return chunk
            if not chunk.endswith(b"\r\n"):
                return Reply.text(HTTPStatus.BAD_REQUEST, "A chunk does not end with CRLF.")
            body += chunk[:-2]
            if time.monotonic() > deadline:
                return Reply.text(HTTPStatus.REQUEST_TIMEOUT, "The request body came too slowly.")
        for _ in range(100):  # trailer fields, ignored
            if self.rfile.readline(65536) in {b"\r\n", b"\n", b""}:
                return bytes(body)
        return Reply.text(HTTPStatus.BAD_REQUEST, "Too many trailer fields.")

    def _declared_length(self) -> int | Reply:
        """The `Content-Length`, or the [`Reply`][ins.insi.server.Reply] refusing it
        (400/411/413)."""
        values = self.headers.get_all("Content-Length") or []
        if not values:
            return Reply.text(
                HTTPStatus.LENGTH_REQUIRED, "A Content-Length (or a chunked body) is required."
            )
        length = _length(values[0])
        if len(set(values)) != 1 or length is None:
            return Reply.text(HTTPStatus.BAD_REQUEST, "The Content-Length header is not a number.")
        if length > MAX_REQUEST_BYTES:
            return _too_large(length)
        return length

    def handle_expect_100(self) -> bool:
        """Refuse an oversized body before the client sends it (`Expect: 100-continue`)."""
        declared = _length(self.headers.get("Content-Length", ""))
        if declared is not None and declared > MAX_REQUEST_BYTES:
            self.send_reply(_too_large(declared))
            return False
        return super().handle_expect_100()

    # -- answers and the log ---------------------------------------------------------------------

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The refusals of the HTTP layer itself (a malformed request line, too many headers...)
        as our plain replies: always an HTTP/1.1 status line (the standard handler answers a
        one-word request line as HTTP/0.9, with no status line), and nothing of the request
        echoed (its HTML page quoted the request line, where a matricule may be)."""
        self.request_version = "HTTP/1.1"
        self.close_connection = True
        status = HTTPStatus(code)
        self.send_reply(Reply.text(status, f"{status.phrase}."))

    def send_reply(self, reply: Reply, /) -> None:
        """Write `reply` (or close the connection without an answer), then log the request."""
        if not hasattr(self, "note"):  # refused before its request line was parsed
            self.note = {}
        self.note.update(reply.note)
        if reply.closes:
            self.close_connection = True
        if reply.status is None:
            if reply.hang:
                self._hang()
            self.log_request("-")
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name.replace("_", "-").title(), value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)
        if reply.drain:
            self._discard_unread()

    def _hang(self) -> None:
        """Simulate a time-out: say nothing until the client gives up (bounded)."""
        server = self.server
        deadline = time.monotonic() + 6 * server.request_timeout
        with contextlib.suppress(OSError):
            while time.monotonic() < deadline and not server.stopping.is_set():
                readable, _, _ = select.select([self.connection], [], [], 0.2)
                if readable and not self.connection.recv(1024):
                    break  # the client closed: it gave up

    def _discard_unread(self) -> None:
        """After a 413, let the client read it: stop writing, drop what it still sends (bounded)."""
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1.0)
            for _ in range(64):  # at most 64 x 64 KB, 1 s per read
                if not self.connection.recv(65536):
                    break

    def parse_request(self) -> bool:
        """Start the bookkeeping of a request as soon as its request line is read; refuse
        HTTP/0.9 (`GET /path` without a version), whose answers have no status line."""
        self._started = time.monotonic()
        self.note = {}
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":
            self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED)
            return False
        return True

    def version_string(self) -> str:
        return self.server_version

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request: client, request line, status, operation, outcome,
        returned matricule (masked), time. Fields are single tokens; `-` when empty."""
        note = getattr(self, "note", {})
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
        """Log time-outs; other errors are followed by `log_request`."""
        if format.startswith("Request timed out"):
            _log.info("%s request timed out", self.address_string())


def _too_large(declared: int | None, /) -> Reply:
    """413 for a body that declares `declared` bytes (`None`: a chunked body that grew)."""
    message = (
        f"The chunked body exceeds {MAX_REQUEST_BYTES} bytes."
        if declared is None
        else f"The body declares {declared} bytes; at most {MAX_REQUEST_BYTES} are accepted."
    )
    return Reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, (message + "\n").encode(), drain=True)


def _length(value: str, /) -> int | None:
    """A `Content-Length` value (ASCII digits only), capped just above the limit."""
    digits = value.strip()
    if not _DIGITS.fullmatch(digits):
        return None
    return int(digits) if len(digits) <= 12 else MAX_REQUEST_BYTES + 1
