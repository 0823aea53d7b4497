"""The code maps of each output format, from the library's single internal vocabularies.

The library keeps one enum per concept ([`Oid`][ins.Oid],
[`IdentityStatus`][ins.IdentityStatus], [`IdentityAttribute`][ins.IdentityAttribute],
[`IdentityDocument`][ins.IdentityDocument]); every output has its own explicit map here, because
the formats disagree (ADR 0053):

- FR Core 2.2.0 (FHIR R4, ADR 0055) names the INS kinds `INS-NIR`, `INS-NIA`,
  `INS-NIR-TEST`, `INS-NIR-DEMO` (all `official`), keeps the PAM table 0445 for the status
  (a qualified identity is `VALI`) and has four document codes in its INS value set; its maps
  come from `ins.interop._fr_core`, the one place of the FR Core facts;
- IHE PAM France 2.11.2 (HL7 v2) has neither RECUP nor QUAL in its table 0445: QUAL is sent as
  `VALI` with the INS, RECUP as `PROV` without it;
- the identity documents have two code lists besides our enum: FR Core's INS value set and
  PAM's ZFD-7 table.

```pycon
>>> from ins import IdentityStatus
>>> pid32_status(IdentityStatus.QUAL), pid32_status(IdentityStatus.RECUP)
('VALI', 'PROV')
>>> from ins import IdentityDocument
>>> document = IdentityDocument.ELECTRONIC_IDENTITY_CARD
>>> fhir_validation_mode(document), pam_document_code(document)
('CN', 'CN')

```
"""

from __future__ import annotations

from types import MappingProxyType

from ins._documents import IdentityDocument
from ins._identifiers import Oid
from ins._status import IdentityStatus
from ins.interop import _fr_core
from ins.interop._source import MethodCollection

__all__ = [
    "CS_IDENTIFIER_TYPE",
    "CS_IDENTITY_STATUS",
    "CS_METHOD_COLLECTION",
    "CS_VALIDATION_MODE",
    "FHIR_IDENTIFIER_TYPE",
    "FHIR_IDENTIFIER_USE",
    "FR_CORE_VERSION",
    "HL7V2_NAMESPACE",
    "PAM_DOCUMENT_CODES",
    "PID32_STATUS",
    "VALIDATION_MODES",
    "MethodCollection",
    "fhir_validation_mode",
    "pam_document_code",
    "pid32_status",
]

FR_CORE_VERSION = _fr_core.VERSION
"""The FR Core version the FHIR output conforms to (ADR 0055)."""
CS_IDENTIFIER_TYPE = _fr_core.IDENTIFIER_TYPE_SYSTEM
CS_IDENTITY_STATUS = _fr_core.IDENTITY_STATUS_SYSTEM
"""FR Core 2.2.0 `identityStatus` code system: IHE PAM France table 0445."""
CS_METHOD_COLLECTION = _fr_core.METHOD_COLLECTION_SYSTEM
CS_VALIDATION_MODE = _fr_core.VALIDATION_MODE_SYSTEM

FHIR_IDENTIFIER_TYPE: MappingProxyType[Oid, str] = _fr_core.IDENTIFIER_TYPE
"""FR Core `identifier.type` code (system `CS_IDENTIFIER_TYPE`) of each INS slice."""

FHIR_IDENTIFIER_USE: MappingProxyType[Oid, str] = _fr_core.IDENTIFIER_USE
"""FR Core `identifier.use` of an active INS: `official` for every kind, NIA included."""

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
"""PID-32 code (table 0445 of PAM France 2.11.2) of each RNIV status
(docs/domain/exports.md#hl7-v2-pam-france)."""


_D = IdentityDocument

VALIDATION_MODES: MappingProxyType[IdentityDocument, str] = _fr_core.VALIDATION_MODE
"""FR Core `validationMode` code (`CS_VALIDATION_MODE`) of each document.

FR Core 2.2.0's INS profile binds it (required) to `PA`, `CN`, `AN`, `LE`: the electronic
identity card is written `CN`; the other documents have no code there, and the FHIR patient
then carries `validationDate` without `validationMode` (ADR 0054, 0055).
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
        # Our CC, the travel document of a foreign minor, is PAM's DC (PAM's CC differs).
        _D.TRAVEL_DOCUMENT_FOREIGN_MINOR: "DC",
    }
)
"""PAM France ZFD-7 code of each document; `CIMS` and `OTHER` have no ZFD-7 code."""


def pid32_status(status: IdentityStatus, /) -> str:
    """The PID-32 code of an RNIV status: QUAL, VALI -> `VALI`; RECUP, PROV -> `PROV`."""
    return PID32_STATUS[IdentityStatus(status)]


def fhir_validation_mode(document: IdentityDocument, /) -> str | None:
    """The FR Core `validationMode` code of a document, `None` when it has none."""
    return VALIDATION_MODES.get(IdentityDocument.parse(document))


def pam_document_code(document: IdentityDocument, /) -> str | None:
    """The PAM France ZFD-7 code of a document, `None` when PAM has none."""
    return PAM_DOCUMENT_CODES.get(IdentityDocument.parse(document))
