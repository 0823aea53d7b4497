"""The HL7 v2.5 PID segment of an identity, for IHE PAM France 2.11.2 (February 2025).

PAM France carries the INS only for a qualified identity, and its table 0445 has no RECUP and no
QUAL (docs/domain/exports.md#hl7-v2-pam-france, [PAM], [ANS-HL7]). So:

- PID-3 gets the local patient identifier (IPP) as its first repetition,
  `<id>^^^<authority>^PI` (PAM requires the assigning authority, CX.4), then the INS repetition
  `<matricule>^^^ASIP-SANTE-INS-NIR&<OID>&ISO^INS` (NIA: `ASIP-SANTE-INS-NIA`) **only when the
  status is QUAL**; PID-3 is required, so a segment without the IPP exists only for QUAL;
- PID-5 gets the birth name (name type `L`) with the first birth first name in component 2 and
  the whole list in component 3, then, when known, the used name (name type `D`);
- PID-7 the birth date `YYYYMMDD`, PID-8 the sex (`U` for an indeterminate sex);
- PID-11 the birthplace as an address of type `BDL` whose component 9 is the COG code;
- PID-32 the status mapped by `PID32_STATUS` (QUAL -> `VALI`, VALI ->
  `VALI`, RECUP -> `PROV`, PROV -> `PROV`), then one repetition per attribute.

When an identity falls from QUAL, PAM sends an A47 message that removes the INS; building
messages is outside this library. Values are escaped (`|^~\\&` and line breaks).

The INS comes only from the proof that the identity is qualified (ADR 0057); a PID of plain
values carries none:

```pycon
>>> from datetime import date
>>> from ins import IdentityStatus
>>> values = PidValues(birth_name="ADRUN", first_names="ZOE", sex="F",
...                    birth_date=date(1975, 12, 31), birthplace="63220",
...                    status=IdentityStatus.VALI)
>>> build_pid(values, local_id="000003", local_authority="CHU-X")
'PID|1||000003^^^CHU-X^PI||ADRUN^ZOE^ZOE^^^^L||19751231|F|||^^^^^^BDL^^63220|||||||||||||||||||||VALI'

```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ins.errors import InvalidFormat
from ins.interop._source import PidValues, pid_values, proof, shown
from ins.interop.codes import HL7V2_NAMESPACE, pid32_status

if TYPE_CHECKING:
    from ins._identity import Identity

__all__ = ["build_pid", "escape", "to_hl7v2_pid"]

_ESCAPES = (
    ("\\", "\\E\\"),  # the escape character first, so that the others are not escaped twice
    ("|", "\\F\\"),
    ("^", "\\S\\"),
    ("&", "\\T\\"),
    ("~", "\\R\\"),
    ("\r", "\\X0D\\"),
    ("\n", "\\X0A\\"),
)
_PID_FIELDS = 32
# IHE PAM France lengths of PID-3 (tests/conformance/hl7v2): CX.1 ID number, CX.4.1 namespace.
_ID_MAX = 128
_NAMESPACE_MAX = 20


def escape(text: str, /) -> str:
    r"""Escape the HL7 v2 delimiters of the default encoding characters `|^~\&`.

    ```pycon
    >>> print(escape("O'NEIL & FILS|1"))
    O'NEIL \T\ FILS\F\1
    >>> print(escape("A\\B^C"))
    A\E\B\S\C

    ```
    """
    if not isinstance(text, str):
        raise TypeError(f"escape() takes the text of an HL7 v2 value, not {shown(text)}.")
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _first(first_names: str) -> str:
    return first_names.split(" ", 1)[0]


def build_pid(
    values: PidValues,
    /,
    *,
    local_id: str | None = None,
    local_authority: str | None = None,
) -> str:
    """Assemble the PID segment of `values` (see `pid_values`).

    The INS goes in PID-3 only from `values.qualified`, the proof that the identity is
    qualified (ADR 0057). `local_id` needs its `local_authority`: PAM France requires the
    assigning authority (CX.4) of every PID-3 identifier.
    """
    fields = [""] * (_PID_FIELDS + 1)
    fields[0] = "PID"
    fields[1] = "1"
    pid3: list[str] = []
    if local_id is not None or local_authority is not None:
        pid3.append(_local_identifier(local_id, local_authority))
    if values.qualified is not None:
        qualified = proof(values.qualified)
        oid = qualified.ins.oid
        pid3.append(f"{qualified.matricule}^^^{HL7V2_NAMESPACE[oid]}&{oid.value}&ISO^INS")
    if not pid3:
        raise InvalidFormat(
            "PID-3 is required by IHE PAM France: give the local patient identifier (IPP) and its "
            "assigning authority; only a qualified identity brings its INS."
        )
    fields[3] = "~".join(pid3)
    first_names = values.first_names
    birth = escape(values.birth_name)
    names = [f"{birth}^{escape(_first(first_names))}^{escape(first_names)}^^^^L"]
    if values.used_name or values.used_first_name:
        family = escape(values.used_name or values.birth_name)
        given = escape(values.used_first_name) if values.used_first_name else ""
        names.append(f"{family}^{given}^^^^^D")
    fields[5] = "~".join(names)
    if values.birth_date is not None:
        fields[7] = values.birth_date.strftime("%Y%m%d")
    if values.sex not in ("M", "F", "I"):
        raise InvalidFormat(f"PID-8 takes the sex M, F or I (sent as U), not {shown(values.sex)}.")
    fields[8] = "U" if values.sex == "I" else values.sex
    if values.birthplace:
        fields[11] = f"^^^^^^BDL^^{escape(values.birthplace)}"
    fields[32] = "~".join([pid32_status(values.status), *values.attribute_codes])
    return "|".join(fields)


def _local_identifier(local_id: str | None, local_authority: str | None) -> str:
    if not local_id or not local_authority:
        raise InvalidFormat(
            "A local patient identifier (IPP) in PID-3 needs both its value and its assigning "
            "authority (CX.4, required by IHE PAM France)."
        )
    if not isinstance(local_id, str) or not isinstance(local_authority, str):
        raise InvalidFormat("The local patient identifier and its authority are text.")
    if len(local_id) > _ID_MAX or len(local_authority) > _NAMESPACE_MAX:
        raise InvalidFormat(
            f"IHE PAM France limits the local patient identifier to {_ID_MAX} characters (CX.1) "
            f"and its assigning authority to {_NAMESPACE_MAX} (CX.4.1, namespace ID), not "
            f"{len(local_id)} and {len(local_authority)}."
        )
    return f"{escape(local_id)}^^^{escape(local_authority)}^PI"


def to_hl7v2_pid(
    identity: Identity,
    /,
    *,
    local_id: str | None = None,
    local_authority: str | None = None,
) -> str:
    """The PID segment of any identity; the INS goes in PID-3 only when the status is QUAL.

    `local_id` and `local_authority` add the local patient identifier (IPP) as the first
    PID-3 repetition; give both (`InvalidFormat` otherwise: PAM France requires the assigning
    authority, of at most 20 characters, and the identifier, of at most 128). PID-3 is required:
    without the IPP, only a qualified identity (its INS) makes a segment. The segment is
    returned without its terminating carriage return (ADR 0056).
    """
    return build_pid(pid_values(identity), local_id=local_id, local_authority=local_authority)
