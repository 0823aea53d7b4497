"""The Mon espace santé secure-messaging address of a patient ("messagerie citoyenne MSSanté").

Every person with an INS has a mailbox `<matricule>@patient.mssante.fr`, where the matricule is
the 15-character NIR or NIA of the INS. Writing to it references health data with the INS, so it
is allowed only from a **qualified** identity (docs/domain/exports.md#mssante-patient-mailbox,
[CISIS]; ADR 0050).

The address is built from `QualifiedValues`, the proof that the
identity is qualified, never from a plain matricule (ADR 0057):

```pycon
>>> mssante_address("279035121518989")
Traceback (most recent call last):
...
ins.errors.NotQualified: Only an Identity can share an INS...

```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ins.interop._source import QualifiedValues, proof, qualified_values

if TYPE_CHECKING:
    from ins._identity import Identity

__all__ = ["MSSANTE_PATIENT_DOMAIN", "build_address", "mssante_address"]

MSSANTE_PATIENT_DOMAIN = "patient.mssante.fr"
"""The domain of the patients' mailboxes."""


def build_address(values: QualifiedValues, /) -> str:
    """The mailbox of a qualified identity's matricule (a valid 15-character NIR or NIA)."""
    return f"{proof(values).matricule}@{MSSANTE_PATIENT_DOMAIN}"


def mssante_address(identity: Identity, /) -> str:
    """The MSSanté mailbox of a qualified identity; `NotQualified` otherwise."""
    return build_address(qualified_values(identity))
