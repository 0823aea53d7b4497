"""A human sentence for an identity's status: why it is what it is, and what would raise it.

The RNIV asks that users understand the status they see (docs/domain/status.md,
docs/domain/documents.md): this module builds the sentence from the recorded evidence (INS retrieved
or not, document checked or not, attributes, an exceptional birth date returned by INSi) and from
the dates of the events that established it.

```pycon
>>> from ins import Identity
>>> from ins import Traits
>>> traits = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> explain(Identity(traits=traits))  # doctest: +NORMALIZE_WHITESPACE
'The identity is PROV (Identité provisoire): its INS has not been retrieved through INSi and
its traits have not been checked against a high-trust identity document. To raise it,
retrieve the INS through INSi and check a high-trust document.'

```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ins._events import EventKind, Outcome
from ins._status import IdentityAttribute

if TYPE_CHECKING:
    from ins._identity import Identity

__all__ = ["explain"]

_INS_OUTCOMES = (Outcome.RETRIEVED, Outcome.COLLECTED, Outcome.REPLACED, Outcome.CONFIRMED)


def _blocked_by_birth_date(identity: Identity) -> bool:
    if identity.traits.birth_date.exceptional:
        return True
    for event in reversed(identity.events):
        if event.kind is EventKind.INSI_RESULT:
            return event.outcome is Outcome.EXCEPTIONAL_BIRTH_DATE
    return False


def explain(identity: Identity, /) -> str:
    """Why `identity` has its status, and what would raise it (one or a few sentences)."""
    status = identity.status
    head = f"The identity is {status.value} ({status.label})"
    forcing = sorted(a for a in identity.attributes if a.forces_provisional)
    if forcing:
        attribute = forcing[0]
        return (
            f"{head} because it is marked {attribute.label.lower()} ({attribute.value}): "
            "INSi calls are refused and no INS is kept. To raise it, clear the doubt and remove "
            "the attribute, then retrieve the INS through INSi and check a high-trust document."
        )
    if identity.ins is not None:
        dated = [e.at for e in identity.events if e.outcome in _INS_OUTCOMES]
        when = f" on {dated[-1].date().isoformat()}" if dated else ""
        why_ins = f"its INS was retrieved through INSi{when}"
    else:
        why_ins = "its INS has not been retrieved through INSi"
    check = identity.document_check
    if check is not None:
        why_check = (
            f"its traits were checked against a high-trust document ({check.document.label}) "
            f"on {check.checked_at.date().isoformat()}"
        )
    else:
        why_check = "its traits have not been checked against a high-trust identity document"
    sentence = f"{head}: {why_ins} and {why_check}."
    todo = []
    if identity.ins is None:
        if _blocked_by_birth_date(identity):
            sentence += (
                " INSi returned an exceptional birth date (not a calendar date), so the "
                "identity cannot reach RECUP or QUAL."
            )
        else:
            todo.append("retrieve the INS through INSi")
    if check is None:
        todo.append("check a high-trust document")
    if todo:
        sentence += " To raise it, " + " and ".join(todo) + "."
    else:
        sentence += " The INS may be used to reference and share health data."
    for attribute in (IdentityAttribute.HOMONYME, IdentityAttribute.HOMONYME_DETECTE):
        if attribute in identity.attributes:
            sentence += (
                f" It is marked {attribute.label.lower()} ({attribute.value}): stay vigilant."
            )
    return sentence
