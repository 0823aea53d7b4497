"""The SOAP layer: hand-written XML fixtures, round trips, refused documents, transports."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins._identifiers import Ins
from ins.errors import InvalidTrait
from ins.insi import (
    ActionMismatch,
    AnomalyCode,
    InsiCode,
    InsiError,
    InsiFault,
    ReturnedTraits,
    TraitsSearch,
    VitaleSearch,
    WireIns,
    known_fault,
    make_result,
)
from ins.insi.mock import MockInsi
from ins.insi.soap import (
    MAX_BYTES,
    TRAITS_ACTION,
    VITALE_ACTION,
    MockTransport,
    SoapEndpoint,
    SoapInsi,
    SoftwareIdentity,
    build_traits_request,
    build_vitale_request,
    parse_request,
    parse_result,
    render_fault,
    render_result,
)
from ins.insi.soap._xml import parse_xml
from ins.testing.strategies import nirs

DATA = Path(__file__).parent / "data"
NS = {
    "soap": "http://www.w3.org/2003/05/soap-envelope",
    "wsa": "http://www.w3.org/2005/08/addressing",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "ctxbam": "urn:siram:bam:ctxbam",
    "ctxlps": "urn:siram:lps:ctxlps",
    "rs": "http://www.cnamts.fr/INSiRecSans",
    "rv": "http://www.cnamts.fr/INSiRecVit",
}
SOFTWARE = SoftwareIdentity(
    idam="AM-123-456", name="Logiciel", version="2.1", instance="inst-1", emitter="ps@example.org"
)
NOW = dt.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=dt.UTC)


def tree(document: bytes) -> ET.Element:
    return parse_xml(document, what="test document")


def child_names(root: ET.Element, path: str) -> list[str]:
    """The local names of the children of the element at ``path`` (which must be there)."""
    element = root.find(path, NS)
    assert element is not None, path
    return [child.tag.split("}")[1] for child in element]


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


# -- hand-written fixtures ------------------------------------------------------------------


def test_unusual_order_and_two_history_entries() -> None:
    result = parse_result(fixture("resultat_ecetinsi_unusual_order.xml"))
    assert (result.code, result.label, result.anomalies) == (InsiCode.OK, "OK", ())
    individual = result.individual
    assert individual is not None
    assert individual.ins == Ins("109076322083489", "1.2.250.1.213.1.4.8")
    history = [(h.matricule_as_returned, h.start, h.end) for h in individual.history]
    assert history == [
        ("209076322083439", dt.date(2019, 3, 1), dt.date(2019, 2, 28)),  # start after end: kept
        ("209066322012355", None, None),
    ]
    assert individual.traits is not None
    assert individual.traits.first_names == "PIERRE-ALAIN MURIEL FLORIANT"
    assert individual.returned_traits.first_name is None  # no Prenom element


def test_one_history_entry_repeating_the_active_one() -> None:
    result = parse_result(fixture("resultat_corse_one_history.xml"))
    assert result.individual is not None
    (entry,) = result.individual.history
    assert entry.ins == result.individual.ins == Ins("180032B02040123", "1.2.250.1.213.1.4.8")
    assert result.individual.returned_traits.first_name == "ANTHONY"
    assert result.individual.traits is not None
    assert result.individual.traits.birthplace == "2B020"


def test_keys_that_do_not_verify_are_anomalies() -> None:
    result = parse_result(fixture("resultat_hermann_keys.xml"))
    assert result.ins is None
    assert result.individual is not None
    assert result.individual.matricule_as_returned == "181036322045660"  # kept verbatim
    assert [(a.code, a.where) for a in result.anomalies] == [
        (AnomalyCode.KEY_MISMATCH, "INSACTIF"),
        (AnomalyCode.UNKNOWN_OID, "INSHISTO[1]"),  # published without OID
        (AnomalyCode.UNKNOWN_OID, "INSHISTO[2]"),
    ]
    assert all("181036322045660" not in a.message for a in result.anomalies)


def test_nia_with_time_zoned_dates() -> None:
    result = parse_result(fixture("resultat_provisoire_nia.xml"))
    assert result.ins is not None
    assert result.ins.is_nia
    assert result.individual is not None
    assert (result.individual.start, result.individual.end) == (
        dt.date(2009, 7, 1),
        dt.date(2030, 12, 31),
    )


@pytest.mark.parametrize(
    ("name", "code", "label"),
    [
        ("resultat_cr01.xml", InsiCode.NOT_FOUND, "Aucune identite trouvee"),
        ("resultat_cr02.xml", InsiCode.SEVERAL, "Plusieurs identites trouvees"),  # label first
    ],
)
def test_codes_without_individual(name: str, code: InsiCode, label: str) -> None:
    result = parse_result(fixture(name))
    assert (result.code, result.label, result.individual) == (code, label, None)


def test_recorded_fault_shape() -> None:
    with pytest.raises(InsiFault) as raised:
        parse_result(fixture("fault_insi_102.xml"))
    fault = raised.value
    assert (fault.soap_code, fault.subcode, fault.code, fault.severity) == (
        "Receiver",
        "siram_40",
        "insi_102",
        "fatal",
    )
    assert fault.reason == "Le service est temporairement inaccessible."
    assert fault.detail.startswith("L'appel au service de recherche")


def test_fault_with_message_id_is_masked() -> None:
    with pytest.raises(InsiFault) as raised:
        parse_result(fixture("fault_desir_550.xml"))
    fault = raised.value
    assert (fault.soap_code, fault.subcode, fault.code, fault.severity, fault.message_id) == (
        "Sender",
        "siram_100",
        "desir_550",
        "erreur",
        "m-42",
    )
    assert "275126322074974" not in str(fault)
    assert "27512**********" in str(fault)


def test_request_fixture_in_any_order() -> None:
    parsed = parse_request(fixture("request_traits_unusual_order.xml"))
    assert parsed.action == TRAITS_ACTION
    assert parsed.message_id == "uuid:0f0e0d0c-0b0a-0908-0706-050403020100"
    assert parsed.request == TraitsSearch(
        birth_name="NESSI",
        first_names="MICHELANGELO ANTHONY",
        sex="M",
        birth_date="2010-08-07",
        birthplace="63220",
    )
    assert parsed.software is None
    assert parsed.assertion is not None
    assert b"Assertion" in parsed.assertion


# -- what we emit ---------------------------------------------------------------------------


def test_traits_envelope_follows_the_schema_order() -> None:
    request = TraitsSearch(
        birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31", birthplace="63220"
    )
    envelope = build_traits_request(request, software=SOFTWARE, message_id="uuid:m1", now=NOW)
    root = tree(envelope)
    assert child_names(root, "soap:Body/rs:RECSANSVITALE") == [
        "NomNaissance",
        "Prenom",
        "Sexe",
        "DateNaissance",
        "LieuNaissance",
    ]
    header = root.find("soap:Header", NS)
    assert header is not None
    assert header.findtext("wsa:Action", namespaces=NS) == TRAITS_ACTION
    assert header.findtext("wsa:MessageID", namespaces=NS) == "uuid:m1"
    # Mutual TLS, no assertion: no wsse:Security (an empty one breaks the schema, ADR 0058).
    assert header.find("wsse:Security", NS) is None
    lps = header.find("ctxlps:ContexteLPS", NS)
    assert lps is not None
    assert (lps.get("Nature"), lps.get("Version")) == ("CTXLPS", "01_00")
    assert lps.findtext("ctxlps:Temps", namespaces=NS) == "2026-01-02T03:04:05.678Z"
    assert child_names(lps, "ctxlps:LPS") == [
        "IDAM",
        "Version",
        "Instance",
        "Nom",
    ]
    idam = lps.find("ctxlps:LPS/ctxlps:IDAM", NS)
    assert idam is not None
    assert (idam.text, idam.get("R")) == ("AM-123-456", "4")
    bam = header.find("ctxbam:ContexteBAM", NS)
    assert bam is not None
    assert bam.get("Version") == "01_02"
    assert bam.findtext("ctxbam:Id", namespaces=NS) == "m1"


def test_vitale_envelope_follows_the_schema_order() -> None:
    request = VitaleSearch(
        individual_matricule="275126322074974",
        holder_matricule="160012B02077713",
        birth_name="ADRUN",
        birth_date="1975-12-31",
        birth_rank=2,
    )
    root = tree(build_vitale_request(request))
    assert child_names(root, "soap:Body/rv:RECVITALE") == [
        "MatriculeIndividu",
        "MatriculeOD",
        "NomNaissance",
        "DateNaissance",
        "RangNaissance",
    ]
    body = "soap:Body/rv:RECVITALE/rv:MatriculeOD"
    assert root.findtext(f"{body}/rv:NumIdentifiant", namespaces=NS) == "160012B020777"
    assert root.findtext(f"{body}/rv:Cle", namespaces=NS) == "13"
    assert root.findtext("soap:Header/wsa:Action", namespaces=NS) == VITALE_ACTION
    assert parse_request(build_vitale_request(request)).request == request


def test_assertion_goes_into_the_security_slot() -> None:
    assertion = b'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="x"/>'
    request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    envelope = build_traits_request(request, assertion=assertion)
    security = tree(envelope).find("soap:Header/wsse:Security", NS)
    assert security is not None
    assert [child.tag for child in security] == ["{urn:oasis:names:tc:SAML:2.0:assertion}Assertion"]
    assert parse_request(envelope).assertion is not None


def test_an_indented_assertion_keeps_its_text() -> None:
    assertion = b'<a:A xmlns:a="urn:a">\n  <a:B>x &amp; y</a:B>\n  <a:C/>\n</a:A>'
    request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    sent = parse_request(build_traits_request(request, assertion=assertion)).assertion
    assert sent is not None
    assert ET.tostring(tree(sent)) == ET.tostring(tree(assertion))


def test_a_hostile_assertion_is_refused() -> None:
    request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    with pytest.raises(InsiError, match="document type or entities"):
        build_traits_request(request, assertion=b'<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')


def test_soap_client_sends_software_and_assertion_per_request() -> None:
    transport = MockTransport(SoapEndpoint(MockInsi.with_test_identities()))
    calls: list[int] = []

    def fresh_assertion() -> bytes:
        calls.append(1)
        return b'<t xmlns="urn:token">%d</t>' % len(calls)

    client = SoapInsi(transport, software=SOFTWARE, assertion=fresh_assertion)
    request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    client.search_by_traits(request)
    client.search_by_traits(request)
    parsed = [parse_request(sent) for sent, _ in transport.envelopes]
    assert [p.assertion for p in parsed] == [
        b'<?xml version="1.0" encoding="UTF-8"?><ns0:t xmlns:ns0="urn:token">1</ns0:t>',
        b'<?xml version="1.0" encoding="UTF-8"?><ns0:t xmlns:ns0="urn:token">2</ns0:t>',
    ]
    assert {p.software for p in parsed} == {SOFTWARE}


# -- refused documents ----------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<RESULTAT xmlns="http://www.cnamts.fr/INSiResultat"><CR><CodeCR>01</CodeCR>
<LibelleCR>&lol3;</LibelleCR></CR></RESULTAT>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<RESULTAT xmlns="http://www.cnamts.fr/INSiResultat"><CR><CodeCR>01</CodeCR>
<LibelleCR>&x;</LibelleCR></CR></RESULTAT>"""
CR01 = (
    b'<RESULTAT xmlns="http://www.cnamts.fr/INSiResultat"><CR><CodeCR>01</CodeCR>'
    b"<LibelleCR>Aucune identite trouvee</LibelleCR></CR></RESULTAT>"
)

refused = [
    pytest.param(BILLION_LAUGHS, "document type or entities", id="billion-laughs"),
    pytest.param(XXE, "document type or entities", id="xxe"),
    pytest.param(b"<!DOCTYPE RESULTAT>" + CR01, "document type or entities", id="doctype"),
    # the byte scan cannot see the declaration in UTF-16: the expat pass does
    pytest.param(
        ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE RESULTAT>' + CR01.decode()).encode(
            "utf-16"
        ),
        "document type or entities",
        id="doctype-utf16",
    ),
    pytest.param(CR01 + b" " * MAX_BYTES, "larger than", id="oversize"),
    pytest.param(b"<RESULTAT><CR>", "not well-formed", id="truncated"),
    pytest.param(b"", "not well-formed", id="empty"),
    pytest.param(b"<a xmlns='urn:x'/>", "not RESULTAT", id="other-document"),
    pytest.param(CR01.replace(b"01", b"07"), "unknown result code", id="unknown-code"),
    pytest.param(CR01.replace(b"<CR>", b"<CR><CodeCR>01</CodeCR>"), "one expected", id="twice"),
    pytest.param(CR01.replace(b"<CodeCR>01</CodeCR>", b""), "has 0 CodeCR elements", id="no-code"),
    pytest.param(
        CR01.replace(b"<CodeCR>01</CodeCR>", b"<CodeCR><x/></CodeCR>"),
        "must hold text",
        id="code-with-elements",
    ),
]


@pytest.mark.parametrize(("document", "message"), refused)
def test_refused_responses(document: bytes, message: str) -> None:
    with pytest.raises(InsiError, match=message):
        parse_result(document)


def test_refuses_non_bytes() -> None:
    with pytest.raises(InsiError, match="must be bytes"):
        parse_result("<RESULTAT/>")  # type: ignore[arg-type]


def _individual(active: str, tiq: str = "", history: str = "") -> bytes:
    tiq = tiq or (
        "<TIQ><NomNaissance>ADRUN</NomNaissance><ListePrenom>ZOE</ListePrenom><Sexe>F</Sexe>"
        "<DateNaissance>1975-12-31</DateNaissance></TIQ>"
    )
    return (
        '<RESULTAT xmlns="http://www.cnamts.fr/INSiResultat"><CR><CodeCR>00</CodeCR>'
        f"<LibelleCR>OK</LibelleCR></CR><INDIVIDU>{active}{history}{tiq}</INDIVIDU></RESULTAT>"
    ).encode()


ACTIVE = (
    "<INSACTIF><IdIndividu><NumIdentifiant>{num}</NumIdentifiant><Cle>{key}</Cle></IdIndividu>"
    "<OID>1.2.250.1.213.1.4.8</OID>{dates}</INSACTIF>"
)

schema_breaches = [
    pytest.param(ACTIVE.format(num="27512632207", key="74", dates=""), "13 characters", id="short"),
    pytest.param(ACTIVE.format(num="2751263220749", key="7", dates=""), "two digits", id="key"),
    pytest.param(
        ACTIVE.format(num="2751263220749", key="74", dates="<DateDeb>2019-02-30</DateDeb>"),
        "not a date",
        id="impossible-date",
    ),
    pytest.param(
        ACTIVE.format(num="2751263220749", key="74", dates="<DateFin>soon</DateFin>"),
        "not a date",
        id="text-date",
    ),
    pytest.param("", "has 0 INSACTIF", id="no-active"),
]


@pytest.mark.parametrize(("active", "message"), schema_breaches)
def test_schema_breaches_are_errors(active: str, message: str) -> None:
    with pytest.raises(InsiError, match=message):
        parse_result(_individual(active))


def test_individual_without_tiq_is_an_error() -> None:
    document = _individual(ACTIVE.format(num="2751263220749", key="74", dates=""), tiq="<x/>")
    with pytest.raises(InsiError, match="has 0 TIQ"):
        parse_result(document.replace(b"<x/>", b""))


def test_individual_with_code_01_is_an_error() -> None:
    document = _individual(ACTIVE.format(num="2751263220749", key="74", dates=""))
    with pytest.raises(InsiError, match="code 01 with an individual"):
        parse_result(document.replace(b"<CodeCR>00", b"<CodeCR>01"))


def test_missing_key_is_an_anomaly() -> None:
    active = ACTIVE.format(num="2751263220749", key="", dates="").replace("<Cle></Cle>", "")
    result = parse_result(_individual(active))
    assert [a.code for a in result.anomalies] == [AnomalyCode.INVALID_MATRICULE]
    assert result.individual is not None
    assert result.individual.matricule_as_returned == "2751263220749"


def test_fault_without_detail() -> None:
    document = (
        b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>'
        b"</e:Fault></e:Body></e:Envelope>"
    )
    with pytest.raises(InsiFault) as raised:
        parse_result(document)
    assert (raised.value.subcode, raised.value.code, raised.value.soap_code) == (
        "unknown",
        "unknown",
        "",
    )
    assert "without a reason" in raised.value.message


# -- request envelopes read back (what the mock server receives) ----------------------------


def _envelope(body: str, header: str = "") -> bytes:
    return (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
        f"<s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


bad_requests = [
    pytest.param(b"<x/>", InsiError, "not a SOAP 1.2 envelope", id="not-envelope"),
    pytest.param(_envelope(""), InsiError, "holds 0 elements", id="empty-body"),
    pytest.param(_envelope("<x/>"), InsiError, "unknown operation", id="unknown-operation"),
    pytest.param(
        _envelope(
            '<RECSANSVITALE xmlns="http://www.cnamts.fr/INSiRecSans"><NomNaissance>A</NomNaissance>'
            "<Prenom>B</Prenom><Sexe>M</Sexe><DateNaissance>2000-01-01</DateNaissance>"
            "</RECSANSVITALE>",
            '<a:Action xmlns:a="http://www.w3.org/2005/08/addressing">urn:other</a:Action>',
        ),
        ActionMismatch,  # an InsiError the server tells apart: mock_action_mismatch
        "does not match",
        id="action-mismatch",
    ),
    pytest.param(
        _envelope(
            '<RECSANSVITALE xmlns="http://www.cnamts.fr/INSiRecSans"><NomNaissance>Dupont'
            "</NomNaissance><Prenom>B</Prenom><Sexe>M</Sexe><DateNaissance>2000-01-01"
            "</DateNaissance></RECSANSVITALE>"
        ),
        InvalidTrait,
        "not in INSi form",
        id="lower-case-name",
    ),
    pytest.param(
        _envelope(
            '<RECVITALE xmlns="http://www.cnamts.fr/INSiRecVit"><DateNaissance>2000-01-01'
            "</DateNaissance></RECVITALE>"
        ),
        InvalidTrait,
        "needs the beneficiary's or the holder's matricule",
        id="vitale-without-matricule",
    ),
]


@pytest.mark.parametrize(("envelope", "error", "message"), bad_requests)
def test_bad_requests(envelope: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        parse_request(envelope)


@pytest.mark.parametrize(
    ("envelope", "code"),
    [
        pytest.param(b"not xml", "mock_malformed_request", id="not-xml"),
        pytest.param(_envelope("<x/>"), "mock_malformed_request", id="unknown-operation"),
        pytest.param(b"<!doctype x []><x/>", "mock_forbidden_dtd", id="dtd"),
        pytest.param(  # traits outside the INSi set: what INSi answers
            _envelope(
                '<RECSANSVITALE xmlns="http://www.cnamts.fr/INSiRecSans"><NomNaissance>Adrun'
                "</NomNaissance><Prenom>ZOE</Prenom><Sexe>F</Sexe><DateNaissance>1975-12-31"
                "</DateNaissance></RECSANSVITALE>"
            ),
            "insi_102",
            id="traits",
        ),
    ],
)
def test_endpoint_answers_unreadable_requests_with_a_fault(envelope: bytes, code: str) -> None:
    # The offline wire path answers as the mock server does (one endpoint, ADR 0070).
    transport = MockTransport(SoapEndpoint(MockInsi()))
    with pytest.raises(InsiFault) as raised:
        parse_result(transport.send(envelope, action=TRAITS_ACTION))
    assert raised.value.code == code


def test_endpoint_checks_the_action() -> None:
    transport = MockTransport(SoapEndpoint(MockInsi.with_test_identities()))
    request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    answer = transport.send(build_traits_request(request), action=VITALE_ACTION)
    with pytest.raises(InsiFault, match="mock_action_mismatch"):
        parse_result(answer)
    unknown = transport.send(build_traits_request(request), action="urn:other")
    with pytest.raises(InsiFault, match="mock_unknown_action"):
        parse_result(unknown)


def test_mock_transport_takes_a_client_with_a_deprecation_warning() -> None:
    request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    with pytest.warns(DeprecationWarning, match=r"MockTransport\(SoapEndpoint\(client\)\)"):
        transport = MockTransport(MockInsi.with_test_identities())  # type: ignore[arg-type]
    assert SoapInsi(transport).search_by_traits(request).code.value == "00"
    with pytest.raises(TypeError, match="handler"):
        MockTransport(42)  # type: ignore[arg-type]


# -- round trips ----------------------------------------------------------------------------

NAME = st.from_regex(r"[A-Z]{1,12}(?:[ '-][A-Z]{1,12}){0,2}", fullmatch=True)
LUNAR = st.from_regex(r"(19|20)[0-9]{2}-(0[0-9]|1[0-2])-([0-2][0-9]|3[01])", fullmatch=True)
PLACE = st.none() | st.from_regex(r"(0[1-9]|[1-8][0-9]|2A|2B|99)[0-9]{3}", fullmatch=True)


@given(
    birth_name=NAME,
    first_names=NAME,
    sex=st.sampled_from("MF"),
    birth_date=LUNAR,
    birthplace=PLACE,
)
def test_traits_request_round_trip(
    birth_name: str, first_names: str, sex: str, birth_date: str, birthplace: str | None
) -> None:
    request = TraitsSearch(
        birth_name=birth_name,
        first_names=first_names,
        sex=sex,
        birth_date=birth_date,
        birthplace=birthplace,
    )
    parsed = parse_request(build_traits_request(request, software=SOFTWARE))
    assert (parsed.action, parsed.request, parsed.software) == (TRAITS_ACTION, request, SOFTWARE)


@given(
    individual=st.none() | nirs(),
    holder=nirs(),
    birth_name=st.none() | NAME,
    birth_date=LUNAR,
    rank=st.integers(1, 9),
)
def test_vitale_request_round_trip(
    individual: str | None, holder: str, birth_name: str | None, birth_date: str, rank: int
) -> None:
    request = VitaleSearch(
        individual_matricule=individual,
        holder_matricule=holder,
        birth_name=birth_name,
        birth_date=birth_date,
        birth_rank=rank,
    )
    assert parse_request(build_vitale_request(request)).request == request


WIRE = st.builds(
    WireIns,
    number=st.from_regex(r"[0-9]{6}[0-9AB][0-9]{6}", fullmatch=True),
    key=st.none() | st.from_regex(r"[0-9]{2}", fullmatch=True),
    oid=st.none() | st.sampled_from(["1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.3"]),
    start=st.none() | st.dates(),
    end=st.none() | st.dates(),
)
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30
)  # verbatim values, INSi form or not
TIQ = st.builds(
    ReturnedTraits,
    birth_name=st.none() | NAME | TEXT,
    first_name=st.none() | NAME,
    first_names=st.none() | NAME | TEXT,
    sex=st.none() | st.sampled_from(["M", "F", "I", "m"]),
    birth_date=st.none() | LUNAR | st.just("1977-02-35") | TEXT,
    birthplace=st.none() | PLACE | TEXT,
)


@given(active=WIRE, history=st.lists(WIRE, max_size=3), tiq=TIQ, relates_to=st.none() | st.uuids())
def test_result_round_trip(
    active: WireIns, history: list[WireIns], tiq: ReturnedTraits, relates_to: object
) -> None:
    result = make_result("00", active=active, history=history, tiq=tiq)
    related = None if relates_to is None else f"uuid:{relates_to}"
    assert parse_result(render_result(result, relates_to=related)) == result


@given(code=st.sampled_from(["01", "02"]), label=TEXT)
def test_result_without_individual_round_trip(code: str, label: str) -> None:
    result = make_result(code, label=label.strip() or "x")
    assert parse_result(render_result(result)) == result


@given(
    code=st.sampled_from(["insi_102", "desir_1020", "desir_550", "desir_500", "DESIR_560"]),
    message_id=st.none() | st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True),
)
def test_fault_round_trip(code: str, message_id: str | None) -> None:
    fault = known_fault(code, message_id=message_id)
    with pytest.raises(InsiFault) as raised:
        parse_result(render_fault(fault))
    assert raised.value == fault


def test_request_without_header() -> None:
    body = (
        '<RECVITALE xmlns="http://www.cnamts.fr/INSiRecVit"><RangNaissance>2</RangNaissance>'
        "<MatriculeOD><Cle>13</Cle><NumIdentifiant>160012B020777</NumIdentifiant></MatriculeOD>"
        "<DateNaissance>1960-01-01</DateNaissance></RECVITALE>"
    )
    document = (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
        f"<s:Body>{body}</s:Body></s:Envelope>"
    ).encode()
    parsed = parse_request(document)
    assert (parsed.action, parsed.message_id, parsed.software, parsed.assertion) == (
        VITALE_ACTION,
        None,
        None,
        None,
    )
    assert parsed.request == VitaleSearch(
        holder_matricule="160012B02077713", birth_date="1960-01-01", birth_rank=2
    )


def test_the_old_http_module_warns_and_points_to_the_soap_package() -> None:
    from ins.insi import http, soap

    with pytest.warns(DeprecationWarning, match=r"ins\.insi\.soap\.HttpTransport"):
        assert http.HttpTransport is soap.HttpTransport
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        http.nope  # noqa: B018
