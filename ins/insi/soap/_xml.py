"""XML plumbing of the INSi SOAP layer: namespaces, a guarded parser, a small serialiser.

Responses come from the network, and requests too on the mock server. `parse_xml` refuses
more than `MAX_BYTES`, any document type or entity declaration (no external entities, no
entity expansion: XXE and "billion laughs") in whatever encoding it is written, elements nested
deeper than `MAX_DEPTH`, and anything expat cannot read (not well-formed, an unbound
namespace prefix, an encoding it does not support), in one namespace-aware expat pass before
ElementTree builds the tree; every refusal is an [`InsiError`][ins.insi.InsiError] (ADR 0044,
ADR 0100). `serialize` writes a tree with fixed
prefixes without touching ElementTree's global namespace registry.

```pycon
>>> root = parse_xml(b'<a xmlns="urn:x"><b>1</b></a>', what="test")
>>> root.tag, child_text(root, "{urn:x}b")
('{urn:x}a', '1')
>>> parse_xml(b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', what="test")
Traceback (most recent call last):
...
ins.insi.ForbiddenDeclaration: The test declares a document type or entities: refused (XXE, ...
>>> parse_xml(b"<a:b/>", what="test")
Traceback (most recent call last):
...
ins.insi.InsiError: The test is not well-formed XML (unbound prefix: line 1, column 0).

```
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat
from xml.sax.saxutils import escape

from ins.insi._errors import ForbiddenDeclaration, InsiError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "NS",
    "child",
    "child_text",
    "children",
    "parse_xml",
    "required_child",
    "serialize",
]

#: Largest document accepted (docs/domain/insi.md#xml-safety: 1 MB).
MAX_BYTES = 1_048_576

#: Deepest nesting of elements accepted. An INSi message is about 8 deep and a SAML assertion in
#: `wsse:Security` about 12 more; a deeper document is an attack on recursive code (ADR 0100).
MAX_DEPTH = 64

#: The namespaces of INSi 1.5.0 (docs/domain/insi.md#namespaces-and-actions) by the prefix we write.
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
# A declaration, whatever its case (``<!doctype`` is not XML, but it is not an answer either).
_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(r"""encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
# The encodings a document that expat refused may still be written in (BOM-less UTF-16/32
# included): it is decoded in each to look for a declaration, so that the refusal says why.
_FALLBACK_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


class _Declared(Exception):
    pass


class _TooDeep(Exception):
    pass


def _refuse(*_: object) -> int:
    raise _Declared


def parse_xml(data: bytes, /, *, what: str) -> ET.Element:
    """The root of `data`; raises [`InsiError`][ins.insi.InsiError] naming `what` when it is refused
    ([`ForbiddenDeclaration`][ins.insi.ForbiddenDeclaration] for a document type or entity
    declaration)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InsiError(f"The {what} must be bytes, not {type(data).__name__}.")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise InsiError(f"The {what} is larger than {MAX_BYTES} bytes: refused.")
    declared = ForbiddenDeclaration(
        f"The {what} declares a document type or entities: refused (XXE, entity expansion)."
    )
    guard = expat.ParserCreate(namespace_separator="}")
    guard.StartDoctypeDeclHandler = _refuse
    guard.EntityDeclHandler = _refuse
    guard.UnparsedEntityDeclHandler = _refuse
    guard.ExternalEntityRefHandler = _refuse
    depth = 0

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _TooDeep

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    guard.StartElementHandler = start
    guard.EndElementHandler = end
    try:
        # The guard pass checks, then ElementTree's C parser (expat with the same options)
        # builds the tree: two C passes cost less than building the tree from Python callbacks
        # (tests/benchmarks/bench_insi.py, ADR 0100).
        guard.Parse(data, True)
        return ET.fromstring(data)  # noqa: S314 - checked above: no DTD, no entity, bounded
    except _Declared:
        raise declared from None
    except _TooDeep:
        raise InsiError(f"The {what} nests elements more than {MAX_DEPTH} deep: refused.") from None
    # ExpatError: not well-formed, unbound prefix...; ValueError (UnicodeError among them) and
    # LookupError: an encoding expat cannot use (multi-byte, unknown, not a text encoding).
    except (expat.ExpatError, ValueError, LookupError) as error:
        if _declares(data):
            raise declared from None
        raise InsiError(f"The {what} is not well-formed XML ({error}).") from None


def _declares(data: bytes) -> bool:
    """True when `data`, which expat refused, holds a declaration in some encoding it could
    be written in (a lower-case `<!doctype`, a UTF-16 document, an escaped one...)."""
    encodings = list(_FALLBACK_ENCODINGS)
    for encoding in _FALLBACK_ENCODINGS:
        found = _ENCODING.search(data[:400].decode(encoding, "ignore"))
        if found is not None:
            encodings.append(found.group(1))
    for encoding in encodings:
        try:
            text = data.decode(encoding, "replace")
        except (LookupError, ValueError, TypeError):  # unknown, or not a text encoding
            continue
        if _DECLARATION.search(text):
            return True
    return False


def child(parent: ET.Element, tag: str, /, *, required: bool = True) -> ET.Element | None:
    """The only child `tag` of `parent` (any position); a duplicate is malformed."""
    found = parent.findall(tag)
    if not found and not required:
        return None
    if len(found) != 1:
        raise InsiError(
            f"{_local(parent.tag)} has {len(found)} {_local(tag)} elements: one expected."
        )
    return found[0]


def required_child(parent: ET.Element, tag: str, /) -> ET.Element:
    """The only child `tag` of `parent`; its absence or a duplicate is malformed."""
    found = parent.findall(tag)
    if len(found) != 1:
        raise InsiError(
            f"{_local(parent.tag)} has {len(found)} {_local(tag)} elements: one expected."
        )
    return found[0]


def children(parent: ET.Element, tag: str, /) -> list[ET.Element]:
    """Every child `tag` of `parent`, in document order."""
    return parent.findall(tag)


def child_text(parent: ET.Element, tag: str, /, *, required: bool = False) -> str | None:
    """The text of the only child `tag` (`""` when empty, `None` when absent)."""
    element = child(parent, tag, required=required)
    if element is None:
        return None
    if len(element):
        raise InsiError(f"{_local(tag)} must hold text, not elements.")
    return element.text or ""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def serialize(root: ET.Element, /) -> bytes:
    """UTF-8 XML for `root`, declaring every namespace on the root with our prefixes."""
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
