"""XML plumbing of the INSi SOAP layer: namespaces, a guarded parser, a small serialiser.

Responses come from the network: :func:`parse_xml` refuses more than :data:`MAX_BYTES`, and any
document type or entity declaration (no external entities, no entity expansion: XXE and
"billion laughs"), first by a byte scan, then by an expat pass that raises on such a
declaration whatever the encoding; only then does :mod:`xml.etree` build the tree.
:func:`serialize` writes a tree with fixed prefixes without touching ElementTree's global
namespace registry.

>>> root = parse_xml(b'<a xmlns="urn:x"><b>1</b></a>', what="test")
>>> root.tag, child_text(root, "{urn:x}b")
('{urn:x}a', '1')
>>> parse_xml(b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', what="test")
Traceback (most recent call last):
...
ins.insi.ForbiddenDeclaration: The test declares a document type or entities: refused (XXE, ...
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat
from xml.sax.saxutils import escape

from ins.insi._errors import ForbiddenDeclaration, InsiError

__all__ = [
    "MAX_BYTES",
    "NS",
    "child",
    "child_text",
    "children",
    "parse_xml",
    "required_child",
    "serialize",
]

#: Largest document accepted (domain.md 6.1: 1 MB).
MAX_BYTES = 1_048_576

#: The namespaces of INSi 1.5.0 (domain.md 6.1) by the prefix we write.
NS: dict[str, str] = {
    "soap": "http://www.w3.org/2003/05/soap-envelope",
    "wsa": "http://www.w3.org/2005/08/addressing",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "ctxbam": "urn:siram:bam:ctxbam",
    "ctxlps": "urn:siram:lps:ctxlps",
    "siram": "urn:siram",
    "recsans": "http://www.cnamts.fr/INSiRecSans",
    "recvit": "http://www.cnamts.fr/INSiRecVit",
    "insi": "http://www.cnamts.fr/INSiResultat",
}
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


def _refuse(*_: object) -> int:
    raise _Declared


class _Declared(Exception):
    pass


def parse_xml(data: bytes, /, *, what: str) -> ET.Element:
    """The root of ``data``; raises :class:`InsiError` naming ``what`` when it is refused."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InsiError(f"The {what} must be bytes, not {type(data).__name__}.")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise InsiError(f"The {what} is larger than {MAX_BYTES} bytes: refused.")
    declared = ForbiddenDeclaration(
        f"The {what} declares a document type or entities: refused (XXE, entity expansion)."
    )
    if any(marker in data for marker in _DECLARATIONS):
        raise declared
    guard = expat.ParserCreate()
    guard.StartDoctypeDeclHandler = _refuse
    guard.EntityDeclHandler = _refuse
    guard.UnparsedEntityDeclHandler = _refuse
    guard.ExternalEntityRefHandler = _refuse
    try:
        guard.Parse(data, True)
    except _Declared:
        raise declared from None
    except expat.ExpatError as error:
        raise InsiError(f"The {what} is not well-formed XML ({error}).") from None
    # Checked above: no DTD, no entity declaration, size bounded.
    return ET.fromstring(data)  # noqa: S314


def child(parent: ET.Element, tag: str, /, *, required: bool = True) -> ET.Element | None:
    """The only child ``tag`` of ``parent`` (any position); a duplicate is malformed."""
    found = parent.findall(tag)
    if not found and not required:
        return None
    if len(found) != 1:
        raise InsiError(
            f"{_local(parent.tag)} has {len(found)} {_local(tag)} elements: one expected."
        )
    return found[0]


def required_child(parent: ET.Element, tag: str, /) -> ET.Element:
    """The only child ``tag`` of ``parent``; its absence or a duplicate is malformed."""
    found = parent.findall(tag)
    if len(found) != 1:
        raise InsiError(
            f"{_local(parent.tag)} has {len(found)} {_local(tag)} elements: one expected."
        )
    return found[0]


def children(parent: ET.Element, tag: str, /) -> list[ET.Element]:
    """Every child ``tag`` of ``parent``, in document order."""
    return parent.findall(tag)


def child_text(parent: ET.Element, tag: str, /, *, required: bool = False) -> str | None:
    """The text of the only child ``tag`` (``""`` when empty, ``None`` when absent)."""
    element = child(parent, tag, required=required)
    if element is None:
        return None
    if len(element):
        raise InsiError(f"{_local(tag)} must hold text, not elements.")
    return element.text or ""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def serialize(root: ET.Element, /) -> bytes:
    """UTF-8 XML for ``root``, declaring every namespace on the root with our prefixes."""
    prefixes = {uri: prefix for prefix, uri in NS.items()}
    used: dict[str, str] = {}

    def name(tag: str) -> str:
        if not tag.startswith("{"):
            return tag
        uri, _, local = tag[1:].partition("}")
        if uri == _XML_NS:
            return f"xml:{local}"
        if uri not in used:
            used[uri] = prefixes.get(uri, f"ns{len(used)}")
        return f"{used[uri]}:{local}"

    parts: list[str] = []

    def write(element: ET.Element) -> None:
        parts.append(f"<{name(element.tag)}")
        for key, value in element.attrib.items():
            parts.append(f' {name(key)}="{escape(value, {chr(34): "&quot;"})}"')
        if len(element) == 0 and not element.text:
            parts.append("/>")
            return
        parts.append(">")
        if element.text:
            parts.append(escape(element.text))
        for item in element:
            write(item)
            if item.tail:
                parts.append(escape(item.tail))
        parts.append(f"</{name(element.tag)}>")

    write(root)
    declarations = "".join(f' xmlns:{prefix}="{uri}"' for uri, prefix in used.items())
    parts[0] += declarations  # parts[0] is "<prefix:Root", attributes come after
    return ('<?xml version="1.0" encoding="UTF-8"?>' + "".join(parts)).encode("utf-8")
