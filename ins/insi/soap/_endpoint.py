"""The server side of the SOAP layer: a request envelope in, the answer of an INSi client out.

[`SoapEndpoint`][ins.insi.soap.SoapEndpoint] puts any [`InsiClient`][ins.insi.InsiClient] (the
in-memory mock, usually) behind the INSi wire format: it reads the request envelope, asks the
client, and writes the `RESULTAT` or the SOAP Fault, as INSi does. It is a
[`MockTransport`][ins.insi.soap.MockTransport] handler (call it with the envelope and the
action), and the core of the mock INSi server, which adds HTTP around it.

A request the endpoint cannot read gets a `soap:Sender` fault with the subcode
`mock_invalid_request` and a code saying why (ADR 0070): `mock_forbidden_dtd` (a DOCTYPE or
an entity declaration), `mock_malformed_request` (not well-formed, not a SOAP 1.2 envelope,
an unknown body), `mock_unknown_action` and `mock_action_mismatch` (the `action` given
with the request, or the `wsa:Action` header, names another search). These are our codes: the
public sources do not say what INSi answers. Traits outside the INSi character set get
`siram_40`/`insi_102`, as INSi answers; with `strict_headers`, a request without the
software authorisation number (`IDAM`) gets `siram_100`/`desir_550`.

```pycon
>>> from ins.insi.mock import MockInsi
>>> endpoint = SoapEndpoint(MockInsi.with_test_identities())
>>> endpoint(b"<not xml", TRAITS_ACTION).count(b"mock_malformed_request")
1

```
"""

from __future__ import annotations

from typing import NamedTuple

from ins._records import masked_repr
from ins.errors import InsError
from ins.insi._client import InsiClient
from ins.insi._errors import (
    ActionMismatch,
    ForbiddenDeclaration,
    InsiError,
    InsiFault,
    known_fault,
)
from ins.insi._requests import TraitsSearch, VitaleSearch
from ins.insi._results import InsiResult
from ins.insi.soap._envelopes import (
    TRAITS_ACTION,
    VITALE_ACTION,
    ParsedRequest,
    parse_request,
)
from ins.insi.soap._responses import render_fault, render_result

__all__ = ["ACTIONS", "REQUEST_FAULT_SUBCODE", "SoapAnswer", "SoapEndpoint", "request_fault"]

#: Subcode of the faults answering a request the endpoint cannot read (ADR 0070).
REQUEST_FAULT_SUBCODE = "mock_invalid_request"
#: The operation each SOAP action asks for.
ACTIONS = {TRAITS_ACTION: "search_by_traits", VITALE_ACTION: "search_with_vitale"}


def request_fault(code: str, message: str, /) -> InsiFault:
    """The `soap:Sender` fault for a request the endpoint cannot read (ADR 0070).

    ```pycon
    >>> fault = request_fault("mock_malformed_request", "The request is not well-formed XML.")
    >>> fault.soap_code, fault.subcode, fault.code, fault.severity
    ('Sender', 'mock_invalid_request', 'mock_malformed_request', 'erreur')

    ```
    """
    return InsiFault(
        message,
        subcode=REQUEST_FAULT_SUBCODE,
        code=code,
        severity="erreur",
        soap_code="Sender",
        detail=message,
    )


class SoapAnswer(NamedTuple):
    """What the endpoint answered: the response `body`, and what a log needs to know.

    `fault` is set when `body` is a SOAP Fault (HTTP 500), `result` otherwise; `request`
    when the request could be read. `outcome` is the result code (`00`...) or the fault
    (`siram_40/insi_102`).
    """

    body: bytes
    outcome: str
    fault: InsiFault | None
    request: TraitsSearch | VitaleSearch | None
    result: InsiResult | None

    def __repr__(self) -> str:
        return masked_repr(self)

    @property
    def operation(self) -> str | None:
        """`search_by_traits` or `search_with_vitale`, when the request could be read."""
        if self.request is None:
            return None
        return (
            "search_by_traits" if isinstance(self.request, TraitsSearch) else "search_with_vitale"
        )


class SoapEndpoint:
    """`client` behind the INSi wire format; see the module docstring."""

    def __init__(self, client: InsiClient, /, *, strict_headers: bool = False) -> None:
        self.client = client
        self.strict_headers = strict_headers

    def __call__(self, envelope: bytes, action: str, /) -> bytes:
        """The response body for `envelope` (a [`MockTransport`][ins.insi.soap.MockTransport]
        handler)."""
        return self.answer(envelope, action=action).body

    def answer(self, envelope: bytes, /, *, action: str | None = None) -> SoapAnswer:
        """Answer `envelope`; `action` is the one the request came with, if any.

        An [`InsiUnavailable`][ins.insi.InsiUnavailable] the client raises (a simulated outage) is
        not a SOAP answer: it propagates, for the caller to simulate.
        """
        incoming = self._read(envelope, action)
        if isinstance(incoming, InsiFault):
            return _fault(incoming, None)
        request, relates_to = incoming.request, incoming.message_id
        try:
            result = (
                self.client.search_by_traits(request)
                if isinstance(request, TraitsSearch)
                else self.client.search_with_vitale(request)
            )
        except InsiFault as fault:
            return _fault(fault, request, relates_to=relates_to)
        body = render_result(result, relates_to=relates_to)
        return SoapAnswer(body, result.code.value, None, request, result)

    def _read(self, envelope: bytes, action: str | None, /) -> InsiFault | ParsedRequest:
        """The fault for a request the endpoint must refuse, else the request read."""
        try:
            incoming = parse_request(envelope)
        except ForbiddenDeclaration:
            return request_fault(
                "mock_forbidden_dtd", "The request declares a DOCTYPE or an entity: refused."
            )
        except ActionMismatch as error:
            return request_fault("mock_action_mismatch", f"The request cannot be read: {error}")
        except InsiError as error:
            return request_fault("mock_malformed_request", f"The request cannot be read: {error}")
        except InsError:
            # Traits outside the INSi character set: INSi answers insi_102.
            return known_fault("insi_102")
        if action is not None and action not in ACTIONS:
            return request_fault("mock_unknown_action", f"Unknown SOAP action {action[:200]!r}.")
        if action is not None and action != incoming.action:
            return request_fault(
                "mock_action_mismatch",
                f"The action {action!r} does not match the request body ({incoming.action}).",
            )
        if self.strict_headers and (
            incoming.software is None or not incoming.software.idam.strip()
        ):
            return known_fault("desir_550")
        return incoming


def _fault(
    fault: InsiFault,
    request: TraitsSearch | VitaleSearch | None,
    /,
    *,
    relates_to: str | None = None,
) -> SoapAnswer:
    body = render_fault(fault, relates_to=relates_to)
    return SoapAnswer(body, f"{fault.subcode}/{fault.code}", fault, request, None)
