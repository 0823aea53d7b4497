"""``ins.insi.soap``: the INSi wire format, SOAP 1.2 (WSDL ``DESIR_ICIR_EXP_1.5.0``).

- the client side: :class:`SoapInsi` implements :class:`ins.insi.InsiClient` over a
  :class:`Transport` (one method, ``send(envelope, /, *, action) -> bytes``):
  :class:`HttpTransport` for a real endpoint (HTTP or HTTPS with mutual TLS), or
  :class:`MockTransport`, which hands each envelope to a function;
- the server side: :class:`SoapEndpoint` puts any INSi client behind the wire format (the mock
  INSi server and the offline wire path use it);
- the messages: :func:`build_traits_request`, :func:`build_vitale_request`,
  :func:`parse_request`; :func:`parse_result`, :func:`render_result`, :func:`render_fault`, all
  behind a guarded XML parser (no DOCTYPE, no entities, at most :data:`MAX_BYTES`, nested at
  most :data:`MAX_DEPTH` deep).

>>> from ins.insi import TraitsSearch
>>> from ins.insi.mock import MockInsi
>>> client = SoapInsi(MockTransport(SoapEndpoint(MockInsi.with_test_identities())))
>>> request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> client.search_by_traits(request).ins.is_test
False
"""

from __future__ import annotations

from ins.insi.soap._client import Handler, MockTransport, SoapInsi, Transport
from ins.insi.soap._endpoint import (
    ACTIONS,
    REQUEST_FAULT_SUBCODE,
    SoapAnswer,
    SoapEndpoint,
    request_fault,
)
from ins.insi.soap._envelopes import (
    TRAITS_ACTION,
    UNREGISTERED,
    VITALE_ACTION,
    ParsedRequest,
    SoftwareIdentity,
    build_traits_request,
    build_vitale_request,
    parse_request,
)
from ins.insi.soap._http import MAX_RESPONSE_BYTES, HttpTransport, soap_content_type
from ins.insi.soap._responses import parse_result, render_fault, render_result
from ins.insi.soap._xml import MAX_BYTES, MAX_DEPTH

__all__ = [
    "ACTIONS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_RESPONSE_BYTES",
    "REQUEST_FAULT_SUBCODE",
    "TRAITS_ACTION",
    "UNREGISTERED",
    "VITALE_ACTION",
    "Handler",
    "HttpTransport",
    "MockTransport",
    "ParsedRequest",
    "SoapAnswer",
    "SoapEndpoint",
    "SoapInsi",
    "SoftwareIdentity",
    "Transport",
    "build_traits_request",
    "build_vitale_request",
    "parse_request",
    "parse_result",
    "render_fault",
    "render_result",
    "request_fault",
    "soap_content_type",
]
