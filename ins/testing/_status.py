"""Hypothesis strategies for RNIV identities (`identities()`).

An identity is built the way an application builds it, through its transitions (an INSi result,
a document check, attributes), so that its event log is real and replays: a generated QUAL
identity has an INSi event and a high-trust document check in its log, and its INS agrees with
its traits (sex, birth year and month, birthplace: `check_consistency` finds no mismatch).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from hypothesis import strategies as st

from ins._dates import BirthDate
from ins._documents import DocumentPolicy
from ins._identifiers import Ins
from ins._identity import Identity
from ins._status import IdentityAttribute, IdentityStatus
from ins._traits import Traits
from ins.insi._results import InsiResult, ReturnedTraits
from ins.insi._wire import WireIns, make_result
from ins.testing._composites import ins_identifiers_for

__all__ = ["identities", "insi_result_for"]

# A few names in INSi form: identities need plausible traits, not a name generator.
_BIRTH_NAMES = ("ADRUN", "DE VINCI", "GARCIA--HAMMADI", "L'HERMITE", "NGUYEN", "O'NEILL")
_FIRST_NAMES = ("ZOE", "JEAN CHRISTOPHE", "PIERRE-ALAIN MURIEL", "ANNE MARIE", "AHMED")
_PLACES = ("63220", "2A004", "97411", "99126", "75056")
_EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@st.composite
def _traits(draw: st.DrawFn) -> Traits:
    return Traits(
        birth_name=draw(st.sampled_from(_BIRTH_NAMES)),
        first_names=draw(st.sampled_from(_FIRST_NAMES)),
        sex=draw(st.sampled_from(("M", "F"))),
        birth_date=BirthDate(draw(st.dates(dt.date(1900, 1, 1), dt.date(2024, 12, 31)))),
        birthplace=draw(st.none() | st.sampled_from(_PLACES)),
        used_name=draw(st.none() | st.sampled_from(_BIRTH_NAMES)),
    )


def insi_result_for(ins: Ins, traits: Traits, /) -> InsiResult:
    """The `00` result INSi would return for `ins` and `traits` (traits in INSi form)."""
    return make_result(
        "00",
        active=WireIns(ins.matricule[:13], ins.matricule[13:], ins.oid.value),
        tiq=ReturnedTraits(
            birth_name=traits.birth_name,
            first_names=traits.first_names,
            sex=traits.sex.value,
            birth_date=traits.birth_date.isoformat(),
            birthplace=traits.birthplace,
        ),
    )


@st.composite
def _identities(
    draw: st.DrawFn, statuses: tuple[IdentityStatus, ...], with_attributes: bool
) -> Identity:
    status = draw(st.sampled_from(statuses))
    traits = draw(_traits())
    identity = Identity(traits=traits)
    minutes = iter(range(0, 10_000, draw(st.integers(1, 600))))

    def at() -> dt.datetime:
        return _EPOCH + dt.timedelta(minutes=next(minutes))

    # PROV may hide a doubtful or fictive identity that had reached any status before.
    forced = None
    if status is IdentityStatus.PROV and with_attributes:
        forced = draw(
            st.sampled_from((None, IdentityAttribute.DOUTEUSE, IdentityAttribute.FICTIVE))
        )
    reached = draw(st.sampled_from(tuple(IdentityStatus))) if forced else status
    checked_first = draw(st.booleans())
    if reached.identity_checked and checked_first:
        document = draw(st.sampled_from(sorted(DocumentPolicy.default().high_trust)))
        identity = identity.apply_document_check(document, coherent=True, at=at())
    if reached.ins_retrieved:
        ins = draw(ins_identifiers_for(traits))  # a matricule that agrees with the traits
        identity = identity.apply_insi_result(insi_result_for(ins, traits), at=at())
    if reached.identity_checked and not checked_first:
        document = draw(st.sampled_from(sorted(DocumentPolicy.default().high_trust)))
        identity = identity.apply_document_check(document, coherent=True, at=at())
    if forced is not None:
        identity = identity.with_attribute(forced, at=at())
    if with_attributes and forced is not IdentityAttribute.FICTIVE:
        homonym = draw(
            st.sampled_from((None, IdentityAttribute.HOMONYME, IdentityAttribute.HOMONYME_DETECTE))
        )
        if homonym is not None:
            identity = identity.with_attribute(homonym, at=at())
    return identity


def identities(
    *,
    statuses: Iterable[IdentityStatus | str] = tuple(IdentityStatus),
    with_attributes: bool = True,
) -> st.SearchStrategy[Identity]:
    """Identities with one of `statuses`, built through their transitions.

    With `with_attributes` (the default), a PROV identity may be doubtful or fictive (after
    having reached any status), and any identity but a fictive one may be a homonym (HOMA or
    HOMD).
    """
    wanted = tuple(IdentityStatus(status) for status in statuses)
    if not wanted:
        raise ValueError("identities() needs at least one status.")
    return _identities(wanted, with_attributes)
