"""A real HTTP(S) transport for the INSi SOAP client, on the standard library only.

``SoapInsi(HttpTransport(url, ssl_context=...))`` talks to an INSi endpoint over the network: each
call POSTs the SOAP 1.2 envelope with the content type ``application/soap+xml;
charset=utf-8; action="..."`` (SOAP 1.2 HTTP binding; actions in domain.md section 6.1) and
returns the response body, which the SOAP layer parses. INSi answers every technical fault with
HTTP 500 and a SOAP Fault (domain.md section 6.3): such a body is returned to the parser, which
raises :class:`~ins.insi.InsiFault`. Any other HTTP status, a redirect, a refused or
timed-out connection or a TLS failure raises :class:`~ins.insi.InsiUnavailable`
(:class:`~ins.insi.InsiTimeout` for a time-out). A
response over 1 MB is refused with :class:`~ins.insi.InsiError` (at most 1 MB + 1 byte is
ever read).

Mutual TLS, which INSi requires, goes through ``ssl_context``: load the client certificate with
:meth:`ssl.SSLContext.load_cert_chain`. Redirects are never followed (a SOAP POST must not be
replayed elsewhere with the client certificate) and proxies from the environment are not used.

We test this transport only against our own mock server (``python -m ins.insi serve``), never
against the real INSi: see ``docs/insi-server.md``.

>>> transport = HttpTransport("http://127.0.0.1:8080/lps", timeout=5.0)
>>> transport.url, transport.timeout
('http://127.0.0.1:8080/lps', 5.0)
>>> HttpTransport("ftp://127.0.0.1/lps")
Traceback (most recent call last):
...
ins.insi.InsiError: The INSi URL must start with http:// or https://, not 'ftp'.
"""

from __future__ import annotations

import http.client
import math
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from typing import IO, Any

from ins.insi._errors import InsiError, InsiTimeout, InsiUnavailable

__all__ = ["MAX_RESPONSE_BYTES", "HttpTransport", "soap_content_type"]

#: Largest response body accepted, in bytes (domain.md section 6.1: refuse responses over 1 MB).
MAX_RESPONSE_BYTES = 1024 * 1024

_DIGITS = re.compile(r"[0-9]+")
_SOAP_MEDIA_TYPES = ("application/soap+xml", "text/xml", "application/xml")


def soap_content_type(action: str, /) -> str:
    """Return the SOAP 1.2 content type carrying ``action``.

    >>> soap_content_type("urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecCarteVitale")
    'application/soap+xml; charset=utf-8;
     action="urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecCarteVitale"'
    >>> soap_content_type('urn:x"; charset=latin-1')
    Traceback (most recent call last):
    ...
    ins.insi.InsiError: The SOAP action may not contain a quote, a backslash or a control
    character.
    """
    if not action or any(char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F for char in action):
        raise InsiError(
            "The SOAP action may not contain a quote, a backslash or a control character."
            if action
            else "The SOAP action may not be empty."
        )
    return f'application/soap+xml; charset=utf-8; action="{action}"'


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Turn every redirect into an HTTP error instead of replaying the request elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class HttpTransport:
    """POST SOAP envelopes to an INSi endpoint (a :class:`~ins.insi.soap.Transport`).

    :param url: the endpoint, ``http://`` or ``https://``.
    :param timeout: seconds allowed for each network operation (connect, each read).
    :param ssl_context: the TLS context for ``https``; give it the client certificate for
        mutual TLS. Without one, the system trust store verifies the server and no client
        certificate is sent.
    """

    def __init__(
        self, url: str, /, *, timeout: float = 10.0, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in {"http", "https"}:
            raise InsiError(
                f"The INSi URL must start with http:// or https://, not {parts.scheme!r}."
            )
        if not parts.hostname:
            raise InsiError("The INSi URL has no host name.")
        if ssl_context is not None and parts.scheme != "https":
            raise InsiError("An SSL context was given but the INSi URL is not https://.")
        if not (timeout > 0 and math.isfinite(timeout)):
            raise InsiError(f"The time-out must be a positive number of seconds, not {timeout!r}.")
        self.url = url
        self.timeout = timeout
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPSHandler(context=ssl_context),
            _NoRedirect(),
        )

    def __repr__(self) -> str:
        return f"HttpTransport({self.url!r}, timeout={self.timeout!r})"

    def send(self, envelope: bytes, /, *, action: str) -> bytes:
        """POST ``envelope`` with ``action`` and return the response body to parse.

        A 200 answer and a 500 answer carrying a SOAP envelope are returned as they are (the
        parser raises ``InsiFault`` on the latter); anything else raises ``InsiUnavailable``.
        """
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=envelope,
            method="POST",
            headers={"Content-Type": soap_content_type(action), "Accept": "application/soap+xml"},
        )
        try:
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return _read_bounded(response, response.headers)
            except urllib.error.HTTPError as error:
                with error:
                    return self._error_body(error)
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise InsiTimeout(
                    f"INSi at {self.url} did not accept the connection within {self.timeout} s."
                ) from error
            raise InsiUnavailable(
                f"INSi at {self.url} could not be reached: {error.reason}."
            ) from error
        except TimeoutError as error:
            raise InsiTimeout(
                f"INSi at {self.url} did not answer within {self.timeout} s."
            ) from error
        except (OSError, http.client.HTTPException) as error:
            # Time-outs, resets and TLS failures while reading, and malformed HTTP.
            raise InsiUnavailable(
                f"The exchange with INSi at {self.url} failed: {error!r}."
            ) from error

    def _error_body(self, error: urllib.error.HTTPError) -> bytes:
        media_type = (error.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if error.code == 500 and media_type in _SOAP_MEDIA_TYPES:
            body = _read_bounded(error, error.headers)
            if b"Fault" in body:
                return body
        raise InsiUnavailable(
            f"INSi at {self.url} answered HTTP {error.code} ({error.reason}) without a SOAP fault."
        )


def _read_bounded(stream: IO[bytes], headers: Message[str, str]) -> bytes:
    """Read a body of at most :data:`MAX_RESPONSE_BYTES`, refusing a larger one."""
    declared = (headers.get("Content-Length") or "").strip()
    if _DIGITS.fullmatch(declared) and (len(declared) > 12 or int(declared) > MAX_RESPONSE_BYTES):
        raise InsiError(
            f"The INSi response declares {declared[:20]} bytes, more than the 1 MB accepted."
        )
    body = stream.read(MAX_RESPONSE_BYTES + 1)
    if len(body) > MAX_RESPONSE_BYTES:
        raise InsiError("The INSi response is larger than the 1 MB accepted; it was refused.")
    return body
