"""`ins`: the French national health identity (INS) for health software.

Validate NIR/NIA matricules and INS identifiers, normalise civil-status traits to what the INSi
teleservice accepts, derive the identity-vigilance status (RNIV), talk to INSi (or to its
in-memory mock), audit patient files, and export FHIR / HL7 v2 / datamatrix / MSSanté forms.

This package is the public home of the core names (identifiers, traits, status, identity); the other
public modules are [`ins.nir`][ins.nir] (the NIR verbs), [`ins.errors`][ins.errors],
[`ins.insi`][ins.insi] and its role packages, [`ins.audit`][ins.audit],
[`ins.interop`][ins.interop] and `ins.testing` (see docs/architecture.md). `import ins` loads
nothing else: each name is imported on first use, so a program that only checks NIRs never loads
pydantic models, INSi or the exports. It never loads hypothesis, pytest or `ins.testing`.

```pycon
>>> import ins
>>> ins.nir.is_valid("2 84 05 2A 321 025 52"), ins.Sex.parse("femme")
(True, <Sex.F: 'F'>)

```
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0.dev0"

if TYPE_CHECKING:
    from ins import errors, nir
    from ins._birthplace import BirthplaceCode
    from ins._dates import MAX_AGE_YEARS, BirthDate, TypedBirthDate, oldest_birth_date
    from ins._documents import DocumentPolicy, DocumentTrust, IdentityDocument
    from ins._events import DocumentEvidence, Event, EventKind, Outcome, Payload
    from ins._first_names import comparison_form
    from ins._identifiers import LEGACY_INS_C_OID, LEGACY_INS_C_OIDS, Ins, InsKind, Oid
    from ins._identity import Identity, require_qualified
    from ins._name_steps import ChangeKind
    from ins._names import (
        Change,
        Normalized,
        first_first_name,
        is_coherent_first_name,
        is_valid_insi_name,
        normalize_birth_name,
        normalize_first_names,
    )
    from ins._sex import Sex
    from ins._status import IdentityAttribute, IdentityStatus, check_attributes, compute_status
    from ins._traits import (
        Finding,
        NormalizedTraits,
        TraitComparison,
        TraitDifference,
        Traits,
        check_consistency,
        compare_traits,
        normalize_traits,
    )
    from ins.errors import (
        InsError,
        InvalidCharacter,
        InvalidComponent,
        InvalidFormat,
        InvalidKey,
        InvalidLength,
        InvalidTrait,
        NotAnInsMatricule,
        NotQualified,
        StatusError,
    )
    from ins.nir import Nir, Strictness

# Where each public name is defined (a private module, or the public modules nir and errors,
# whose names this package re-exports).
_HOME = {
    "errors": None,
    "nir": None,
    "BirthplaceCode": "_birthplace",
    "MAX_AGE_YEARS": "_dates",
    "BirthDate": "_dates",
    "TypedBirthDate": "_dates",
    "oldest_birth_date": "_dates",
    "DocumentPolicy": "_documents",
    "DocumentTrust": "_documents",
    "IdentityDocument": "_documents",
    "DocumentEvidence": "_events",
    "Event": "_events",
    "EventKind": "_events",
    "Outcome": "_events",
    "Payload": "_events",
    "comparison_form": "_first_names",
    "LEGACY_INS_C_OID": "_identifiers",
    "LEGACY_INS_C_OIDS": "_identifiers",
    "Ins": "_identifiers",
    "InsKind": "_identifiers",
    "Oid": "_identifiers",
    "Identity": "_identity",
    "require_qualified": "_identity",
    "ChangeKind": "_name_steps",
    "Change": "_names",
    "Normalized": "_names",
    "first_first_name": "_names",
    "is_coherent_first_name": "_names",
    "is_valid_insi_name": "_names",
    "normalize_birth_name": "_names",
    "normalize_first_names": "_names",
    "Sex": "_sex",
    "IdentityAttribute": "_status",
    "IdentityStatus": "_status",
    "check_attributes": "_status",
    "compute_status": "_status",
    "Finding": "_traits",
    "NormalizedTraits": "_traits",
    "TraitComparison": "_traits",
    "TraitDifference": "_traits",
    "Traits": "_traits",
    "check_consistency": "_traits",
    "compare_traits": "_traits",
    "normalize_traits": "_traits",
    "InsError": "errors",
    "InvalidCharacter": "errors",
    "InvalidComponent": "errors",
    "InvalidFormat": "errors",
    "InvalidKey": "errors",
    "InvalidLength": "errors",
    "InvalidTrait": "errors",
    "NotAnInsMatricule": "errors",
    "NotQualified": "errors",
    "StatusError": "errors",
    "Nir": "nir",
    "Strictness": "nir",
}

__all__ = [
    "LEGACY_INS_C_OID",
    "LEGACY_INS_C_OIDS",
    "MAX_AGE_YEARS",
    "BirthDate",
    "BirthplaceCode",
    "Change",
    "ChangeKind",
    "DocumentEvidence",
    "DocumentPolicy",
    "DocumentTrust",
    "Event",
    "EventKind",
    "Finding",
    "Identity",
    "IdentityAttribute",
    "IdentityDocument",
    "IdentityStatus",
    "Ins",
    "InsError",
    "InsKind",
    "InvalidCharacter",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidKey",
    "InvalidLength",
    "InvalidTrait",
    "Nir",
    "Normalized",
    "NormalizedTraits",
    "NotAnInsMatricule",
    "NotQualified",
    "Oid",
    "Outcome",
    "Payload",
    "Sex",
    "StatusError",
    "Strictness",
    "TraitComparison",
    "TraitDifference",
    "Traits",
    "TypedBirthDate",
    "__version__",
    "check_attributes",
    "check_consistency",
    "compare_traits",
    "comparison_form",
    "compute_status",
    "errors",
    "first_first_name",
    "is_coherent_first_name",
    "is_valid_insi_name",
    "nir",
    "normalize_birth_name",
    "normalize_first_names",
    "normalize_traits",
    "oldest_birth_date",
    "require_qualified",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'ins' has no attribute {name!r}")
    home = _HOME[name]
    if home is None:  # a public submodule
        value: Any = importlib.import_module(f"ins.{name}")
    else:
        value = getattr(importlib.import_module(f"ins.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
