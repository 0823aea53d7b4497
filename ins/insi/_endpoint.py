"""The SOAP endpoint of the mock INSi server: one ``POST /lps`` turned into an INSi answer.

The request envelope is read by the SOAP layer, checked (client certificate, DTDs, the SOAP
``action``, ``IDAM`` with strict headers), asked to a :class:`~ins.insi.mock.MockInsi`, and
answered with the ``RESULTAT`` or with a SOAP Fault and HTTP 500, as INSi does for every fault
(domain.md 6.1 and 6.3). A request the mock cannot read gets a ``soap:Sender`` fault with the
subcode ``mock_invalid_request`` (ADR 0070). Planned time-outs and outages are simulated here.

>>> fault = request_fault("mock_forbidden_dtd", "The request declares a DOCTYPE: refused.")
>>> fault.subcode, fault.code
('mock_invalid_request', 'mock_forbidden_dtd')
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import time
from email.message import Message
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from ins.errors import InsError, mask
from ins.insi.envelopes import TRAITS_ACTION, VITALE_ACTION, ParsedRequest, parse_request
from ins.insi.errors import ActionMismatch, InsiError, InsiFault, InsiTimeout, known_fault
from ins.insi.models import TraitsSearch, VitaleSearch
from ins.insi.responses import render_fault, render_result

if TYPE_CHECKING:
    from ins.insi._handler import Handler

__all__ = [
    "ACTIONS",
    "ALLOWED_CLIENT_NAMES",
    "LPS_PATH",
    "REQUEST_FAULT_SUBCODE",
    "SOAP_CONTENT_TYPE",
    "answer_soap",
    "request_fault",
]

LPS_PATH = "/lps"
#: Subcode of the faults answering a request the mock cannot read (ADR 0070).
REQUEST_FAULT_SUBCODE = "mock_invalid_request"
SOAP_CONTENT_TYPE = "application/soap+xml; charset=utf-8"
#: Operation name of each SOAP action.
ACTIONS = {TRAITS_ACTION: "search_by_traits", VITALE_ACTION: "search_with_vitale"}
#: Common names of the INSi test certificates (authentication: automatic or manual access).
ALLOWED_CLIENT_NAMES = frozenset({"INSI-AUTO", "INSI-MANU"})


def request_fault(code: str, message: str, /) -> InsiFault:
    """The ``soap:Sender`` fault the mock sends for a request it cannot read (ADR 0070).

    >>> fault = request_fault("mock_malformed_xml", "The request is not well-formed XML.")
    >>> fault.soap_code, fault.subcode, fault.code, fault.severity
    ('Sender', 'mock_invalid_request', 'mock_malformed_xml', 'erreur')
    """
    return InsiFault(
        message,
        subcode=REQUEST_FAULT_SUBCODE,
        code=code,
        severity="erreur",
        soap_code="Sender",
        detail=message,
    )


def answer_soap(handler: Handler, /) -> None:
    """Answer one ``POST /lps``: a ``RESULTAT``, a SOAP Fault, or a simulated outage."""
    message = Message()
    message["Content-Type"] = handler.headers.get("Content-Type", "")
    if message.get_content_type() != "application/soap+xml":
        handler.text(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "INSi speaks SOAP 1.2: send Content-Type application/soap+xml.",
        )
        return
    body = handler.read_body()
    if body is None:
        return
    action = message.get_param("action")
    incoming = _refusal(handler, body, action if isinstance(action, str) else None)
    if isinstance(incoming, InsiFault):
        _fault(handler, incoming)
        return
    request, relates_to = incoming.request, incoming.message_id
    handler.note.update(operation=ACTIONS[incoming.action], request=_summary(request))
    insi = handler.server.insi
    try:
        result = (
            insi.search_by_traits(request)
            if isinstance(request, TraitsSearch)
            else insi.search_with_vitale(request)
        )
    except InsiFault as error:
        _fault(handler, error, relates_to=relates_to)
        return
    except InsiTimeout:
        _hang(handler)
        return
    except InsiError:
        _drop(handler, "simulated_unavailable")
        return
    handler.note["outcome"] = result.code.value
    if result.individual is not None:
        handler.note["matricule"] = mask(result.individual.matricule_as_returned)
    handler.send_body(
        HTTPStatus.OK, render_result(result, relates_to=relates_to), SOAP_CONTENT_TYPE
    )


def _refusal(handler: Handler, body: bytes, action: str | None, /) -> InsiFault | ParsedRequest:
    """The fault for a request the mock must refuse, else the operation and request."""
    server = handler.server
    if server.require_client_cert:
        names = _common_names(handler.connection)
        handler.note["client_cn"] = ", ".join(names) or None
        if not ALLOWED_CLIENT_NAMES.intersection(names):
            return known_fault("DESIR_560")
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        return request_fault(
            "mock_forbidden_dtd", "The request declares a DOCTYPE or an entity: refused."
        )
    try:
        incoming = parse_request(body)
    except ActionMismatch as error:
        return request_fault("mock_action_mismatch", f"The request cannot be read: {error}")
    except InsiError as error:
        return request_fault("mock_malformed_request", f"The request cannot be read: {error}")
    except InsError:
        # Traits outside the INSi character set: INSi answers insi_102 ([PADOA]), and so
        # does the in-memory MockTransport.
        return known_fault("insi_102")
    if action is not None and action not in ACTIONS:
        return request_fault("mock_unknown_action", f"Unknown SOAP action {action!r}.")
    if action is not None and action != incoming.action:
        return request_fault(
            "mock_action_mismatch",
            f"The action {action!r} does not match the request body ({incoming.action}).",
        )
    if server.strict_headers and (incoming.software is None or not incoming.software.idam.strip()):
        return known_fault("desir_550")
    return incoming


def _fault(handler: Handler, fault: InsiFault, /, *, relates_to: str | None = None) -> None:
    handler.note["outcome"] = f"{fault.subcode}/{fault.code}"
    answer = render_fault(fault, relates_to=relates_to)
    handler.send_body(HTTPStatus.INTERNAL_SERVER_ERROR, answer, SOAP_CONTENT_TYPE)


def _hang(handler: Handler, /) -> None:
    """Simulate a time-out: say nothing until the client gives up (bounded), then close."""
    server = handler.server
    deadline = time.monotonic() + 6 * server.request_timeout
    with contextlib.suppress(OSError):
        while time.monotonic() < deadline and not server.stopping.is_set():
            readable, _, _ = select.select([handler.connection], [], [], 0.2)
            if readable and not handler.connection.recv(1024):
                break  # the client closed: it gave up
    _drop(handler, "simulated_timeout")


def _drop(handler: Handler, outcome: str, /) -> None:
    """Close the connection without an answer (a simulated outage)."""
    handler.note["outcome"] = outcome
    handler.close_connection = True
    handler.log_request("-")
    with contextlib.suppress(OSError):
        handler.connection.shutdown(socket.SHUT_RDWR)


def _summary(request: TraitsSearch | VitaleSearch, /) -> dict[str, object]:
    """The request as the history shows it: traits as sent, matricules masked."""
    values = request.model_dump(mode="json", exclude_none=True)
    return {
        name: mask(str(value)) if name.endswith("matricule") else value
        for name, value in values.items()
    }


def _common_names(connection: object, /) -> list[str]:
    peer: Any = connection.getpeercert() if isinstance(connection, ssl.SSLSocket) else None
    subject: Any = (peer or {}).get("subject", ())
    return [value for rdn in subject for key, value in rdn if key == "commonName"]
