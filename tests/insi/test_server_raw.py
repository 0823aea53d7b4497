"""The mock INSi server spoken to in raw HTTP, with hand-written envelopes.

The envelopes here are typed by hand the way another vendor's SOAP stack writes them (other
prefixes, other child order, no XML declaration...), never built by ``ins.insi.soap``: the
server must read what other clients send, not only what our builder writes.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import struct
import time
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins.errors import InsError
from ins.insi import InsiFault, InsiResult, InsiTimeout, InsiUnavailable, TraitsSearch
from ins.insi.mock import MockInsi
from ins.insi.server import (
    MAX_REQUEST_BYTES,
    InsiServer,
    RemoteBindRefused,
    check_bind_host,
    persons_factory,
    serving,
)
from ins.insi.soap import (
    REQUEST_FAULT_SUBCODE,
    HttpTransport,
    SoapInsi,
    parse_request,
    parse_result,
)

ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
TRAITS = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite"
VITALE = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecCarteVitale"

HEADER = """<env:Header>
  <wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">uuid:1b2c3d</wsa:MessageID>
  <lps:ContexteLPS xmlns:lps="urn:siram:lps:ctxlps" Nature="CTXLPS" Version="01_00">
    <lps:Id>1b2c3d</lps:Id><lps:Temps>2026-01-01T10:00:00.000Z</lps:Temps>
    <lps:LPS><lps:IDAM R="4">IDAM-VENDOR-7</lps:IDAM><lps:Version>2.3</lps:Version>
    <lps:Nom>HIS</lps:Nom></lps:LPS>
  </lps:ContexteLPS>
</env:Header>"""

TRAITS_BODY = """<s:RECSANSVITALE xmlns:s="http://www.cnamts.fr/INSiRecSans">
  <s:Sexe>F</s:Sexe><s:NomNaissance>ADRUN</s:NomNaissance>
  <s:DateNaissance>1975-12-31</s:DateNaissance><s:Prenom>ZOE</s:Prenom>
</s:RECSANSVITALE>"""

VITALE_BODY = """<v:RECVITALE xmlns:v="http://www.cnamts.fr/INSiRecVit">
  <v:MatriculeIndividu><v:NumIdentifiant>2751263220749</v:NumIdentifiant><v:Cle>74</v:Cle>
  </v:MatriculeIndividu>
  <v:DateNaissance>1975-12-31</v:DateNaissance><v:RangNaissance>1</v:RangNaissance>
</v:RECVITALE>"""


def envelope(body: str, header: str = HEADER) -> bytes:
    """A SOAP 1.2 envelope with the ``env`` prefix (ours writes ``soap``)."""
    return (
        '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">'
        f"{header}<env:Body>{body}</env:Body></env:Envelope>"
    ).encode()


def soap_type(action: str | None) -> str:
    base = "application/soap+xml; charset=utf-8"
    return base if action is None else f'{base}; action="{action}"'


def address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    assert parts.hostname is not None
    assert parts.port is not None
    return parts.hostname, parts.port


class Answer:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    def fault(self) -> InsiFault:
        assert self.status == 500
        with pytest.raises(InsiFault) as raised:
            parse_result(self.body)
        return raised.value


def call(
    url: str,
    method: str = "POST",
    body: bytes | None = None,
    *,
    content_type: str | None = soap_type(TRAITS),
    path: str | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    connection = http.client.HTTPConnection(*address(url), timeout=10)
    try:
        sent = dict(headers or {})
        if content_type is not None:
            sent["Content-Type"] = content_type
        connection.request(method, path or "/lps", body=body, headers=sent)
        return Answer(connection.getresponse())
    finally:
        connection.close()


@pytest.fixture
def url() -> Iterator[str]:
    with serving(InsiServer(("127.0.0.1", 0))) as endpoint:
        yield endpoint


ADMIN_TOKEN = "raw-tests-admin-token"
AUTHORIZED = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def admin_url() -> Iterator[str]:
    with serving(InsiServer(("127.0.0.1", 0), admin=True, admin_token=ADMIN_TOKEN)) as endpoint:
        yield endpoint


# -- the two operations ----------------------------------------------------------------------------


def test_search_by_traits(url: str) -> None:
    answer = call(url, body=envelope(TRAITS_BODY))
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("application/soap+xml")
    result = parse_result(answer.body)
    assert result.code == "00"
    assert result.individual is not None
    assert result.individual.matricule_as_returned == "275126322074974"
    assert b"<insi:CodeCR>00</insi:CodeCR>" in answer.body or b"CodeCR>00<" in answer.body


def test_search_with_vitale(url: str) -> None:
    answer = call(url, body=envelope(VITALE_BODY), content_type=soap_type(VITALE))
    assert answer.status == 200
    result = parse_result(answer.body)
    assert result.code == "00"
    assert result.ins is not None
    assert str(result.ins.matricule) == "275126322074974"


content_types = [
    # the content type as other SOAP stacks write it
    f'application/soap+xml;charset=UTF-8;action="{TRAITS}"',  # no spaces, upper-case charset
    f"application/soap+xml; action={TRAITS}",  # unquoted action, no charset
    f'Application/SOAP+XML; charset="utf-8"; action="{TRAITS}"',  # media type case, quoting
]


@pytest.mark.parametrize("content_type", content_types)
def test_content_type_spellings(url: str, content_type: str) -> None:
    answer = call(url, body=envelope(TRAITS_BODY), content_type=content_type)
    assert parse_result(answer.body).code == "00"


def test_the_answer_relates_to_the_message_id(url: str) -> None:
    answer = call(url, body=envelope(TRAITS_BODY))
    assert b"uuid:1b2c3d" in answer.body


def test_an_unknown_person_is_01_not_a_fault(url: str) -> None:
    body = TRAITS_BODY.replace("ADRUN", "INCONNU")
    result = parse_result(call(url, body=envelope(body)).body)
    assert (result.code, result.label) == ("01", "Aucune identite trouvee")


def test_the_action_may_come_from_ws_addressing_only(url: str) -> None:
    header = HEADER.replace(
        "</env:Header>",
        f'<a:Action xmlns:a="http://www.w3.org/2005/08/addressing">{TRAITS}</a:Action>'
        "</env:Header>",
    )
    answer = call(url, body=envelope(TRAITS_BODY, header), content_type=soap_type(None))
    assert parse_result(answer.body).code == "00"


def test_keep_alive_serves_several_requests_on_one_connection(url: str) -> None:
    connection = http.client.HTTPConnection(*address(url), timeout=10)
    try:
        codes = []
        for _ in range(3):
            connection.request(
                "POST",
                "/lps",
                body=envelope(TRAITS_BODY),
                headers={"Content-Type": soap_type(TRAITS)},
            )
            codes.append(parse_result(connection.getresponse().read()).code)
    finally:
        connection.close()
    assert codes == ["00", "00", "00"]


# -- requests the server refuses with a SOAP fault ------------------------------------------------

refused = [
    # (case, body, action, expected Erreur code)
    ("unknown action", envelope(TRAITS_BODY), "urn:other:action", "mock_unknown_action"),
    ("action of the other search", envelope(TRAITS_BODY), VITALE, "mock_action_mismatch"),
    ("wsa:Action of the other search", envelope(TRAITS_BODY, HEADER.replace(
        "</env:Header>",
        f'<a:Action xmlns:a="http://www.w3.org/2005/08/addressing">{VITALE}</a:Action>'
        "</env:Header>")), None, "mock_action_mismatch"),
    ("not well-formed", b"<env:Envelope xmlns:env='x'><open>", TRAITS, "mock_malformed_request"),
    ("not XML at all", b"hello", TRAITS, "mock_malformed_request"),
    ("SOAP 1.1 envelope", envelope(TRAITS_BODY).replace(b"2003/05", b"2001/12"), TRAITS,
     "mock_malformed_request"),
    ("empty body", b"", TRAITS, "mock_malformed_request"),
    ("unknown operation", envelope("<x:OTHER xmlns:x='urn:x'/>"), TRAITS, "mock_malformed_request"),
    ("DOCTYPE", b'<!DOCTYPE e SYSTEM "file:///etc/passwd">' + envelope(TRAITS_BODY), TRAITS,
     "mock_forbidden_dtd"),
    ("entity expansion", b'<!DOCTYPE e [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
     + envelope(TRAITS_BODY.replace("ADRUN", "&b;")), TRAITS, "mock_forbidden_dtd"),
    ("DOCTYPE hidden in UTF-16", '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE e []>'
     .encode("utf-16") + envelope(TRAITS_BODY).decode().encode("utf-16")[2:], TRAITS,
     "mock_forbidden_dtd"),
    # issue 15: these crashed the handler (an internal error, the connection closed unanswered)
    ("unbound prefix", envelope("<q:RECSANSVITALE/>"), TRAITS, "mock_malformed_request"),
    ("1 000 elements nested in wsse:Security", envelope(TRAITS_BODY, HEADER.replace(
        "</env:Header>",
        '<w:Security xmlns:w="urn:w">' + "<x>" * 1000 + "</x>" * 1000 + "</w:Security>"
        "</env:Header>")), TRAITS, "mock_malformed_request"),
    ("lower-case doctype", b"<!doctype e>" + envelope(TRAITS_BODY), TRAITS, "mock_forbidden_dtd"),
    ("lower-case doctype in UTF-16", ("<!doctype e>" + envelope(TRAITS_BODY).decode())
     .encode("utf-16"), TRAITS, "mock_forbidden_dtd"),
    ("an encoding expat cannot read", b'<?xml version="1.0" encoding="shift_jis"?>'
     + envelope(TRAITS_BODY), TRAITS, "mock_malformed_request"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "body", "action", "code"), refused)
def test_unreadable_requests_get_a_sender_fault(
    url: str, case: str, body: bytes, action: str | None, code: str
) -> None:
    fault = call(url, body=body, content_type=soap_type(action)).fault()
    assert (fault.soap_code, fault.subcode, fault.code) == ("Sender", REQUEST_FAULT_SUBCODE, code)
    assert fault.severity == "erreur"


def test_any_body_gets_an_answer_or_a_fault_never_a_crash(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Property: whatever the body (random bytes, a cut or spliced envelope), the server
    answers a RESULTAT or a SOAP fault, and logs no internal error."""
    valid = envelope(TRAITS_BODY)
    bodies = st.one_of(
        st.binary(max_size=512),
        st.tuples(st.integers(0, len(valid)), st.integers(0, len(valid))).map(
            lambda cut: valid[: min(cut)] + valid[max(cut) :]
        ),
        st.tuples(st.integers(0, len(valid)), st.binary(min_size=1, max_size=16)).map(
            lambda splice: valid[: splice[0]] + splice[1] + valid[splice[0] :]
        ),
    )
    with (
        caplog.at_level(logging.INFO, logger="ins.insi.server"),
        serving(InsiServer(("127.0.0.1", 0))) as endpoint,
    ):

        @given(body=bodies)
        def answered(body: bytes) -> None:
            answer = call(endpoint, body=body)
            assert answer.status in {200, 500}
            if answer.status == 200:
                parse_result(answer.body)
            else:
                answer.fault()

        answered()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_deeply_nested_xml_is_refused_quickly(url: str) -> None:
    nested = b"<a>" * 200_000 + b"</a>" * 200_000
    fault = call(url, body=nested[:MAX_REQUEST_BYTES]).fault()
    assert fault.code == "mock_malformed_request"


def test_traits_outside_the_insi_set_get_insi_102_as_insi_answers(url: str) -> None:
    fault = call(url, body=envelope(TRAITS_BODY.replace("ADRUN", "Adrun"))).fault()
    assert (fault.subcode, fault.code) == ("siram_40", "insi_102")


# -- HTTP-level refusals ---------------------------------------------------------------------------

http_refusals = [
    # (method, path, content type, body, expected status), id = the case
    pytest.param("GET", "/lps", None, None, 405, id="GET on the endpoint"),
    pytest.param("PUT", "/lps", soap_type(TRAITS), b"<x/>", 405, id="PUT on the endpoint"),
    pytest.param("PATCH", "/lps", soap_type(TRAITS), b"<x/>", 405, id="PATCH on the endpoint"),
    pytest.param("OPTIONS", "/lps", None, None, 405, id="OPTIONS on the endpoint"),
    pytest.param("DELETE", "/lps", None, None, 405, id="DELETE on the endpoint"),
    pytest.param("POST", "/lps", "text/xml", b"<x/>", 415, id="SOAP 1.1 content type"),
    pytest.param("POST", "/lps", None, b"<x/>", 415, id="no content type"),
    pytest.param("POST", "/other", soap_type(TRAITS), b"<x/>", 404, id="unknown path"),
    pytest.param("GET", "/_admin/", None, None, 404, id="admin disabled by default"),
    pytest.param("GET", "/_admin/calls", None, None, 404, id="admin calls disabled"),
    pytest.param("POST", "/_admin/reset", None, b"{}", 404, id="admin reset disabled"),
]


@pytest.mark.parametrize(("method", "path", "content_type", "body", "status"), http_refusals)
def test_http_refusals(
    *, url: str, method: str, path: str, content_type: str | None, body: bytes | None, status: int
) -> None:
    answer = call(url, method, body, content_type=content_type, path=path)
    assert answer.status == status
    if status == 405:
        assert answer.headers["Allow"] == "POST"


def test_head_gets_405_without_a_body(url: str) -> None:
    answer = call(url, "HEAD", content_type=None)
    assert (answer.status, answer.body) == (405, b"")


def raw_exchange(url: str, request: bytes, *, read_timeout: float = 10.0) -> bytes:
    """Send raw bytes and read until the server closes (or ``read_timeout``)."""
    with socket.create_connection(address(url), timeout=read_timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


oversized = [
    # (path, content type): the SOAP endpoint and the admin API have the same size limit
    ("/lps", "application/soap+xml"),
    ("/_admin/persons", "application/json"),
]


@pytest.mark.parametrize(("path", "content_type"), oversized)
def test_an_oversized_body_gets_413_from_its_content_length_alone(
    admin_url: str, path: str, content_type: str
) -> None:
    # Only the headers are sent: the answer proves the server did not wait for the body.
    answer = raw_exchange(
        admin_url,
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"Authorization: Bearer {ADMIN_TOKEN}\r\n"
        f"Content-Length: {MAX_REQUEST_BYTES + 1}\r\n\r\n".encode(),
    )
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"Connection: close" in answer


def test_a_body_of_exactly_1_mb_is_read(url: str) -> None:
    padding = b" " * (MAX_REQUEST_BYTES - len(envelope(TRAITS_BODY)))
    answer = call(url, body=envelope(TRAITS_BODY) + padding)
    assert answer.status == 200


def test_an_oversized_body_announced_with_expect_100_is_refused_before_it_is_sent(
    url: str,
) -> None:
    answer = raw_exchange(
        url,
        b"POST /lps HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
        + f"Expect: 100-continue\r\nContent-Length: {10 * MAX_REQUEST_BYTES}\r\n\r\n".encode(),
    )
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"100 Continue" not in answer


length_problems = [
    # (case, header lines, expected status line)
    ("no Content-Length", b"", b"HTTP/1.1 411 "),
    ("another transfer coding", b"Transfer-Encoding: gzip\r\n", b"HTTP/1.1 400 "),
    (
        "chunked and a length",
        b"Transfer-Encoding: chunked\r\nContent-Length: 4\r\n",
        b"HTTP/1.1 400 ",
    ),
    ("not a number", b"Content-Length: ten\r\n", b"HTTP/1.1 400 "),
    ("negative", b"Content-Length: -1\r\n", b"HTTP/1.1 400 "),
    ("two different values", b"Content-Length: 4\r\nContent-Length: 5\r\n", b"HTTP/1.1 400 "),
    ("a superscript digit", "Content-Length: 1\u00b2\r\n".encode("latin-1"), b"HTTP/1.1 400 "),
    ("a hexadecimal value", b"Content-Length: 0x10\r\n", b"HTTP/1.1 400 "),
    ("five thousand digits", b"Content-Length: " + b"9" * 5000 + b"\r\n", b"HTTP/1.1 413 "),
]


@pytest.mark.parametrize(("case", "lines", "status"), length_problems)
def test_missing_or_invalid_content_length(
    url: str, case: str, lines: bytes, status: bytes
) -> None:
    answer = raw_exchange(
        url,
        b"POST /lps HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
        + lines
        + b"\r\n",
    )
    assert answer.startswith(status)


def test_a_body_cut_short_gets_no_answer(url: str) -> None:
    with socket.create_connection(address(url), timeout=10) as sock:
        sock.sendall(
            b"POST /lps HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
            b"Content-Length: 100\r\n\r\n<env:Envelope"
        )
        sock.shutdown(socket.SHUT_WR)  # the client gives up in the middle of its body
        assert sock.recv(65536) == b""


def test_expect_100_continue_for_a_body_within_the_limit(url: str) -> None:
    body = envelope(TRAITS_BODY)
    with socket.create_connection(address(url), timeout=10) as sock:
        sock.sendall(
            f"POST /lps HTTP/1.1\r\nHost: x\r\nContent-Type: {soap_type(TRAITS)}\r\n"
            f"Expect: 100-continue\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        )
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(body)
        response = http.client.HTTPResponse(sock)
        response.begin()
        assert parse_result(response.read()).code == "00"


def test_too_many_headers_get_431(url: str) -> None:
    headers = b"".join(b"X-%d: y\r\n" % number for number in range(150))
    answer = raw_exchange(url, b"POST /lps HTTP/1.1\r\n" + headers + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431 ")


def test_an_internal_error_is_logged_in_one_line_and_the_server_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Broken(MockInsi):
        def search_by_traits(self, request: TraitsSearch, /) -> InsiResult:
            raise RuntimeError("bug in a test double")

    with (
        caplog.at_level(logging.INFO, logger="ins.insi.server"),
        serving(InsiServer(("127.0.0.1", 0), insi_factory=Broken)) as endpoint,
    ):
        with pytest.raises(InsiUnavailable):
            SoapInsi(HttpTransport(endpoint)).search_by_traits(ADRUN)
        assert (
            call(endpoint, body=envelope(VITALE_BODY), content_type=soap_type(VITALE)).status == 200
        )
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "RuntimeError('bug in a test double')" in errors[0].getMessage()
    assert errors[0].exc_info is None  # the traceback only goes to the debug level


def test_a_chunked_body_is_read(url: str) -> None:
    connection = http.client.HTTPConnection(*address(url), timeout=10)
    try:
        body = envelope(TRAITS_BODY)
        parts = iter([body[:100], body[100:]])
        connection.request(
            "POST",
            "/lps",
            body=parts,
            headers={"Content-Type": soap_type(TRAITS)},
            encode_chunked=True,
        )
        answer = connection.getresponse()
        assert parse_result(answer.read()).code == "00"
    finally:
        connection.close()


def chunked(*pieces: bytes) -> bytes:
    return (
        b"POST /lps HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + f"Content-Type: {soap_type(TRAITS)}\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        + b"".join(pieces)
    )


chunked_cases = [
    # (case, chunked body, expected status line)
    ("extension and trailer", b"%x;ext=1\r\n%s\r\n0\r\nX-T: 1\r\n\r\n"
     % (len(envelope(TRAITS_BODY)), envelope(TRAITS_BODY)), b"HTTP/1.1 200 "),
    ("size not hexadecimal", b"zz\r\nabc\r\n0\r\n\r\n", b"HTTP/1.1 400 "),
    ("size line too long", b"1" * 2000 + b"\r\n", b"HTTP/1.1 400 "),
    ("data longer than its size", b"3\r\nabcdef\r\n0\r\n\r\n", b"HTTP/1.1 400 "),
    ("over 1 MB in one chunk", b"%x\r\n" % (MAX_REQUEST_BYTES + 1), b"HTTP/1.1 413 "),
    ("over 1 MB in two chunks",
     b"%x\r\n%s\r\n1\r\n" % (MAX_REQUEST_BYTES, b"a" * MAX_REQUEST_BYTES), b"HTTP/1.1 413 "),
    ("endless trailer", b"0\r\n" + b"X-T: 1\r\n" * 101 + b"\r\n", b"HTTP/1.1 400 "),
]  # fmt: skip


@pytest.mark.parametrize(("case", "body", "status"), chunked_cases)
def test_chunked_bodies(url: str, case: str, body: bytes, status: bytes) -> None:
    assert raw_exchange(url, chunked(body)).startswith(status)


def test_a_chunked_body_cut_short_gets_no_answer(url: str) -> None:
    with socket.create_connection(address(url), timeout=10) as sock:
        sock.sendall(chunked(b"10\r\nabc"))
        sock.shutdown(socket.SHUT_WR)
        assert sock.recv(65536) == b""


def test_chunks_trickling_in_get_408() -> None:
    server = InsiServer(
        ("127.0.0.1", 0), request_timeout=1.0
    )  # each read in time, the body not (3 s)
    with serving(server) as endpoint, socket.create_connection(address(endpoint), 30) as sock:
        sock.sendall(chunked())
        for _ in range(100):  # a small chunk every 0.1 s: each read is in time, the body is not
            try:
                sock.sendall(b"1\r\na\r\n")
            except OSError:
                break
            time.sleep(0.1)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408 ")


def test_a_client_that_leaves_before_the_answer_is_not_an_internal_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Slow(MockInsi):
        def search_by_traits(self, request: TraitsSearch, /) -> InsiResult:
            time.sleep(0.3)  # the client resets the connection meanwhile
            return super().search_by_traits(request)

    with (
        caplog.at_level(logging.INFO, logger="ins.insi.server"),
        serving(InsiServer(("127.0.0.1", 0), insi_factory=Slow)) as endpoint,
    ):
        body = envelope(TRAITS_BODY)
        with socket.create_connection(address(endpoint), timeout=10) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.sendall(
                f"POST /lps HTTP/1.1\r\nHost: x\r\nContent-Type: {soap_type(TRAITS)}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            time.sleep(0.1)  # the request is being answered; closing now sends a reset
        time.sleep(0.6)
    messages = [record.getMessage() for record in caplog.records]
    assert any("connection lost: ConnectionResetError" in message for message in messages)
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_client_that_never_finishes_its_headers_is_disconnected() -> None:
    server = InsiServer(("127.0.0.1", 0), request_timeout=0.5)
    with serving(server) as endpoint:
        started = time.monotonic()
        answer = raw_exchange(endpoint, b"POST /lps HTTP/1.1\r\nHost: x\r\n", read_timeout=30)
        print(f"disconnected after {time.monotonic() - started:.2f} s")
    assert answer == b""  # closed by the server without an answer


def test_a_body_trickling_in_gets_408() -> None:
    server = InsiServer(
        ("127.0.0.1", 0), request_timeout=1.0
    )  # each read in time, the body not (3 s)
    with serving(server) as endpoint, socket.create_connection(address(endpoint), 30) as sock:
        sock.sendall(
            b"POST /lps HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
            b"Content-Length: 100\r\n\r\n"
        )
        answer = b""
        for _ in range(100):  # one byte every 0.1 s: each read is in time, the body is not
            try:
                sock.sendall(b"x")
            except OSError:
                break
            time.sleep(0.1)
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408 ")


# -- strict headers --------------------------------------------------------------------------------


def test_strict_headers_refuse_a_request_without_idam() -> None:
    with serving(InsiServer(("127.0.0.1", 0), strict_headers=True)) as endpoint:
        without = call(endpoint, body=envelope(TRAITS_BODY, header="")).fault()
        empty = call(endpoint, body=envelope(TRAITS_BODY, HEADER.replace("IDAM-VENDOR-7", " ")))
        with_idam = call(endpoint, body=envelope(TRAITS_BODY))
    assert (without.soap_code, without.subcode, without.code) == (
        "Sender",
        "siram_100",
        "desir_550",
    )
    assert empty.fault().code == "desir_550"
    assert parse_result(with_idam.body).code == "00"


def test_without_strict_headers_a_request_without_idam_is_answered(url: str) -> None:
    assert parse_result(call(url, body=envelope(TRAITS_BODY, header="")).body).code == "00"


# -- the log ---------------------------------------------------------------------------------------


def test_one_masked_log_line_per_request(url: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="ins.insi.server"):
        call(url, body=envelope(TRAITS_BODY))
        call(url, body=envelope(VITALE_BODY), content_type=soap_type(VITALE))
        call(url, "GET")
        time.sleep(0.2)  # the last line is written by the server thread after the answer
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 3
    assert " 200 search_by_traits 00 27512********** " in lines[0]
    assert " 200 search_with_vitale 00 27512********** " in lines[1]
    assert '"GET /lps" 405 ' in lines[2]
    assert not any("2751263220749" in line for line in lines)


# -- loopback policy -------------------------------------------------------------------------------

hosts = [
    # (host, accepted without allow_remote)
    ("127.0.0.1", True),  # IPv4 loopback
    ("127.8.9.10", True),  # the whole 127/8 block is loopback
    ("::1", True),  # IPv6 loopback
    ("localhost", True),  # the one name accepted (never resolved through DNS)
    ("0.0.0.0", False),  # noqa: S104 - every interface
    ("::", False),  # every IPv6 interface
    ("", False),  # empty means every interface to socketserver
    ("192.168.1.10", False),  # a LAN address
    ("example.org", False),  # names other than localhost are not resolved, hence refused
    ("::ffff:127.0.0.1", False),  # IPv4-mapped: not reported loopback by ipaddress, refused
]


@pytest.mark.parametrize(("host", "accepted"), hosts)
def test_only_loopback_is_accepted(host: str, accepted: bool) -> None:
    if accepted:
        check_bind_host(host)
    else:
        with pytest.raises(RemoteBindRefused, match="allow_remote"):
            check_bind_host(host)
    check_bind_host(host, allow_remote=True)  # the explicit opt-in accepts anything


def test_the_server_refuses_to_bind_a_non_loopback_address() -> None:
    with pytest.raises(RemoteBindRefused):
        InsiServer(("0.0.0.0", 0))  # noqa: S104 - the refusal is what is tested


def test_ipv6_loopback() -> None:
    if not socket.has_ipv6:
        pytest.skip("this Python has no IPv6 support")
    try:
        server = InsiServer(("::1", 0))
    except OSError as error:
        pytest.skip(f"no IPv6 loopback on this machine: {error}")
    with serving(server) as endpoint:
        assert endpoint.startswith("http://[::1]:")
        connection = http.client.HTTPConnection("::1", server.server_address[1], timeout=10)
        connection.request(
            "POST", "/lps", body=envelope(TRAITS_BODY), headers={"Content-Type": soap_type(TRAITS)}
        )
        assert parse_result(connection.getresponse().read()).code == "00"
        connection.close()


# -- persons from a file ---------------------------------------------------------------------------

PERSON = {
    "birth_name": "TESTFICHIER",
    "first_names": "ANNE MARIE",
    "sex": "F",
    "birth_date": "1990-05-17",
    "birthplace": "75056",
    "matricule": {"num": "2900575056123", "key": "84", "oid": "1.2.250.1.213.1.4.8"},
    "history": [],
}


def test_persons_from_a_file_replace_the_test_persons(tmp_path: Path) -> None:
    path = tmp_path / "persons.json"
    special = {"request": {"birth_name": "ADRUN", "sex": "F", "birth_date": "1975-12-31"}}
    content = {"persons": [PERSON], "special_searches": [{**special, "code": "02"}]}
    path.write_text(json.dumps(content), encoding="utf-8")
    server = InsiServer(("127.0.0.1", 0), insi_factory=persons_factory(str(path)))
    with serving(server) as endpoint:
        body = TRAITS_BODY.replace("ADRUN", "TESTFICHIER").replace("ZOE", "ANNE")
        found = parse_result(
            call(endpoint, body=envelope(body.replace("1975-12-31", "1990-05-17"))).body
        )
        gone = parse_result(call(endpoint, body=envelope(TRAITS_BODY)).body)
    assert found.code == "00"
    assert found.individual is not None
    assert found.individual.matricule_as_returned == "290057505612384"
    assert found.anomalies == ()  # a valid key: a real INS comes back
    assert gone.code == "02"  # ADRUN is not a person of this file, but a special search


def test_the_shipped_test_persons_file_is_in_the_persons_format() -> None:
    shipped = files("ins").joinpath("data", "insi_test_identities.json")
    with as_file(shipped) as path:
        from_file = persons_factory(str(path))()
    default = MockInsi.with_test_identities()
    assert len(from_file) == len(default)
    for body in (TRAITS_BODY, TRAITS_BODY.replace("ADRUN", "HOUILLES")):
        request = parse_request(envelope(body)).request
        assert isinstance(request, TraitsSearch)
        assert from_file.search_by_traits(request) == default.search_by_traits(request)


bad_files = [
    # (case, content)
    ("not JSON", "{"),
    ("persons not a list", '{"persons": {}}'),
    ("a person without matricule", json.dumps({"persons": [{**PERSON, "matricule": None}]})),
    ("a person without birth name", json.dumps({"persons": [{"first_names": "A"}]})),
    ("a person that is not an object", '{"persons": [3]}'),
    (
        "an unknown special code",
        json.dumps(
            {
                "special_searches": [
                    {
                        "request": {"birth_name": "X", "sex": "M", "birth_date": "2000-01-01"},
                        "code": "07",
                    }
                ]
            }
        ),
    ),
]


@pytest.mark.parametrize(("case", "content"), bad_files)
def test_a_bad_persons_file_is_refused_at_start(tmp_path: Path, case: str, content: str) -> None:
    path = tmp_path / "persons.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises((InsError, ValueError)):
        persons_factory(str(path))


# -- the admin API (enabled) -----------------------------------------------------------------------


def admin(url: str, method: str, route: str, payload: object = None) -> tuple[int, Any]:
    body = None if payload is None else json.dumps(payload).encode()
    answer = call(
        url,
        method,
        body,
        content_type="application/json",
        path=f"/_admin/{route}".rstrip("/"),
        headers=AUTHORIZED,
    )
    assert answer.headers["Content-Type"] == "application/json"
    return answer.status, json.loads(answer.body)


def search(url: str, body: str = TRAITS_BODY) -> Answer:
    return call(url, body=envelope(body))


def test_admin_index(admin_url: str) -> None:
    status, index = admin(admin_url, "GET", "")
    assert status == 200
    assert index["endpoint"] == admin_url
    assert index["persons"] >= 10
    assert index["routes"]["/_admin/faults"] == ["POST", "DELETE"]


def test_admin_adds_persons(admin_url: str) -> None:
    before = admin(admin_url, "GET", "")[1]["persons"]
    body = TRAITS_BODY.replace("ADRUN", "TESTFICHIER").replace("ZOE", "ANNE")
    body = body.replace("1975-12-31", "1990-05-17")
    assert parse_result(search(admin_url, body).body).code == "01"
    assert admin(admin_url, "POST", "persons", {"persons": [PERSON]}) == (
        200,
        {"added": 1, "persons": before + 1},
    )
    assert parse_result(search(admin_url, body).body).code == "00"
    assert admin(admin_url, "POST", "persons", [PERSON])[0] == 200  # a bare list works too
    assert parse_result(search(admin_url, body).body).code == "02"  # now registered twice


def test_admin_adds_special_searches(admin_url: str) -> None:
    special = {"request": {"birth_name": "ADRUN", "sex": "F", "birth_date": "1975-12-31"}}
    assert (
        admin(admin_url, "POST", "persons", {"special_searches": [{**special, "code": "01"}]})[1][
            "added"
        ]
        == 0
    )
    assert parse_result(search(admin_url).body).code == "01"  # the special search comes first


def test_admin_adds_nothing_when_one_person_is_wrong(admin_url: str) -> None:
    before = admin(admin_url, "GET", "")[1]["persons"]
    status, answer = admin(admin_url, "POST", "persons", [PERSON, {**PERSON, "matricule": 7}])
    assert status == 400
    assert answer["error"].startswith("Person 2 of the identities is malformed")
    assert admin(admin_url, "GET", "")[1]["persons"] == before


def test_admin_fault_on_the_next_call(admin_url: str) -> None:
    status, planned = admin(admin_url, "POST", "faults", {"fault": "insi_102", "times": 2})
    assert (status, planned) == (
        200,
        {"planned": {"fault": "insi_102", "mode": "next", "times": 2}},
    )
    assert [search(admin_url).status for _ in range(3)] == [500, 500, 200]
    assert search(admin_url).status == 200


def test_admin_fault_on_every_call_until_cleared(admin_url: str) -> None:
    admin(admin_url, "POST", "faults", {"fault": "desir_1020", "mode": "every"})
    faults = [search(admin_url).fault() for _ in range(3)]
    assert {(fault.subcode, fault.code) for fault in faults} == {("siram_40", "desir_1020")}
    assert admin(admin_url, "DELETE", "faults") == (200, {"faults": "cleared"})
    assert search(admin_url).status == 200


def test_admin_random_faults_are_reproducible_with_a_seed(admin_url: str) -> None:
    rule = {"fault": "insi_102", "mode": "probability", "probability": 0.5, "seed": 11}

    def pattern() -> list[int]:
        admin(admin_url, "POST", "faults", rule)
        return [search(admin_url).status for _ in range(20)]

    first = pattern()
    assert first == pattern()
    assert 0 < first.count(500) < 20


def test_admin_custom_fault(admin_url: str) -> None:
    custom = {"subcode": "siram_99", "code": "x_1", "soap_code": "Sender", "reason": "Essai."}
    admin(admin_url, "POST", "faults", {"fault": custom})
    fault = search(admin_url).fault()
    assert (fault.soap_code, fault.subcode, fault.code, fault.reason) == (
        "Sender",
        "siram_99",
        "x_1",
        "Essai.",
    )


def test_admin_simulated_timeout_and_outage(admin_url: str) -> None:
    client = SoapInsi(HttpTransport(admin_url, timeout=0.5))
    admin(admin_url, "POST", "faults", {"fault": "timeout"})
    with pytest.raises(InsiTimeout):
        client.search_by_traits(ADRUN)
    admin(admin_url, "POST", "faults", {"fault": "unavailable"})
    with pytest.raises(InsiUnavailable) as raised:
        client.search_by_traits(ADRUN)
    assert not isinstance(raised.value, InsiTimeout)
    assert client.search_by_traits(ADRUN).code == "00"


bad_rules = [
    # (rule, words of the error)
    ("insi_102", "JSON object"),  # not an object
    ({"fault": "nope"}, "Unknown INSi fault code"),  # unknown name
    ({"fault": 3}, "known fault code"),  # wrong type
    ({"fault": "insi_102", "mode": "sometimes"}, "Unknown mode"),  # unknown mode
    ({"fault": "insi_102", "times": 0}, "between 1 and"),  # nothing to plan
    ({"fault": "insi_102", "times": 100_000_000}, "between 1 and 1000000"),  # took 868 MB
    ({"fault": "insi_102", "mode": "probability", "probability": 0.5, "seed": -1}, "between 0"),
    ({"fault": "insi_102", "mode": "probability", "probability": 0.5, "seed": 2**70}, "between"),
    ({"fault": {"subcode": "s", "code": "c", "reason": "x" * 1001}}, "at most 1000 characters"),
    ({"fault": "insi_102", "times": True}, "integer"),  # a boolean is not a count
    ({"fault": "insi_102", "mode": "probability", "probability": 2, "seed": 1}, "between 0"),
    ({"fault": "insi_102", "mode": "probability", "probability": "x"}, "number"),
    ({"fault": "insi_102", "mode": "probability", "probability": 0.5, "seed": "a"}, "integer"),
    ({"fault": "insi_102", "when": "now"}, "Unknown member"),  # typo in a member name
    ({"fault": {"subcode": "siram_1"}}, "custom fault"),  # no code
    ({"fault": {"subcode": "s", "code": "c", "soap_code": "Client"}}, "'Sender' or 'Receiver'"),
]


@pytest.mark.parametrize(("rule", "words"), bad_rules)
def test_admin_refuses_bad_fault_rules(admin_url: str, rule: object, words: str) -> None:
    status, answer = admin(admin_url, "POST", "faults", rule)
    assert status == 400
    assert words in answer["error"]
    assert search(admin_url).status == 200  # nothing was planned


def test_admin_call_history_is_masked(admin_url: str) -> None:
    search(admin_url)
    call(admin_url, body=envelope(VITALE_BODY), content_type=soap_type(VITALE))
    search(admin_url, "<broken")
    status, history = admin(admin_url, "GET", "calls")
    calls = history["calls"]
    assert status == 200
    assert [entry["n"] for entry in calls] == [1, 2, 3]
    assert [entry["outcome"] for entry in calls] == [
        "00",
        "00",
        f"{REQUEST_FAULT_SUBCODE}/mock_malformed_request",
    ]
    assert calls[0]["request"]["birth_name"] == "ADRUN"
    assert calls[0]["matricule"] == "27512**********"
    assert calls[1]["request"]["individual_matricule"] == "27512**********"
    assert "2751263220749" not in json.dumps(history)
    assert admin(admin_url, "DELETE", "calls") == (200, {"calls": []})
    assert admin(admin_url, "GET", "calls") == (200, {"calls": []})


def test_admin_reset(admin_url: str) -> None:
    before = admin(admin_url, "GET", "")[1]["persons"]
    admin(admin_url, "POST", "persons", [PERSON])
    admin(admin_url, "POST", "faults", {"fault": "insi_102", "mode": "every"})
    assert admin(admin_url, "POST", "reset") == (200, {"reset": True, "persons": before})
    assert search(admin_url).status == 200
    assert [entry["n"] for entry in admin(admin_url, "GET", "calls")[1]["calls"]] == [1]


admin_refusals = [
    # (method, route, body, expected status)
    ("GET", "nothing", None, 404),  # unknown route
    ("GET", "reset", None, 405),  # reset only by POST
    ("PUT", "faults", b"{}", 405),  # faults by POST or DELETE
    ("POST", "persons", b"{not json", 400),  # malformed JSON
    ("POST", "persons", b"[" * 200_000, 400),  # nested too deep for the JSON parser
    ("POST", "persons", b'{"persons": 3}', 400),  # wrong shape
]


@pytest.mark.parametrize(("method", "route", "body", "status"), admin_refusals)
def test_admin_refusals(
    admin_url: str, method: str, route: str, body: bytes | None, status: int
) -> None:
    answer = call(
        admin_url,
        method,
        body,
        content_type="application/json",
        path=f"/_admin/{route}",
        headers=AUTHORIZED,
    )
    assert answer.status == status
    assert "error" in json.loads(answer.body)


http_layer_refusals = [
    # (raw request, status), id = what the standard handler answered before (issue 15 fuzzing)
    pytest.param(b"\x00\r\n", b"400", id="one-word-request-line-was-HTTP-0.9-HTML"),
    pytest.param(b"GET /lps\r\n\r\n", b"505", id="HTTP-0.9-was-answered-without-status-line"),
    pytest.param(b"GET /284052A32102552 HTTP/9.9\r\n\r\n", b"505", id="version-echoed-in-HTML"),
    pytest.param(b"GET 284052A32102552\r\n\r\n", b"505", id="HTTP-0.9-with-a-matricule"),
    pytest.param(b"BREW /lps HTTP/1.1 x\r\n\r\n", b"400", id="four-words-echoed"),
]


@pytest.mark.parametrize(("request_bytes", "status"), http_layer_refusals)
def test_the_http_layer_refuses_in_http_1_1_without_echo(
    url: str, request_bytes: bytes, status: bytes
) -> None:
    answer = raw_exchange(url, request_bytes)
    assert answer.startswith(b"HTTP/1.1 " + status + b" ")
    assert b"Connection: close" in answer
    assert b"<html" not in answer.lower()
    assert b"284052A32102552" not in answer


def test_a_request_line_too_long_is_refused_before_it_is_read(url: str) -> None:
    """414 is answered before the request is parsed: the reply has no request to note."""
    answer = raw_exchange(url, b"GET /" + b"x" * 70_000 + b" HTTP/1.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 ")
    assert b"x" * 100 not in answer
