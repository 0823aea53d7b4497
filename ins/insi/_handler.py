"""The HTTP side of the mock INSi server: one connection, its requests, limits and log line.

:class:`Handler` routes ``POST /lps`` to the SOAP endpoint (``ins.insi._endpoint``) and
``/_admin/...`` to the admin API (:mod:`ins.insi.admin`), answers 404/405 otherwise, and enforces
the safety rules of ADR 0072: a body over :data:`MAX_REQUEST_BYTES` gets 413 from its
``Content-Length`` before it is read (a chunked body: as soon as it passes the limit), a request
body must arrive within three socket time-outs, and every request gets one log line with its
matricule masked.

>>> _length("512"), _length("1e3"), _length("9" * 20) == MAX_REQUEST_BYTES + 1
(512, None, True)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import socket
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ins.insi._endpoint import LPS_PATH, answer_soap
from ins.insi.admin import ADMIN_PREFIX, answer_admin
from ins.insi.errors import mask_text

if TYPE_CHECKING:
    from ins.insi.server import InsiServer

__all__ = ["MAX_REQUEST_BYTES", "Handler"]

#: Largest request body accepted; a larger ``Content-Length`` gets 413 before anything is read.
MAX_REQUEST_BYTES = 1024 * 1024

# The server's one log, whichever module writes the line.
_log = logging.getLogger("ins.insi.server")
_DIGITS = re.compile(r"[0-9]+")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,8})[ \t]*(?:;[^\r\n]*)?\r?\n\Z")


class Handler(BaseHTTPRequestHandler):
    """One connection: ``POST /lps`` (SOAP), ``/_admin/...`` (JSON), anything else 404."""

    server: InsiServer
    #: What the log line and the history say about the request being answered.
    note: dict[str, object]
    protocol_version = "HTTP/1.1"
    server_version = "ins-mock-insi"
    sys_version = ""

    # -- routing ---------------------------------------------------------------------------------

    def _dispatch(self) -> None:
        with self.server.in_flight():
            path = urlsplit(self.path).path
            if path == LPS_PATH:
                if self.command == "POST":
                    answer_soap(self)
                else:
                    self.text(HTTPStatus.METHOD_NOT_ALLOWED, "Use POST on /lps.", allow="POST")
            elif self.server.admin_enabled and (path + "/").startswith(ADMIN_PREFIX):
                answer_admin(self, path.removeprefix(ADMIN_PREFIX[:-1]).rstrip("/") or "/")
            else:
                self.text(HTTPStatus.NOT_FOUND, f"Nothing here: the endpoint is {LPS_PATH}.")

    # Every method goes through the same routing (405/404 are answered there); the names are
    # the ones BaseHTTPRequestHandler looks up.
    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _dispatch  # noqa: N815

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
                self.text(
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
                self.note["outcome"] = "body_cut_short"
                self.log_request("-")
                return None
            chunks.append(chunk)
            remaining -= len(chunk)
            if remaining and time.monotonic() > deadline:
                self.text(HTTPStatus.REQUEST_TIMEOUT, "The request body came too slowly.")
                return None
        return b"".join(chunks)

    def _read_chunked(self, deadline: float, /) -> bytes | None:
        body = bytearray()
        while True:
            line = self.rfile.readline(1024)
            size = _CHUNK_SIZE.match(line)
            if size is None:
                self.text(HTTPStatus.BAD_REQUEST, "A chunk size line is malformed.")
                return None
            length = int(size.group(1), 16)
            if length == 0:
                break
            if len(body) + length > MAX_REQUEST_BYTES:
                self.text(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"The chunked body exceeds {MAX_REQUEST_BYTES} bytes.",
                )
                self._discard_unread()
                return None
            chunk = self._read_exactly(length + 2, deadline)  # the data and its CRLF
            if chunk is None:
                return None
            if not chunk.endswith(b"\r\n"):
                self.text(HTTPStatus.BAD_REQUEST, "A chunk does not end with CRLF.")
                return None
            body += chunk[:-2]
            if time.monotonic() > deadline:
                self.text(HTTPStatus.REQUEST_TIMEOUT, "The request body came too slowly.")
                return None
        for _ in range(100):  # trailer fields, ignored
            if self.rfile.readline(65536) in {b"\r\n", b"\n", b""}:
                return bytes(body)
        self.text(HTTPStatus.BAD_REQUEST, "Too many trailer fields.")
        return None

    def _declared_length(self) -> int | None:
        """The ``Content-Length``, or ``None`` after answering 400/411/413."""
        values = self.headers.get_all("Content-Length") or []
        if not values:
            self.text(
                HTTPStatus.LENGTH_REQUIRED, "A Content-Length (or a chunked body) is required."
            )
            return None
        length = _length(values[0])
        if len(set(values)) != 1 or length is None:
            self.text(HTTPStatus.BAD_REQUEST, "The Content-Length header is not a number.")
            return None
        if length > MAX_REQUEST_BYTES:
            self.text(
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

    def send_body(self, status: HTTPStatus, body: bytes, content_type: str, **headers: str) -> None:
        """Answer ``body``; a 4xx/5xx other than a SOAP fault (500) closes the connection."""
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

    def text(self, status: HTTPStatus, text: str, /, **headers: str) -> None:
        """Answer a one-line plain-text explanation."""
        self.send_body(status, (text + "\n").encode(), "text/plain; charset=utf-8", **headers)

    def json(self, status: HTTPStatus, value: object, /, **headers: str) -> None:
        """Answer ``value`` as JSON (the admin API)."""
        body = json.dumps(value, ensure_ascii=False, indent=1).encode()
        self.send_body(status, body, "application/json", **headers)

    def parse_request(self) -> bool:
        """Start the bookkeeping of a request as soon as its request line is read."""
        self._started = time.monotonic()
        self.note = {}
        return super().parse_request()

    def version_string(self) -> str:
        return self.server_version

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request: client, request line, status, operation, outcome,
        returned matricule (masked), time. Fields are single tokens; ``-`` when empty."""
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
        """Log time-outs; other errors are followed by :meth:`log_request`."""
        if format.startswith("Request timed out"):
            _log.info("%s request timed out", self.address_string())


def _length(value: str, /) -> int | None:
    """A ``Content-Length`` value (ASCII digits only), capped just above the limit."""
    digits = value.strip()
    if not _DIGITS.fullmatch(digits):
        return None
    return int(digits) if len(digits) <= 12 else MAX_REQUEST_BYTES + 1
