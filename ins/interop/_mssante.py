"""The Mon espace santé secure-messaging address of a patient ("messagerie citoyenne MSSanté").

Every person with an INS has a mailbox ``<matricule>@patient.mssante.fr``, where the matricule is
the 15-character NIR or NIA of the INS. Writing to it references health data with the INS, so it
is allowed only from a **qualified** identity (domain.md 3.2, [CISIS]; ADR 0050).

>>> build_address("279035121518989")
'279035121518989@patient.mssante.fr'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ins.errors import InvalidFormat, mask
from ins.interop._source import qualified_values

if TYPE_CHECKING:
    from ins._identity import Identity

__all__ = ["MSSANTE_PATIENT_DOMAIN", "build_address", "mssante_address"]

MSSANTE_PATIENT_DOMAIN = "patient.mssante.fr"
"""The domain of the patients' mailboxes."""


def build_address(matricule: str, /) -> str:
    """The mailbox of a 15-character matricule (plain value; no status check here).

    :func:`mssante_address` is the public way in: it refuses a non-qualified identity.
    """
    if len(matricule) != 15 or not matricule.isascii() or not matricule.isalnum():
        raise InvalidFormat(
            f"A patient mailbox is built from a 15-character matricule, not {mask(matricule)!r}."
        )
    return f"{matricule}@{MSSANTE_PATIENT_DOMAIN}"


def mssante_address(identity: Identity, /) -> str:
    """The MSSanté mailbox of a qualified identity; ``NotQualified`` otherwise."""
    return build_address(qualified_values(identity).matricule)
