"""Text content of the INS datamatrix ("datamatrix INS", ANS format v2.2).

The datamatrix printed on documents and labels carries the INS of a **qualified** identity and its
five traits, so that a reader can import them without typing (docs/domain/exports.md#ins-datamatrix,
[HCD]). Rendering the two-dimensional symbol is out of scope: this module builds and reads its text
content.

Layout: a 26-character header (`IS`, the version `01`, 22 zeros), then the fields, each
introduced by its two-character tag. We write them in the order of the table; a reader takes
them in any order, as the tags identify them (ADR 0059):

====  ========================  ==========  ==========
tag   content                   length      optional
====  ========================  ==========  ==========
S1    matricule (NIR or NIA)    15          no
S2    OID of the INS            19 to 20    no
S3    birth first names (list)  1 to 100    no
S4    birth name                1 to 100    no
S5    sex (`M` / `F`)       1           no
S6    birth date `DD-MM-YYYY` 10          no
S7    birthplace (COG code)     5           yes
====  ========================  ==========  ==========

A variable-length field shorter than its maximum, and not the last field, ends with the group
separator GS (`0x1D`). The example of docs/domain/exports.md#ins-datamatrix, the test person ADRUN
Zoé (`<GS>` shown for the separator):

```pycon
>>> text = ("IS010000000000000000000000S1275126322074974S21.2.250.1.213.1.4.8<GS>S3ZOE<GS>"
...         "S4ADRUN<GS>S5FS631-12-1975S763220").replace("<GS>", GS)
>>> content = decode_payload(text)
>>> content.birth_name, content.birth_date
('ADRUN', datetime.date(1975, 12, 31))

```

[`datamatrix_payload`][ins.interop.datamatrix_payload] writes it from a qualified identity; the INS
is never written from plain values (ADR 0057).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ins.errors import InvalidFormat, InvalidTrait, mask, mask_text
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
"""Marker `IS`, format version `01` and 22 reserved zeros."""

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
        # Every field as read: a matricule may have been printed in any of them.
        return mask_text(
            f"DatamatrixContent(matricule={mask(self.matricule)!r}, oid={self.oid!r}, "
            f"first_names={self.first_names!r}, birth_name={self.birth_name!r}, "
            f"sex={self.sex!r}, birth_date={self.birth_date!r}, birthplace={self.birthplace!r})"
        )

    __str__ = __repr__


def _variable(tag: str, value: str, maximum: int) -> str:
    return tag + value + (GS if len(value) < maximum else "")


def encode_payload(values: QualifiedValues, /) -> str:
    """The payload of a qualified identity's values, fields in the order S1 to S7.

    `values` is the proof that the identity is qualified (ADR 0057): its INS, OID and
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


# Each field by its tag: (fixed length, or 0 for a variable one, and its maximum).
_FIELDS = {
    "S1": (15, 15),
    "S2": (0, _OID_MAX),
    "S3": (0, _NAME_MAX),
    "S4": (0, _NAME_MAX),
    "S5": (1, 1),
    "S6": (10, 10),
    "S7": (5, 5),
}
_REQUIRED = ("S1", "S2", "S3", "S4", "S5", "S6")


def _take(text: str, start: int, tag: str) -> tuple[str, int]:
    """Read field `tag`, whose value starts at `start`: its value and the position after it.

    A variable-length field ends at the group separator, or at its maximum length, or at the
    end of the payload when it is the last field (no separator after the last field).
    """
    fixed, maximum = _FIELDS[tag]
    if fixed:
        value = text[start : start + fixed]
        if len(value) != fixed:
            raise InvalidFormat(f"The datamatrix field {tag} is cut short.")
        return value, start + fixed
    end = text.find(GS, start, start + maximum + 1)
    if end != -1:
        after = end + 1
    elif len(text) - start <= maximum:
        end = after = len(text)  # the last field
    else:
        end = after = start + maximum  # at its maximum length, the next field follows
    value = text[start:end]
    if not value:
        raise InvalidFormat(f"The datamatrix field {tag} is empty.")
    return value, after


def decode_payload(text: str, /) -> DatamatrixContent:
    """Read a payload produced by a datamatrix reader (the reverse of `encode_payload`).

    The fields may come in any order, each once, `S1` to `S6` required and `S7` optional
    (ADR 0059). The values come back as written: check the INS with `ins.Ins` and the traits
    with the normalisation functions before using them. Malformed input raises
    `InvalidFormat`.

    ```pycon
    >>> decode_payload("IS01")
    Traceback (most recent call last):
    ...
    ins.errors.InvalidFormat: A datamatrix INS payload starts with the header IS01 and 22 zeros.

    ```
    """
    if not isinstance(text, str) or len(text) > 400:
        raise InvalidFormat("A datamatrix INS payload is text of at most 400 characters.")
    if not text.startswith(HEADER):
        raise InvalidFormat("A datamatrix INS payload starts with the header IS01 and 22 zeros.")
    fields: dict[str, str] = {}
    pos = len(HEADER)
    while pos < len(text):
        tag = text[pos : pos + 2]
        if tag not in _FIELDS:
            raise InvalidFormat(
                f"Position {pos} of the datamatrix payload: a field S1 to S7 expected."
            )
        if tag in fields:
            raise InvalidFormat(f"The datamatrix field {tag} appears twice.")
        fields[tag], pos = _take(text, pos + 2, tag)
    missing = [tag for tag in _REQUIRED if tag not in fields]
    if missing:
        raise InvalidFormat(f"The datamatrix payload lacks the field(s) {', '.join(missing)}.")
    raw_date = fields["S6"]
    try:
        if not _DATE.fullmatch(raw_date):
            raise ValueError(raw_date)
        birth_date = date(int(raw_date[6:]), int(raw_date[3:5]), int(raw_date[:2]))
    except ValueError:
        raise InvalidFormat(
            f"The datamatrix field S6 holds a date DD-MM-YYYY, not {raw_date!r}."
        ) from None
    return DatamatrixContent(
        matricule=fields["S1"],
        oid=fields["S2"],
        first_names=fields["S3"],
        birth_name=fields["S4"],
        sex=fields["S5"],
        birth_date=birth_date,
        birthplace=fields.get("S7"),
    )


def datamatrix_payload(identity: Identity, /) -> str:
    """The datamatrix text of a qualified identity; `NotQualified` otherwise
    (docs/domain/exports.md#ins-datamatrix)."""
    return encode_payload(qualified_values(identity))
