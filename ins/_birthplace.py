"""Birthplace code ("lieu de naissance", COG code of the INSEE).

Five characters: the department (two characters, `2A`/`2B` for Corsica since 1976, `20`
before) and a three-digit commune; overseas, `97x`/`98x` and a two-digit commune; born abroad,
`99` and the three-digit INSEE country code (first digit: the continent). The code is the one in
force at the birth date, so historic codes are legitimate: this module checks the syntax only
(docs/domain/birthplaces.md#historic-codes, [COG]).

```pycon
>>> place = BirthplaceCode("2A004")
>>> place.department, place.is_abroad
('2A', False)
>>> BirthplaceCode("99126").country_code
'126'
>>> BirthplaceCode("97411").department
'974'
>>> BirthplaceCode("63220").name, BirthplaceCode("99126").name, BirthplaceCode("2A020").name
('Mazoires', 'GRECE', None)

```

[`BirthplaceCode.name`][ins.BirthplaceCode.name] looks the code up in a table shipped in
`ins/data/places.tsv` (current communes, their former codes, countries; see
`ins/data/README.md`), loaded on first use. An unknown code gives `None`: it may be a historic
code (docs/domain/birthplaces.md#historic-codes).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import ClassVar

from ins._pydantic import PydanticStr
from ins.errors import InvalidFormat, InvalidLength

__all__ = ["BirthplaceCode", "place_names"]

_DIGITS = frozenset("0123456789")


class BirthplaceCode(PydanticStr):
    """A 5-character COG code, checked for syntax; white space around it is removed."""

    __slots__ = ()

    json_title = "BirthplaceCode"
    json_description = (
        "INSEE COG code of the birth commune (department and commune, 2A/2B for Corsica), "
        "or 99 and the INSEE country code: 5 characters."
    )
    json_pattern = r"^(?:2[AB]|0[1-9]|[1-9][0-9])[0-9]{3}$"
    json_examples = ("63220", "2A004", "99126")
    json_input: ClassVar[Mapping[str, object]] = {
        "description": (
            "INSEE COG code of the birth commune, or 99 and the INSEE country code, as typed: "
            "5 characters, 2A/2B (Corsica) in either case, white space around ignored."
        ),
        "pattern": r"^\s*(?:2[ABab]|0[1-9]|[1-9][0-9])[0-9]{3}\s*$",
        "examples": ("63220", "2A004", "2a004", "99126"),
    }

    def __new__(cls, value: str, /) -> BirthplaceCode:
        if not isinstance(value, str):
            raise InvalidFormat(f"A birthplace code must be text, not {type(value).__name__}.")
        code = value.strip().upper()
        if len(code) != 5:
            raise InvalidLength(
                f"A birthplace code has 5 characters (department and commune), not {len(code)}."
            )
        rest = code[2:] if code[:2] in ("2A", "2B") else code
        for offset, char in enumerate(rest, start=5 - len(rest)):
            if char not in _DIGITS:
                raise InvalidFormat(
                    f"Position {offset + 1} of the birthplace code: {char!r} is not a digit "
                    "(only 2A and 2B may hold a letter, at the start)."
                )
        if code.startswith("00"):
            raise InvalidFormat(
                "Department 00 does not exist: a birthplace code cannot start with 00."
            )
        return super().__new__(cls, code)

    def __repr__(self) -> str:
        return f"BirthplaceCode({str(self)!r})"

    @property
    def is_abroad(self) -> bool:
        """True for `99` + country code (born outside France)."""
        return self.startswith("99")

    @property
    def country_code(self) -> str | None:
        """The 3-digit INSEE country code when born abroad, else `None`."""
        return self[2:] if self.is_abroad else None

    @property
    def department(self) -> str:
        """Two characters, three for overseas `97x`/`98x`, `"99"` when born abroad."""
        return self[:3] if self[:2] in ("97", "98") else self[:2]

    @property
    def commune(self) -> str:
        """The commune part: 3 digits, 2 after an overseas department, the country when abroad."""
        return self[len(self.department) :]

    @property
    def name(self) -> str | None:
        """The place name from the shipped table (commune or country), `None` when unknown.

        A code that is not in the table is not an error: it may be in force at the birth date
        and gone today (`2A020` of the INSi test persons).
        """
        return place_names().get(str(self))


@cache
def place_names() -> dict[str, str]:
    """The shipped table, COG code -> name, read once on first use (`ins/data/places.tsv`)."""
    text = files("ins").joinpath("data", "places.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.partition("\t")
            table[code] = name
    return table
