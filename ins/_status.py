"""The identity-vigilance status of an identity (RNIV "statut de confiance") and its attributes.

Two independent questions decide the status (docs/domain/status.md#the-four-statuses, RNIV EXI SI
07): was the identity retrieved or verified through INSi and found coherent with the person
(`ins_retrieved`), and were its traits checked against a high-trust identity document
(`identity_checked`)?

|                 | not checked         | checked          |
|-----------------|---------------------|------------------|
| not retrieved   | `PROV` provisoire | `VALI` validée |
| retrieved       | `RECUP` récupérée | `QUAL` qualifiée |

Attributes (docs/domain/status.md#attributes): `DOUT` (douteuse) and `FICT` (fictive) force the
status to `PROV`; `HOMA`/`HOMD` (homonyme, proven or detected) change nothing. Only {douteuse,
homonyme} may be combined: fictive combines with nothing, and an identity is never both a proven
and a detected homonym (project DECISION, ADR 0030). A forbidden combination raises
[`StatusError`][ins.StatusError].

```pycon
>>> compute_status(ins_retrieved=True, identity_checked=True)
<IdentityStatus.QUAL: 'QUAL'>
>>> compute_status(ins_retrieved=True, identity_checked=True,
...                attributes=[IdentityAttribute.DOUTEUSE, IdentityAttribute.HOMONYME])
<IdentityStatus.PROV: 'PROV'>
>>> compute_status(ins_retrieved=False, identity_checked=False, attributes=["FICT", "DOUT"])
Traceback (most recent call last):
...
ins.errors.StatusError: An identity cannot be both fictive (FICT) and doubtful (DOUT): ...

```
"""

from __future__ import annotations

from collections.abc import Iterable

from ins._pydantic import CodeEnum
from ins.errors import StatusError

__all__ = [
    "IdentityAttribute",
    "IdentityStatus",
    "check_attributes",
    "compute_status",
]


class IdentityStatus(CodeEnum):
    """The four RNIV statuses; the value is the FR Core / RNIV code."""

    PROV = "PROV"
    RECUP = "RECUP"
    VALI = "VALI"
    QUAL = "QUAL"

    @property
    def label(self) -> str:
        """The French label of the status, as the RNIV and FR Core write it."""
        return _STATUS_LABELS[self]

    @property
    def ins_retrieved(self) -> bool:
        """True for RECUP and QUAL: the INS was retrieved or verified through INSi."""
        return self in (IdentityStatus.RECUP, IdentityStatus.QUAL)

    @property
    def identity_checked(self) -> bool:
        """True for VALI and QUAL: the traits were checked against a high-trust document."""
        return self in (IdentityStatus.VALI, IdentityStatus.QUAL)

    @property
    def carries_ins(self) -> bool:
        """True when an identity with this status holds an INS (RECUP and QUAL).

        Holding is not sharing: only QUAL may reference or share health data with the INS.
        """
        return self.ins_retrieved


_STATUS_LABELS = {
    IdentityStatus.PROV: "Identité provisoire",
    IdentityStatus.RECUP: "Identité récupérée",
    IdentityStatus.VALI: "Identité validée",
    IdentityStatus.QUAL: "Identité qualifiée",
}


class IdentityAttribute(CodeEnum):
    """RNIV attributes of an identity; the value is the FR Core / HL7 table 0445 code."""

    DOUTEUSE = "DOUT"
    FICTIVE = "FICT"
    HOMONYME = "HOMA"
    HOMONYME_DETECTE = "HOMD"

    @property
    def label(self) -> str:
        """The French label of the attribute."""
        return _ATTRIBUTE_LABELS[self]

    @property
    def forces_provisional(self) -> bool:
        """True for DOUT and FICT: the status is PROV, INSi calls are refused, no INS is kept."""
        return self in (IdentityAttribute.DOUTEUSE, IdentityAttribute.FICTIVE)


_ATTRIBUTE_LABELS = {
    IdentityAttribute.DOUTEUSE: "Identité douteuse",
    IdentityAttribute.FICTIVE: "Identité fictive",
    IdentityAttribute.HOMONYME: "Identité homonyme",
    IdentityAttribute.HOMONYME_DETECTE: "Identité homonyme détectée",
}


def _as_attribute(value: object, /) -> IdentityAttribute:
    if isinstance(value, IdentityAttribute):
        return value
    if isinstance(value, str):
        try:
            return IdentityAttribute(value.strip().upper())
        except ValueError:
            pass
    shown = repr(value) if len(repr(value)) <= 30 else repr(value)[:30] + "..."
    codes = ", ".join(attribute.value for attribute in IdentityAttribute)
    raise StatusError(f"{shown} is not an identity attribute: use one of {codes}.")


def check_attributes(
    attributes: Iterable[IdentityAttribute | str], /
) -> frozenset[IdentityAttribute]:
    """Return the attributes as a frozen set, or raise StatusError for a forbidden combination.

    Codes may be given as strings (`"DOUT"`). Allowed: any single attribute, and a doubtful
    identity that is also a homonym (proven or detected).

    ```pycon
    >>> sorted(check_attributes(["DOUT", "HOMD"]))
    [<IdentityAttribute.DOUTEUSE: 'DOUT'>, <IdentityAttribute.HOMONYME_DETECTE: 'HOMD'>]
    >>> check_attributes(["HOMA", "HOMD"])
    Traceback (most recent call last):
    ...
    ins.errors.StatusError: An identity cannot be both a proven homonym (HOMA) and a detected ...

    ```
    """
    if isinstance(attributes, str):
        # A bare code is a common slip; iterating it would check its letters.
        attributes = [attributes]
    try:
        if isinstance(attributes, frozenset) and all(
            type(value) is IdentityAttribute for value in attributes
        ):
            found: frozenset[IdentityAttribute] = attributes  # what Identity stores: no copy
        else:
            found = frozenset(_as_attribute(value) for value in attributes)
    except TypeError:
        raise StatusError(
            f"Identity attributes must be given as a collection of codes, "
            f"not {type(attributes).__name__}."
        ) from None
    fictive, doubtful = IdentityAttribute.FICTIVE, IdentityAttribute.DOUTEUSE
    if fictive in found and doubtful in found:
        raise StatusError(
            "An identity cannot be both fictive (FICT) and doubtful (DOUT): "
            "a fictive identity combines with no other attribute."
        )
    if fictive in found and len(found) > 1:
        others = ", ".join(sorted(attribute.value for attribute in found - {fictive}))
        raise StatusError(
            f"A fictive identity (FICT) combines with no other attribute, not with {others}."
        )
    if IdentityAttribute.HOMONYME in found and IdentityAttribute.HOMONYME_DETECTE in found:
        raise StatusError(
            "An identity cannot be both a proven homonym (HOMA) and a detected homonym (HOMD): "
            "keep one of the two."
        )
    return found


def compute_status(
    *,
    ins_retrieved: bool,
    identity_checked: bool,
    attributes: Iterable[IdentityAttribute | str] = (),
) -> IdentityStatus:
    """The RNIV status for the two answers and the attributes (the 2x2 table of the module).

    Raises StatusError for a forbidden attribute combination or for answers that are not bools.

    ```pycon
    >>> compute_status(ins_retrieved=False, identity_checked=True)
    <IdentityStatus.VALI: 'VALI'>
    >>> compute_status(ins_retrieved=True, identity_checked=False, attributes=["HOMA"])
    <IdentityStatus.RECUP: 'RECUP'>

    ```
    """
    for name, value in (("ins_retrieved", ins_retrieved), ("identity_checked", identity_checked)):
        if not isinstance(value, bool):
            raise StatusError(f"{name} must be True or False, not {type(value).__name__}.")
    found = check_attributes(attributes)
    if any(attribute.forces_provisional for attribute in found):
        return IdentityStatus.PROV
    if ins_retrieved:
        return IdentityStatus.QUAL if identity_checked else IdentityStatus.RECUP
    return IdentityStatus.VALI if identity_checked else IdentityStatus.PROV
