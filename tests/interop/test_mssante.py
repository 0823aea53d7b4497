"""The MSSanté patient mailbox (docs/domain/exports.md#mssante-patient-mailbox): only for a
qualified identity."""

from __future__ import annotations

import pytest

from ins._identifiers import Oid
from ins.errors import NotQualified
from ins.interop import mssante_address
from ins.interop._mssante import build_address

from .conftest import PERSONS, Build


def test_published_example_of_the_ans_test_patient(build: Build) -> None:
    # docs/domain/exports.md#mssante-patient-mailbox: the test patient 279035121518989 (OID .4.10).
    assert mssante_address(build("QUAL", Oid.NIR_TEST)) == "279035121518989@patient.mssante.fr"


@pytest.mark.parametrize("oid", list(Oid), ids=lambda oid: oid.name)
def test_address_for_each_oid_kind(build: Build, oid: Oid) -> None:
    assert mssante_address(build("QUAL", oid)) == f"{PERSONS[oid][1]}@patient.mssante.fr"


@pytest.mark.parametrize("status", ["PROV", "RECUP", "VALI"])
def test_not_qualified_is_refused(build: Build, status: str) -> None:
    with pytest.raises(NotQualified):
        mssante_address(build(status))


@pytest.mark.parametrize(
    "value",
    [
        "279035121518989",  # a valid matricule, but plain: no proof of qualification
        "2790351215189",  # 13 characters
        None,
    ],
)
def test_the_address_is_never_built_from_plain_values(value: object) -> None:
    with pytest.raises(NotQualified) as caught:
        build_address(value)  # type: ignore[arg-type]
    assert "279035121518989" not in str(caught.value)
