"""SOAP 1.2 request envelopes of the two INSi searches: build them, and read them back.

Wire facts of WSDL `DESIR_ICIR_EXP_1.5.0` (docs/domain/insi.md#wire-facts, [PADOA]): headers
WS-Addressing `MessageID` and `Action`, `wsse:Security` (the card holder's or the Pro Santé
Connect assertion; left out with mutual TLS, as the schema requires an assertion inside),
`ctxbam:ContexteBAM` (`Version="01_02"`) and
`ctxlps:ContexteLPS` (`Nature="CTXLPS" Version="01_00"`, with the software identity: IDAM
authorisation number, version, instance, name). Bodies in schema order: `RECSANSVITALE`
(NomNaissance, Prenom, Sexe, DateNaissance, LieuNaissance) and `RECVITALE`
(MatriculeIndividu, MatriculeOD, NomNaissance, DateNaissance, RangNaissance).

[`parse_request`][ins.insi.soap.parse_request] reads an envelope back (any child order), for the
in-memory transport and the HTTP mock server; it refuses what `ins.insi.soap._xml.parse_xml`
refuses.

```pycon
>>> request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> envelope = build_traits_request(request, software=SoftwareIdentity(idam="ID42", name="demo",
...                                                                    version="1.0"))
>>> parsed = parse_request(envelope)
>>> parsed.action == TRAITS_ACTION, parsed.request == request, parsed.software.idam
(True, True, 'ID42')

```
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from typing import NamedTuple, TypeVar

from pydantic import ConfigDict, ValidationError

from ins._pydantic import trait_error
from ins._records import Record, masked_repr
from ins.insi._errors import ActionMismatch, InsiError
from ins.insi._requests import TraitsSearch, VitaleSearch
from ins.insi.soap._xml import NS, child, child_text, children, parse_xml, required_child, serialize

__all__ = [
    "TRAITS_ACTION",
    "VITALE_ACTION",
    "ParsedRequest",
    "SoftwareIdentity",
    "build_traits_request",
    "build_vitale_request",
    "parse_request",
]

TRAITS_ACTION = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite"
VITALE_ACTION = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecCarteVitale"


def _q(prefix: str, local: str) -> str:
    return f"{{{NS[prefix]}}}{local}"


class SoftwareIdentity(Record):
    """The software in `ContexteLPS`: IDAM authorisation number, name, version, instance."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    idam: str
    name: str
    version: str
    instance: str | None = None
    emitter: str | None = None


#: Used when no identity is given: fine for the mock, refused by the real INSi (`desir_550`).
UNREGISTERED = SoftwareIdentity(idam="UNREGISTERED", name="ins", version="0")


class ParsedRequest(NamedTuple):
    """A request envelope read back: action, message id, request, software, assertion."""

    action: str
    message_id: str | None
    request: TraitsSearch | VitaleSearch
    software: SoftwareIdentity | None
    assertion: bytes | None

    def __repr__(self) -> str:
        return masked_repr(self)


def _sub(parent: ET.Element, prefix: str, local: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, _q(prefix, local))
    if text is not None:
        element.text = text
    return element


def _envelope(
    action: str,
    *,
    software: SoftwareIdentity,
    assertion: bytes | None,
    message_id: str | None,
    now: dt.datetime | None,
) -> tuple[ET.Element, ET.Element]:
    message = message_id or f"uuid:{uuid.uuid4()}"
    context_id = message.removeprefix("uuid:")
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    stamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    root = ET.Element(_q("soap", "Envelope"))
    header = _sub(root, "soap", "Header")
    _sub(header, "wsa", "MessageID", message)
    _sub(header, "wsa", "Action", action)
    if assertion is not None:
        # With mutual TLS there is no assertion, and no header: the schema requires at least
        # one assertion in wsse:Security, so an empty one is invalid (ADR 0058).
        _sub(header, "wsse", "Security").append(
            parse_xml(assertion, what="authentication assertion")
        )
    bam = _sub(header, "ctxbam", "ContexteBAM")
    bam.set("Version", "01_02")
    _sub(bam, "ctxbam", "Id", context_id)
    _sub(bam, "ctxbam", "Temps", stamp)
    if software.emitter is not None:
        _sub(bam, "ctxbam", "Emetteur", software.emitter)
    _sub(bam, "ctxbam", "COUVERTURE")
    lps = _sub(header, "ctxlps", "ContexteLPS")
    lps.set("Nature", "CTXLPS")
    lps.set("Version", "01_00")
    _sub(lps, "ctxlps", "Id", context_id)
    _sub(lps, "ctxlps", "Temps", stamp)
    if software.emitter is not None:
        _sub(lps, "ctxlps", "Emetteur", software.emitter)
    block = _sub(lps, "ctxlps", "LPS")
    _sub(block, "ctxlps", "IDAM", software.idam).set("R", "4")
    _sub(block, "ctxlps", "Version", software.version)
    if software.instance is not None:
        _sub(block, "ctxlps", "Instance", software.instance)
    _sub(block, "ctxlps", "Nom", software.name)
    return root, _sub(root, "soap", "Body")


def build_traits_request(
    request: TraitsSearch,
    /,
    *,
    software: SoftwareIdentity = UNREGISTERED,
    assertion: bytes | None = None,
    message_id: str | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The `rechercherInsAvecTraitsIdentite` envelope for `request`.

    `assertion` (XML bytes, e.g. a SAML assertion) goes into `wsse:Security`, which is left
    out without one (mutual TLS);
    `message_id` defaults to a random `uuid:`; `now` (UTC) stamps the contexts.
    """
    root, body = _envelope(
        TRAITS_ACTION, software=software, assertion=assertion, message_id=message_id, now=now
    )
    search = _sub(body, "recsans", "RECSANSVITALE")
    _sub(search, "recsans", "NomNaissance", request.birth_name)
    _sub(search, "recsans", "Prenom", request.first_names)
    _sub(search, "recsans", "Sexe", request.sex.value)
    _sub(search, "recsans", "DateNaissance", request.birth_date)
    if request.birthplace is not None:
        _sub(search, "recsans", "LieuNaissance", str(request.birthplace))
    return serialize(root)


def build_vitale_request(
    request: VitaleSearch,
    /,
    *,
    software: SoftwareIdentity = UNREGISTERED,
    assertion: bytes | None = None,
    message_id: str | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The `rechercherInsAvecCarteVitale` envelope for `request` (options as above)."""
    root, body = _envelope(
        VITALE_ACTION, software=software, assertion=assertion, message_id=message_id, now=now
    )
    search = _sub(body, "recvit", "RECVITALE")
    for local, matricule in (
        ("MatriculeIndividu", request.individual_matricule),
        ("MatriculeOD", request.holder_matricule),
    ):
        if matricule is not None:
            element = _sub(search, "recvit", local)
            _sub(element, "recvit", "NumIdentifiant", matricule[:13])
            _sub(element, "recvit", "Cle", matricule[13:])
    if request.birth_name is not None:
        _sub(search, "recvit", "NomNaissance", request.birth_name)
    _sub(search, "recvit", "DateNaissance", request.birth_date)
    _sub(search, "recvit", "RangNaissance", str(request.birth_rank))
    return serialize(root)


def parse_request(envelope: bytes, /) -> ParsedRequest:
    """Read a request envelope built by any client (children in any order).

    Raises [`InsiError`][ins.insi.InsiError] for refused or malformed XML
    ([`ActionMismatch`][ins.insi.ActionMismatch] when the `wsa:Action` header does not match the
    body), and [`ins.errors.InvalidTrait`][ins.InvalidTrait] when the traits are outside the INSi
    character set.
    """
    root = parse_xml(envelope, what="request")
    if root.tag != _q("soap", "Envelope"):
        raise InsiError("The request is not a SOAP 1.2 envelope.")
    header = child(root, _q("soap", "Header"), required=False)
    body = required_child(root, _q("soap", "Body"))
    action = message_id = None
    software = assertion = None
    if header is not None:
        action = child_text(header, _q("wsa", "Action"))
        message_id = child_text(header, _q("wsa", "MessageID"))
        software = _software(header)
        security = child(header, _q("wsse", "Security"), required=False)
        if security is not None and len(security):
            assertion = serialize(security[0])
    content = list(body)
    if len(content) != 1:
        raise InsiError(f"The request body holds {len(content)} elements: one expected.")
    search = content[0]
    request: TraitsSearch | VitaleSearch
    if search.tag == _q("recsans", "RECSANSVITALE"):
        expected, request = TRAITS_ACTION, _traits_search(search)
    elif search.tag == _q("recvit", "RECVITALE"):
        expected, request = VITALE_ACTION, _vitale_search(search)
    else:
        raise InsiError(f"The request body holds an unknown operation {search.tag!r}.")
    if action is not None and action != expected:
        raise ActionMismatch(f"The action {action!r} does not match the request body ({expected}).")
    return ParsedRequest(expected, message_id, request, software, assertion)


def _software(header: ET.Element) -> SoftwareIdentity | None:
    lps = child(header, _q("ctxlps", "ContexteLPS"), required=False)
    block = None if lps is None else child(lps, _q("ctxlps", "LPS"), required=False)
    if lps is None or block is None:
        return None
    return SoftwareIdentity(
        idam=child_text(block, _q("ctxlps", "IDAM")) or "",
        name=child_text(block, _q("ctxlps", "Nom")) or "",
        version=child_text(block, _q("ctxlps", "Version")) or "",
        instance=child_text(block, _q("ctxlps", "Instance")),
        emitter=child_text(lps, _q("ctxlps", "Emetteur")),
    )


_R = TypeVar("_R", TraitsSearch, VitaleSearch)


def _request(kind: type[_R], /, **fields: object) -> _R:
    """The request read from an envelope; traits outside the INSi set raise InvalidTrait."""
    try:
        return kind.model_validate(fields)
    except ValidationError as error:
        raise trait_error(error, whole="request") from None


def _traits_search(search: ET.Element) -> TraitsSearch:
    first_names = [element.text or "" for element in children(search, _q("recsans", "Prenom"))]
    return _request(
        TraitsSearch,
        birth_name=child_text(search, _q("recsans", "NomNaissance"), required=True),
        first_names=" ".join(first_names) if first_names else None,
        sex=child_text(search, _q("recsans", "Sexe"), required=True),
        birth_date=child_text(search, _q("recsans", "DateNaissance"), required=True),
        birthplace=child_text(search, _q("recsans", "LieuNaissance")),
    )


def _vitale_search(search: ET.Element) -> VitaleSearch:
    def matricule(local: str) -> str | None:
        element = child(search, _q("recvit", local), required=False)
        if element is None:
            return None
        number = child_text(element, _q("recvit", "NumIdentifiant"), required=True) or ""
        return number + (child_text(element, _q("recvit", "Cle")) or "")

    rank = child_text(search, _q("recvit", "RangNaissance"))
    return _request(
        VitaleSearch,
        individual_matricule=matricule("MatriculeIndividu"),
        holder_matricule=matricule("MatriculeOD"),
        birth_name=child_text(search, _q("recvit", "NomNaissance")),
        birth_date=child_text(search, _q("recvit", "DateNaissance"), required=True),
        birth_rank=1 if rank is None else rank,
    )
