"""Hostile XML against every reader of the SOAP layer (issue 15, ADR 0100).

Each document below is read by the five ways XML enters ``ins``: :func:`parse_result`,
:func:`parse_request`, the offline endpoint (``SoapEndpoint``, a SOAP fault), ``SoapInsi``
over a ``MockTransport`` whose handler answers the document, and ``SoapInsi`` over an
``HttpTransport`` whose server answers it. Every refusal must be an :class:`InsiError` (a
``mock_invalid_request`` fault on the server side), never ``ParseError``, ``RecursionError``,
``ValueError`` or ``LookupError``.
"""

from __future__ import annotations

import codecs
import encodings.aliases
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ins.insi import ForbiddenDeclaration, InsiError, InsiFault, TraitsSearch
from ins.insi.mock import MockInsi
from ins.insi.soap import (
    MAX_DEPTH,
    REQUEST_FAULT_SUBCODE,
    TRAITS_ACTION,
    HttpTransport,
    MockTransport,
    SoapEndpoint,
    SoapInsi,
    build_traits_request,
    parse_request,
    parse_result,
)

ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
ENVELOPE = build_traits_request(ADRUN, message_id="uuid:1")
# An assertion holding a placeholder: whatever the builder writes around it (an empty
# wsse:Security or none without an assertion), the hostile content goes where an assertion goes.
WITH_ASSERTION = build_traits_request(ADRUN, message_id="uuid:1", assertion=b"<placeholder/>")
RESULT_NS = "http://www.cnamts.fr/INSiResultat"


def _in_security(inner: bytes) -> bytes:
    # The envelope and header are 2 levels, wsse:Security the third: ``inner`` starts at 4.
    assert b"<placeholder/>" in WITH_ASSERTION
    return WITH_ASSERTION.replace(b"<placeholder/>", inner)


def _nested(depth: int) -> bytes:
    return b"<x>" * depth + b"</x>" * depth


def _declared(encoding: str, body: str = "<a/>") -> bytes:
    return f'<?xml version="1.0" encoding="{encoding}"?>{body}'.encode(encoding)


malformed = [
    # (document, words of the error), id = why it is there
    pytest.param(b"<a:b/>", "unbound prefix", id="unbound-prefix-on-the-root"),
    pytest.param(b'<a x:y="1"/>', "unbound prefix", id="unbound-prefix-on-an-attribute"),
    pytest.param(b'<a xmlns:x="urn:x"><y:b/></a>', "unbound prefix", id="undeclared-prefix-inside"),
    pytest.param(
        ENVELOPE.replace(b"<soap:Header>", b"<soap:Header><q:Security/>"),
        "unbound prefix",
        id="unbound-prefix-in-an-envelope",
    ),
    pytest.param(_in_security(_nested(MAX_DEPTH)), "deep", id="just-too-deep-in-wsse-security"),
    pytest.param(_in_security(_nested(1_000)), "deep", id="1000-nested-in-wsse-security"),
    pytest.param(_in_security(_nested(100_000)), "deep", id="100000-nested-in-wsse-security"),
    pytest.param(_nested(100_000), "deep", id="100000-nested-alone"),
    pytest.param(_declared("shift_jis"), "multi-byte", id="multi-byte-encoding"),
    pytest.param(_declared("utf-16-le"), "multi-byte", id="utf-16-le-by-its-python-name"),
    pytest.param(_declared("ascii").replace(b"ascii", b"bogus"), "unknown encoding", id="unknown"),
    pytest.param(_declared("ascii").replace(b"ascii", b"rot13"), "not a text encoding", id="rot13"),
    pytest.param(_declared("ascii").replace(b"ascii", b"idna"), "idna", id="codec-that-fails"),
    pytest.param(b"<a>&nope;</a>", "undefined entity", id="undefined-entity"),
    pytest.param(b"<a>\x00</a>", "not well-formed", id="nul-byte"),
    pytest.param(b"\xff\xfe<\x00", "not well-formed", id="a-bom-and-nothing"),
]


@pytest.mark.parametrize(("document", "words"), malformed)
def test_parse_result_refuses_with_an_insi_error(document: bytes, words: str) -> None:
    with pytest.raises(InsiError, match=words) as raised:
        parse_result(document)
    assert type(raised.value) is InsiError


@pytest.mark.parametrize(("document", "words"), malformed)
def test_parse_request_refuses_with_an_insi_error(document: bytes, words: str) -> None:
    with pytest.raises(InsiError, match=words) as raised:
        parse_request(document)
    assert type(raised.value) is InsiError


@pytest.mark.parametrize(("document", "words"), malformed)
def test_the_endpoint_answers_a_malformed_request_fault(document: bytes, words: str) -> None:
    fault = _fault(SoapEndpoint(MockInsi())(document, TRAITS_ACTION))
    assert (fault.subcode, fault.code) == (REQUEST_FAULT_SUBCODE, "mock_malformed_request")
    assert words in fault.message


@pytest.mark.parametrize(("document", "words"), malformed)
def test_a_client_over_a_mock_transport_gets_an_insi_error(document: bytes, words: str) -> None:
    client = SoapInsi(MockTransport(lambda envelope, action: document))
    with pytest.raises(InsiError, match=words) as raised:
        client.search_by_traits(ADRUN)
    assert type(raised.value) is InsiError


def test_nesting_up_to_the_limit_is_read() -> None:
    # The envelope, header and security slot are 3 levels: the assertion may use the rest.
    assertion = _nested(MAX_DEPTH - 3)
    parsed = parse_request(_in_security(assertion))
    assert parsed.assertion is not None
    assert parsed.assertion.count(b"<x") == MAX_DEPTH - 3
    assert build_traits_request(ADRUN, assertion=assertion).count(b"<x") == MAX_DEPTH - 3


def test_a_too_deep_assertion_is_refused_when_the_request_is_built() -> None:
    with pytest.raises(InsiError, match="authentication assertion nests elements"):
        build_traits_request(ADRUN, assertion=_nested(1_000))


# -- over HTTP: a server that answers the hostile document ----------------------------------------


class _Answers(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    document = b""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Type", "application/soap+xml")
        self.send_header("Content-Length", str(len(self.document)))
        self.end_headers()
        self.wfile.write(self.document)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr log of the throwaway server."""


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.mark.parametrize(("document", "words"), malformed)
def test_a_client_over_http_gets_an_insi_error(
    hostile_server: ThreadingHTTPServer, document: bytes, words: str
) -> None:
    _Answers.document = document
    client = SoapInsi(HttpTransport(f"http://127.0.0.1:{hostile_server.server_address[1]}/lps"))
    with pytest.raises(InsiError, match=words) as raised:
        client.search_by_traits(ADRUN)
    assert type(raised.value) is InsiError


# -- declarations, in every encoding ---------------------------------------------------------------

DECLARATIONS = [
    # (the declaration, why)
    pytest.param("<!DOCTYPE a>", id="doctype"),
    pytest.param("<!doctype a>", id="lower-case-doctype"),  # not XML, refused as a declaration
    pytest.param("<!DocType a>", id="mixed-case-doctype"),
    pytest.param('<!DOCTYPE a [<!ENTITY e "x">]>', id="internal-entity"),
    pytest.param('<!DOCTYPE a SYSTEM "file:///etc/passwd">', id="external-dtd"),
    pytest.param("<!ENTITY e 'x'>", id="entity-without-doctype"),  # not XML either
]


def _text_encodings() -> list[str]:
    """Every name of a text codec Python knows (each alias: a document may declare any)."""
    names = []
    for alias in sorted({*encodings.aliases.aliases, *encodings.aliases.aliases.values()}):
        try:
            if codecs.lookup(alias)._is_text_encoding:  # type: ignore[attr-defined]
                names.append(alias)
        except LookupError:
            continue
    return names


@pytest.mark.parametrize("declaration", DECLARATIONS)
def test_a_declaration_is_refused_as_such_in_every_encoding_expat_reads(declaration: str) -> None:
    """Where expat reads a document in an encoding, the same document with a declaration is a
    ``ForbiddenDeclaration`` (``mock_forbidden_dtd`` on the server); where it cannot, an
    ``InsiError``."""
    read = refused = 0
    for encoding in _text_encodings():
        try:
            plain = _declared(encoding)
            hostile = _declared(encoding, declaration + "<a/>")
        except UnicodeError:
            continue  # the encoding cannot write this text
        with pytest.raises(InsiError) as plain_refused:
            parse_result(plain)
        readable = "not RESULTAT" in str(plain_refused.value)  # read, but a bare <a/>
        with pytest.raises(InsiError) as raised:
            parse_result(hostile)
        if readable:
            read += 1
            assert isinstance(raised.value, ForbiddenDeclaration), (encoding, raised.value)
        else:
            refused += 1
    print(f"{declaration!r}: refused as a declaration in {read} encodings, unreadable in {refused}")
    assert read >= 200  # UTF-8, UTF-16, ASCII, Latin-1 and the other single-byte codecs
    assert refused >= 50  # multi-byte codecs, EBCDIC...


@pytest.mark.parametrize("declaration", DECLARATIONS)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be", "utf-16-le"])
def test_the_endpoint_answers_mock_forbidden_dtd(declaration: str, encoding: str) -> None:
    document = (declaration + ENVELOPE.decode()).encode(encoding)
    fault = _fault(SoapEndpoint(MockInsi())(document, TRAITS_ACTION))
    assert (fault.subcode, fault.code) == (REQUEST_FAULT_SUBCODE, "mock_forbidden_dtd")


def test_a_declaration_inside_a_comment_is_text_not_a_declaration() -> None:
    document = ENVELOPE.replace(b"<soap:Header>", b"<soap:Header><!-- <!DOCTYPE x> -->")
    assert parse_request(document).request == ADRUN


def _fault(body: bytes) -> InsiFault:
    with pytest.raises(InsiFault) as raised:
        parse_result(body)
    return raised.value
