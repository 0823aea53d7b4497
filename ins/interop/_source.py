"""What the exports read from an [`Identity`][ins.Identity], in one place.

Every export goes through here. `QualifiedValues` is the proof that an identity is
qualified: it can only be made from a QUAL identity (`NotQualified` otherwise, through the single
enforcement function of `ins._identity`), and every helper that writes an INS takes one, so
no road leads from plain values to an exported INS (ADR 0057). `pid_values` reads any
identity and carries the INS only as the `QualifiedValues` of a QUAL identity. The
evidence (how the identity was collected, which document validated it and when) is read from the
event log (docs/domain/status.md#event-log), never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from ins._documents import IdentityDocument
from ins._events import EventKind, Outcome
from ins._identity import Identity, require_qualified
from ins._status import IdentityAttribute, IdentityStatus
from ins.errors import NotQualified

if TYPE_CHECKING:
    from ins._identifiers import Ins

__all__ = [
    "Evidence",
    "MethodCollection",
    "PidValues",
    "QualifiedValues",
    "evidence",
    "pid_values",
    "proof",
    "qualified_values",
    "shown",
]

# Longest value an export's error message repeats as typed: a matricule (13 or 15 characters)
# typed in the wrong field is longer, and is then described by its length only.
_SHOWN_MAX = 8


def shown(value: object, /) -> str:
    """How an export's error message shows a refused value, never a matricule.

    ```pycon
    >>> shown("X"), shown("275126322074974"), shown(None), shown({})
    ("'X'", 'a value of 15 characters', 'None', 'a dict')

    ```
    """
    if isinstance(value, str) and len(value) > _SHOWN_MAX:
        return f"a value of {len(value)} characters"
    if isinstance(value, str) or value is None:
        return repr(value)
    return f"a {type(value).__name__}"


# Attribute codes in a stable order for the outputs (FHIR reliability extensions, PID-32).
_ATTRIBUTE_ORDER = tuple(IdentityAttribute)


class MethodCollection(StrEnum):
    """How the identity was collected (our vocabulary; each format maps it to its codes)."""

    MANUAL = "SM"
    VITALE_CARD = "CV"
    INSI = "INSI"
    BARCODE = "CB"
    RFID = "RFID"
    VITALE_APP = "AV"


MethodCollection.__module__ = "ins.interop.codes"  # its public home


@dataclass(frozen=True, slots=True)
class Evidence:
    """How the identity reached its status: collection method and date, validating document."""

    method: MethodCollection | None = None
    collected_on: dt.date | None = None
    document: IdentityDocument | None = None
    validated_on: dt.date | None = None


@dataclass(frozen=True, slots=True, init=False)
class QualifiedValues:
    """The values of a qualified identity that may be shared (the INS and its traits).

    The proof that the identity is qualified: the only way to make one is from an
    [`Identity`][ins.Identity] whose status is QUAL (`NotQualified` otherwise), so a helper that
    takes `QualifiedValues` cannot write the INS of anything else. There are no other
    constructor arguments, and `dataclasses.replace` cannot forge one (ADR 0057).
    """

    ins: Ins
    matricule: str
    oid: str
    birth_name: str
    first_names: str
    first_first_name: str
    sex: str
    birth_date: dt.date
    birthplace: str | None
    used_name: str | None
    used_first_name: str | None
    attribute_codes: tuple[str, ...]
    _identity: Identity = field(repr=False, compare=False)

    def __init__(self, identity: Identity, /) -> None:
        ins = require_qualified(identity)
        traits = identity.traits
        values = {
            "ins": ins,
            "matricule": str(ins.matricule),
            "oid": ins.oid.value,
            "birth_name": traits.birth_name,
            "first_names": traits.first_names,
            "first_first_name": traits.first_first_name,
            "sex": traits.sex.value,
            "birth_date": traits.birth_date.value,
            "birthplace": str(traits.birthplace) if traits.birthplace is not None else None,
            "used_name": traits.used_name,
            "used_first_name": traits.used_first_name,
            "attribute_codes": _attribute_codes(identity),
            "_identity": identity,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property
    def evidence(self) -> Evidence:
        """How the identity was collected and validated, read from its event log when asked."""
        # Lazily: only the FHIR patient needs it. Best of 15 x 1 000 calls, same run, eager vs
        # lazy: to_fhir_identifier 14-22 -> 9-12 us, mssante_address 13-20 -> 7-13 us,
        # datamatrix_payload 17-26 -> 14-21 us (load 3-4 on 2 cores: ratios, not absolutes).
        return evidence(self._identity)

    def __repr__(self) -> str:
        return f"QualifiedValues(ins={self.ins!r}, birth_name={self.birth_name!r}, ...)"


@dataclass(frozen=True, slots=True)
class PidValues:
    """The values a PID segment needs; the INS comes only with the proof of a qualified identity.

    `qualified` is the `QualifiedValues` of the identity when its status is QUAL, else
    `None`: the segment builder reads the matricule and OID from there and nowhere else.
    """

    birth_name: str
    first_names: str
    sex: str
    birth_date: dt.date | None
    birthplace: str | None
    status: IdentityStatus
    attribute_codes: tuple[str, ...] = ()
    qualified: QualifiedValues | None = None
    used_name: str | None = None
    used_first_name: str | None = None

    def __repr__(self) -> str:
        ins = None if self.qualified is None else self.qualified.ins
        return f"PidValues(status={self.status.value!r}, ins={ins!r}, ...)"


def _attribute_codes(identity: Identity) -> tuple[str, ...]:
    present = set(identity.attributes)
    return tuple(attribute.value for attribute in _ATTRIBUTE_ORDER if attribute in present)


def evidence(identity: Identity, /) -> Evidence:
    """How the identity was collected (from the event log) and validated (its document check).

    The latest successful INSi retrieval gives the method `INSI` and its date, a collection
    through the Appli carte Vitale the method `AV` (docs/domain/status.md#transitions). The
    validating document and its date are those of the identity's current document check.
    """
    method: MethodCollection | None = None
    collected_on: dt.date | None = None
    for event in identity.events:
        if event.kind is EventKind.INSI_RESULT and event.outcome is Outcome.RETRIEVED:
            method, collected_on = MethodCollection.INSI, event.at.date()
        elif event.kind is EventKind.VITALE_APP and event.outcome is Outcome.COLLECTED:
            method, collected_on = MethodCollection.VITALE_APP, event.at.date()
    check = identity.document_check
    return Evidence(
        method=method,
        collected_on=collected_on,
        document=check.document if check is not None else None,
        validated_on=check.checked_at.date() if check is not None else None,
    )


def proof(values: object, /) -> QualifiedValues:
    """`values` when it is the proof that an identity is qualified, else `NotQualified`.

    Every builder that writes an INS calls it first, so that plain values (a matricule, a dict)
    never reach an export even through a private helper.
    """
    if not isinstance(values, QualifiedValues):
        raise NotQualified(
            "The INS is written only from the QualifiedValues of a qualified identity, "
            f"not from {shown(values)}."
        )
    return values


def qualified_values(identity: Identity, /) -> QualifiedValues:
    """The shareable values of `identity`; `NotQualified` unless its status is QUAL."""
    return QualifiedValues(identity)


def pid_values(identity: Identity, /) -> PidValues:
    """The PID values of any identity: the INS (its `QualifiedValues`) only when QUAL."""
    if not isinstance(identity, Identity):
        raise TypeError(f"A PID segment is built from an Identity, not {shown(identity)}.")
    traits = identity.traits
    qualified = QualifiedValues(identity) if identity.status is IdentityStatus.QUAL else None
    return PidValues(
        birth_name=traits.birth_name,
        first_names=traits.first_names,
        sex=traits.sex.value,
        birth_date=traits.birth_date.value,
        birthplace=str(traits.birthplace) if traits.birthplace is not None else None,
        status=identity.status,
        attribute_codes=_attribute_codes(identity),
        qualified=qualified,
        used_name=traits.used_name,
        used_first_name=traits.used_first_name,
    )
