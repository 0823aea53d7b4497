"""Our SOAP messages against the INSi WSDL 1.5.0 schemas, and a zeep client against our server.

- ``xmlschema`` validates every request we build (both searches, with and without an assertion),
  every answer the mock writes (``RESULTAT`` 00, 01, 02, with history) and every fault (the
  catalogue and the faults for unreadable requests), with the vendored XSDs (``insi/``).
- The fault catalogue is compared with the faults captured from the INSi test platform.
- ``zeep`` builds its client from the vendored WSDL alone and calls ``InsiServer``: both
  searches, the 00/01/02 answers and a fault (ADR 0058).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zeep
from zeep.exceptions import Fault
from zeep.transports import Transport

from ins.insi import KNOWN_FAULTS, InsiCode, InsiFault, TraitsSearch, VitaleSearch, known_fault
from ins.insi.mock import MockInsi
from ins.insi.server import InsiServer, serving
from ins.insi.soap import SoapEndpoint
from ins.insi.soap._envelopes import (
    TRAITS_ACTION,
    VITALE_ACTION,
    SoftwareIdentity,
    build_traits_request,
    build_vitale_request,
)
from ins.insi.soap._responses import parse_result, render_fault, render_result
from ins.insi.soap._xml import parse_xml

from .soap_schema import INSI, WSDL, schema_errors

SOFTWARE = SoftwareIdentity(idam="AM-123-456", name="ins", version="1.0", instance="i1")
NOW = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
# A SAML 2.0 assertion as small as its schema allows (Pro Santé Connect or CPS in real life).
ASSERTION = (
    b'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" '
    b'Version="2.0" IssueInstant="2026-01-05T09:30:00Z"><saml:Issuer>ps</saml:Issuer>'
    b"</saml:Assertion>"
)
SEVERITY_ERROR = (
    "/soap:Envelope/soap:Body/soap:Fault/soap:Detail/siram:Erreur: attribute severite='fatal': "
    "value must be one of ['information', 'avertissement', 'erreur', 'fatale']"
)

ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
traits_requests = [
    ("one first name", ADRUN),
    ("with birthplace", ADRUN.model_copy(update={"birthplace": "63220"})),
    (
        "several first names",
        TraitsSearch(
            birth_name="ECETINSI", first_names="PIERRE-ALAIN MURIEL", sex="M",
            birth_date="2009-07-14",
        ),
    ),
]  # fmt: skip
vitale_requests = [
    ("individual", VitaleSearch(individual_matricule="275126322074974", birth_date="1975-12-31")),
    (
        "holder, name and rank",
        VitaleSearch(
            individual_matricule="275126322074974", holder_matricule="160012B02077713",
            birth_name="ADRUN", birth_date="1975-12-31", birth_rank=2,
        ),
    ),
    ("lunar date", VitaleSearch(individual_matricule="275126322074974", birth_date="1975-00-00")),
]  # fmt: skip


@pytest.mark.parametrize("assertion", [None, ASSERTION], ids=["mutual TLS", "assertion"])
@pytest.mark.parametrize(("case", "request_"), traits_requests, ids=[c for c, _ in traits_requests])
def test_traits_request_is_valid(
    case: str, request_: TraitsSearch, assertion: bytes | None
) -> None:
    envelope = build_traits_request(request_, software=SOFTWARE, assertion=assertion, now=NOW)
    assert schema_errors(envelope) == []


@pytest.mark.parametrize("assertion", [None, ASSERTION], ids=["mutual TLS", "assertion"])
@pytest.mark.parametrize(("case", "request_"), vitale_requests, ids=[c for c, _ in vitale_requests])
def test_vitale_request_is_valid(
    case: str, request_: VitaleSearch, assertion: bytes | None
) -> None:
    envelope = build_vitale_request(request_, software=SOFTWARE, assertion=assertion, now=NOW)
    assert schema_errors(envelope) == []


def test_an_empty_security_header_is_invalid() -> None:
    # What main sent with mutual TLS: the schema requires an assertion in wsse:Security.
    envelope = build_traits_request(ADRUN, software=SOFTWARE)
    root = parse_xml(envelope, what="request")
    header = root.find("{http://www.w3.org/2003/05/soap-envelope}Header")
    assert header is not None
    ET.SubElement(
        header,
        "{http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd}Security",
    )
    (error,) = schema_errors(ET.tostring(root))
    assert "Security: The content of element" in error
    assert "saml:Assertion' expected" in error


answers = [
    ("00", ADRUN),
    ("00 with history", traits_requests[2][1]),
    ("01", ADRUN.model_copy(update={"birth_name": "NOBODY"})),
    (
        "02",
        TraitsSearch(
            birth_name="DE VINCI", first_names="LEONARDO", sex="M", birth_date="2014-02-01"
        ),
    ),
]


@pytest.mark.parametrize(("case", "request_"), answers, ids=[c for c, _ in answers])
def test_mock_answer_is_valid(case: str, request_: TraitsSearch) -> None:
    result = MockInsi.with_test_identities().search_by_traits(request_)
    assert result.code.value == case[:2]
    assert schema_errors(render_result(result, relates_to="uuid:m1")) == []


def test_vitale_answer_is_valid() -> None:
    result = MockInsi.with_test_identities().search_with_vitale(vitale_requests[0][1])
    assert result.code is InsiCode.OK
    assert schema_errors(render_result(result)) == []


@pytest.mark.parametrize("code", list(KNOWN_FAULTS))
def test_catalogue_fault_is_valid_but_for_what_insi_itself_sends(code: str) -> None:
    errors = schema_errors(render_fault(known_fault(code, message_id="uuid:m1")))
    # INSi's siram_40 faults say "fatal" (captured), which the schema does not list ("fatale"):
    # the mock says what INSi says (ADR 0058). Every other part is valid.
    assert errors == ([SEVERITY_ERROR] if KNOWN_FAULTS[code].severity == "fatal" else [])


@pytest.mark.parametrize(
    ("envelope", "code"),
    [
        (b"<not xml", "mock_malformed_request"),
        (b"<!DOCTYPE a><a/>", "mock_forbidden_dtd"),
        (build_traits_request(ADRUN), None),  # a search: answered, not a fault
    ],
)
def test_faults_for_unreadable_requests_are_valid(envelope: bytes, code: str | None) -> None:
    answer = SoapEndpoint(MockInsi.with_test_identities()).answer(envelope, action=TRAITS_ACTION)
    assert (answer.fault.code if answer.fault else None) == code
    assert schema_errors(answer.body) == []


# -- the catalogue against the captured faults ---------------------------------------------

CAPTURED = INSI / "captured"


@pytest.mark.parametrize("name", ["fault_desir_550.xml", "fault_insi_102.xml"])
def test_catalogue_matches_the_captured_fault(name: str) -> None:
    captured = (CAPTURED / name).read_bytes()
    with pytest.raises(InsiFault) as raised:
        parse_result(captured)
    fault = raised.value
    ours = known_fault(fault.code, message_id=fault.message_id)
    fields = ("soap_code", "subcode", "code", "severity", "reason", "detail", "message_id")
    assert {f: getattr(ours, f) for f in fields} == {f: getattr(fault, f) for f in fields}
    # And the language of the Reason text, which the exception does not keep.
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    text = ".//{http://www.w3.org/2003/05/soap-envelope}Text"
    written = parse_xml(render_fault(ours), what="fault").find(text)
    recorded = parse_xml(captured, what="captured fault").find(text)
    assert written is not None
    assert recorded is not None
    assert written.get(lang) == recorded.get(lang)


# -- a zeep client, built from the WSDL alone, against the mock server ---------------------


class _Offline(Transport):  # type: ignore[misc]
    """zeep's transport, reading the one remote schema of the WSDL from the vendored copy."""

    def load(self, url: str) -> bytes:
        if url == "http://www.w3.org/2006/03/addressing/ws-addr.xsd":
            return (INSI / "xsd" / "w3c" / "ws-addr.xsd").read_bytes()
        return super().load(url)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[InsiServer, Any]]:
    insi_server = InsiServer(("127.0.0.1", 0))
    with serving(insi_server) as url:
        client = zeep.Client(str(WSDL), transport=_Offline())
        binding = "{http://www.cnamts.fr/webservice}ICIRServiceBinding"
        yield insi_server, client.create_service(binding, url)


def _traits(search: TraitsSearch) -> dict[str, Any]:
    return {
        "NomNaissance": search.birth_name,
        "Prenom": [search.first_names],
        "Sexe": search.sex.value,
        "DateNaissance": search.birth_date,
    }


@pytest.mark.parametrize(("case", "request_"), answers, ids=[c for c, _ in answers])
def test_zeep_traits_search(
    server: tuple[InsiServer, Any], case: str, request_: TraitsSearch
) -> None:
    _, service = server
    answer = service.rechercherInsAvecTraitsIdentite(**_traits(request_))
    assert answer["CR"]["CodeCR"] == case[:2]
    if case.startswith("00"):
        active = answer["INDIVIDU"]["INSACTIF"]
        expected = MockInsi.with_test_identities().search_by_traits(request_).individual
        assert expected is not None
        matricule = active["IdIndividu"]["NumIdentifiant"] + active["IdIndividu"]["Cle"]
        assert matricule == expected.matricule_as_returned
        assert len(answer["INDIVIDU"]["INSHISTO"]) == len(expected.history)
    else:
        assert answer["INDIVIDU"] is None


def test_zeep_vitale_search(server: tuple[InsiServer, Any]) -> None:
    _, service = server
    answer = service.rechercherInsAvecCarteVitale(
        MatriculeIndividu={"NumIdentifiant": "2751263220749", "Cle": "74"},
        DateNaissance="1975-12-31",
        RangNaissance="1",
    )
    assert answer["CR"]["CodeCR"] == "00"
    assert answer["INDIVIDU"]["TIQ"]["NomNaissance"] == "ADRUN"


def test_zeep_sends_the_software_context_as_a_header() -> None:
    # A server with strict headers refuses a request without the software's IDAM (desir_550):
    # the ContexteLPS header zeep builds from the WSDL is read and accepted.
    context = {
        "Id": "1",
        "Temps": NOW,
        "LPS": {"IDAM": {"_value_1": "AM-123-456", "R": "4"}, "Version": "1.0", "Nom": "zeep"},
        "Nature": "CTXLPS",
        "Version": "01_00",
    }
    with serving(InsiServer(("127.0.0.1", 0), strict_headers=True)) as url:
        client = zeep.Client(str(WSDL), transport=_Offline())
        service = client.create_service("{http://www.cnamts.fr/webservice}ICIRServiceBinding", url)
        with pytest.raises(Fault) as raised:
            service.rechercherInsAvecTraitsIdentite(**_traits(ADRUN))
        assert raised.value.detail[0].get("code") == "desir_550"
        answer = service.rechercherInsAvecTraitsIdentite(
            **_traits(ADRUN), _soapheaders={"NO1_ContexteLPS": context}
        )
        assert answer["CR"]["CodeCR"] == "00"


@pytest.mark.parametrize("code", ["desir_550", "insi_102"])
def test_zeep_reads_a_fault(server: tuple[InsiServer, Any], code: str) -> None:
    insi_server, service = server
    insi_server.insi.fail_next(code)
    with pytest.raises(Fault) as raised:
        service.rechercherInsAvecTraitsIdentite(**_traits(ADRUN))
    fault = raised.value
    known = KNOWN_FAULTS[code]
    assert fault.message == known.reason
    assert fault.code.endswith(known.soap_code)
    (error,) = list(fault.detail)
    assert (error.tag, error.get("code"), error.get("severite"), error.text) == (
        "{urn:siram}Erreur",
        code,
        known.severity,
        known.detail,
    )
    # The next call is answered.
    assert service.rechercherInsAvecTraitsIdentite(**_traits(ADRUN))["CR"]["CodeCR"] == "00"


def test_the_wsdl_is_read_offline() -> None:
    # The one remote schema location of the WSDL is mapped to a vendored file.
    text = WSDL.read_text(encoding="utf-8")
    assert text.count('schemaLocation="http') == 1
    assert Path(INSI / "xsd" / "w3c" / "ws-addr.xsd").exists()
    assert VITALE_ACTION in text
