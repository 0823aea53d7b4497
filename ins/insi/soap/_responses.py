"""SOAP 1.2 responses of INSi: `RESULTAT` and SOAP Faults, read and written.

[`parse_result`][ins.insi.soap.parse_result] reads what INSi answers (docs/domain/insi.md, [PADOA]):
the children of `RESULTAT`, `INDIVIDU`, `INSACTIF`/`INSHISTO` and `TIQ` in any order, `INSHISTO`
once or several times, dates optional. A SOAP Fault raises [`InsiFault`][ins.insi.InsiFault] with
its `siram_NN` subcode and `siram:Erreur` code and severity. A response that is not well-formed,
declares a DOCTYPE or entities, exceeds 1 MB, or breaks the schema (a `NumIdentifiant` that is
not 13 characters, a `Cle` that is not 2 digits, a bad date, a missing `CR`) raises
[`InsiError`][ins.insi.InsiError]. Values are kept verbatim; what cannot become an INS or traits
is an anomaly of the result (`ins.insi._wire`).

[`render_result`][ins.insi.soap.render_result] and [`render_fault`][ins.insi.soap.render_fault]
write the same messages in schema order, for the in-memory transport and the HTTP mock server.

```pycon
>>> from ins.insi import known_fault
>>> parse_result(render_fault(known_fault("desir_550")))
Traceback (most recent call last):
...
ins.insi.InsiFault: INSi fault siram_100/desir_550 (erreur): L'accès par ce progiciel ...

```
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from ins.insi._errors import KNOWN_FAULTS, InsiError, InsiFault
from ins.insi._results import HistoricIns, Individual, InsiResult, ReturnedTraits
from ins.insi._wire import WireIns, make_result
from ins.insi.soap._xml import NS, child, child_text, children, parse_xml, required_child, serialize

__all__ = ["parse_result", "render_fault", "render_result"]

_NUMBER = re.compile(r"[0-9]{6}[0-9A-Za-z][0-9]{6}")
_KEY = re.compile(r"[0-9]{2}")
_XSD_DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")
_TIQ = (
    ("NomNaissance", "birth_name"),
    ("Prenom", "first_name"),
    ("ListePrenom", "first_names"),
    ("Sexe", "sex"),
    ("DateNaissance", "birth_date"),
    ("LieuNaissance", "birthplace"),
)


def _q(prefix: str, local: str) -> str:
    return f"{{{NS[prefix]}}}{local}"


def _r(local: str) -> str:
    return _q("insi", local)


# -- reading --------------------------------------------------------------------------------


def parse_result(xml: bytes, /) -> InsiResult:
    """The [`InsiResult`][ins.insi.InsiResult] of a response (a SOAP envelope, or a bare
    `RESULTAT`)."""
    root = parse_xml(xml, what="INSi response")
    if root.tag == _q("soap", "Envelope"):
        body = required_child(root, _q("soap", "Body"))
        fault = child(body, _q("soap", "Fault"), required=False)
        if fault is not None:
            raise _fault(fault)
        root = required_child(body, _r("RESULTAT"))
    if root.tag != _r("RESULTAT"):
        raise InsiError(f"The INSi response holds {root.tag!r}, not RESULTAT.")
    report = required_child(root, _r("CR"))
    code = (child_text(report, _r("CodeCR"), required=True) or "").strip()
    label = child_text(report, _r("LibelleCR"), required=True)
    individual = child(root, _r("INDIVIDU"), required=False)
    if individual is None:
        return make_result(code, label=label)
    tiq = required_child(individual, _r("TIQ"))
    return make_result(
        code,
        label=label,
        active=_wire(required_child(individual, _r("INSACTIF")), "INSACTIF"),
        history=[_wire(entry, "INSHISTO") for entry in children(individual, _r("INSHISTO"))],
        tiq=ReturnedTraits(**{field: child_text(tiq, _r(tag)) for tag, field in _TIQ}),
    )


def _wire(element: ET.Element, where: str) -> WireIns:
    identifier = required_child(element, _r("IdIndividu"))
    number = (child_text(identifier, _r("NumIdentifiant"), required=True) or "").strip()
    key = child_text(identifier, _r("Cle"))
    key = None if key is None else key.strip()
    if not _NUMBER.fullmatch(number):
        raise InsiError(f"{where}: NumIdentifiant does not have the 13 characters of a NIR.")
    if key is not None and not _KEY.fullmatch(key):
        raise InsiError(f"{where}: Cle is not two digits.")
    oid = child_text(element, _r("OID"))
    return WireIns(
        number,
        key,
        None if oid is None else oid.strip(),
        _date(child_text(element, _r("DateDeb")), where),
        _date(child_text(element, _r("DateFin")), where),
    )


def _date(text: str | None, where: str) -> dt.date | None:
    if text is None:
        return None
    found = _XSD_DATE.fullmatch(text.strip())
    try:
        if found is None:
            raise ValueError(text)
        return dt.date.fromisoformat(found.group(1))
    except ValueError:
        raise InsiError(f"{where}: {text.strip()[:20]!r} is not a date.") from None


def _fault(fault: ET.Element) -> InsiFault:
    code = child(fault, _q("soap", "Code"), required=False)
    value = subcode = None
    if code is not None:
        value = child_text(code, _q("soap", "Value"))
        sub = child(code, _q("soap", "Subcode"), required=False)
        subcode = None if sub is None else child_text(sub, _q("soap", "Value"))
    reason_element = child(fault, _q("soap", "Reason"), required=False)
    texts = [] if reason_element is None else children(reason_element, _q("soap", "Text"))
    reason = (texts[0].text or "") if texts else ""
    detail = child(fault, _q("soap", "Detail"), required=False)
    error = None if detail is None else child(detail, _q("siram", "Erreur"), required=False)
    return InsiFault(
        reason.strip() or "INSi returned a SOAP Fault without a reason.",
        subcode=_local(subcode or "unknown"),
        code="unknown" if error is None else error.get("code", "unknown"),
        severity="" if error is None else error.get("severite", ""),
        soap_code=_local(value or ""),
        detail="" if error is None else (error.text or "").strip(),
        message_id=None if error is None else error.get("messageID"),
    )


def _local(qname: str) -> str:
    return qname.strip().rpartition(":")[2]


# -- writing --------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _envelope(relates_to: str | None) -> tuple[ET.Element, ET.Element]:
    root = ET.Element(_q("soap", "Envelope"))
    header = _sub(root, _q("soap", "Header"))
    if relates_to is not None:
        _sub(header, _q("wsa", "RelatesTo"), relates_to)
    return root, _sub(root, _q("soap", "Body"))


def _write_ins(parent: ET.Element, tag: str, entry: Individual | HistoricIns) -> None:
    element = _sub(parent, _r(tag))
    identifier = _sub(element, _r("IdIndividu"))
    _sub(identifier, _r("NumIdentifiant"), entry.matricule_as_returned[:13])
    if len(entry.matricule_as_returned) > 13:
        _sub(identifier, _r("Cle"), entry.matricule_as_returned[13:])
    if entry.oid_as_returned is not None:
        _sub(element, _r("OID"), entry.oid_as_returned)
    if entry.start is not None:
        _sub(element, _r("DateDeb"), entry.start.isoformat())
    if entry.end is not None:
        _sub(element, _r("DateFin"), entry.end.isoformat())


def render_result(result: InsiResult, /, *, relates_to: str | None = None) -> bytes:
    """A SOAP 1.2 response holding `RESULTAT` for `result`, in schema order.

    `relates_to` (the request's `MessageID`) goes in a `wsa:RelatesTo` header.
    """
    root, body = _envelope(relates_to)
    resultat = _sub(body, _r("RESULTAT"))
    report = _sub(resultat, _r("CR"))
    _sub(report, _r("CodeCR"), result.code.value)
    _sub(report, _r("LibelleCR"), result.label)
    individual = result.individual
    if individual is not None:
        element = _sub(resultat, _r("INDIVIDU"))
        _write_ins(element, "INSACTIF", individual)
        for entry in individual.history:
            _write_ins(element, "INSHISTO", entry)
        tiq = _sub(element, _r("TIQ"))
        for tag, field in _TIQ:
            value = getattr(individual.returned_traits, field)
            if value is not None:
                _sub(tiq, _r(tag), value)
    return serialize(root)


def render_fault(fault: InsiFault, /, *, relates_to: str | None = None) -> bytes:
    """A SOAP 1.2 Fault as INSi sends it: `Code`/`Subcode`, `Reason`, `siram:Erreur`.

    `severite` is written as the fault has it: the captured `siram_40` faults say `fatal`,
    which the schema does not list (`fatale`), and the mock says it too (ADR 0058).
    """
    root, body = _envelope(relates_to)
    element = _sub(body, _q("soap", "Fault"))
    code = _sub(element, _q("soap", "Code"))
    _sub(code, _q("soap", "Value"), f"soap:{fault.soap_code}")
    _sub(_sub(code, _q("soap", "Subcode")), _q("soap", "Value"), f"soap:{fault.subcode}")
    reason = _sub(element, _q("soap", "Reason"))
    # The language INSi gives the Reason of this fault (``en`` for siram_40, ADR 0058).
    known = KNOWN_FAULTS.get(fault.code)
    _sub(reason, _q("soap", "Text"), fault.message).set(
        "{http://www.w3.org/XML/1998/namespace}lang", "fr" if known is None else known.lang
    )
    error = _sub(_sub(element, _q("soap", "Detail")), _q("siram", "Erreur"), fault.detail)
    error.set("severite", fault.severity)
    error.set("code", fault.code)
    if fault.message_id is not None:
        error.set("messageID", fault.message_id)
    return serialize(root)
