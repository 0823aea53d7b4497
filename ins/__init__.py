"""``ins``: the French national health identity (INS) for health software.

Validate NIR/NIA matricules and INS identifiers, normalise civil-status traits to what the INSi
teleservice accepts, derive the identity-vigilance status (RNIV), talk to INSi (or to its
in-memory mock), audit patient files, and export FHIR / HL7 v2 / datamatrix / MSSanté forms.

``import ins`` loads neither hypothesis nor pytest: the testing tools live in ``ins.testing``.
"""

from __future__ import annotations

__version__ = "0.1.0.dev0"

from ins.birthplace import BirthplaceCode
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
from ins.sex import Sex

__all__ = [
    "BirthplaceCode",
    "InsError",
    "InvalidCharacter",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidKey",
    "InvalidLength",
    "InvalidTrait",
    "NotAnInsMatricule",
    "NotQualified",
    "Sex",
    "StatusError",
    "__version__",
]
