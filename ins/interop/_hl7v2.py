"""The HL7 v2.5 PID segment of an identity, for IHE PAM France 2.11.2 (February 2025).

PAM France carries the INS only for a qualified identity, and its table 0445 has no RECUP and no
QUAL (domain.md 3.2, [PAM], [ANS-HL7]). So:

- PID-3 gets the INS repetition ``<matricule>^^^ASIP-SANTE-INS-NIR&<OID>&ISO^INS`` (NIA:
  ``ASIP-SANTE-INS-NIA``) **only when the status is QUAL**; a local patient identifier (IPP) may be
  given as the first repetition, with identifier type ``PI``;
- PID-5 gets the birth name (name type ``L``) with the first birth first name in component 2 and
  the whole list in component 3, then, when known, the used name (name type ``D``);
- PID-7 the birth date ``YYYYMMDD``, PID-8 the sex (``U`` for an indeterminate sex);
- PID-11 the birthplace as an address of type ``BDL`` whose component 9 is the COG code;
- PID-32 the status mapped by :data:`~ins.interop.codes.PID32_STATUS` (QUAL -> ``VALI``, VALI ->
  ``VALI``, RECUP -> ``PROV``, PROV -> ``PROV``), then one repetition per attribute.

When an identity falls from QUAL, PAM sends an A47 message that removes the INS; building
messages is outside this library. Values are escaped (``|^~\\&`` and line breaks).

>>> from datetime import date
>>> build_pid(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date=date(1975, 12, 31),
...           birthplace="63220", status_code="VALI",
...           ins=("275126322074974", "1.2.250.1.213.1.4.8"))
'PID|1||275126322074974^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO^INS||ADRUN^ZOE^ZOE^^^^L||19751231|F|||^^^^^^BDL^^63220|||||||||||||||||||||VALI'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from ins._identifiers import Oid
from ins.errors import InvalidFormat, mask
from ins.interop._source import pid_values, shown
from ins.interop.codes import HL7V2_NAMESPACE, pid32_status
from ins.nir import is_valid

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


def escape(text: str, /) -> str:
    r"""Escape the HL7 v2 delimiters of the default encoding characters ``|^~\&``.

    >>> print(escape("O'NEIL & FILS|1"))
    O'NEIL \T\ FILS\F\1
    >>> print(escape("A\\B^C"))
    A\E\B\S\C
    """
    if not isinstance(text, str):
        raise TypeError(f"escape() takes the text of an HL7 v2 value, not {shown(text)}.")
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _first(first_names: str) -> str:
    return first_names.split(" ", 1)[0]


def build_pid(
    *,
    birth_name: str,
    first_names: str,
    sex: str,
    birth_date: date | None,
    birthplace: str | None = None,
    status_code: str,
    attribute_codes: Sequence[str] = (),
    ins: tuple[str, str] | None = None,
    used_name: str | None = None,
    used_first_name: str | None = None,
    local_id: str | None = None,
    local_authority: str | None = None,
) -> str:
    """Assemble a PID segment from plain values (the caller decides whether the INS may go in).

    :func:`to_hl7v2_pid` is the public way in from an :class:`~ins.Identity`. ``ins`` is
    ``(matricule, OID)``; ``status_code`` is already the PID-32 code.
    """
    fields = [""] * (_PID_FIELDS + 1)
    fields[0] = "PID"
    fields[1] = "1"
    pid3: list[str] = []
    if local_id:
        authority = escape(local_authority) if local_authority else ""
        pid3.append(f"{escape(local_id)}^^^{authority}^PI")
    if ins is not None:
        matricule, oid_text = ins
        if not is_valid(matricule, strictness="key"):
            raise InvalidFormat(f"PID-3 takes a 15-character matricule, not {mask(matricule)!r}.")
        oid = Oid.parse(oid_text)
        pid3.append(f"{matricule}^^^{HL7V2_NAMESPACE[oid]}&{oid.value}&ISO^INS")
    fields[3] = "~".join(pid3)
    names = [f"{escape(birth_name)}^{escape(_first(first_names))}^{escape(first_names)}^^^^L"]
    if used_name or used_first_name:
        family = escape(used_name or birth_name)
        given = escape(used_first_name) if used_first_name else ""
        names.append(f"{family}^{given}^^^^^D")
    fields[5] = "~".join(names)
    if birth_date is not None:
        fields[7] = birth_date.strftime("%Y%m%d")
    if sex not in ("M", "F", "I"):
        raise InvalidFormat(f"PID-8 takes the sex M, F or I (sent as U), not {shown(sex)}.")
    fields[8] = "U" if sex == "I" else sex
    if birthplace:
        fields[11] = f"^^^^^^BDL^^{escape(birthplace)}"
    fields[32] = "~".join([status_code, *attribute_codes])
    return "|".join(fields)


def to_hl7v2_pid(
    identity: Identity,
    /,
    *,
    local_id: str | None = None,
    local_authority: str | None = None,
) -> str:
    """The PID segment of any identity; the INS goes in PID-3 only when the status is QUAL.

    ``local_id`` and ``local_authority`` add the local patient identifier (IPP) as the first
    PID-3 repetition. The segment is returned without its terminating carriage return.
    """
    values = pid_values(identity)
    return build_pid(
        birth_name=values.birth_name,
        first_names=values.first_names,
        sex=values.sex,
        birth_date=values.birth_date,
        birthplace=values.birthplace,
        status_code=pid32_status(values.status),
        attribute_codes=values.attribute_codes,
        ins=values.ins,
        used_name=values.used_name,
        used_first_name=values.used_first_name,
        local_id=local_id,
        local_authority=local_authority,
    )
