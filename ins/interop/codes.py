"""The code maps of each output format, from the library's single internal vocabularies.

The library keeps one enum per concept (:class:`~ins.Oid`,
:class:`~ins.IdentityStatus`, :class:`~ins.IdentityAttribute`,
:class:`~ins.IdentityDocument`); every output has its own explicit map here, because
the formats disagree (domain.md 3.2 and 5.3, [FRCORE], [PAM]):

- FR Core FHIR R4 names the INS kinds ``INS-NIR``, ``INS-NIA``, ``INS-NIR-TEST``, ``INS-NIR-DEMO``
  and keeps the four RNIV statuses;
- IHE PAM France 2.11.2 (HL7 v2) has neither RECUP nor QUAL in its table 0445: QUAL is sent as
  ``VALI`` with the INS, RECUP as ``PROV`` without it;
- the identity documents have three code lists: FR Core 3.0.0-ballot's INS value set (our enum),
  older FR Core versions, and PAM's ZFD-7 table.

>>> from ins import IdentityStatus
>>> pid32_status(IdentityStatus.QUAL), pid32_status(IdentityStatus.RECUP)
('VALI', 'PROV')
>>> from ins import IdentityDocument
>>> document = IdentityDocument.ELECTRONIC_IDENTITY_CARD
>>> fhir_validation_mode(document), pam_document_code(document)
('eCN', 'CN')
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from ins._documents import IdentityDocument
from ins._identifiers import Oid
from ins._status import IdentityStatus

__all__ = [
    "CS_IDENTIFIER_TYPE",
    "CS_IDENTITY_STATUS",
    "CS_IDENTITY_STATUS_COMMENT",
    "CS_METHOD_COLLECTION",
    "CS_VALIDATION_MODE",
    "FHIR_IDENTIFIER_TYPE",
    "FHIR_IDENTIFIER_USE",
    "HL7V2_NAMESPACE",
    "PAM_DOCUMENT_CODES",
    "PID32_STATUS",
    "VALIDATION_MODES",
    "MethodCollection",
    "fhir_validation_mode",
    "pam_document_code",
    "pid32_status",
]

_FR_CORE = "https://hl7.fr/ig/fhir/core"
CS_IDENTIFIER_TYPE = f"{_FR_CORE}/CodeSystem/fr-core-cs-v2-0203"
CS_IDENTITY_STATUS = f"{_FR_CORE}/CodeSystem/fr-core-cs-identity-status"
CS_IDENTITY_STATUS_COMMENT = f"{_FR_CORE}/CodeSystem/fr-core-cs-identity-status-comment"
CS_METHOD_COLLECTION = f"{_FR_CORE}/CodeSystem/fr-core-cs-method-collection"
CS_VALIDATION_MODE = f"{_FR_CORE}/CodeSystem/fr-core-cs-mode-validation-identity"

FHIR_IDENTIFIER_TYPE: MappingProxyType[Oid, str] = MappingProxyType(
    {
        Oid.NIR: "INS-NIR",
        Oid.NIA: "INS-NIA",
        Oid.NIR_TEST: "INS-NIR-TEST",
        Oid.NIR_DEMO: "INS-NIR-DEMO",
    }
)
"""FR Core ``identifier.type`` code (system :data:`CS_IDENTIFIER_TYPE`) of each INS slice."""

FHIR_IDENTIFIER_USE: MappingProxyType[Oid, str] = MappingProxyType(
    {Oid.NIR: "official", Oid.NIA: "temp", Oid.NIR_TEST: "official", Oid.NIR_DEMO: "official"}
)
"""FR Core ``identifier.use`` of an active INS: ``temp`` for a NIA (waiting number)."""

HL7V2_NAMESPACE: MappingProxyType[Oid, str] = MappingProxyType(
    {
        Oid.NIR: "ASIP-SANTE-INS-NIR",
        Oid.NIA: "ASIP-SANTE-INS-NIA",
        Oid.NIR_TEST: "ASIP-SANTE-INS-NIR",
        Oid.NIR_DEMO: "ASIP-SANTE-INS-NIR",
    }
)
"""PID-3.4.1 namespace of the assigning authority (PAM France; test and demo share NIR's)."""

PID32_STATUS: MappingProxyType[IdentityStatus, str] = MappingProxyType(
    {
        IdentityStatus.QUAL: "VALI",
        IdentityStatus.VALI: "VALI",
        IdentityStatus.RECUP: "PROV",
        IdentityStatus.PROV: "PROV",
    }
)
"""PID-32 code (table 0445 of PAM France 2.11.2) of each RNIV status (domain.md 3.2)."""


class MethodCollection(StrEnum):
    """How the identity was collected: FR Core ``methodCollection`` codes."""

    MANUAL = "SM"
    VITALE_CARD = "CV"
    INSI = "INSI"
    BARCODE = "CB"
    RFID = "RFID"
    VITALE_APP = "AV"


_D = IdentityDocument

VALIDATION_MODES: MappingProxyType[IdentityDocument, str] = MappingProxyType(
    {
        document: document.value
        for document in IdentityDocument
        if document not in (_D.OTHER, _D.OTHER_EIDAS_MEANS)
    }
)
"""FR Core ``validationMode`` code (:data:`CS_VALIDATION_MODE`) of each document.

FR Core 3.0.0-ballot's INS value set (``fr-core-vs-mode-validation-identity-ins``, a required
binding of the INS profile) is our enum, so the map is the identity on it. ``IE`` (other eIDAS
means) is outside that value set and ``OTHER`` outside every list: neither has a code, and the
FHIR patient then carries no ``validationMode`` (ADR 0054).
"""

PAM_DOCUMENT_CODES: MappingProxyType[IdentityDocument, str] = MappingProxyType(
    {
        _D.IDENTITY_CARD: "CN",
        _D.PASSPORT: "PA",
        _D.RESIDENCE_PERMIT: "CS",
        # An electronic identity card is a national identity card.
        _D.ELECTRONIC_IDENTITY_CARD: "CN",
        # La Poste's digital identity is an eIDAS electronic identification.
        _D.LA_POSTE_DIGITAL_IDENTITY: "IE",
        _D.OTHER_EIDAS_MEANS: "IE",
        _D.VITALE_APP: "AV",
        _D.BIRTH_CERTIFICATE_EXTRACT: "AN",
        _D.PARENTS_FAMILY_RECORD: "LE",
        # PAM's "birth certificate + carte Vitale with photo" covers both EHPAD special cases.
        _D.BIRTH_CERTIFICATE_AND_VITALE_CARD: "AC",
        _D.FAMILY_RECORD_AND_VITALE_CARD: "AC",
        # FR Core 3.0's CC is the travel document of a foreign minor: PAM's DC (PAM's CC differs).
        _D.TRAVEL_DOCUMENT_FOREIGN_MINOR: "DC",
    }
)
"""PAM France ZFD-7 code of each document; ``CIMS`` and ``OTHER`` have no ZFD-7 code."""


def pid32_status(status: IdentityStatus, /) -> str:
    """The PID-32 code of an RNIV status: QUAL, VALI -> ``VALI``; RECUP, PROV -> ``PROV``."""
    return PID32_STATUS[IdentityStatus(status)]


def fhir_validation_mode(document: IdentityDocument, /) -> str | None:
    """The FR Core ``validationMode`` code of a document, ``None`` when it has none."""
    return VALIDATION_MODES.get(IdentityDocument.parse(document))


def pam_document_code(document: IdentityDocument, /) -> str | None:
    """The PAM France ZFD-7 code of a document, ``None`` when PAM has none."""
    return PAM_DOCUMENT_CODES.get(IdentityDocument.parse(document))
