"""The event log of an identity: what was applied, when, why, and the status before and after.

Every transition of an [`Identity`][ins.Identity] appends one [`Event`][ins.Event]
(docs/domain/status.md#event-log): its timestamp (`at`, timezone-aware, stored in UTC), its
`kind`, its `payload` (what was applied and what was decided: the [`Outcome`][ins.Outcome], the
INS and traits stored or dropped, the document evidence...), a human `reason`, the
`status_before` and `status_after`, and an optional `warning` (e.g. INSi called for a provisional
identity with no document check, RNIV RECO PP 03).

An event records the *decision*, not only the input: replaying a log applies the recorded
effects without deciding again, so a record rebuilt by a later version of the library is the
same record (ADR 0033). The payload never holds a full matricule in its `repr`: INS values are
[`Ins`][ins.Ins] records, which mask it.

```pycon
>>> from datetime import datetime, timezone
>>> from ins import IdentityStatus
>>> event = Event(at=datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc),
...               kind=EventKind.DOCUMENT_CHECK_WITHDRAWN,
...               payload=Payload(outcome=Outcome.WITHDRAWN), reason="Forged passport.",
...               status_before=IdentityStatus.QUAL, status_after=IdentityStatus.RECUP)
>>> event.describe()
'2026-01-05T09:30:00+00:00 document_check_withdrawn (withdrawn): QUAL -> RECUP. Forged passport.'

```
"""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict, field_validator

from ins._documents import DocumentTrust, IdentityDocument
from ins._identifiers import Ins
from ins._pydantic import CodeEnum
from ins._records import Record
from ins._status import IdentityAttribute, IdentityStatus
from ins._traits import Traits
from ins.errors import mask_text
from ins.insi._results import HistoricIns

__all__ = ["DocumentEvidence", "Event", "EventKind", "Outcome", "Payload"]


def _utc(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime (UTC is used by default).")
    return value.astimezone(dt.UTC)


class _Record(Record):
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True, extra="forbid")


class DocumentEvidence(_Record):
    """One check of the traits against an identity document or device.

    `trust` is the trust the structure's policy gave the document at the time of the check;
    `valid_until` is the document's end of validity when known (stored, never used to
    downgrade the identity: docs/domain/status.md#transitions).
    """

    document: IdentityDocument
    trust: DocumentTrust
    coherent: bool
    valid_until: dt.date | None = None
    checked_at: dt.datetime

    @field_validator("checked_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        return _utc(value, "checked_at")

    @property
    def establishes_identity(self) -> bool:
        """True for a coherent check against a high-trust document: the "C" of the status."""
        return self.coherent and self.trust is DocumentTrust.HIGH


class EventKind(CodeEnum):
    """What happened to the identity (one per transition of docs/domain/status.md#transitions)."""

    INSI_RESULT = "insi_result"
    DOCUMENT_CHECK = "document_check"
    DOCUMENT_CHECK_WITHDRAWN = "document_check_withdrawn"
    VITALE_APP = "vitale_app"
    VERIFICATION = "verification"
    ATTRIBUTE_SET = "attribute_set"
    ATTRIBUTE_REMOVED = "attribute_removed"
    TRAITS_EDITED = "traits_edited"


class Outcome(CodeEnum):
    """What was decided for an event."""

    # INSi result applied
    RETRIEVED = "retrieved"
    NOT_FOUND = "not_found"
    SEVERAL = "several"
    INCOHERENT = "incoherent"
    ANOMALY = "anomaly"
    EXCEPTIONAL_BIRTH_DATE = "exceptional_birth_date"
    # document check
    CHECKED = "checked"
    LOW_TRUST = "low_trust"
    DOCUMENT_INCOHERENT = "document_incoherent"
    WITHDRAWN = "withdrawn"
    # Appli carte Vitale
    COLLECTED = "collected"
    # verification of a stored INS
    CONFIRMED = "confirmed"
    REPLACED = "replaced"
    FAILED = "failed"
    # attributes and manual edits
    SET = "set"
    REMOVED = "removed"
    EDITED = "edited"
    UNCHANGED = "unchanged"


class Payload(_Record):
    """What an event applied, and what it stored or dropped.

    Only the fields that matter for the event's kind are set. `ins` and `ins_history` are
    the INS stored (retrieval, Vitale app, new active matricule) or dropped (attribute
    douteuse/fictive, failed verification, manual edit); `traits` the traits stored and
    `previous_traits` those they replaced; `changed` the edited fields, or the differences
    INSi's traits showed; `anomalies` the anomaly codes of an INSi result.
    """

    outcome: Outcome
    insi_code: str | None = None
    insi_label: str | None = None
    ins: Ins | None = None
    ins_history: tuple[HistoricIns, ...] = ()
    traits: Traits | None = None
    previous_traits: Traits | None = None
    document: DocumentEvidence | None = None
    attribute: IdentityAttribute | None = None
    changed: tuple[str, ...] = ()
    anomalies: tuple[str, ...] = ()
    during_document_check: bool | None = None
    verification_reason: str | None = None


class Event(_Record):
    """One entry of an identity's log (see the module documentation)."""

    at: dt.datetime
    kind: EventKind
    payload: Payload
    reason: str
    status_before: IdentityStatus
    status_after: IdentityStatus
    warning: str | None = None

    @field_validator("at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        return _utc(value, "at")

    @property
    def outcome(self) -> Outcome:
        """Shortcut for `payload.outcome`."""
        return self.payload.outcome

    def describe(self) -> str:
        """One line for an audit screen: when, what, the status change and the reason."""
        line = (
            f"{self.at.isoformat()} {self.kind.value} ({self.outcome.value}): "
            f"{self.status_before.value} -> {self.status_after.value}. {self.reason}"
        )
        # The reason is typed by a person: it may hold a matricule.
        return mask_text(f"{line} Warning: {self.warning}" if self.warning else line)
