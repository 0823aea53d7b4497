"""What the exports read from an :class:`~ins.Identity`, in one place.

Every export goes through here: :func:`qualified_values` refuses a non-qualified identity with
``NotQualified`` through the single enforcement function of :mod:`ins._identity`, and
:func:`pid_values` reads any identity (the PID export leaves the INS out unless QUAL). The
evidence (how the identity was collected, which document validated it and when) is read from the
event log (domain.md 5.4), never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ins._documents import IdentityDocument
from ins._events import EventKind, Outcome
from ins._identity import require_qualified
from ins._status import IdentityAttribute, IdentityStatus
from ins.errors import mask
from ins.interop.codes import MethodCollection

if TYPE_CHECKING:
    from ins._identifiers import Ins
    from ins._identity import Identity

__all__ = [
    "Evidence",
    "PidValues",
    "QualifiedValues",
    "evidence",
    "pid_values",
    "qualified_values",
    "shown",
]

# Longest value an export's error message repeats as typed: a matricule (13 or 15 characters)
# typed in the wrong field is longer, and is then described by its length only.
_SHOWN_MAX = 8


def shown(value: object, /) -> str:
    """How an export's error message shows a refused value, never a matricule.

    >>> shown("X"), shown("275126322074974"), shown(None)
    ("'X'", 'a value of 15 characters', 'None')
    """
    if isinstance(value, str) and len(value) > _SHOWN_MAX:
        return f"a value of {len(value)} characters"
    if isinstance(value, str) or value is None:
        return repr(value)
    return f"a {type(value).__name__}"


# Attribute codes in a stable order for the outputs (FR Core comment, PID-32 repetitions).
_ATTRIBUTE_ORDER = tuple(IdentityAttribute)


@dataclass(frozen=True, slots=True)
class Evidence:
    """How the identity reached its status: collection method and date, validating document."""

    method: MethodCollection | None = None
    collected_on: dt.date | None = None
    document: IdentityDocument | None = None
    validated_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PidValues:
    """The values a PID segment needs; ``ins`` is set only for a qualified identity."""

    birth_name: str
    first_names: str
    sex: str
    birth_date: dt.date | None
    birthplace: str | None
    status: IdentityStatus
    attribute_codes: tuple[str, ...]
    ins: tuple[str, str] | None
    used_name: str | None
    used_first_name: str | None

    def __repr__(self) -> str:
        shown = (mask(self.ins[0]), self.ins[1]) if self.ins is not None else None
        return f"PidValues(status={self.status.value!r}, ins={shown!r}, ...)"


@dataclass(frozen=True, slots=True)
class QualifiedValues:
    """The values of a qualified identity that may be shared (the INS and its traits)."""

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
    evidence: Evidence

    def __repr__(self) -> str:
        return f"QualifiedValues(ins={self.ins!r}, birth_name={self.birth_name!r}, ...)"


def _attribute_codes(identity: Identity) -> tuple[str, ...]:
    present = set(identity.attributes)
    return tuple(attribute.value for attribute in _ATTRIBUTE_ORDER if attribute in present)


def evidence(identity: Identity, /) -> Evidence:
    """How the identity was collected (from the event log) and validated (its document check).

    The latest successful INSi retrieval gives the method ``INSI`` and its date, a collection
    through the Appli carte Vitale the method ``AV`` (domain.md 5.4). The validating document and
    its date are those of the identity's current document check.
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


def qualified_values(identity: Identity, /) -> QualifiedValues:
    """The shareable values of ``identity``; ``NotQualified`` unless its status is QUAL."""
    ins = require_qualified(identity)
    traits = identity.traits
    return QualifiedValues(
        ins=ins,
        matricule=str(ins.matricule),
        oid=ins.oid.value,
        birth_name=traits.birth_name,
        first_names=traits.first_names,
        first_first_name=traits.first_first_name,
        sex=traits.sex.value,
        birth_date=traits.birth_date.value,
        birthplace=str(traits.birthplace) if traits.birthplace is not None else None,
        used_name=traits.used_name,
        used_first_name=traits.used_first_name,
        attribute_codes=_attribute_codes(identity),
        evidence=evidence(identity),
    )


def pid_values(identity: Identity, /) -> PidValues:
    """The PID values of any identity: the INS only when the status is QUAL."""
    traits = identity.traits
    ins = identity.ins if identity.status is IdentityStatus.QUAL else None
    return PidValues(
        birth_name=traits.birth_name,
        first_names=traits.first_names,
        sex=traits.sex.value,
        birth_date=traits.birth_date.value,
        birthplace=str(traits.birthplace) if traits.birthplace is not None else None,
        status=identity.status,
        attribute_codes=_attribute_codes(identity),
        ins=(str(ins.matricule), ins.oid.value) if ins is not None else None,
        used_name=traits.used_name,
        used_first_name=traits.used_first_name,
    )
