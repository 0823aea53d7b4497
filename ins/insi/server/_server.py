"""The mock INSi as a network service: SOAP 1.2 over HTTP(S) on `POST /lps`.

Vendors whose software is written in Java, C# or Delphi cannot import
[`MockInsi`][ins.insi.mock.MockInsi]; this server lets their own INSi client talk to it.
[`InsiServer`][ins.insi.server.InsiServer] (a `ThreadingHTTPServer`) puts a
[`MockInsi`][ins.insi.mock.MockInsi] behind the INSi wire format
([`SoapEndpoint`][ins.insi.soap.SoapEndpoint]) and answers with the `RESULTAT`, or with a SOAP
Fault and HTTP 500 as INSi does for every fault (docs/domain/insi.md#wire-facts,
docs/domain/insi.md#technical-faults). Run it with `python -m ins.insi serve` (see
`docs/insi-server.md`).

- `--strict-headers`: a request without the software authorisation number (`IDAM` in
  `ContexteLPS`) gets `siram_100`/`desir_550`, as INSi answers.
- Mutual TLS: with client certificates required, a certificate whose common name is neither
  `INSI-AUTO` nor `INSI-MANU` gets `DESIR_560`.
- A request the server cannot read gets a `soap:Sender` fault with the subcode
  `mock_invalid_request` and an `Erreur` code saying why (ADR 0070): `mock_forbidden_dtd`
  (a DOCTYPE or an entity declaration), `mock_malformed_request` (not well-formed, not a SOAP
  1.2 envelope, an unknown body), `mock_unknown_action` (the `action` of the content type)
  and `mock_action_mismatch` (that `action` or the `wsa:Action` header names the other
  search).
  These are the mock's own codes: the public sources do not say what INSi answers. Traits
  outside the INSi character set get `siram_40`/`insi_102`, as INSi answers ([PADOA]).
- Safety (ADR 0072): loopback only unless `allow_remote`; a body over 1 MB gets 413 from its
  `Content-Length`, before it is read (a chunked body: as soon as it passes 1 MB); every
  socket operation has a time-out and a request body has a deadline; one log line per request,
  matricules masked.
- `admin=True`: JSON endpoints under `/_admin/` (ADR 0071); 404 otherwise. Every admin
  request must carry `Authorization: Bearer` the `InsiServer.admin_token` (random, or
  `admin_token=`), name this machine in `Host`, come from no foreign `Origin` and send
  JSON (ADR 0101).

This module holds the server's life cycle (bind, TLS, serve, stop); the HTTP handling is in
`_handler`, the SOAP endpoint in `_endpoint` and the admin API in `_admin`, the last two
functions from an [`Incoming`][ins.insi.server.Incoming] request to a
[`Reply`][ins.insi.server.Reply].

```pycon
>>> check_bind_host("127.0.0.1")
>>> check_bind_host("0.0.0.0")
Traceback (most recent call last):
...
ins.insi.server.RemoteBindRefused: Refusing to listen on '0.0.0.0': it is not a loopback ...

```
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import ssl
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from typing import Any

from ins.errors import InsError
from ins.insi.mock._insi import MockInsi
from ins.insi.server._admin import CallHistory
from ins.insi.server._admin_guard import check_admin_token, new_admin_token
from ins.insi.server._endpoint import LPS_PATH
from ins.insi.server._handler import Handler

__all__ = [
    "InsiServer",
    "RemoteBindRefused",
    "check_bind_host",
    "server_ssl_context",
    "serving",
    "stop",
]

# The server's one log, whichever module writes the line.
_log = logging.getLogger("ins.insi.server")


class RemoteBindRefused(InsError):
    """The server was asked to listen on an address other people's machines can reach."""

    __module__ = "ins.insi.server"  # its public home, for tracebacks
    code = "remote_bind_refused"


def check_bind_host(host: str, /, *, allow_remote: bool = False) -> None:
    """Refuse `host` unless it is a loopback address (or `allow_remote` is true).

    Only literal addresses and `localhost` are accepted, so that no name is resolved.
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
    """A server TLS context; with `require_client_cert`, clients must show a certificate
    issued by `cafile` (mutual TLS, as INSi requires)."""
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

    :param address: `(host, port)`; port 0 picks a free port (read `url`).
    :param insi_factory: builds the mock at start and on every admin reset (default: the
        public test persons).
    :param request_timeout: seconds allowed for each socket operation; a request body must
        arrive within three times this.
    :param admin_token: the token every admin request must carry (`Authorization: Bearer`);
        a random one (`admin_token`) when not given.
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
        admin_token: str | None = None,
    ) -> None:
        host = address[0]
        self.admin_token = (
            new_admin_token() if admin_token is None else check_admin_token(admin_token)
        )
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
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        """The endpoint, `http(s)://HOST:PORT/lps`."""
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
        """Count a request being answered (see `wait_idle`)."""
        with self._idle:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float, /) -> bool:
        """Wait until no request is being answered, at most `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)


def _reason(error: BaseException) -> str:
    return str(getattr(error, "reason", None) or error or type(error).__name__)


@contextlib.contextmanager
def serving(server: InsiServer, /, *, drain: float = 5.0) -> Iterator[str]:
    """Serve in a background thread; yield the URL; stop and close on exit.

    ```pycon
    >>> with serving(InsiServer(("127.0.0.1", 0))) as url:
    ...     url.startswith("http://127.0.0.1:")
    True

    ```
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
    """Stop accepting, let the requests being answered finish (at most `drain` s), close."""
    server.stopping.set()
    server.shutdown()
    server.wait_idle(drain)
    server.server_close()
