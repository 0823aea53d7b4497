"""Invariants of every export over generated identities (the project's ``identities()``).

Generated identities come with their real event log (INSi results, document checks, attributes),
so these properties cover combinations the tables do not list. FR Core conformance of generated
identities is checked in ``tests/conformance/test_fhir.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins._identity import Identity
from ins._status import IdentityStatus
from ins.errors import NotQualified
from ins.interop import (
    datamatrix_payload,
    decode_payload,
    mssante_address,
    to_fhir_identifier,
    to_fhir_patient,
    to_hl7v2_pid,
)
from ins.interop.codes import PID32_STATUS
from ins.testing.strategies import identities

NOT_QUALIFIED = [IdentityStatus.PROV, IdentityStatus.RECUP, IdentityStatus.VALI]
SHARING = [to_fhir_identifier, to_fhir_patient, datamatrix_payload, mssante_address]


@given(identities(statuses=[IdentityStatus.QUAL]))
def test_qualified_exports_agree_with_each_other(identity: Identity) -> None:
    assert identity.ins is not None
    matricule, oid = str(identity.ins.matricule), identity.ins.oid.value
    identifier = to_fhir_identifier(identity)
    assert (identifier["value"], identifier["system"]) == (matricule, f"urn:oid:{oid}")
    content = decode_payload(datamatrix_payload(identity))
    assert (content.matricule, content.oid) == (matricule, oid)
    assert (content.birth_name, content.first_names) == (
        identity.traits.birth_name,
        identity.traits.first_names,
    )
    assert content.birth_date == identity.traits.birth_date.value
    assert mssante_address(identity) == f"{matricule}@patient.mssante.fr"
    pid = to_hl7v2_pid(identity).split("|")
    assert pid[3] == f"{matricule}^^^{pid[3].split('^^^')[1]}"
    assert pid[32].split("~")[0] == "VALI"


@given(identities(statuses=NOT_QUALIFIED), st.sampled_from(SHARING))
def test_not_qualified_never_shares(identity: Identity, export: object) -> None:
    with pytest.raises(NotQualified) as caught:
        export(identity)  # type: ignore[operator]
    if identity.ins is not None:
        assert str(identity.ins.matricule) not in str(caught.value)


@given(identities())
def test_pid_segment_of_any_identity(identity: Identity) -> None:
    segment = to_hl7v2_pid(identity, local_id="000003", local_authority="CHU-X")
    fields = segment.split("|")
    assert len(fields) == 33
    assert "\r" not in segment
    assert "\n" not in segment
    codes = fields[32].split("~")
    assert codes[0] == PID32_STATUS[identity.status]
    assert sorted(codes[1:]) == sorted(attribute.value for attribute in identity.attributes)
    has_ins = "^INS" in fields[3]
    assert has_ins is (identity.status is IdentityStatus.QUAL)
    if identity.ins is not None and not has_ins:
        assert str(identity.ins.matricule) not in segment
