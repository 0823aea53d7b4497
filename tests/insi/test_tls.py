"""The mock INSi server over TLS, with and without client certificates (mutual TLS).

Certificates are made in the test by ``trustme``: a test CA, a server certificate for
127.0.0.1, client certificates with the common names of the INSi test certificates
(``INSI-AUTO``, ``INSI-MANU``) and one with another name, which INSi refuses with ``DESIR_560``.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from ins.errors import InsError
from ins.insi import InsiFault, InsiUnavailable, TraitsSearch
from ins.insi.server import InsiServer, server_ssl_context, serving
from ins.insi.soap import HttpTransport, SoapInsi

ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def files(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("tls")
    server = ca.issue_cert("127.0.0.1", "localhost")
    paths = {"cert": folder / "server.pem", "key": folder / "server.key", "ca": folder / "ca.pem"}
    server.cert_chain_pems[0].write_to_path(str(paths["cert"]))
    server.private_key_pem.write_to_path(str(paths["key"]))
    ca.cert_pem.write_to_path(str(paths["ca"]))
    return {name: str(path) for name, path in paths.items()}


def client_context(ca: trustme.CA, common_name: str | None = None) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    if common_name is not None:
        ca.issue_cert(f"{common_name.lower()}.test", common_name=common_name).configure_cert(
            context
        )
    return context


@pytest.fixture
def https_url(files: dict[str, str]) -> Iterator[str]:
    context = server_ssl_context(files["cert"], files["key"])
    with serving(InsiServer(("127.0.0.1", 0), ssl_context=context)) as url:
        yield url


@pytest.fixture
def mutual_server(files: dict[str, str]) -> Iterator[InsiServer]:
    context = server_ssl_context(
        files["cert"], files["key"], cafile=files["ca"], require_client_cert=True
    )
    server = InsiServer(("127.0.0.1", 0), ssl_context=context, admin=True)
    with serving(server):
        yield server


def test_https_with_the_server_certificate(https_url: str, ca: trustme.CA) -> None:
    assert https_url.startswith("https://127.0.0.1:")
    client = SoapInsi(HttpTransport(https_url, ssl_context=client_context(ca)))
    assert client.search_by_traits(ADRUN).code == "00"


def test_a_client_that_does_not_trust_the_server_is_unavailable(https_url: str) -> None:
    stranger = ssl.create_default_context()  # system trust store: the test CA is unknown
    with pytest.raises(InsiUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        SoapInsi(HttpTransport(https_url, ssl_context=stranger)).search_by_traits(ADRUN)


def test_plain_http_to_the_tls_port_is_unavailable(https_url: str) -> None:
    plain = https_url.replace("https://", "http://")
    with pytest.raises(InsiUnavailable):
        SoapInsi(HttpTransport(plain, timeout=5)).search_by_traits(ADRUN)


@pytest.mark.parametrize("common_name", ["INSI-AUTO", "INSI-MANU"])
def test_client_certificates_of_insi_are_accepted(
    mutual_server: InsiServer, ca: trustme.CA, common_name: str
) -> None:
    transport = HttpTransport(mutual_server.url, ssl_context=client_context(ca, common_name))
    assert SoapInsi(transport).search_by_traits(ADRUN).code == "00"
    assert mutual_server.history.snapshot()[-1]["client_cn"] == common_name


@pytest.mark.parametrize("common_name", ["HOPITAL-X", "insi-auto", "INSI-AUTO-2"])
def test_another_common_name_gets_desir_560(
    mutual_server: InsiServer, ca: trustme.CA, common_name: str
) -> None:
    transport = HttpTransport(mutual_server.url, ssl_context=client_context(ca, common_name))
    with pytest.raises(InsiFault) as raised:
        SoapInsi(transport).search_by_traits(ADRUN)
    assert (raised.value.subcode, raised.value.code) == ("siram_100", "DESIR_560")
    assert mutual_server.history.snapshot()[-1]["outcome"] == "siram_100/DESIR_560"


def test_no_client_certificate_is_refused_in_the_handshake(
    mutual_server: InsiServer, ca: trustme.CA
) -> None:
    with pytest.raises(InsiUnavailable):
        SoapInsi(HttpTransport(mutual_server.url, ssl_context=client_context(ca))).search_by_traits(
            ADRUN
        )


def test_a_client_certificate_from_another_ca_is_refused(
    mutual_server: InsiServer, ca: trustme.CA
) -> None:
    context = client_context(ca)  # trusts the server...
    trustme.CA().issue_cert("x.test", common_name="INSI-AUTO").configure_cert(context)  # ...not us
    with pytest.raises(InsiUnavailable):
        SoapInsi(HttpTransport(mutual_server.url, ssl_context=context)).search_by_traits(ADRUN)


def test_requiring_client_certificates_needs_a_ca(files: dict[str, str]) -> None:
    with pytest.raises(InsError, match="CA file"):
        server_ssl_context(files["cert"], files["key"], require_client_cert=True)


def test_the_key_may_be_in_the_certificate_file(ca: trustme.CA, tmp_path: Path) -> None:
    combined = tmp_path / "combined.pem"
    ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(str(combined))
    with serving(
        InsiServer(("127.0.0.1", 0), ssl_context=server_ssl_context(str(combined)))
    ) as url:
        client = SoapInsi(HttpTransport(url, ssl_context=client_context(ca)))
        assert client.search_by_traits(ADRUN).code == "00"
