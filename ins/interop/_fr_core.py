"""FR Core 2.2.0: every fact of the profile that our FHIR output relies on, in one place.

We target one named FR Core version, the current release `hl7.fhir.fr.core#2.2.0` (FHIR 4.0.1,
published 2026-03-25; ADR 0055). The URLs, slices, codes, value sets and sub-extension names
below are read from its StructureDefinitions, which the test suite keeps a copy of
(`tests/conformance/fr-core/`) and checks these facts against: moving to the next FR Core
version is a change of this module, and the suite says what else changed.

What 2.2.0 says, and where it differs from the sources of the next version:

- `identityStatus` is bound (extensible) to `fr-core-vs-identity-reliability`, the IHE PAM
  France table 0445 (`fr-core-cs-v2-0445`): it has no RECUP nor QUAL, and its invariants
  `fr-core-1`/`fr-core-2` read `VALI` as "an INS identifier is present". A qualified
  identity is written `VALI`, as in PID-32.
- The reliability extension has no `comment` sub-extension: the RNIV attributes (`HOMA`,
  `HOMD`) are codes of the same table, written as the `identityStatus` of one more
  reliability extension each, after the first one, which carries the status and the evidence.
- `Patient.identifier:INS-NIA.use` is bound (required) to `official | old`: every INS is
  written `official`.
- `validationMode` of the INS profile is bound (required) to `PA`, `CN`, `AN`, `LE`;
  `methodCollection` to `SM`, `CV`, `INSI`, `CB`, `RFID` (no Appli carte Vitale).

```pycon
>>> PATIENT_INS_PROFILE
'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-ins|2.2.0'
>>> IDENTITY_STATUS_CODE, IDENTIFIER_USE[Oid.NIA]
('VALI', 'official')

```
"""

from __future__ import annotations

from types import MappingProxyType

from ins._documents import IdentityDocument
from ins._identifiers import Oid
from ins.interop._source import MethodCollection

__all__ = [
    "ATTRIBUTE_DISPLAY",
    "BIRTH_LIST_GIVEN_NAME",
    "BIRTH_PLACE",
    "CANONICAL",
    "COMMUNE_SYSTEM",
    "COUNTRY_SYSTEM",
    "GENDER",
    "IDENTIFIER_TYPE",
    "IDENTIFIER_TYPE_SYSTEM",
    "IDENTIFIER_USE",
    "IDENTITY_RELIABILITY",
    "IDENTITY_STATUS_CODE",
    "IDENTITY_STATUS_DISPLAY",
    "IDENTITY_STATUS_SYSTEM",
    "INSEE_CODE",
    "LOCAL_IDENTIFIER_TYPE",
    "LOCAL_IDENTIFIER_USE",
    "METHOD_COLLECTION",
    "METHOD_COLLECTION_SYSTEM",
    "PART",
    "PATIENT_INS_PROFILE",
    "VALIDATION_MODE",
    "VALIDATION_MODE_DISPLAY",
    "VALIDATION_MODE_SYSTEM",
    "VERSION",
]

VERSION = "2.2.0"
"""The FR Core version our FHIR output conforms to."""

CANONICAL = "https://hl7.fr/ig/fhir/core"
_SD = f"{CANONICAL}/StructureDefinition"
_CS = f"{CANONICAL}/CodeSystem"

PATIENT_INS_PROFILE = f"{_SD}/fr-core-patient-ins|{VERSION}"
"""`meta.profile`: the versioned canonical of the slice `fr-ins-canonical`."""

IDENTITY_RELIABILITY = f"{_SD}/fr-core-identity-reliability"
BIRTH_LIST_GIVEN_NAME = f"{_SD}/fr-core-patient-birth-list-given-name"
INSEE_CODE = f"{_SD}/fr-core-address-insee-code"
BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"
COMMUNE_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM"
"""The code system of `fr-core-vs-insee-code`, bound (required) to the INSEE code extension."""
COUNTRY_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R20-Pays/FHIR/TRE-R20-Pays"
"""The ANS table of the INSEE country codes (`99` + 3 digits): the birthplace code of a person
born abroad, which FR Core 2.2.0's commune value set leaves out (ADR 0112)."""

PART = MappingProxyType(
    {
        "method": "methodCollection",
        "collected_on": "dateCollection",
        "status": "identityStatus",
        "validated_on": "validationDate",
        "mode": "validationMode",
    }
)
"""The sub-extensions of `fr-core-identity-reliability` we write, by what they carry."""

IDENTITY_STATUS_SYSTEM = f"{_CS}/fr-core-cs-v2-0445"
IDENTITY_STATUS_CODE = "VALI"
"""The `identityStatus` of a qualified identity (the only one that is exported)."""
IDENTITY_STATUS_DISPLAY = "Identité validée"
ATTRIBUTE_DISPLAY = MappingProxyType(
    {
        "HOMD": "Homonyme détecté",
        "HOMA": "Homonyme avéré",
        "DOUT": "Identité douteuse (Attribut d’identité « douteuse »)",
        "FICT": "Identité fictive (Attribut d’identité « fictive »)",
    }
)
"""The RNIV attributes, codes of the same table as the status (`fr-core-cs-v2-0445`)."""

IDENTIFIER_TYPE_SYSTEM = f"{_CS}/fr-core-cs-v2-0203"
IDENTIFIER_TYPE = MappingProxyType(
    {
        Oid.NIR: "INS-NIR",
        Oid.NIA: "INS-NIA",
        Oid.NIR_TEST: "INS-NIR-TEST",
        Oid.NIR_DEMO: "INS-NIR-DEMO",
    }
)
"""The `Patient.identifier` slice (and its `type` code) of each INS kind."""
IDENTIFIER_USE = MappingProxyType(dict.fromkeys(Oid, "official"))
"""`official` for every INS kind: INS-NIR and INS-NIA are bound to `official | old`, the test
and demo slices fixed to `official`; `old` is a former matricule, which we never export."""

LOCAL_IDENTIFIER_TYPE = MappingProxyType(
    {
        "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
        "code": "PI",
        "display": "Patient internal identifier",
    }
)
"""The pattern of the `PI` slice (local patient identifier, IPP), display included."""
LOCAL_IDENTIFIER_USE = "usual"
"""Bound (required) to `identifier-use` without `official`."""

METHOD_COLLECTION_SYSTEM = f"{_CS}/fr-core-cs-method-collection"
METHOD_COLLECTION = MappingProxyType(
    {
        MethodCollection.MANUAL: "SM",
        MethodCollection.VITALE_CARD: "CV",
        MethodCollection.INSI: "INSI",
        MethodCollection.BARCODE: "CB",
        MethodCollection.RFID: "RFID",
    }
)
"""`methodCollection` codes; 2.2.0 has none for the Appli carte Vitale (left out)."""

VALIDATION_MODE_SYSTEM = f"{_CS}/fr-core-cs-mode-validation-identity"
VALIDATION_MODE = MappingProxyType(
    {
        IdentityDocument.PASSPORT: "PA",
        IdentityDocument.IDENTITY_CARD: "CN",
        # The electronic identity card is a national identity card; 2.2.0 has no eCN code.
        IdentityDocument.ELECTRONIC_IDENTITY_CARD: "CN",
        IdentityDocument.BIRTH_CERTIFICATE_EXTRACT: "AN",
        IdentityDocument.PARENTS_FAMILY_RECORD: "LE",
    }
)
"""`validationMode` of each document in `fr-core-vs-mode-validation-identity-ins` (required):
the other high-trust documents have no code there, and only `validationDate` is written."""
VALIDATION_MODE_DISPLAY = MappingProxyType(
    {
        "PA": "Passeport",
        "CN": "Carte nationale d'identité",
        "AN": "Extrait d'acte de naissance",
        "LE": "Livret de famille",
    }
)

GENDER = MappingProxyType({"M": "male", "F": "female", "I": "unknown"})
"""`fr-core-vs-patient-gender`: male | female | unknown (an indeterminate sex)."""
