"""Applying a recorded event to an identity, and rebuilding an identity from its log.

An [`Event`][ins.Event] carries the decision that was taken (its
[`Outcome`][ins.Outcome]) and what was stored or dropped (its payload). `effects`
turns one event into the field updates it made, without deciding anything again; the live
transitions of [`Identity`][ins.Identity] and `replay` both go through it, so a log
always rebuilds the very record that wrote it (ADR 0033). A log that does not fit the record it
is replayed on (a status before or after that differs, an attribute combination that is not
allowed, events out of order) raises [`StatusError`][ins.StatusError].

```pycon
>>> from ins import Identity
>>> from ins import Traits
>>> traits = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> identity = Identity(traits=traits).apply_document_check("PA", coherent=True)
>>> Identity.replay(identity.initial_traits, identity.events) == identity
True

```
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel

from ins._events import Event, EventKind, Outcome
from ins._status import IdentityStatus, check_attributes
from ins._traits import STRICT_TRAITS, Traits
from ins.errors import StatusError

if TYPE_CHECKING:
    import datetime as dt

    from ins._identity import Identity

__all__ = ["apply", "effects", "evolve", "rebuilt", "replay"]

_T = TypeVar("_T")

_DROP_INS: dict[str, Any] = {"ins": None, "ins_history": ()}


def _require(value: _T | None, what: str, event: Event) -> _T:
    if value is None:
        raise StatusError(
            f"The {event.kind.value} event of {event.at.isoformat()} has no {what} in its "
            "payload: the log is incomplete."
        )
    return value


def _refuse_doubtful(identity: Identity, event: Event) -> None:
    blocking = sorted(a.value for a in identity.attributes if a.forces_provisional)
    if blocking:
        raise StatusError(
            f"The {event.kind.value} event of {event.at.isoformat()} cannot apply to an identity "
            f"marked {', '.join(blocking)}: INSi is refused for it."
        )


def effects(identity: Identity, event: Event, /) -> dict[str, Any]:
    """The field updates `event` made to `identity` (no decision is taken again)."""
    payload, outcome, kind = event.payload, event.outcome, event.kind
    if kind in (EventKind.INSI_RESULT, EventKind.VITALE_APP, EventKind.VERIFICATION):
        _refuse_doubtful(identity, event)
    if kind is EventKind.INSI_RESULT:
        if outcome is not Outcome.RETRIEVED:
            return {}
        _require(payload.ins, "INS", event)
        _require(payload.traits, "traits", event)
        return {"ins": payload.ins, "ins_history": payload.ins_history, "traits": payload.traits}
    if kind is EventKind.DOCUMENT_CHECK:
        if outcome is not Outcome.CHECKED:
            return {}
        _require(payload.document, "document", event)
        return {"document_check": payload.document}
    if kind is EventKind.DOCUMENT_CHECK_WITHDRAWN:
        return {"document_check": None}
    if kind is EventKind.VITALE_APP:
        _require(payload.traits, "traits", event)
        _require(payload.document, "document", event)
        if outcome is Outcome.COLLECTED:
            _require(payload.ins, "INS", event)
        return {
            "ins": payload.ins if outcome is Outcome.COLLECTED else None,
            "ins_history": payload.ins_history if outcome is Outcome.COLLECTED else (),
            "traits": payload.traits,
            "document_check": payload.document,
        }
    if kind is EventKind.VERIFICATION:
        if outcome is Outcome.REPLACED:
            _require(payload.ins, "INS", event)
            return {"ins": payload.ins, "ins_history": payload.ins_history}
        return dict(_DROP_INS) if outcome is Outcome.FAILED else {}
    if kind in (EventKind.ATTRIBUTE_SET, EventKind.ATTRIBUTE_REMOVED):
        attribute = _require(payload.attribute, "attribute", event)
        if kind is EventKind.ATTRIBUTE_REMOVED:
            return {"attributes": identity.attributes - {attribute}}
        updates: dict[str, Any] = {
            "attributes": check_attributes(identity.attributes | {attribute})
        }
        if attribute.forces_provisional:
            updates.update(_DROP_INS)
        return updates
    # EventKind.TRAITS_EDITED
    if outcome is Outcome.UNCHANGED:
        return {}
    _require(payload.traits, "traits", event)
    updates = {"traits": payload.traits}
    if set(payload.changed) & set(STRICT_TRAITS):
        updates.update(_DROP_INS)
        if not payload.during_document_check:
            updates["document_check"] = None
    return updates


def apply(identity: Identity, event: Event, /) -> Identity:
    """`identity` after `event`, with the event appended; checks the recorded statuses."""
    if identity.events and event.at < identity.events[-1].at:
        raise StatusError(
            f"The {event.kind.value} event of {event.at.isoformat()} is dated before the "
            f"previous event ({identity.events[-1].at.isoformat()}): events must be in order."
        )
    _check_status("before", event.status_before, identity.status, event)
    after = evolve(identity, effects(identity, event))
    _check_status("after", event.status_after, after.status, event)
    return evolve(after, {"events": (*identity.events, event)})


def evolve(identity: Identity, update: dict[str, Any], /) -> Identity:
    """`identity` with `update`, unchecked: the step of a transition or a replay, which
    check what they record themselves (`Identity.model_copy` checks an update against the
    log, which a step in the middle of a transition does not yet match)."""
    return BaseModel.model_copy(identity, update=update)


def rebuilt(identity: Identity, /) -> Identity:
    """The identity that `identity`'s log gives, replayed from its first traits without
    validating the record (the check of [`Identity`][ins.Identity] itself, ADR 0105).

    Raises [`StatusError`][ins.StatusError] when the log does not replay.
    """
    start = type(identity).model_construct(traits=identity.initial_traits, clock=identity.clock)
    for event in identity.events:
        start = apply(start, event)
    return start


def _check_status(
    which: str, recorded: IdentityStatus, found: IdentityStatus, event: Event
) -> None:
    if recorded is not found:
        raise StatusError(
            f"The {event.kind.value} event of {event.at.isoformat()} records the status "
            f"{which} as {recorded.value}, but the log gives {found.value}: the log does not "
            "replay."
        )


def replay(
    cls: type[Identity],
    traits: Traits,
    events: Iterable[Event],
    /,
    *,
    clock: Callable[[], dt.datetime] | None = None,
) -> Identity:
    """Rebuild an identity from its first traits and its log (see `Identity.replay`)."""
    if not isinstance(traits, Traits):
        raise StatusError(f"A replay starts from Traits, not {type(traits).__name__}.")
    if isinstance(cast(object, events), str | bytes) or not isinstance(events, Iterable):
        raise StatusError(f"A log is a sequence of Event records, not {type(events).__name__}.")
    identity = cls(traits=traits) if clock is None else cls(traits=traits, clock=clock)
    for event in events:
        if not isinstance(event, Event):
            raise StatusError(f"A log holds Event records, not {type(event).__name__}.")
        identity = apply(identity, event)
    return identity
