"""``ins``: the French national health identity (INS) for health software.

Validate NIR/NIA matricules and INS identifiers, normalise civil-status traits to what the INSi
teleservice accepts, derive the identity-vigilance status (RNIV), talk to INSi (or to its
in-memory mock), audit patient files, and export FHIR / HL7 v2 / datamatrix / MSSanté forms.

``import ins`` loads neither hypothesis nor pytest: the testing tools live in ``ins.testing``.
"""

from __future__ import annotations

__version__ = "0.1.0.dev0"

from ins import nir
from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate
from ins._documents import DocumentPolicy, DocumentTrust, IdentityDocument
from ins._events import DocumentEvidence, Event, EventKind, Outcome
from ins._identifiers import LEGACY_INS_C_OID, LEGACY_INS_C_OIDS, Ins, Oid
from ins._identity import Identity, require_qualified
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
from ins._status import IdentityAttribute, IdentityStatus, compute_status
from ins._traits import (
    Finding,
    NormalizedTraits,
    TraitComparison,
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

__all__ = [
    "LEGACY_INS_C_OID",
    "LEGACY_INS_C_OIDS",
    "BirthDate",
    "BirthplaceCode",
    "Change",
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
    "Sex",
    "StatusError",
    "Strictness",
    "TraitComparison",
    "Traits",
    "__version__",
    "check_consistency",
    "compare_traits",
    "compute_status",
    "first_first_name",
    "is_coherent_first_name",
    "is_valid_insi_name",
    "nir",
    "normalize_birth_name",
    "normalize_first_names",
    "normalize_traits",
    "require_qualified",
]
