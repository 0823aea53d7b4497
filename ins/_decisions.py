"""What each transition of an identity decides: the event payload, its reason and any warning.

These pure functions hold the rules of docs/domain/status.md#transitions (and
docs/domain/birth-dates.md#lunar-and-exceptional-dates for exceptional INSi birth dates,
docs/domain/insi.md#anomalies for anomalies, docs/domain/insi.md#verification for verification);
[`Identity`][ins.Identity] checks its inputs, reads the clock, calls them and records the
`Decision` as an event. What the decision then does to the record is in `ins._replay`,
shared with replaying a log.

```pycon
>>> from ins.insi import make_result
>>> from ins import Identity
>>> from ins import Traits
>>> traits = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> decision = decide_insi_result(Identity(traits=traits), make_result("02"))
>>> decision.payload.outcome.value, decision.reason
('several', 'INSi found several identities (02): nothing changes; refine the search.')

```
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from ins._documents import DocumentTrust, IdentityDocument
from ins._events import DocumentEvidence, EventKind, Outcome, Payload
from ins._identifiers import Ins
from ins._status import IdentityStatus
from ins._traits import STRICT_TRAITS, Traits, compare_traits
from ins.insi._results import HistoricIns, InsiCode, InsiResult, Verification

if TYPE_CHECKING:
    from ins._identity import Identity

__all__ = [
    "Decision",
    "decide_document_check",
    "decide_edit",
    "decide_insi_result",
    "decide_verification",
    "decide_vitale_app",
]

PROV_WARNING = (
    "INSi was called for a provisional identity with no document check in the same step "
    "(RNIV RECO PP 03): check a high-trust identity document at the same time."
)


class Decision(NamedTuple):
    """The payload of the event to record, its reason and an optional warning."""

    payload: Payload
    reason: str
    warning: str | None = None


def keep_complementary(new: Traits, old: Traits, /) -> Traits:
    """INSi's traits replace the strict traits; used name and first name stay local
    (docs/domain/traits.md#storage-of-insi-traits)."""
    return new.model_copy(
        update={"used_name": old.used_name, "used_first_name": old.used_first_name}
    )


def decide_insi_result(identity: Identity, result: InsiResult, /) -> Decision:
    """00 coherent: retrieved. 01, 02, incoherent, anomaly, exceptional date: recorded only."""
    previous = identity.events[-1] if identity.events else None
    warning = None
    if identity.status is IdentityStatus.PROV and (
        previous is None or previous.kind is not EventKind.DOCUMENT_CHECK
    ):
        warning = PROV_WARNING
    code, label = result.code.value, result.label
    individual = result.individual
    if result.code is InsiCode.NOT_FOUND:
        payload = Payload(outcome=Outcome.NOT_FOUND, insi_code=code, insi_label=label)
        reason = "INSi found no identity (01): nothing changes; check the traits typed."
    elif result.code is InsiCode.SEVERAL:
        payload = Payload(outcome=Outcome.SEVERAL, insi_code=code, insi_label=label)
        reason = "INSi found several identities (02): nothing changes; refine the search."
    elif individual is None or individual.ins is None or individual.traits is None:
        codes = tuple(anomaly.code.value for anomaly in result.anomalies)
        payload = Payload(
            outcome=Outcome.ANOMALY, anomalies=codes, insi_code=code, insi_label=label
        )
        reason = (
            f"The INSi result has anomalies ({', '.join(codes) or 'no usable INS'}): "
            "a failed retrieval, nothing is stored."
        )
    elif individual.traits.birth_date.exceptional:
        payload = Payload(outcome=Outcome.EXCEPTIONAL_BIRTH_DATE, insi_code=code, insi_label=label)
        reason = (
            f"INSi returned the exceptional birth date {individual.traits.birth_date} "
            "(not a calendar date): the identity cannot reach RECUP or QUAL."
        )
    else:
        comparison = compare_traits(identity.traits, individual.traits)
        if not comparison.coherent:
            payload = Payload(
                outcome=Outcome.INCOHERENT,
                changed=comparison.traits,
                insi_code=code,
                insi_label=label,
            )
            reason = (
                f"The traits INSi returned differ from the local ones "
                f"({', '.join(comparison.traits)}): nothing changes; check the identity."
            )
        else:
            payload = Payload(
                outcome=Outcome.RETRIEVED,
                ins=individual.ins,
                ins_history=individual.history,
                traits=keep_complementary(individual.traits, identity.traits),
                previous_traits=identity.traits,
                insi_code=code,
                insi_label=label,
            )
            reason = (
                "INSi returned one identity coherent with the local traits: the INS and its "
                "history are stored and the strict traits replaced by INSi's."
            )
    return Decision(payload, reason, warning)


def decide_document_check(evidence: DocumentEvidence, /) -> Decision:
    """High trust and coherent: checked. Otherwise recorded only (incoherent suggests DOUT)."""
    label = evidence.document.label
    warning = None
    if evidence.valid_until is not None and evidence.valid_until < evidence.checked_at.date():
        warning = (
            f"The document had expired on {evidence.valid_until.isoformat()} when it was checked."
        )
    if not evidence.coherent:
        outcome = Outcome.DOCUMENT_INCOHERENT
        reason = (
            f"The {label} is not coherent with the traits: nothing changes; consider marking "
            "the identity doubtful (DOUT)."
        )
    elif evidence.establishes_identity:
        outcome = Outcome.CHECKED
        reason = f"The traits were checked against a high-trust document ({label})."
    else:
        outcome = Outcome.LOW_TRUST
        reason = f"The {label} is not a high-trust document here: nothing changes."
    return Decision(Payload(outcome=outcome, document=evidence), reason, warning)


def decide_vitale_app(identity: Identity, ins: Ins, traits: Traits, when: dt.datetime) -> Decision:
    """Collected through the Appli carte Vitale: I and C, unless the birth date is exceptional."""
    evidence = DocumentEvidence(
        document=IdentityDocument.VITALE_APP,
        trust=DocumentTrust.HIGH,
        coherent=True,
        checked_at=when,
    )
    stored = keep_complementary(traits, identity.traits)
    if traits.birth_date.exceptional:
        payload = Payload(
            outcome=Outcome.EXCEPTIONAL_BIRTH_DATE,
            traits=stored,
            previous_traits=identity.traits,
            document=evidence,
        )
        reason = (
            f"Collected through the Appli carte Vitale, but the birth date {traits.birth_date} "
            "is exceptional: the INS is not stored."
        )
        return Decision(payload, reason)
    payload = Payload(
        outcome=Outcome.COLLECTED,
        ins=ins,
        traits=stored,
        previous_traits=identity.traits,
        document=evidence,
    )
    return Decision(
        payload, "Collected through the Appli carte Vitale: INS and traits stored, qualified."
    )


def decide_verification(identity: Identity, verification: Verification, stored: Ins) -> Decision:
    """KO: the INS is dropped. OK with a new active matricule: replaced. OK: confirmed."""
    why = verification.reason.value
    if not verification.ok:
        payload = Payload(
            outcome=Outcome.FAILED,
            ins=stored,
            ins_history=identity.ins_history,
            verification_reason=why,
        )
        return Decision(payload, f"INSi verification failed ({why}): the INS is dropped.")
    if verification.new_active is not None and verification.new_active != stored:
        individual = verification.result.individual
        history = individual.history if individual is not None else ()
        if not history:
            entry = HistoricIns(
                matricule_as_returned=stored.matricule, oid_as_returned=stored.oid, ins=stored
            )
            history = (entry, *identity.ins_history)
        payload = Payload(
            outcome=Outcome.REPLACED,
            ins=verification.new_active,
            ins_history=history,
            verification_reason=why,
        )
        return Decision(
            payload, "INSi verification: a new active matricule replaces the stored one."
        )
    payload = Payload(outcome=Outcome.CONFIRMED, verification_reason=why)
    return Decision(payload, "INSi verification confirmed the stored INS.")


def decide_edit(identity: Identity, traits: Traits, *, during_document_check: bool) -> Decision:
    """A changed strict trait voids I, and C unless edited while checking a document."""
    old = identity.traits
    changed = tuple(
        name for name in Traits.model_fields if getattr(traits, name) != getattr(old, name)
    )
    strict = [name for name in changed if name in STRICT_TRAITS]
    if not changed:
        payload = Payload(outcome=Outcome.UNCHANGED, during_document_check=during_document_check)
        return Decision(payload, "Traits edited by hand with the same values: nothing changes.")
    payload = Payload(
        outcome=Outcome.EDITED,
        traits=traits,
        previous_traits=old,
        changed=changed,
        during_document_check=during_document_check,
        ins=identity.ins if strict else None,
        ins_history=identity.ins_history if strict else (),
    )
    if not strict:
        return Decision(
            payload, f"Complementary traits edited ({', '.join(changed)}): no status change."
        )
    if during_document_check:
        reason = (
            f"Strict traits edited while checking a document ({', '.join(strict)}): the INS "
            "must be retrieved again; the document check is kept."
        )
        warning = None
        if identity.document_check is None:
            warning = "No high-trust document check is on record: record it too."
        return Decision(payload, reason, warning)
    reason = (
        f"Strict traits edited by hand ({', '.join(strict)}): the INS must be retrieved again "
        "and a high-trust document checked again."
    )
    return Decision(payload, reason)
