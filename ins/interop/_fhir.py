"""FHIR R4 JSON for a qualified identity, following FR Core 2.2.0's INS patient profile.

FR Core (Interop'Santé `hl7.fhir.fr.core`, profile `fr-core-patient-ins`) slices
`Patient.identifier` by INS kind; each slice fixes the `system` and the `type` code, and
every INS is `official` (ADR 0055). The facts of the profile live in
`ins.interop._fr_core`, the one place to change for another FR Core version:

==============  ===========================  ================  ==========
slice           system                       type code         use
==============  ===========================  ================  ==========
INS-NIR         urn:oid:1.2.250.1.213.1.4.8  `INS-NIR`       official
INS-NIA         urn:oid:1.2.250.1.213.1.4.9  `INS-NIA`       official
INS-NIR-TEST    urn:oid:...1.4.10            `INS-NIR-TEST`  official
INS-NIR-DEMO    urn:oid:...1.4.11            `INS-NIR-DEMO`  official
==============  ===========================  ================  ==========

The profile also requires the official name with exactly one `given` (the first birth first
name) and the birth first-name list extension, `gender`, `birthDate`, the birthplace with its
INSEE (COG) code (a commune, or for a person born abroad a country of TRE-R20-Pays, which the
profile's value set leaves out: ADR 0112); we add the identity-reliability extension (status
`VALI` of FR Core 2.2.0's table 0445, collection method and date, validation mode and date)
and one more reliability extension per RNIV attribute. The INS is exported only from a
**qualified** identity (ADR 0050).

The builders take `QualifiedValues`, the proof that the identity is
qualified, never plain values (ADR 0057):

```pycon
>>> to_fhir_identifier({"matricule": "279035121518989"})
Traceback (most recent call last):
...
ins.errors.NotQualified: Only an Identity can share an INS...

```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ins._birthplace import BirthplaceCode
from ins.errors import InvalidFormat
from ins.interop import _fr_core as fr
from ins.interop._source import QualifiedValues, proof, qualified_values

if TYPE_CHECKING:
    from ins._identity import Identity

__all__ = ["build_identifier", "build_patient", "to_fhir_identifier", "to_fhir_patient"]


def build_identifier(values: QualifiedValues, /) -> dict[str, Any]:
    """The FR Core INS identifier slice of a qualified identity's values."""
    kind = proof(values).ins.oid
    return {
        "use": fr.IDENTIFIER_USE[kind],
        "type": {
            "coding": [{"system": fr.IDENTIFIER_TYPE_SYSTEM, "code": fr.IDENTIFIER_TYPE[kind]}]
        },
        "system": f"urn:oid:{kind.value}",
        "value": values.matricule,
    }


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    # Plain str values: enum members would print as such and surprise a JSON consumer.
    coding = {"system": system, "code": str(code)}
    if display is not None:
        coding["display"] = display
    return coding


def _reliability(values: QualifiedValues) -> list[dict[str, Any]]:
    """The reliability extension (status and evidence), then one per RNIV attribute."""
    status = _coding(fr.IDENTITY_STATUS_SYSTEM, fr.IDENTITY_STATUS_CODE, fr.IDENTITY_STATUS_DISPLAY)
    parts: list[dict[str, Any]] = [{"url": fr.PART["status"], "valueCoding": status}]
    evidence = values.evidence
    method = fr.METHOD_COLLECTION.get(evidence.method) if evidence.method else None
    if method is not None:
        coding = _coding(fr.METHOD_COLLECTION_SYSTEM, method)
        parts.append({"url": fr.PART["method"], "valueCoding": coding})
    if evidence.collected_on is not None:
        parts.append(
            {"url": fr.PART["collected_on"], "valueDate": evidence.collected_on.isoformat()}
        )
    mode = fr.VALIDATION_MODE.get(evidence.document) if evidence.document else None
    if mode is not None:
        coding = _coding(fr.VALIDATION_MODE_SYSTEM, mode, fr.VALIDATION_MODE_DISPLAY[mode])
        parts.append({"url": fr.PART["mode"], "valueCoding": coding})
    if evidence.validated_on is not None:
        parts.append(
            {"url": fr.PART["validated_on"], "valueDate": evidence.validated_on.isoformat()}
        )
    extensions = [{"url": fr.IDENTITY_RELIABILITY, "extension": parts}]
    # FR Core 2.2.0 has no sub-extension for the attributes: each is the identityStatus of one
    # more reliability extension (a code of the same table 0445), as PID-32 repeats them.
    extensions.extend(
        {
            "url": fr.IDENTITY_RELIABILITY,
            "extension": [
                {
                    "url": fr.PART["status"],
                    "valueCoding": _coding(
                        fr.IDENTITY_STATUS_SYSTEM, code, fr.ATTRIBUTE_DISPLAY[code]
                    ),
                }
            ],
        }
        for code in values.attribute_codes
    )
    return extensions


def _birthplace(code: str) -> dict[str, Any]:
    # Born abroad: the INSEE country code, under the table of countries it belongs to, not
    # under the communes' (ADR 0112).
    system = fr.COUNTRY_SYSTEM if BirthplaceCode(code).is_abroad else fr.COMMUNE_SYSTEM
    return {
        "url": fr.BIRTH_PLACE,
        "valueAddress": {
            "extension": [{"url": fr.INSEE_CODE, "valueCoding": _coding(system, code)}]
        },
    }


def _local_identifier(value: str, system: str) -> dict[str, Any]:
    if not value or not system:
        raise InvalidFormat("A local patient identifier (IPP) needs both a value and a system.")
    return {
        "use": fr.LOCAL_IDENTIFIER_USE,
        "type": {"coding": [dict(fr.LOCAL_IDENTIFIER_TYPE)]},
        "system": system,
        "value": value,
    }


def build_patient(
    values: QualifiedValues, /, *, local_id: str | None = None, local_system: str | None = None
) -> dict[str, Any]:
    """The FR Core INS `Patient` for the values of a qualified identity."""
    values = proof(values)
    extensions = _reliability(values)
    if values.birthplace is not None:
        extensions.append(_birthplace(values.birthplace))
    names: list[dict[str, Any]] = [
        {
            "extension": [{"url": fr.BIRTH_LIST_GIVEN_NAME, "valueString": values.first_names}],
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
        "meta": {"profile": [fr.PATIENT_INS_PROFILE]},
        "extension": extensions,
        "identifier": identifiers,
        "name": names,
        "gender": fr.GENDER[values.sex],
        "birthDate": values.birth_date.isoformat(),
    }


def to_fhir_identifier(identity: Identity, /) -> dict[str, Any]:
    """The FR Core INS `Identifier` of a qualified identity; `NotQualified` otherwise.

    `use` is `official` for every kind of INS, the NIA included (FR Core 2.2.0).
    """
    return build_identifier(qualified_values(identity))


def to_fhir_patient(
    identity: Identity, /, *, local_id: str | None = None, local_system: str | None = None
) -> dict[str, Any]:
    """An FR Core 2.2.0 INS `Patient` (R4 JSON as a dict) of a qualified identity.

    Raises `NotQualified` unless the status is QUAL. The birthplace extension, required by
    the profile, is left out when the identity has no birthplace (INSi did not return one).
    `local_id` and `local_system` add the local patient identifier (IPP, FR Core slice
    `PI`: `use` `usual`); give both or neither.
    """
    return build_patient(qualified_values(identity), local_id=local_id, local_system=local_system)
