"""Text content of the INS datamatrix ("datamatrix INS", ANS format v2.2).

The datamatrix printed on documents and labels carries the INS of a **qualified** identity and its
five traits, so that a reader can import them without typing (domain.md 3.2, [HCD]). Rendering the
two-dimensional symbol is out of scope: this module builds and reads its text content.

Layout: a 26-character header (``IS``, the version ``01``, 22 zeros), then the fields, each
introduced by its two-character tag:

====  ========================  ==========  ==========
tag   content                   length      optional
====  ========================  ==========  ==========
S1    matricule (NIR or NIA)    15          no
S2    OID of the INS            19 to 20    no
S3    birth first names (list)  1 to 100    no
S4    birth name                1 to 100    no
S5    sex (``M`` / ``F``)       1           no
S6    birth date ``DD-MM-YYYY`` 10          no
S7    birthplace (COG code)     5           yes
====  ========================  ==========  ==========

A variable-length field shorter than its maximum, and not the last field, ends with the group
separator GS (``0x1D``). The example of domain.md 3.2, the test person ADRUN Zoé (``<GS>`` shown
for the separator):

>>> text = ("IS010000000000000000000000S1275126322074974S21.2.250.1.213.1.4.8<GS>S3ZOE<GS>"
...         "S4ADRUN<GS>S5FS631-12-1975S763220").replace("<GS>", GS)
>>> content = decode_payload(text)
>>> content.birth_name, content.birth_date
('ADRUN', datetime.date(1975, 12, 31))

:func:`datamatrix_payload` writes it from a qualified identity; the INS is never written from plain
values (ADR 0057).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ins.errors import InvalidFormat, InvalidTrait, mask
from ins.interop._source import QualifiedValues, proof, qualified_values, shown

if TYPE_CHECKING:
    from ins._identity import Identity

__all__ = [
    "GS",
    "HEADER",
    "DatamatrixContent",
    "datamatrix_payload",
    "decode_payload",
    "encode_payload",
]

GS = "\x1d"
"""The group separator that ends a variable-length field shorter than its maximum."""

HEADER = "IS01" + "0" * 22
"""Marker ``IS``, format version ``01`` and 22 reserved zeros."""

_NAME_MAX = 100
_OID_MAX = 20
# ASCII digits only: int() would also read "١٢" (Arabic-Indic) or "１２" (full width).
_DATE = re.compile(r"[0-9]{2}-[0-9]{2}-[0-9]{4}")


class DatamatrixContent(BaseModel):
    """The fields read from a datamatrix payload, as written (no INS validation done here)."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    matricule: str
    oid: str
    first_names: str
    birth_name: str
    sex: str
    birth_date: date
    birthplace: str | None = None

    def __repr__(self) -> str:
        return (
            f"DatamatrixContent(matricule={mask(self.matricule)!r}, oid={self.oid!r}, "
            f"first_names={self.first_names!r}, birth_name={self.birth_name!r}, "
            f"sex={self.sex!r}, birth_date={self.birth_date!r}, birthplace={self.birthplace!r})"
        )

    __str__ = __repr__


def _variable(tag: str, value: str, maximum: int) -> str:
    return tag + value + (GS if len(value) < maximum else "")


def encode_payload(values: QualifiedValues, /) -> str:
    """The payload of a qualified identity's values, fields in the order S1 to S7.

    ``values`` is the proof that the identity is qualified (ADR 0057): its INS, OID and
    birthplace were checked when the identity was made, and the strict traits of a qualified
    identity are in the INSi form, 1 to 100 characters (the traits INSi returned). Only the sex
    is narrower here: M or F.
    """
    values = proof(values)
    if values.sex not in ("M", "F"):
        raise InvalidTrait(
            f"The datamatrix field S5 holds M or F, not {shown(values.sex)}: an indeterminate "
            "sex cannot be written.",
            trait="sex",
        )
    parts = [
        HEADER,
        "S1" + values.matricule,
        _variable("S2", values.oid, _OID_MAX),
        _variable("S3", values.first_names, _NAME_MAX),
        _variable("S4", values.birth_name, _NAME_MAX),
        "S5" + values.sex,
        "S6" + values.birth_date.strftime("%d-%m-%Y"),
    ]
    if values.birthplace is not None:
        parts.append("S7" + values.birthplace)
    return "".join(parts)


def _take(text: str, start: int, tag: str, *, fixed: int = 0, maximum: int = 0) -> tuple[str, int]:
    """Read field ``tag`` at ``start``; return its value and the position after it."""
    if text[start : start + 2] != tag:
        raise InvalidFormat(f"Position {start} of the datamatrix payload: field {tag} expected.")
    begin = start + 2
    if fixed:
        value = text[begin : begin + fixed]
        if len(value) != fixed:
            raise InvalidFormat(f"The datamatrix field {tag} is cut short.")
        return value, begin + fixed
    end = text.find(GS, begin, begin + maximum + 1)
    if end == -1:
        end = begin + maximum
        value = text[begin:end]
        if len(value) != maximum:
            raise InvalidFormat(
                f"The datamatrix field {tag} is shorter than {maximum} characters "
                "and has no group separator."
            )
        return value, end
    value = text[begin:end]
    if not value:
        raise InvalidFormat(f"The datamatrix field {tag} is empty.")
    return value, end + 1


def decode_payload(text: str, /) -> DatamatrixContent:
    """Read a payload produced by a datamatrix reader (the reverse of :func:`encode_payload`).

    The values come back as written: check the INS with ``ins.Ins`` and the traits with the
    normalisation functions before using them. Malformed input raises ``InvalidFormat``.

    >>> decode_payload("IS01")
    Traceback (most recent call last):
    ...
    ins.errors.InvalidFormat: A datamatrix INS payload starts with the header IS01 and 22 zeros.
    """
    if not isinstance(text, str) or len(text) > 400:
        raise InvalidFormat("A datamatrix INS payload is text of at most 400 characters.")
    if not text.startswith(HEADER):
        raise InvalidFormat("A datamatrix INS payload starts with the header IS01 and 22 zeros.")
    matricule, pos = _take(text, len(HEADER), "S1", fixed=15)
    oid, pos = _take(text, pos, "S2", maximum=_OID_MAX)
    first_names, pos = _take(text, pos, "S3", maximum=_NAME_MAX)
    birth_name, pos = _take(text, pos, "S4", maximum=_NAME_MAX)
    sex, pos = _take(text, pos, "S5", fixed=1)
    raw_date, pos = _take(text, pos, "S6", fixed=10)
    birthplace: str | None = None
    if pos < len(text):
        birthplace, pos = _take(text, pos, "S7", fixed=5)
    if pos != len(text):
        raise InvalidFormat(
            f"Unexpected characters after position {pos} of the datamatrix payload."
        )
    try:
        if not _DATE.fullmatch(raw_date):
            raise ValueError(raw_date)
        birth_date = date(int(raw_date[6:]), int(raw_date[3:5]), int(raw_date[:2]))
    except ValueError:
        raise InvalidFormat(
            f"The datamatrix field S6 holds a date DD-MM-YYYY, not {raw_date!r}."
        ) from None
    return DatamatrixContent(
        matricule=matricule,
        oid=oid,
        first_names=first_names,
        birth_name=birth_name,
        sex=sex,
        birth_date=birth_date,
        birthplace=birthplace,
    )


def datamatrix_payload(identity: Identity, /) -> str:
    """The datamatrix text of a qualified identity; ``NotQualified`` otherwise (domain.md 3.2)."""
    return encode_payload(qualified_values(identity))
