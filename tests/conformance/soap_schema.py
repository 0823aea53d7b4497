"""The INSi XML Schemas (WSDL 1.5.0) as one ``xmlschema`` schema set, read offline.

The SOAP 1.2 envelope lets the header and body hold any element with ``processContents="lax"``:
an element whose declaration the set knows (``wsse:Security``, the contexts, the searches,
``RESULTAT``, ``siram:Erreur``) is validated against it, so one validation covers the whole
message. The schemas are the vendored copies of ``insi/`` (see its ``SOURCE.md``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xmlschema

INSI = Path(__file__).resolve().parent / "insi"
WSDL = INSI / "DESIR_ICIR_EXP_1.5.0.wsdl"
# Every namespace the messages use, with its vendored schema (relative to INSI).
IMPORTS = {
    "http://www.w3.org/2003/05/soap-envelope": "xsd/w3c/soap-envelope-1.2.xsd",
    "http://www.w3.org/2005/08/addressing": "xsd/w3c/ws-addr.xsd",
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd": (
        "xsd/WSSE/Security.xsd"
    ),
    "urn:siram:lps:ctxlps": "xsd/CTX/ROOT_ctxlps_CTXLPS_V01_00.xsd",
    "urn:siram:bam:ctxbam": "xsd/CTX/ROOT_ctxbam_CTXBAM_V01_02.xsd",
    "urn:siram": "xsd/schema_faultSOAP_V01_01.xsd",
    "http://www.cnamts.fr/INSiRecSans": "xsd/ServiceIdentiteCertifiee/INSi_RECSANS_INS.xsd",
    "http://www.cnamts.fr/INSiRecVit": "xsd/ServiceIdentiteCertifiee/INSi_RECVITALE_INS.xsd",
    "http://www.cnamts.fr/INSiResultat": "xsd/ServiceIdentiteCertifiee/INSi_RESULTAT_INS.xsd",
}


@cache
def schema() -> xmlschema.XMLSchema:
    """The schema set of every namespace of :data:`IMPORTS` (built once)."""
    imports = "".join(
        f'<xs:import namespace="{namespace}" schemaLocation="{location}"/>'
        for namespace, location in IMPORTS.items()
    )
    source = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'targetNamespace="urn:ins:conformance">{imports}</xs:schema>'
    )
    return xmlschema.XMLSchema(source, base_url=str(INSI))


def schema_errors(document: bytes) -> list[str]:
    """The reasons ``document`` is invalid, with the path of each (empty when valid)."""
    return [f"{error.path}: {error.reason}" for error in schema().iter_errors(document)]
