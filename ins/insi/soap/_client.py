"""INSi over SOAP 1.2: [`SoapInsi`][ins.insi.soap.SoapInsi] implements the INSi client port over a
[`Transport`][ins.insi.soap.Transport].

A transport moves bytes and nothing else. Its one method is:

```text
def send(self, envelope: bytes, /, *, action: str) -> bytes
```

`envelope` is the SOAP 1.2 request, `action` its WS-Addressing action (an HTTP transport puts it in
the `action` parameter of the `application/soap+xml` content type). It returns the body of the
response unparsed, a SOAP Fault (HTTP 500) included, and raises
[`InsiUnavailable`][ins.insi.InsiUnavailable] (or [`InsiTimeout`][ins.insi.InsiTimeout]) when no
SOAP message came back. It should stop reading after `MAX_BYTES + 1` bytes: the client refuses
anything larger. [`HttpTransport`][ins.insi.soap.HttpTransport] talks to a real endpoint;
[`MockTransport`][ins.insi.soap.MockTransport] hands each envelope to a function, as httpx's
transport of the same name does: with a [`SoapEndpoint`][ins.insi.soap.SoapEndpoint] around the
in-memory mock, the whole wire path runs offline.

```pycon
>>> from ins.insi import TraitsSearch
>>> from ins.insi.mock import MockInsi
>>> from ins.insi.soap import SoapEndpoint
>>> client = SoapInsi(MockTransport(SoapEndpoint(MockInsi.with_test_identities())))
>>> request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> client.search_by_traits(request).ins
Ins(matricule='27512**********', oid='1.2.250.1.213.1.4.8')

```
"""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from ins._identifiers import Ins
from ins._traits import Traits
from ins.insi._client import InsiClient
from ins.insi._requests import TraitsSearch, VitaleSearch, revalidated
from ins.insi._results import InsiResult, Verification
from ins.insi._verification import verify_by_search
from ins.insi.soap._endpoint import SoapEndpoint
from ins.insi.soap._envelopes import (
    TRAITS_ACTION,
    UNREGISTERED,
    VITALE_ACTION,
    SoftwareIdentity,
    build_traits_request,
    build_vitale_request,
)
from ins.insi.soap._responses import parse_result

__all__ = ["Handler", "MockTransport", "SoapInsi", "Transport"]

#: What a `MockTransport` calls: `handler(envelope, action)` returns the response body.
Handler = Callable[[bytes, str], bytes]


@runtime_checkable
class Transport(Protocol):
    """Moves one SOAP request and returns the response body (see the module docstring)."""

    def send(self, envelope: bytes, /, *, action: str) -> bytes:
        """Send `envelope` with the WS-Addressing `action`; return the response body."""
        ...


class SoapInsi:
    """An INSi client over SOAP 1.2 (implements [`ins.insi.InsiClient`][ins.insi.InsiClient]).

    `software` goes in `ContexteLPS` (set the IDAM number CNAM gave you);
    `assertion` is the XML put in `wsse:Security` (bytes, or a function called for each
    request, e.g. to fetch a fresh Pro Santé Connect assertion); `None` with mutual TLS.
    """

    def __init__(
        self,
        transport: Transport,
        /,
        *,
        software: SoftwareIdentity = UNREGISTERED,
        assertion: bytes | Callable[[], bytes] | None = None,
    ) -> None:
        self.transport = transport
        self.software = software
        self._assertion = assertion

    def _assertion_bytes(self) -> bytes | None:
        return self._assertion() if callable(self._assertion) else self._assertion

    def search_by_traits(self, request: TraitsSearch, /) -> InsiResult:
        """One `rechercherInsAvecTraitsIdentite` call."""
        envelope = build_traits_request(
            revalidated(request), software=self.software, assertion=self._assertion_bytes()
        )
        return parse_result(self.transport.send(envelope, action=TRAITS_ACTION))

    def search_with_vitale(self, request: VitaleSearch, /) -> InsiResult:
        """One `rechercherInsAvecCarteVitale` call."""
        envelope = build_vitale_request(
            revalidated(request), software=self.software, assertion=self._assertion_bytes()
        )
        return parse_result(self.transport.send(envelope, action=VITALE_ACTION))

    def verify(self, ins: Ins, traits: Traits, /) -> Verification:
        """Verify `ins` against `traits`.

        The schema of INSi's verification operation is not public: this runs the certification
        search by traits and compares ([`ins.insi.verify_by_search`][ins.insi.verify_by_search]).
        """
        return verify_by_search(self, ins, traits)


class MockTransport:
    """A [`Transport`][ins.insi.soap.Transport] that answers each envelope with `handler(envelope,
    action)`.

    `.envelopes` keeps the last `max_envelopes` (request, response) pairs (1 000 by default, so that
    a long test run does not grow without end). An error the handler raises (an
    [`InsiUnavailable`][ins.insi.InsiUnavailable], say) reaches the client as a network
    transport's would. `MockTransport(client)` with an INSi client (a
    [`MockInsi`][ins.insi.mock.MockInsi]) still works but is deprecated: write
    `MockTransport(SoapEndpoint(client))`.
    """

    def __init__(self, handler: Handler | InsiClient, /, *, max_envelopes: int = 1000) -> None:
        if isinstance(handler, InsiClient):
            warnings.warn(
                "MockTransport(client) is deprecated: use MockTransport(SoapEndpoint(client)) "
                "(ins.insi.soap.SoapEndpoint).",
                DeprecationWarning,
                stacklevel=2,
            )
            handler = SoapEndpoint(handler)
        if not callable(handler):
            raise TypeError(
                "MockTransport takes a function handler(envelope, action) -> bytes, "
                f"not {type(handler).__name__}."
            )
        if (
            isinstance(max_envelopes, bool)
            or not isinstance(max_envelopes, int)
            or max_envelopes < 1
        ):
            raise ValueError(f"max_envelopes must be a positive integer, not {max_envelopes!r}.")
        self.handler: Handler = handler
        self.envelopes: deque[tuple[bytes, bytes]] = deque(maxlen=max_envelopes)

    def send(self, envelope: bytes, /, *, action: str) -> bytes:
        """The handler's answer to `envelope`, kept in `envelopes`."""
        response = self.handler(envelope, action)
        self.envelopes.append((envelope, response))
        return response
