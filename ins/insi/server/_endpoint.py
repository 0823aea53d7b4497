"""The SOAP endpoint of the mock INSi server: one `POST /lps` turned into a
[`Reply`][ins.insi.server.Reply].

HTTP around [`ins.insi.soap.SoapEndpoint`][ins.insi.soap.SoapEndpoint]: the content type must be
SOAP 1.2 (`application/soap+xml`, else 415), its `action` parameter goes to the endpoint, a
client certificate whose common name is neither `INSI-AUTO` nor `INSI-MANU` gets `DESIR_560`
(mutual TLS), and the answer is the `RESULTAT` with HTTP 200 or a SOAP Fault with HTTP 500, as
INSi does for every fault. A time-out or an outage planned on the mock is simulated: no answer.

```pycon
>>> from email.message import Message
>>> from ins.insi.mock import MockInsi
>>> headers = Message()
>>> headers["Content-Type"] = "text/xml"
>>> incoming = Incoming("POST", "/lps", headers, lambda: b"")
>>> answer_soap(incoming, endpoint=SoapEndpoint(MockInsi())).status
<HTTPStatus.UNSUPPORTED_MEDIA_TYPE: 415>

```
"""

from __future__ import annotations

from email.message import Message
from http import HTTPStatus

from ins.errors import mask
from ins.insi._errors import InsiError, InsiFault, InsiTimeout, known_fault
from ins.insi._requests import TraitsSearch, VitaleSearch
from ins.insi.server._reply import Incoming, Reply
from ins.insi.soap._endpoint import SoapEndpoint
from ins.insi.soap._responses import render_fault

__all__ = ["ALLOWED_CLIENT_NAMES", "LPS_PATH", "SOAP_CONTENT_TYPE", "answer_soap"]

LPS_PATH = "/lps"
SOAP_CONTENT_TYPE = "application/soap+xml; charset=utf-8"
#: Common names of the INSi test certificates (authentication: automatic or manual access).
ALLOWED_CLIENT_NAMES = frozenset({"INSI-AUTO", "INSI-MANU"})


def answer_soap(incoming: Incoming, /, *, endpoint: SoapEndpoint) -> Reply:
    """Answer one `POST /lps`: a `RESULTAT`, a SOAP Fault, or a simulated outage."""
    content_type = Message()
    content_type["Content-Type"] = incoming.header("Content-Type")
    if content_type.get_content_type() != "application/soap+xml":
        return Reply.text(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "INSi speaks SOAP 1.2: send Content-Type application/soap+xml.",
        )
    body = incoming.read_body()
    if isinstance(body, Reply):
        return body
    names = incoming.client_names
    note: dict[str, object] = {}
    if names is not None:
        note["client_cn"] = ", ".join(names) or None
        if not ALLOWED_CLIENT_NAMES.intersection(names):
            return _fault(known_fault("DESIR_560")).noting(**note)
    action = content_type.get_param("action")
    try:
        answer = endpoint.answer(body, action=action if isinstance(action, str) else None)
    except InsiTimeout:
        return Reply.nothing("simulated_timeout", hang=True).noting(**note)
    except InsiError:
        return Reply.nothing("simulated_unavailable").noting(**note)
    note["outcome"] = answer.outcome
    if answer.request is not None:
        note.update(operation=answer.operation, request=_summary(answer.request))
    if answer.result is None:  # a SOAP Fault
        return Reply(HTTPStatus.INTERNAL_SERVER_ERROR, answer.body, SOAP_CONTENT_TYPE, note=note)
    if answer.result.individual is not None:
        note["matricule"] = mask(answer.result.individual.matricule_as_returned)
    return Reply(HTTPStatus.OK, answer.body, SOAP_CONTENT_TYPE, note=note)


def _fault(fault: InsiFault, /) -> Reply:
    return Reply(
        HTTPStatus.INTERNAL_SERVER_ERROR,
        render_fault(fault),
        SOAP_CONTENT_TYPE,
        note={"outcome": f"{fault.subcode}/{fault.code}"},
    )


def _summary(request: TraitsSearch | VitaleSearch, /) -> dict[str, object]:
    """The request as the history shows it: traits as sent, matricules masked."""
    values = request.model_dump(mode="json", exclude_none=True)
    return {
        name: mask(str(value)) if name.endswith("matricule") else value
        for name, value in values.items()
    }
