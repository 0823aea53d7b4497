"""What the mock INSi server answers, as values: [`Incoming`][ins.insi.server.Incoming] in,
[`Reply`][ins.insi.server.Reply] out.

The SOAP endpoint and the admin API are functions from an [`Incoming`][ins.insi.server.Incoming]
request to a [`Reply`][ins.insi.server.Reply]; only the HTTP handler touches sockets. So both can
be tested without a network, and the handler's rules (limits, keep-alive, the log line) live in
one place.

```pycon
>>> reply = Reply.text(HTTPStatus.NOT_FOUND, "Nothing here.")
>>> reply.status, reply.body, reply.closes
(<HTTPStatus.NOT_FOUND: 404>, b'Nothing here.\\n', True)
>>> Reply.json(HTTPStatus.OK, {"reset": True}).body
b'{\\n "reset": true\\n}'

```
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus

from ins.errors import mask_text

__all__ = ["Incoming", "Reply"]

_TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Reply:
    """One answer, before it is written.

    `status` `None` writes no answer: the connection is closed (a client that went away, a
    simulated outage), after waiting for the client to give up when `hang` is set (a
    simulated time-out). `drain` reads and drops what the client still sends after the answer
    (a 413, so that the client can read it). `note` holds what the log line and the history
    of calls say about the request (operation, outcome, masked matricule...).
    """

    status: HTTPStatus | None
    body: bytes = b""
    content_type: str = _TEXT
    headers: Mapping[str, str] = field(default_factory=dict)
    note: Mapping[str, object] = field(default_factory=dict)
    drain: bool = False
    hang: bool = False

    @classmethod
    def text(cls, status: HTTPStatus, text: str, /, **headers: str) -> Reply:
        """A one-line plain-text explanation."""
        return cls(status, (text + "\n").encode(), _TEXT, headers)

    @classmethod
    def json(cls, status: HTTPStatus, value: object, /, **headers: str) -> Reply:
        """`value` as JSON (the admin API)."""
        body = json.dumps(value, ensure_ascii=False, indent=1).encode()
        return cls(status, body, "application/json", headers)

    @classmethod
    def nothing(cls, outcome: str, /, *, hang: bool = False) -> Reply:
        """No answer, the connection closed; `outcome` goes to the log line."""
        return cls(None, note={"outcome": outcome}, hang=hang)

    def __repr__(self) -> str:
        # The body is the answer (a RESULTAT holds the matricule): not shown in full.
        return mask_text(
            f"Reply(status={self.status!r}, body={self.body[:200]!r}, "
            f"content_type={self.content_type!r}, note={dict(self.note)!r})"
        )

    @property
    def closes(self) -> bool:
        """True when the connection is closed after this reply: no answer, or a 4xx/5xx other
        than a SOAP fault (HTTP 500, which INSi sends on a connection it keeps)."""
        return (
            self.status is None
            or self.drain
            or (
                self.status >= HTTPStatus.BAD_REQUEST
                and self.status != HTTPStatus.INTERNAL_SERVER_ERROR
            )
        )

    def noting(self, **note: object) -> Reply:
        """This reply with more for the log line (the reply's own note wins)."""
        return Reply(
            self.status,
            self.body,
            self.content_type,
            self.headers,
            {**note, **self.note},
            self.drain,
            self.hang,
        )


@dataclass(frozen=True, slots=True)
class Incoming:
    """One request as the endpoint and the admin API see it.

    `read_body` returns the body, or the [`Reply`][ins.insi.server.Reply] that refuses it (411,
    413...); `client_names` are the common names of the client certificate, `None` without mutual
    TLS.
    """

    method: str
    path: str
    headers: Message
    read_body: Callable[[], bytes | Reply]
    client_names: tuple[str, ...] | None = None

    def header(self, name: str, /) -> str:
        """A header's value as text; `""` when absent or unreadable (`email` gives a
        `Header` object for a value it could not decode, which may not even print).

        ```pycon
        >>> headers = Message()
        >>> headers["Host"] = "127.0.0.1"
        >>> incoming = Incoming("GET", "/", headers, lambda: b"")
        >>> incoming.header("Host"), incoming.header("Origin")
        ('127.0.0.1', '')

        ```
        """
        value: object = self.headers.get(name, "")
        if isinstance(value, str):
            return value
        try:
            return str(value)
        except UnicodeError:
            return ""
