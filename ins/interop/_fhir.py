"""FHIR R4 JSON for a qualified identity, following FR Core's INS patient profile.

FR Core (Interop'Santé ``hl7.fhir.fr.core``, profile ``fr-core-patient-ins``) slices
``Patient.identifier`` by INS kind; each slice fixes the ``system``, the ``type`` code and the
``use`` (domain.md 3.1-3.2, [FRCORE]):

==============  ===========================  ==============  ==========
slice           system                       type code       use
==============  ===========================  ==============  ==========
INS-NIR         urn:oid:1.2.250.1.213.1.4.8  ``INS-NIR``     official
INS-NIA         urn:oid:1.2.250.1.213.1.4.9  ``INS-NIA``     temp
INS-NIR-TEST    urn:oid:...1.4.10            ``INS-NIR-TEST``  official
INS-NIR-DEMO    urn:oid:...1.4.11            ``INS-NIR-DEMO``  official
==============  ===========================  ==============  ==========

The profile also requires the official name with exactly one ``given`` (the first birth first
name) and the birth first-name list extension, ``gender``, ``birthDate``, the birthplace with its
INSEE (COG) code, and the identity-reliability extension (status, collection method, validation
mode and date). The INS is exported only from a **qualified** identity (RNIV; ADR 0050): FR Core
2.x invariants still tie it to ``VALI``, a pending change moves them to ``QUAL``.

The builders take :class:`~ins.interop._source.QualifiedValues`, the proof that the identity is
qualified, never plain values (ADR 0057):

>>> to_fhir_identifier({"matricule": "279035121518989"})
Traceback (most recent call last):
...
ins.errors.NotQualified: Only an Identity can share an INS...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ins._status import IdentityStatus
from ins.errors import InvalidFormat
from ins.interop._source import QualifiedValues, proof, qualified_values
from ins.interop.codes import (
    CS_IDENTIFIER_TYPE,
    CS_IDENTITY_STATUS,
    CS_IDENTITY_STATUS_COMMENT,
    CS_METHOD_COLLECTION,
    CS_VALIDATION_MODE,
    FHIR_IDENTIFIER_TYPE,
    FHIR_IDENTIFIER_USE,
    fhir_validation_mode,
)

if TYPE_CHECKING:
    from ins._identity import Identity

__all__ = [
    "PROFILE_PATIENT_INS",
    "build_identifier",
    "build_patient",
    "to_fhir_identifier",
    "to_fhir_patient",
]

_FR_CORE = "https://hl7.fr/ig/fhir/core/StructureDefinition"
PROFILE_PATIENT_INS = f"{_FR_CORE}/fr-core-patient-ins"
EXT_IDENTITY_RELIABILITY = f"{_FR_CORE}/fr-core-identity-reliability"
EXT_BIRTH_LIST_GIVEN_NAME = f"{_FR_CORE}/fr-core-patient-birth-list-given-name"
EXT_ADDRESS_INSEE_CODE = f"{_FR_CORE}/fr-core-address-insee-code"
EXT_BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"
CS_HL7_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
CS_INSEE_COMMUNE = "https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM"

# FR Core's INS gender value set: male | female | unknown (an indeterminate sex, never from INSi).
_GENDER = {"M": "male", "F": "female", "I": "unknown"}


def build_identifier(values: QualifiedValues, /) -> dict[str, Any]:
    """The FR Core INS identifier slice of a qualified identity's values."""
    kind = proof(values).ins.oid
    return {
        "use": FHIR_IDENTIFIER_USE[kind],
        "type": {"coding": [{"system": CS_IDENTIFIER_TYPE, "code": FHIR_IDENTIFIER_TYPE[kind]}]},
        "system": f"urn:oid:{kind.value}",
        "value": values.matricule,
    }


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    # Plain str values: enum members would print as such and surprise a JSON consumer.
    coding = {"system": system, "code": str(code)}
    if display is not None:
        coding["display"] = display
    return coding


def _reliability(values: QualifiedValues) -> dict[str, Any]:
    status = IdentityStatus.QUAL
    parts: list[dict[str, Any]] = [
        {"url": "identityStatus", "valueCoding": _coding(CS_IDENTITY_STATUS, status, status.label)}
    ]
    evidence = values.evidence
    if evidence.method is not None:
        parts.append(
            {
                "url": "methodCollection",
                "valueCoding": _coding(CS_METHOD_COLLECTION, evidence.method),
            }
        )
    if evidence.collected_on is not None:
        parts.append({"url": "dateCollection", "valueDate": evidence.collected_on.isoformat()})
    if evidence.document is not None:
        mode = fhir_validation_mode(evidence.document)
        if mode is not None:
            parts.append(
                {
                    "url": "validationMode",
                    "valueCoding": _coding(CS_VALIDATION_MODE, mode, evidence.document.label),
                }
            )
    if evidence.validated_on is not None:
        parts.append({"url": "validationDate", "valueDate": evidence.validated_on.isoformat()})
    parts.extend(
        {"url": "comment", "valueCoding": _coding(CS_IDENTITY_STATUS_COMMENT, code)}
        for code in values.attribute_codes
    )
    return {"url": EXT_IDENTITY_RELIABILITY, "extension": parts}


def _birthplace(code: str) -> dict[str, Any]:
    return {
        "url": EXT_BIRTH_PLACE,
        "valueAddress": {
            "extension": [
                {"url": EXT_ADDRESS_INSEE_CODE, "valueCoding": _coding(CS_INSEE_COMMUNE, code)}
            ]
        },
    }


def _local_identifier(value: str, system: str) -> dict[str, Any]:
    if not value or not system:
        raise InvalidFormat("A local patient identifier (IPP) needs both a value and a system.")
    return {
        "use": "usual",
        "type": {"coding": [{"system": CS_HL7_IDENTIFIER_TYPE, "code": "PI"}]},
        "system": system,
        "value": value,
    }


def build_patient(
    values: QualifiedValues, /, *, local_id: str | None = None, local_system: str | None = None
) -> dict[str, Any]:
    """The FR Core INS ``Patient`` for the values of a qualified identity."""
    values = proof(values)
    extensions = [_reliability(values)]
    if values.birthplace is not None:
        extensions.append(_birthplace(values.birthplace))
    names: list[dict[str, Any]] = [
        {
            "extension": [{"url": EXT_BIRTH_LIST_GIVEN_NAME, "valueString": values.first_names}],
            "use": "official",
            "family": values.birth_name,
            "given": [values.first_first_name],
        }
    ]
    identifiers = [build_identifier(values)]
    if local_id is not None or local_system is not None:
        identifiers.append(_local_identifier(local_id or "", local_system or ""))
    if values.used_name or values.used_first_name:
        usual: dict[str, Any] = {"use": "usual", "family": values.used_name or values.birth_name}
        if values.used_first_name:
            usual["given"] = [values.used_first_name]
        names.append(usual)
    return {
        "resourceType": "Patient",
        "meta": {"profile": [PROFILE_PATIENT_INS]},
        "extension": extensions,
        "identifier": identifiers,
        "name": names,
        "gender": _GENDER[values.sex],
        "birthDate": values.birth_date.isoformat(),
    }


def to_fhir_identifier(identity: Identity, /) -> dict[str, Any]:
    """The FR Core INS ``Identifier`` of a qualified identity; ``NotQualified`` otherwise.

    ``use`` is ``temp`` for a NIA and ``official`` for the NIR, test and demo OIDs.
    """
    return build_identifier(qualified_values(identity))


def to_fhir_patient(
    identity: Identity, /, *, local_id: str | None = None, local_system: str | None = None
) -> dict[str, Any]:
    """An FR Core INS ``Patient`` (R4 JSON as a dict) of a qualified identity.

    Raises ``NotQualified`` unless the status is QUAL. The birthplace extension, required by
    the profile, is left out when the identity has no birthplace (INSi did not return one).
    ``local_id`` and ``local_system`` add the local patient identifier (IPP, FR Core slice
    ``PI``: ``use`` ``usual``); give both or neither.
    """
    return build_patient(qualified_values(identity), local_id=local_id, local_system=local_system)
