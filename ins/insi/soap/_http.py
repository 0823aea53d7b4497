"""A real HTTP(S) transport for the INSi SOAP client, on the standard library only.

`SoapInsi(HttpTransport(url, ssl_context=...))` talks to an INSi endpoint over the network: each
call POSTs the SOAP 1.2 envelope with the content type ``application/soap+xml; charset=utf-8;
action="..."`` (SOAP 1.2 HTTP binding; actions in docs/domain/insi.md#namespaces-and-actions) and
returns the response body, which the SOAP layer parses. INSi answers every technical fault with
HTTP 500 and a SOAP Fault (docs/domain/insi.md#technical-faults): such a body is returned to the
parser, which raises [`InsiFault`][ins.insi.InsiFault]. Any other HTTP status, a redirect, a
refused or timed-out connection or a TLS failure raises
[`InsiUnavailable`][ins.insi.InsiUnavailable] ([`InsiTimeout`][ins.insi.InsiTimeout] for a
time-out). A response over 1 MB is refused with [`InsiError`][ins.insi.InsiError] (at most 1 MB +
1 byte is ever read).

`timeout` bounds the whole call, from the connection to the last byte of the answer (ADR
0102): every socket operation waits at most for what is left of it, so a server that drips its
answer one byte at a time cannot hold the caller longer (it held a `timeout=1.0` call for 23 s
when each read had the full time-out).

Mutual TLS, which INSi requires, goes through `ssl_context`: load the client certificate with
`ssl.SSLContext.load_cert_chain`. Redirects are never followed (a SOAP POST must not be
replayed elsewhere with the client certificate) and proxies from the environment are not used
(ADR 0073): the transport speaks `http.client` to the URL's host, one connection per call.

We test this transport only against our own mock server (`python -m ins.insi serve`), never
against the real INSi: see `docs/insi-server.md`.

```pycon
>>> transport = HttpTransport("http://127.0.0.1:8080/lps", timeout=5.0)
>>> transport.url, transport.timeout
('http://127.0.0.1:8080/lps', 5.0)
>>> HttpTransport("ftp://127.0.0.1/lps")
Traceback (most recent call last):
...
ins.insi.InsiError: The INSi URL must start with http:// or https://, not 'ftp'.

```
"""

from __future__ import annotations

import http.client
import io
import math
import re
import socket
import ssl
import time
import urllib.parse
from email.message import Message
from typing import IO, Any

from ins.errors import mask_text
from ins.insi._errors import InsiError, InsiTimeout, InsiUnavailable

__all__ = ["MAX_RESPONSE_BYTES", "HttpTransport", "soap_content_type"]

#: Largest response body accepted, in bytes (docs/domain/insi.md#xml-safety: refuse responses over 1
#: MB).
MAX_RESPONSE_BYTES = 1024 * 1024

_DIGITS = re.compile(r"[0-9]+")
_SOAP_MEDIA_TYPES = ("application/soap+xml", "text/xml", "application/xml")


def soap_content_type(action: str, /) -> str:
    """Return the SOAP 1.2 content type carrying `action`.

    ```pycon
    >>> soap_content_type("urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecCarteVitale")
    'application/soap+xml; charset=utf-8;
     action="urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecCarteVitale"'
    >>> soap_content_type('urn:x"; charset=latin-1')
    Traceback (most recent call last):
    ...
    ins.insi.InsiError: The SOAP action may not contain a quote, a backslash or a control
    character.

    ```
    """
    if not action or any(char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F for char in action):
        raise InsiError(
            "The SOAP action may not contain a quote, a backslash or a control character."
            if action
            else "The SOAP action may not be empty."
        )
    return f'application/soap+xml; charset=utf-8; action="{action}"'


class _Deadline:
    """The moment a call must be over; each socket operation gets what is left of it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; raises `TimeoutError` when none is."""
        remaining = self._end - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the deadline of the call passed")
        return remaining


class _DeadlineReader(io.RawIOBase):
    """The socket's input, each read waiting at most for what is left of the deadline."""

    def __init__(self, owner: _DeadlineSocket) -> None:
        super().__init__()
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        sock = self._owner.sock
        sock.settimeout(self._owner.deadline.left())
        return sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._owner.release()
        super().close()


class _DeadlineSocket:
    """What `http.client` uses of a socket (`sendall`, `makefile`, `close`), under a
    deadline. As with a socket, `close` waits for the readers made by `makefile`: the
    response of a `Connection: close` answer is still read after the connection is closed."""

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        self.sock = sock
        self.deadline = deadline
        self._readers = 0
        self._closed = False

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(self.deadline.left())  # since Python 3.5: for the whole sendall
        self.sock.sendall(data)

    def makefile(self, mode: str) -> IO[bytes]:
        self._readers += 1
        return io.BufferedReader(_DeadlineReader(self))

    def release(self) -> None:
        """A reader was closed."""
        self._readers -= 1
        self._close_when_unused()

    def close(self) -> None:
        self._closed = True
        self._close_when_unused()

    def _close_when_unused(self) -> None:
        if self._closed and not self._readers:
            self.sock.close()


class _Connection(http.client.HTTPConnection):
    """One connection for one call: TCP, then TLS when asked, every step under the deadline."""

    def __init__(
        self, host: str, port: int | None, /, *, deadline: _Deadline, tls: ssl.SSLContext | None
    ) -> None:
        default = http.client.HTTPS_PORT if tls is not None else http.client.HTTP_PORT
        # The connection is made at once: the whole time is left for it.
        super().__init__(host, port or default, timeout=deadline.seconds)
        self._deadline = deadline
        self._tls = tls

    def connect(self) -> None:
        super().connect()
        raw: Any = self.sock
        if self._tls is not None:
            raw.settimeout(self._deadline.left())  # the handshake as a whole
            raw = self._tls.wrap_socket(raw, server_hostname=self.host)
        self.sock = _DeadlineSocket(raw, self._deadline)


class HttpTransport:
    """POST SOAP envelopes to an INSi endpoint (a [`Transport`][ins.insi.soap.Transport]).

    :param url: the endpoint, `http://` or `https://`.
    :param timeout: seconds allowed for the whole call (connection, request, answer).
    :param ssl_context: the TLS context for `https`; give it the client certificate for
        mutual TLS. Without one, the system trust store verifies the server and no client
        certificate is sent.
    """

    def __init__(
        self, url: str, /, *, timeout: float = 10.0, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        if not isinstance(url, str):
            raise InsiError(f"The INSi URL must be text, not {type(url).__name__}.")
        try:
            parts = urllib.parse.urlsplit(url)
        except ValueError:  # an unclosed IPv6 bracket...
            raise InsiError("The INSi URL cannot be read as a URL.") from None
        if parts.scheme not in {"http", "https"}:
            raise InsiError(
                f"The INSi URL must start with http:// or https://, not {parts.scheme!r}."
            )
        if not parts.hostname:
            raise InsiError("The INSi URL has no host name.")
        if ssl_context is not None and parts.scheme != "https":
            raise InsiError("An SSL context was given but the INSi URL is not https://.")
        if not (
            isinstance(timeout, int | float)
            and not isinstance(timeout, bool)
            and timeout > 0
            and math.isfinite(timeout)
        ):
            raise InsiError(f"The time-out must be a positive number of seconds, not {timeout!r}.")
        try:
            port = parts.port
        except ValueError:
            raise InsiError("The port of the INSi URL is not a number from 0 to 65535.") from None
        self.url = url
        self.timeout = timeout
        self._host, self._port = parts.hostname, port
        self._target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._tls = (
            (ssl_context or ssl.create_default_context()) if parts.scheme == "https" else None
        )

    def __repr__(self) -> str:
        return mask_text(f"HttpTransport({self.url!r}, timeout={self.timeout!r})")

    def send(self, envelope: bytes, /, *, action: str) -> bytes:
        """POST `envelope` with `action` and return the response body to parse.

        A 2xx answer and a 500 answer carrying a SOAP envelope are returned as they are (the
        parser raises `InsiFault` on the latter); anything else raises `InsiUnavailable`.
        """
        headers = {"Content-Type": soap_content_type(action), "Accept": "application/soap+xml"}
        deadline = _Deadline(self.timeout)
        connection = _Connection(self._host, self._port, deadline=deadline, tls=self._tls)
        try:
            try:
                connection.connect()
            except TimeoutError as error:
                raise InsiTimeout(
                    f"INSi at {self.url} did not accept the connection within {self.timeout} s."
                ) from error
            except OSError as error:  # refused, unreachable, TLS refused
                raise InsiUnavailable(
                    f"INSi at {self.url} could not be reached: {error}."
                ) from error
            connection.request("POST", self._target, body=envelope, headers=headers)
            with connection.getresponse() as response:
                return self._body(response)
        except TimeoutError as error:
            raise InsiTimeout(
                f"INSi at {self.url} did not answer within {self.timeout} s."
            ) from error
        except (OSError, http.client.HTTPException) as error:
            # Resets and TLS failures while exchanging, and malformed HTTP.
            raise InsiUnavailable(
                f"The exchange with INSi at {self.url} failed: {error!r}."
            ) from error
        finally:
            connection.close()

    def _body(self, response: http.client.HTTPResponse) -> bytes:
        if 200 <= response.status < 300:
            return _read_bounded(response, response.headers)
        media_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if response.status == 500 and media_type in _SOAP_MEDIA_TYPES:
            body = _read_bounded(response, response.headers)
            if b"Fault" in body:
                return body
        raise InsiUnavailable(
            f"INSi at {self.url} answered HTTP {response.status} ({response.reason[:100]}) "
            "without a SOAP fault."
        )


def _read_bounded(stream: IO[bytes], headers: Message[str, str]) -> bytes:
    """Read a body of at most `MAX_RESPONSE_BYTES`, refusing a larger one."""
    declared = (headers.get("Content-Length") or "").strip()
    if _DIGITS.fullmatch(declared) and (len(declared) > 12 or int(declared) > MAX_RESPONSE_BYTES):
        raise InsiError(
            f"The INSi response declares {declared[:20]} bytes, more than the 1 MB accepted."
        )
    body = stream.read(MAX_RESPONSE_BYTES + 1)
    if len(body) > MAX_RESPONSE_BYTES:
        raise InsiError("The INSi response is larger than the 1 MB accepted; it was refused.")
    return body
