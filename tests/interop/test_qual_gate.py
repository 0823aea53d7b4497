"""Every road to an exported INS goes through a qualified identity (ADR 0057).

The proof is :class:`~ins.interop._source.QualifiedValues`: it is made from a QUAL identity or not
at all, and every builder that writes an INS takes it (and checks it). These tests walk every road:
the public exports, the private builders, and the ways one could try to forge the proof.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins._identity import Identity
from ins._status import IdentityStatus
from ins.errors import NotQualified
from ins.interop import (
    _datamatrix,
    _fhir,
    _hl7v2,
    _mssante,
    datamatrix_payload,
    mssante_address,
    to_fhir_identifier,
    to_fhir_patient,
    to_hl7v2_pid,
)
from ins.interop._source import PidValues, QualifiedValues, pid_values, qualified_values
from ins.testing.strategies import identities

from .conftest import ADRUN_MATRICULE, Build

EXPORTS = [to_fhir_identifier, to_fhir_patient, datamatrix_payload, mssante_address]
BUILDER_MODULES = [_fhir, _hl7v2, _datamatrix, _mssante]
PLAIN = [
    ADRUN_MATRICULE,  # a matricule
    (ADRUN_MATRICULE, "1.2.250.1.213.1.4.8"),  # a (matricule, OID) pair
    {"matricule": ADRUN_MATRICULE, "oid": "1.2.250.1.213.1.4.8"},
    None,
]


def _functions(module: ModuleType) -> list[Callable[..., Any]]:
    return [
        function
        for _, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
    ]


def _takes(function: Callable[..., Any], kind: type) -> bool:
    # The modules use postponed annotations: read them as text (some names are typing-only).
    annotations = inspect.get_annotations(function)
    return any(kind.__name__ in str(annotation) for annotation in annotations.values())


INS_BUILDERS = [
    function
    for module in BUILDER_MODULES
    for function in _functions(module)
    # Private helpers (``_reliability``...) are called by these, after the proof is checked.
    if _takes(function, QualifiedValues) and not function.__name__.startswith("_")
]


def test_the_builders_are_found() -> None:
    # The builders that write an INS, found by the proof they take (a guard on the search).
    names = {f"{f.__module__.rsplit('.', 1)[1]}.{f.__name__}" for f in INS_BUILDERS}
    assert names == {
        "_fhir.build_identifier",
        "_fhir.build_patient",
        "_datamatrix.encode_payload",
        "_mssante.build_address",
    }


@pytest.mark.parametrize("module", BUILDER_MODULES, ids=lambda module: module.__name__)
def test_no_function_takes_a_plain_ins(module: ModuleType) -> None:
    # A parameter named for the INS would be a road from plain values to an export.
    for function in _functions(module):
        parameters = set(inspect.signature(function).parameters)
        assert not parameters & {"matricule", "ins", "oid", "nir"}, function.__qualname__


@pytest.mark.parametrize("plain", PLAIN, ids=repr)
@pytest.mark.parametrize("builder", INS_BUILDERS, ids=lambda builder: builder.__qualname__)
def test_every_builder_refuses_plain_values(builder: Callable[..., Any], plain: object) -> None:
    with pytest.raises(NotQualified) as caught:
        builder(plain)
    assert ADRUN_MATRICULE not in str(caught.value)


@pytest.mark.parametrize("plain", PLAIN[:-1], ids=repr)  # None: no INS, a legitimate PID
def test_the_pid_builder_refuses_plain_values_for_the_ins(plain: object, build: Build) -> None:
    values = dataclasses.replace(pid_values(build("VALI")), qualified=plain)
    with pytest.raises(NotQualified):
        _hl7v2.build_pid(values)


@pytest.mark.parametrize("status", ["PROV", "RECUP", "VALI"])
def test_no_proof_from_an_identity_that_is_not_qualified(build: Build, status: str) -> None:
    identity = build(status)
    with pytest.raises(NotQualified):
        QualifiedValues(identity)
    assert pid_values(identity).qualified is None


@pytest.mark.parametrize("plain", PLAIN, ids=repr)
def test_no_proof_from_plain_values(plain: object) -> None:
    with pytest.raises(NotQualified):
        QualifiedValues(plain)  # type: ignore[arg-type]


def test_no_proof_from_keyword_values() -> None:
    with pytest.raises(TypeError):
        QualifiedValues(matricule=ADRUN_MATRICULE, oid="1.2.250.1.213.1.4.8")  # type: ignore[call-arg]


def test_the_proof_cannot_be_copied_with_other_values(build: Build) -> None:
    values = qualified_values(build("QUAL"))
    with pytest.raises(TypeError):
        dataclasses.replace(values, matricule="279035121518989")
    with pytest.raises(dataclasses.FrozenInstanceError):
        values.matricule = "279035121518989"  # type: ignore[misc]


def test_the_proof_is_the_identity_values(build: Build) -> None:
    identity = build("QUAL")
    values = qualified_values(identity)
    assert values == QualifiedValues(identity)
    assert (values.ins, values.matricule) == (identity.ins, ADRUN_MATRICULE)
    assert ADRUN_MATRICULE not in repr(values)


@given(identities(), st.sampled_from(EXPORTS))
def test_an_export_writes_the_ins_only_for_a_qualified_identity(
    identity: Identity, export: Callable[[Identity], object]
) -> None:
    if identity.status is IdentityStatus.QUAL:
        assert identity.ins is not None
        assert str(identity.ins.matricule) in str(export(identity))
    else:
        with pytest.raises(NotQualified):
            export(identity)


@given(identities())
def test_the_pid_carries_the_ins_only_with_the_proof(identity: Identity) -> None:
    values = pid_values(identity)
    assert isinstance(values, PidValues)
    assert (values.qualified is not None) is (identity.status is IdentityStatus.QUAL)
    if identity.ins is not None:
        segment = to_hl7v2_pid(identity, local_id="000003", local_authority="CHU-X")
        written = str(identity.ins.matricule) in segment
        assert written is (identity.status is IdentityStatus.QUAL)
