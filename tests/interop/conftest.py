"""Identities in every status for the interop tests, built through the real transitions.

The INSi results come from a :class:`~ins.insi.mock.MockInsi` searched with the certification
strategy, so the tests exercise what a front desk does, not hand-made records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ins._identifiers import Oid
from ins._identity import Identity
from ins._status import IdentityAttribute, IdentityStatus
from ins._traits import Traits
from ins.insi import search_ins
from ins.insi.mock import MockInsi

RETRIEVED_AT = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
CHECKED_AT = dt.datetime(2026, 1, 5, 9, 35, tzinfo=dt.UTC)

ADRUN = Traits(
    birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31", birthplace="63220"
)
ADRUN_MATRICULE = "275126322074974"

# One person per OID kind; the demo OID has no public test person, so the ADRUN matricule is
# registered under it in a dedicated mock.
PERSONS: dict[Oid, tuple[Traits, str]] = {
    Oid.NIR: (ADRUN, ADRUN_MATRICULE),
    Oid.NIA: (
        Traits(
            birth_name="PROVISOIRE",
            first_names="MATRICULE",
            sex="M",
            birth_date="2009-07-01",
            birthplace="63220",
        ),
        "109076322088835",
    ),
    Oid.NIR_TEST: (
        Traits(
            birth_name="PAT-TROIS",
            first_names="DOMINIQUE",
            sex="F",
            birth_date="1979-03-28",
            birthplace="51215",
        ),
        "279035121518989",
    ),
    Oid.NIR_DEMO: (
        Traits(
            birth_name="DEMO",
            first_names="ZOE ANNE",
            sex="F",
            birth_date="1975-12-31",
            birthplace="63220",
        ),
        ADRUN_MATRICULE,
    ),
}

Build = Callable[..., Identity]


def build_identity(
    status: IdentityStatus | str = IdentityStatus.QUAL,
    oid: Oid = Oid.NIR,
    *,
    document: str = "PA",
    attributes: tuple[IdentityAttribute, ...] = (),
    used_name: str | None = None,
    used_first_name: str | None = None,
    without_birthplace: bool = False,
    traits: Traits | None = None,
    matricule: str | None = None,
) -> Identity:
    """An identity of the person registered under ``oid`` (or with ``traits``, ``matricule``),
    brought to ``status``."""
    status = IdentityStatus(status)
    person, registered = PERSONS[oid]
    traits = traits or person
    matricule = matricule or registered
    update: dict[str, object] = {"used_name": used_name, "used_first_name": used_first_name}
    if without_birthplace:
        update["birthplace"] = None
    traits = traits.model_copy(update=update)
    identity = Identity(traits=traits)
    if status.ins_retrieved:
        mock = MockInsi()
        mock.add(traits, (matricule, oid.value))
        outcome = search_ins(mock, traits)
        identity = identity.apply_insi_result(outcome.result, at=RETRIEVED_AT)
        assert identity.status is IdentityStatus.RECUP
    if status.identity_checked:
        identity = identity.apply_document_check(document, coherent=True, at=CHECKED_AT)
    for attribute in attributes:
        identity = identity.with_attribute(attribute, at=CHECKED_AT)
    return identity


@pytest.fixture
def build() -> Build:
    """The :func:`build_identity` helper."""
    return build_identity
