"""`ins.insi.soap`: the INSi wire format, SOAP 1.2 (WSDL `DESIR_ICIR_EXP_1.5.0`).

- the client side: [`SoapInsi`][ins.insi.soap.SoapInsi] implements
  [`ins.insi.InsiClient`][ins.insi.InsiClient] over a [`Transport`][ins.insi.soap.Transport] (one
  method, `send(envelope, /, *, action) -> bytes`):
  [`HttpTransport`][ins.insi.soap.HttpTransport] for a real endpoint (HTTP or HTTPS with mutual
  TLS), or [`MockTransport`][ins.insi.soap.MockTransport], which hands each envelope to a
  function;
- the server side: [`SoapEndpoint`][ins.insi.soap.SoapEndpoint] puts any INSi client behind the wire
  format (the mock INSi server and the offline wire path use it);
- the messages: [`build_traits_request`][ins.insi.soap.build_traits_request],
  [`build_vitale_request`][ins.insi.soap.build_vitale_request],
  [`parse_request`][ins.insi.soap.parse_request]; [`parse_result`][ins.insi.soap.parse_result],
  [`render_result`][ins.insi.soap.render_result], [`render_fault`][ins.insi.soap.render_fault],
  all behind a guarded XML parser (no DOCTYPE, no entities, at most `MAX_BYTES`, nested at most
  `MAX_DEPTH` deep).

```pycon
>>> from ins.insi import TraitsSearch
>>> from ins.insi.mock import MockInsi
>>> client = SoapInsi(MockTransport(SoapEndpoint(MockInsi.with_test_identities())))
>>> request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> client.search_by_traits(request).ins.is_test
False

```
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
