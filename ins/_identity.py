"""An identity record under the RNIV: traits, INS, attributes, document evidence and event log.

[`Identity`][ins.Identity] is immutable. `Identity(traits=...)` starts a provisional identity (PROV,
no INS, no event); every transition of docs/domain/status.md#transitions is a method that returns
a new identity with one more [`Event`][ins.Event]. The status is only ever derived
([`compute_status`][ins.compute_status] of the recorded evidence): there is no way to set it. An
illegal request (an INSi result for a doubtful or fictive identity, a forbidden attribute
combination...) raises [`StatusError`][ins.StatusError] and leaves the record as it was.

Only a qualified identity (QUAL) may share its INS: [`require_qualified`][ins.require_qualified] is
the one place that enforces it, for every export (FHIR, HL7 v2, datamatrix, MSSanté).

```pycon
>>> from datetime import datetime, timezone
>>> from ins import Traits
>>> at = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)
>>> traits = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> identity = Identity(traits=traits).apply_document_check("PA", coherent=True, at=at)
>>> identity.status, identity.can_share_ins
(<IdentityStatus.VALI: 'VALI'>, False)
>>> identity.explain()  # doctest: +ELLIPSIS
'The identity is VALI (Identité validée): ... To raise it, retrieve the INS through INSi.'

```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Self

from pydantic import ConfigDict, Field, ValidationError, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from ins import _replay
from ins._dates import BirthDate
from ins._decisions import (
    Decision,
    decide_document_check,
    decide_edit,
    decide_insi_result,
    decide_verification,
    decide_vitale_app,
)
from ins._documents import DocumentPolicy, IdentityDocument
from ins._events import DocumentEvidence, Event, EventKind, Outcome, Payload
from ins._explain import explain
from ins._identifiers import Ins
from ins._pydantic import trait_error
from ins._records import Record
from ins._status import IdentityAttribute, IdentityStatus, check_attributes, compute_status
from ins._traits import Traits
from ins.errors import NotQualified, StatusError
from ins.insi._results import HistoricIns, InsiResult, Verification

__all__ = ["Clock", "Identity", "require_qualified", "utc_now"]

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The default clock: the current time in UTC."""
    return dt.datetime.now(dt.UTC)


class Identity(Record):
    """An identity record; see the module documentation and docs/status.md."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True, extra="forbid")

    traits: Traits
    ins: Ins | None = None
    ins_history: tuple[HistoricIns, ...] = ()
    attributes: frozenset[IdentityAttribute] = frozenset()
    document_check: DocumentEvidence | None = None
    events: tuple[Event, ...] = ()
    clock: SkipJsonSchema[Clock] = Field(default=utc_now, exclude=True, repr=False)

    @model_validator(mode="after")
    def _check_evidence(self) -> Identity:
        try:
            check_attributes(self.attributes)
        except StatusError as error:
            raise PydanticCustomError("status_error", error.message) from None
        problem = None
        if self.ins is not None and any(a.forces_provisional for a in self.attributes):
            problem = "A doubtful or fictive identity keeps no INS."
        elif self.ins is None and self.ins_history:
            problem = "An identity without an INS keeps no matricule history."
        elif self.ins is not None and self.traits.birth_date.exceptional:
            problem = "An identity whose birth date is exceptional cannot hold an INS."
        elif self.document_check is not None and not self.document_check.establishes_identity:
            problem = "The document check of an identity must be coherent and of high trust."
        elif self.events and self.events[-1].status_after is not self.status:
            problem = "The last event's status does not match the recorded evidence."
        else:
            problem = _unearned(self)
        if problem:
            raise PydanticCustomError("status_error", problem)
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with `update`, checked as a new record would be (ADR 0105).

        Pydantic does not validate an update: without this, ``model_copy(update={"ins": ...,
        "document_check": ...})`` would make a QUAL identity that no transition made. Raises
        pydantic's `ValidationError` (type `status_error`) for such an update.
        """
        copy = super().model_copy(update=update, deep=deep)
        if not update:
            return copy
        return type(self).model_validate({name: getattr(copy, name) for name in _FIELDS})

    def __eq__(self, other: object) -> bool:
        # The clock is how time is read, not part of the record.
        if not isinstance(other, Identity):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _RECORD_FIELDS)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in _RECORD_FIELDS))

    # ----------------------------------------------------------------- derived values
    @property
    def status(self) -> IdentityStatus:
        """The RNIV status, derived from the INS, the document check and the attributes."""
        return compute_status(
            ins_retrieved=self.ins is not None,
            identity_checked=self.document_check is not None,
            attributes=self.attributes,
        )

    @property
    def can_share_ins(self) -> bool:
        """True only for a qualified identity: the INS may reference and share health data."""
        return self.status is IdentityStatus.QUAL

    @property
    def initial_traits(self) -> Traits:
        """The traits the identity started with (what `replay` needs)."""
        for event in self.events:
            if event.payload.previous_traits is not None:
                return event.payload.previous_traits
        return self.traits

    def explain(self) -> str:
        """A sentence: why the status is what it is, and what would raise it."""
        return explain(self)

    @classmethod
    def replay(
        cls, traits: Traits, events: Iterable[Event], /, *, clock: Clock | None = None
    ) -> Identity:
        """Rebuild the identity that started with `traits` and recorded `events`.

        Raises StatusError when the log does not replay (see `ins._replay`).
        """
        return _replay.replay(cls, traits, events, clock=clock)

    # ----------------------------------------------------------------- machinery
    def _timestamp(self, at: dt.datetime | None) -> dt.datetime:
        when = self.clock() if at is None else at
        if not isinstance(when, dt.datetime) or when.tzinfo is None or when.utcoffset() is None:
            raise StatusError(
                "An event time must be a timezone-aware datetime (pass at= with a tzinfo, "
                "or a clock that returns one)."
            )
        when = when.astimezone(dt.UTC)
        if self.events and when < self.events[-1].at:
            raise StatusError(
                f"An event cannot be dated {when.isoformat()}, before the previous event "
                f"({self.events[-1].at.isoformat()})."
            )
        return when

    def _record(self, when: dt.datetime, kind: EventKind, decision: Decision) -> Identity:
        draft = Event(
            at=when,
            kind=kind,
            payload=decision.payload,
            reason=decision.reason.strip(),
            status_before=self.status,
            status_after=self.status,
            warning=decision.warning,
        )
        after = _replay.evolve(self, _replay.effects(self, draft))
        return _replay.apply(self, draft.model_copy(update={"status_after": after.status}))

    def _refuse_if_doubtful(self, action: str) -> None:
        blocking = sorted(a for a in self.attributes if a.forces_provisional)
        if blocking:
            raise StatusError(
                f"Cannot {action}: the identity is marked {blocking[0].label.lower()} "
                f"({blocking[0].value}), and INSi is refused for it. Remove the attribute first."
            )

    # ----------------------------------------------------------------- transitions
    def apply_insi_result(
        self, result: InsiResult, /, *, at: dt.datetime | None = None
    ) -> Identity:
        """Apply what an INSi search returned (docs/domain/status.md#transitions).

        00 with coherent traits: the INS, its history and INSi's traits are stored (PROV->RECUP,
        VALI->QUAL). 01, 02, 00 with other traits, an anomaly (a key that does not verify...),
        or an exceptional birth date: nothing changes, the outcome is recorded. A provisional
        identity gets a warning unless a document was checked just before (RNIV RECO PP 03).
        """
        if not isinstance(result, InsiResult):
            raise StatusError(f"An INSi result is an InsiResult, not {type(result).__name__}.")
        self._refuse_if_doubtful("apply an INSi result")
        when = self._timestamp(at)
        return self._record(when, EventKind.INSI_RESULT, decide_insi_result(self, result))

    def apply_document_check(
        self,
        document: IdentityDocument | str,
        /,
        *,
        coherent: bool,
        policy: DocumentPolicy | None = None,
        valid_until: dt.date | None = None,
        at: dt.datetime | None = None,
    ) -> Identity:
        """Record a check of the traits against an identity document (docs/domain/documents.md,
        docs/domain/status.md#transitions).

        High trust (for `policy`, default [`DocumentPolicy.default`][ins.DocumentPolicy.default])
        and coherent: the identity is checked (PROV->VALI, RECUP->QUAL). Low trust, or not
        coherent: recorded only. `valid_until` is stored; its passing never downgrades the
        identity.
        """
        found = IdentityDocument.parse(document)
        if not isinstance(coherent, bool):
            raise StatusError(f"coherent must be True or False, not {type(coherent).__name__}.")
        if policy is None:
            policy = DocumentPolicy.default()
        elif not isinstance(policy, DocumentPolicy):
            raise StatusError(f"policy must be a DocumentPolicy, not {type(policy).__name__}.")
        if valid_until is not None and (
            not isinstance(valid_until, dt.date) or isinstance(valid_until, dt.datetime)
        ):
            raise StatusError(f"valid_until must be a date, not {type(valid_until).__name__}.")
        when = self._timestamp(at)
        evidence = DocumentEvidence(
            document=found,
            trust=policy.trust(found),
            coherent=coherent,
            valid_until=valid_until,
            checked_at=when,
        )
        return self._record(when, EventKind.DOCUMENT_CHECK, decide_document_check(evidence))

    def withdraw_document_check(self, *, reason: str, at: dt.datetime | None = None) -> Identity:
        """The document check was wrong (forged, not the person's...): QUAL->RECUP, VALI->PROV."""
        if not isinstance(reason, str) or not reason.strip():
            raise StatusError("Say why the document check is withdrawn (reason=...).")
        if self.document_check is None:
            raise StatusError("There is no high-trust document check on record to withdraw.")
        when = self._timestamp(at)
        payload = Payload(outcome=Outcome.WITHDRAWN, document=self.document_check)
        return self._record(when, EventKind.DOCUMENT_CHECK_WITHDRAWN, Decision(payload, reason))

    def apply_vitale_app(
        self, ins: Ins, traits: Traits, /, *, at: dt.datetime | None = None
    ) -> Identity:
        """The identity was collected through the Appli carte Vitale: QUAL
        (docs/domain/status.md#transitions).

        The app is a high-trust device (`AV`) and carries the INS; an exceptional birth date
        still keeps the INS out (the identity is then VALI).
        """
        if not isinstance(ins, Ins):
            raise StatusError(f"The Vitale app INS must be an Ins, not {type(ins).__name__}.")
        if not isinstance(traits, Traits):
            raise StatusError(f"The Vitale app traits must be Traits, not {type(traits).__name__}.")
        self._refuse_if_doubtful("apply an Appli carte Vitale collection")
        when = self._timestamp(at)
        decision = decide_vitale_app(self, ins, traits, when)
        return self._record(when, EventKind.VITALE_APP, decision)

    def apply_verification(
        self, verification: Verification, /, *, at: dt.datetime | None = None
    ) -> Identity:
        """Apply an INSi verification of the stored INS (docs/domain/status.md#transitions,
        docs/domain/insi.md#verification).

        OK: nothing changes. OK with a new active matricule: it replaces the stored one, which
        goes to the history. KO: the INS is dropped (QUAL->VALI, RECUP->PROV).
        """
        if not isinstance(verification, Verification):
            raise StatusError(
                f"A verification is a Verification, not {type(verification).__name__}."
            )
        self._refuse_if_doubtful("apply an INSi verification")
        if self.ins is None:
            raise StatusError("The identity holds no INS to verify: retrieve it through INSi.")
        when = self._timestamp(at)
        decision = decide_verification(self, verification, self.ins)
        return self._record(when, EventKind.VERIFICATION, decision)

    def with_attribute(
        self, attribute: IdentityAttribute | str, /, *, at: dt.datetime | None = None
    ) -> Identity:
        """Set an attribute. DOUT/FICT drop the INS (kept in the event) and force PROV."""
        (found,) = check_attributes([attribute])
        if found in self.attributes:
            raise StatusError(f"The identity is already marked {found.value}.")
        check_attributes(self.attributes | {found})
        when = self._timestamp(at)
        if found.forces_provisional:
            payload = Payload(
                outcome=Outcome.SET, attribute=found, ins=self.ins, ins_history=self.ins_history
            )
            reason = (
                f"Marked {found.label.lower()} ({found.value}): status PROV, INS dropped, "
                "INSi calls refused."
            )
        else:
            payload = Payload(outcome=Outcome.SET, attribute=found)
            reason = f"Marked {found.label.lower()} ({found.value}): vigilance, no status change."
        return self._record(when, EventKind.ATTRIBUTE_SET, Decision(payload, reason))

    def without_attribute(
        self, attribute: IdentityAttribute | str, /, *, at: dt.datetime | None = None
    ) -> Identity:
        """Remove an attribute; the status is recomputed (the INS must be retrieved again)."""
        (found,) = check_attributes([attribute])
        if found not in self.attributes:
            raise StatusError(f"The identity is not marked {found.value}: nothing to remove.")
        when = self._timestamp(at)
        payload = Payload(outcome=Outcome.REMOVED, attribute=found)
        reason = f"Attribute {found.value} removed: the status is recomputed."
        return self._record(when, EventKind.ATTRIBUTE_REMOVED, Decision(payload, reason))

    def edit_traits(
        self,
        *,
        during_document_check: bool = False,
        at: dt.datetime | None = None,
        **changes: Any,
    ) -> Identity:
        """Edit traits by hand (project DECISION, ADR 0031).

        A strict trait that changes voids the INSi retrieval (the INS is dropped) and the document
        check, unless the edit is declared as made while checking a high-trust document
        (`during_document_check=True`). Complementary traits change nothing else. A birth date
        given as text or a `date` is read as typed ([`ins.BirthDate.parse`][ins.BirthDate.parse]:
        impossible, future or too old dates are refused).
        """
        if not isinstance(during_document_check, bool):
            raise StatusError("during_document_check must be True or False.")
        if not changes:
            raise StatusError("Give at least one trait to edit (birth_name=..., sex=...).")
        allowed = tuple(Traits.model_fields)
        unknown = sorted(set(changes) - set(allowed))
        if unknown:
            raise StatusError(f"{', '.join(unknown)} is not a trait: use {', '.join(allowed)}.")
        typed = changes.get("birth_date")
        if isinstance(typed, dt.date) and not isinstance(typed, dt.datetime):
            typed = typed.isoformat()
        if isinstance(typed, str):
            # What a person types: impossible, future or too old dates are refused
            # (docs/domain/birth-dates.md#plausibility).
            changes["birth_date"] = BirthDate.parse(typed)
        data = {name: getattr(self.traits, name) for name in allowed} | changes
        try:
            traits = Traits(**data)
        except ValidationError as error:
            raise trait_error(error) from None
        when = self._timestamp(at)
        decision = decide_edit(self, traits, during_document_check=during_document_check)
        return self._record(when, EventKind.TRAITS_EDITED, decision)


_FIELDS = tuple(Identity.model_fields)
_RECORD_FIELDS = tuple(name for name in _FIELDS if name != "clock")
# What an identity holds only because a transition recorded it: its evidence, and its traits,
# which INSi, the Appli carte Vitale or an edit replaced.
_EVIDENCE = ("traits", "ins", "ins_history", "attributes", "document_check")


def _unearned(identity: Identity, /) -> str | None:
    """Why `identity` holds evidence its log does not give it, or `None` (ADR 0105).

    The only ways to an INS, a history, attributes, a document check or a status are the
    transitions, and the replay of a log that recorded them: a record given them directly
    (`Identity(traits=..., ins=..., document_check=...)`, a hand-made JSON) is refused.
    """
    try:
        expected = _replay.rebuilt(identity)
    except StatusError as error:
        return f"The event log does not replay: {error.message}"
    wrong = [name for name in _EVIDENCE if getattr(expected, name) != getattr(identity, name)]
    if wrong:
        return (
            f"The record's {', '.join(wrong)} do not follow from its event log: an identity "
            "gets its INS, history, attributes and document check only through its "
            "transitions (or the replay of the log that recorded them)."
        )
    return None


def require_qualified(identity: Identity, /) -> Ins:
    """The INS of `identity` when it may be shared (status QUAL), else raise NotQualified.

    Every export of the INS (FHIR identifier, HL7 v2 PID-3, datamatrix, MSSanté address) calls
    this function: it is the single place that enforces the RNIV rule
    (docs/domain/status.md#the-four-statuses).
    """
    if not isinstance(identity, Identity):
        raise NotQualified(f"Only an Identity can share an INS, not {type(identity).__name__}.")
    status = identity.status
    if status is not IdentityStatus.QUAL or identity.ins is None:
        raise NotQualified(
            f"The INS may not be shared: the identity is {status.value} ({status.label}), not "
            f"QUAL. {identity.explain()}"
        )
    return identity.ins
