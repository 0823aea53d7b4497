"""The RNIV status table (docs/domain/status.md#the-four-statuses) and the attribute rules
(docs/domain/status.md#attributes, ADR 0030)."""

from __future__ import annotations

import itertools

import pytest

from ins._status import IdentityAttribute, IdentityStatus, check_attributes, compute_status
from ins.errors import StatusError

DOUT = IdentityAttribute.DOUTEUSE
FICT = IdentityAttribute.FICTIVE
HOMA = IdentityAttribute.HOMONYME
HOMD = IdentityAttribute.HOMONYME_DETECTE

# (ins_retrieved, identity_checked) -> status without attributes: the 2x2 table of the RNIV.
TABLE = [
    (False, False, IdentityStatus.PROV),  # neither question answered
    (True, False, IdentityStatus.RECUP),  # INSi only
    (False, True, IdentityStatus.VALI),  # high-trust document only
    (True, True, IdentityStatus.QUAL),  # both: the only status that shares the INS
]

# Every attribute set that is allowed, with whether it forces PROV.
ALLOWED = [
    (frozenset(), False),  # no attribute
    (frozenset({HOMA}), False),  # a proven homonym: vigilance only
    (frozenset({HOMD}), False),  # a detected homonym: vigilance only
    (frozenset({DOUT}), True),  # doubtful
    (frozenset({FICT}), True),  # fictive
    (frozenset({DOUT, HOMA}), True),  # doubtful and homonym: the one allowed pair
    (frozenset({DOUT, HOMD}), True),  # same with a detected homonym
]

# Every attribute set that is refused, with the reason.
FORBIDDEN = [
    frozenset({FICT, DOUT}),  # fictive and doubtful (FR Core fr-core-identity-reliability-2)
    frozenset({FICT, HOMA}),  # fictive combines with nothing (ADR 0030)
    frozenset({FICT, HOMD}),  # same
    frozenset({HOMA, HOMD}),  # at most one of the two homonym attributes
    frozenset({DOUT, HOMA, HOMD}),  # still two homonym attributes
    frozenset({FICT, DOUT, HOMA}),  # several reasons at once
    frozenset({FICT, DOUT, HOMD}),  # same with a detected homonym
    frozenset({FICT, HOMA, HOMD}),  # fictive, and two homonym attributes
    frozenset(IdentityAttribute),  # everything
]


def test_every_subset_of_attributes_is_classified() -> None:
    subsets = {
        frozenset(combo)
        for size in range(len(IdentityAttribute) + 1)
        for combo in itertools.combinations(IdentityAttribute, size)
    }
    classified = {attributes for attributes, _ in ALLOWED} | set(FORBIDDEN)
    assert subsets == classified


@pytest.mark.parametrize(("retrieved", "checked", "status"), TABLE)
@pytest.mark.parametrize(("attributes", "forces_prov"), ALLOWED)
def test_table_with_allowed_attributes(
    retrieved: bool,
    checked: bool,
    status: IdentityStatus,
    attributes: frozenset[IdentityAttribute],
    forces_prov: bool,
) -> None:
    found = compute_status(ins_retrieved=retrieved, identity_checked=checked, attributes=attributes)
    assert found is (IdentityStatus.PROV if forces_prov else status)


@pytest.mark.parametrize(("retrieved", "checked", "status"), TABLE)
@pytest.mark.parametrize("attributes", FORBIDDEN)
def test_table_with_forbidden_attributes(
    retrieved: bool, checked: bool, status: IdentityStatus, attributes: frozenset[IdentityAttribute]
) -> None:
    with pytest.raises(StatusError) as caught:
        compute_status(ins_retrieved=retrieved, identity_checked=checked, attributes=attributes)
    assert caught.value.code == "status_error"
    assert caught.value.message.endswith(".")


def test_codes_are_accepted_as_strings_in_any_case() -> None:
    assert compute_status(ins_retrieved=True, identity_checked=True, attributes=[" homa "]) is (
        IdentityStatus.QUAL
    )
    assert check_attributes("DOUT") == {DOUT}  # a bare code, not its letters


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        (["XXX"], "'XXX' is not an identity attribute"),  # unknown code
        ([3], "3 is not an identity attribute"),  # not text
        (["A" * 80], "is not an identity attribute"),  # long junk is shortened
        (42, "collection of codes, not int"),  # not iterable
    ],
)
def test_bad_attributes_raise_status_error(attributes: object, message: str) -> None:
    with pytest.raises(StatusError, match=message) as caught:
        compute_status(ins_retrieved=False, identity_checked=False, attributes=attributes)  # type: ignore[arg-type]
    assert len(caught.value.message) < 200


@pytest.mark.parametrize(
    ("retrieved", "checked"),
    [("yes", False), (False, 1), (None, True)],  # truthy values are not answers
)
def test_answers_must_be_bools(retrieved: object, checked: object) -> None:
    with pytest.raises(StatusError, match="must be True or False"):
        compute_status(ins_retrieved=retrieved, identity_checked=checked)  # type: ignore[arg-type]


def test_status_properties_follow_the_table() -> None:
    for retrieved, checked, status in TABLE:
        assert status.ins_retrieved is retrieved
        assert status.identity_checked is checked
        assert status.carries_ins is retrieved
    assert [status.value for status in IdentityStatus] == ["PROV", "RECUP", "VALI", "QUAL"]
    assert IdentityStatus.QUAL.label == "Identité qualifiée"
    assert IdentityStatus.PROV.label == "Identité provisoire"


def test_attribute_codes_labels_and_effects() -> None:
    assert [attribute.value for attribute in IdentityAttribute] == ["DOUT", "FICT", "HOMA", "HOMD"]
    assert {a for a in IdentityAttribute if a.forces_provisional} == {DOUT, FICT}
    assert FICT.label == "Identité fictive"
    assert all(attribute.label.startswith("Identité") for attribute in IdentityAttribute)
