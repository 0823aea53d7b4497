"""Who may use the admin API of the mock INSi server: host, origin, token, body (ADR 0101).

The server listens on loopback, but a web page the developer opens reaches loopback through the
browser: without these checks it could plant faults or reset the registry (a cross-origin
`text/plain` POST is sent without a preflight), and DNS rebinding would let it read the
answers. Every admin request must

- name the server in `Host`: its bound address, or a loopback name (`localhost`,
  `127.0.0.1`, `::1`); a rebound DNS name is refused (403);
- carry no `Origin` (a program), or the server's own (403 otherwise: a browser sends it on
  every cross-origin POST, `null` from a sandboxed page);
- carry the admin token, `Authorization: Bearer TOKEN` (401 otherwise, compared in constant
  time): printed at start, or chosen with `--admin-token`;
- send a body, if any, as `application/json` (415 otherwise: a form or `text/plain`, what a
  page sends without a preflight); `GET` and `DELETE` take none (400).

```pycon
>>> from email.message import Message
>>> headers = Message()
>>> headers["Host"] = "evil.example:8080"
>>> incoming = Incoming("GET", "/_admin/", headers, lambda: b"")
>>> admin_refusal(incoming, token="s3cret-token-0123", url="http://127.0.0.1:8080/lps").status
<HTTPStatus.FORBIDDEN: 403>

```
"""

from __future__ import annotations

import hmac
import re
import secrets
from http import HTTPStatus
from urllib.parse import urlsplit

from ins.insi.server._reply import Incoming, Reply

__all__ = [
    "LOOPBACK_NAMES",
    "admin_refusal",
    "check_admin_token",
    "has_a_body",
    "new_admin_token",
]

#: Host names that always mean this machine.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# RFC 6750 token68 characters, 16 to 256 of them: safe in a header and hard to guess.
_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]{16,256}")
_BEARER = re.compile(r"Bearer +(\S+)", re.IGNORECASE)


def new_admin_token() -> str:
    """A fresh random admin token (32 bytes of `secrets`, URL-safe)."""
    return secrets.token_urlsafe(32)


def check_admin_token(token: str, /) -> str:
    """`token` when it can be an admin token, else raise `ValueError`.

    ```pycon
    >>> check_admin_token("short")
    Traceback (most recent call last):
    ...
    ValueError: An admin token has 16 to 256 characters among letters, digits and ._~+/=- .

    ```
    """
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise ValueError(
            "An admin token has 16 to 256 characters among letters, digits and ._~+/=- ."
        )
    return token


def admin_refusal(incoming: Incoming, /, *, token: str, url: str) -> Reply | None:
    """The [`Reply`][ins.insi.server.Reply] refusing `incoming`, or `None` when it may use the admin
    API.

    `url` is the server's endpoint (its host and port are the server's origin).
    """
    server = urlsplit(url)
    allowed = LOOPBACK_NAMES | {server.hostname or ""}
    host = _hostname(incoming.header("Host"))
    if host not in allowed:
        return _refuse(
            HTTPStatus.FORBIDDEN,
            "The admin API answers only requests addressed to this machine by its address or "
            "localhost (Host header).",
        )
    origin = incoming.header("Origin") if "Origin" in incoming.headers else None
    if origin is not None and not _same_origin(origin, server.scheme, server.port, allowed):
        return _refuse(
            HTTPStatus.FORBIDDEN, "The admin API refuses requests from another origin (web page)."
        )
    found = _BEARER.fullmatch(incoming.header("Authorization").strip())
    given = None if found is None else found.group(1).encode(errors="replace")
    if given is None or not hmac.compare_digest(given, token.encode()):
        return _refuse(
            HTTPStatus.UNAUTHORIZED,
            "The admin API needs the admin token: send Authorization: Bearer TOKEN.",
            www_authenticate='Bearer realm="ins-mock-insi-admin"',
        )
    has_body = has_a_body(incoming)
    if has_body and incoming.method in {"GET", "DELETE"}:
        return _refuse(HTTPStatus.BAD_REQUEST, f"{incoming.method} takes no body here.")
    media_type = incoming.header("Content-Type").split(";")[0].strip().lower()
    if has_body and media_type != "application/json":
        return _refuse(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "The admin API reads JSON: send Content-Type: application/json.",
        )
    return None


def has_a_body(incoming: Incoming, /) -> bool:
    """True when `incoming` declares a body (a chunked one, or a non-zero length).

    A request with neither header has no body (RFC 9112 6.3): `curl -X POST URL`.
    """
    length = incoming.header("Content-Length").strip().lstrip("0")
    return "Transfer-Encoding" in incoming.headers or bool(length)


def _hostname(authority: str, /) -> str | None:
    """The host name of a `Host` value (`[::1]:80` -> `::1`), `None` when malformed."""
    try:
        parts = urlsplit("//" + authority.strip())
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return None
    return parts.hostname


def _same_origin(origin: str, scheme: str, port: int | None, allowed: frozenset[str]) -> bool:
    try:
        parts = urlsplit(origin.strip())
        given_port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return False
    return parts.scheme == scheme and parts.hostname in allowed and given_port == port


def _refuse(status: HTTPStatus, message: str, /, **headers: str) -> Reply:
    return Reply.json(status, {"error": message}, **headers)
