"""Properties of identities under any sequence of requests (docs/domain/status.md,
docs/domain/documents.md).

For any generated start and sequence of requests, legal or not: the status equals
``compute_status`` of the recorded evidence; it is never RECUP/VALI/QUAL with DOUT or FICT; an INS
is present iff the status is RECUP or QUAL; a refused request leaves the record unchanged; the log
replays to the same record; the record survives a JSON round trip.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins._identifiers import Ins
from ins._identity import Identity, require_qualified
from ins._status import IdentityAttribute, IdentityStatus, compute_status
from ins.errors import NotQualified, StatusError
from ins.insi import ReturnedTraits, Verification, VerificationReason, WireIns, make_result
from ins.testing._status import insi_result_for
from ins.testing.strategies import identities, ins_identifiers

BLOCKING = {IdentityAttribute.DOUTEUSE, IdentityAttribute.FICTIVE}

requests = st.one_of(
    st.tuples(
        st.just("insi"),
        st.sampled_from(["found", "01", "02", "incoherent", "anomaly", "lunar"]),
        ins_identifiers(),
    ),
    st.tuples(
        st.just("document"),
        st.sampled_from(["PA", "CN", "IN", "AV", "LECV", "OTHER"]),
        st.booleans(),
        st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2035, 1, 1)),
    ),
    st.tuples(st.just("withdraw")),
    st.tuples(st.just("vitale"), ins_identifiers()),
    st.tuples(
        st.just("verify"),
        st.sampled_from(["confirmed", "replaced", "not_found", "traits_differ"]).map(
            VerificationReason
        ),
        st.none() | ins_identifiers(),
    ),
    st.tuples(st.sampled_from(["set", "remove"]), st.sampled_from(list(IdentityAttribute))),
    st.tuples(
        st.just("edit"),
        st.sampled_from(["birth_name", "first_names", "sex", "used_name"]),
        st.booleans(),
    ),
)


def _insi(identity: Identity, kind: str, ins: Ins) -> Any:
    traits = identity.traits
    if kind in ("01", "02"):
        return make_result(kind)
    if kind == "found":
        return insi_result_for(ins, traits)
    tiq = ReturnedTraits(
        birth_name="ZZZ" if kind == "incoherent" else traits.birth_name,
        first_names=traits.first_names,
        sex=traits.sex.value,
        birth_date="1975-12-35" if kind == "lunar" else traits.birth_date.isoformat(),
    )
    key = ins.matricule[13:]
    if kind == "anomaly":
        key = f"{(int(key) % 97) + 1:02d}"  # any other key does not verify
    return make_result("00", active=WireIns(ins.matricule[:13], key, ins.oid.value), tiq=tiq)


def _apply(identity: Identity, request: tuple[Any, ...], at: dt.datetime) -> Identity:
    verb = request[0]
    if verb == "insi":
        return identity.apply_insi_result(_insi(identity, request[1], request[2]), at=at)
    if verb == "document":
        _, document, coherent, valid_until = request
        return identity.apply_document_check(
            document, coherent=coherent, valid_until=valid_until, at=at
        )
    if verb == "withdraw":
        return identity.withdraw_document_check(reason="Found wrong.", at=at)
    if verb == "vitale":
        return identity.apply_vitale_app(request[1], identity.traits, at=at)
    if verb == "verify":
        _, reason, new = request
        ok = reason in (VerificationReason.CONFIRMED, VerificationReason.REPLACED)
        subject = new or identity.ins
        result = insi_result_for(subject, identity.traits) if subject else make_result("01")
        verification = Verification(ok=ok, reason=reason, result=result, new_active=new)
        return identity.apply_verification(verification, at=at)
    if verb == "set":
        return identity.with_attribute(request[1], at=at)
    if verb == "remove":
        return identity.without_attribute(request[1], at=at)
    _, field, during = request
    value = {"birth_name": "NGUYEN", "first_names": "AHMED", "sex": "M", "used_name": "DUPONT"}
    if getattr(identity.traits, field) == value[field]:
        value = {"birth_name": "ADRUN", "first_names": "ZOE", "sex": "F", "used_name": "MARTIN"}
    return identity.edit_traits(during_document_check=during, at=at, **{field: value[field]})


def _check_invariants(identity: Identity) -> None:
    status = identity.status
    assert status is compute_status(
        ins_retrieved=identity.ins is not None,
        identity_checked=identity.document_check is not None,
        attributes=identity.attributes,
    )
    if identity.attributes & BLOCKING:
        assert status is IdentityStatus.PROV
    assert (identity.ins is not None) is (status in (IdentityStatus.RECUP, IdentityStatus.QUAL))
    if identity.ins is None:
        assert identity.ins_history == ()
    assert identity.can_share_ins is (status is IdentityStatus.QUAL)
    if identity.events:
        assert identity.events[-1].status_after is status
    for before, after in zip(identity.events, identity.events[1:], strict=False):
        assert after.status_before is before.status_after
        assert before.at <= after.at


@given(identities(), st.lists(requests, max_size=12))
def test_any_sequence_of_requests_keeps_the_invariants(
    start: Identity, sequence: list[tuple[Any, ...]]
) -> None:
    identity = start
    at = start.events[-1].at if start.events else dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for step, request in enumerate(sequence, start=1):
        snapshot = identity.model_dump_json()
        try:
            identity = _apply(identity, request, at + dt.timedelta(hours=step))
        except StatusError:
            assert identity.model_dump_json() == snapshot  # a refused request changes nothing
        _check_invariants(identity)
    assert Identity.replay(identity.initial_traits, identity.events) == identity
    assert Identity.model_validate_json(identity.model_dump_json()) == identity


@given(identities())
def test_generated_identities_keep_the_invariants_and_replay(identity: Identity) -> None:
    _check_invariants(identity)
    assert Identity.replay(identity.initial_traits, identity.events) == identity
    try:
        shared = require_qualified(identity)
    except NotQualified:
        assert identity.status is not IdentityStatus.QUAL
    else:
        assert identity.status is IdentityStatus.QUAL
        assert shared == identity.ins


@given(identities(statuses=["QUAL"], with_attributes=False))
def test_the_strategy_honours_statuses(identity: Identity) -> None:
    assert identity.status is IdentityStatus.QUAL
    assert not identity.attributes
    kinds = {event.kind.value for event in identity.events}
    assert kinds == {"insi_result", "document_check"}


def test_identities_needs_a_status() -> None:
    with pytest.raises(ValueError, match="at least one status"):
        identities(statuses=[])
