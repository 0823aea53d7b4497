"""NIR and NIA ("numéro d'inscription au répertoire", "numéro d'identification d'attente").

The 15-character matricule of the INS: sex digit, 2-digit year, month, department, commune,
order number and a 2-digit key `97 - (N mod 97)` where N is read from the 13 first characters
with `2A` -> `19` and `2B` -> `18` at positions 6-7 (docs/domain/nir.md#layout,
docs/domain/nir.md#key, [DECRET82], [CNAM-NIRVAL], [STDNUM]). A NIA has the same shape and key: only
its OID tells it from a NIR.

The verbs follow python-stdnum: [`compact`][ins.nir.compact], [`calc_key`][ins.nir.calc_key],
[`validate`][ins.nir.validate] (returns the clean 15-character form or raises),
[`is_valid`][ins.nir.is_valid] (never raises), [`format`][ins.nir.format] and
[`parse`][ins.nir.parse] (a [`Nir`][ins.Nir], the parsed view). Three levels of checking
(docs/domain/nir.md#strictness-levels): `key` (shape and key), `standard` (the default: also sex
digit, month, department, order) and `strict` (official sex digits and month sets only, commune
not `000`).

```pycon
>>> validate("2 84 05 2A 321 025 52")
'284052A32102552'
>>> calc_key("2951099126111")
'93'
>>> is_valid("284052A32102525")  # the Corsica key of a peer that reads 2A as 20
False
>>> format("284052B32102579")
'2 84 05 2B 321 025 79'
>>> parse("295109912611193").country_code
'126'
>>> validate("7840588321025")
Traceback (most recent call last):
...
ins.errors.NotAnInsMatricule: This 13-character number starts with 7: it looks like an NNP ...
>>> validate("284132A32102552")
Traceback (most recent call last):
...
ins.errors.InvalidComponent: Positions 4-5 of the NIR 28413**********: month 13 is not ...
>>> validate("284052A32102599")
Traceback (most recent call last):
...
ins.errors.InvalidKey: The key 99 of the NIR 28405********** can never be right: a key is 01 to 97.

```
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from ins._birthplace import BirthplaceCode
from ins._nir_rules import (
    MAX_INPUT_LENGTH,
    Strictness,
    calc_key,
    compact,
    format,
    is_valid,
    neighbour_family,
    validate,
)
from ins._pydantic import PydanticStr
from ins._sex import Sex
from ins.errors import InvalidComponent, mask

__all__ = [
    "MAX_INPUT_LENGTH",
    "Nir",
    "Strictness",
    "calc_key",
    "compact",
    "format",
    "is_valid",
    "neighbour_family",
    "parse",
    "validate",
]

_SEX_FROM_DIGIT = {
    **dict.fromkeys("1357", Sex.M),
    **dict.fromkeys("2468", Sex.F),
}


class Nir(PydanticStr):
    """A NIR/NIA matricule (15 characters), validated at `standard` level, with its parts.

    `Nir(value)` cleans and validates like [`ins.nir.validate`][ins.nir.validate] (use
    [`ins.nir.parse`][ins.nir.parse] for another level or a 13-character input). It *is* the
    15-character string; `repr` masks it.

    ```pycon
    >>> nir = Nir("2 84 05 2A 321 025 52")
    >>> nir
    Nir('28405**********')
    >>> nir.sex, nir.year, nir.birth_month, nir.department, nir.birthplace_code
    (<Sex.F: 'F'>, 84, 5, '2A', BirthplaceCode('2A321'))
    >>> abroad = Nir("295109912611193")
    >>> abroad.born_abroad, abroad.country_code, abroad.month_code, abroad.birth_month
    (True, '126', '10', 10)
    >>> Nir("284202B32102528").birth_month is None  # pseudo-month 20
    True

    ```
    """

    __slots__ = ()

    json_title = "Nir"
    # What is written: the compact form. A Nir parsed at key level by the program keeps its
    # digits, so the pattern is the shape and the key range, not the standard level (ADR 0110).
    json_description = (
        "NIR or NIA matricule, compact: 15 characters, digits except 2A or 2B (Corsica) at "
        "positions 6-7; the last two are the key, 01 to 97."
    )
    json_pattern = r"^[0-9]{5}(?:2[AB]|[0-9]{2})[0-9]{6}(?:0[1-9]|[1-8][0-9]|9[0-7])$"
    json_examples = ("284052A32102552", "295109912611193")
    json_input: ClassVar[Mapping[str, object]] = {
        "description": (
            "NIR or NIA matricule as typed: 15 characters (13 and the 2-digit key), with or "
            "without spaces, dots or hyphens between the groups, 2A/2B (Corsica) in either "
            "case, white space around ignored; at most 64 characters before cleaning. The "
            "sex digit, month, department and order number are checked (standard level), "
            "and the key."
        ),
        "pattern": r"^\s*[0-9ABab .-]*\s*$",
        "maxLength": MAX_INPUT_LENGTH,
        "examples": ("2 84 05 2A 321 025 52", "284052A32102552", "2.95.10.99.126.111.93"),
    }

    def __new__(cls, value: str, /) -> Nir:
        return super().__new__(cls, validate(value))

    @classmethod
    def _from_valid(cls, value: str, /) -> Nir:
        """Wrap an already validated 15-character value (any level) without checking again."""
        return str.__new__(cls, value)

    def __repr__(self) -> str:
        return f"Nir({mask(str(self))!r})"

    def __reduce__(self) -> tuple[Callable[[str], Nir], tuple[str]]:
        # Restore without validating again: a Nir parsed at key level stays loadable.
        return _restore_nir, (str(self),)

    @property
    def sex_digit(self) -> str:
        """Position 1: `1`/`2` for nearly everyone, `3`/`4`/`7`/`8` tolerated."""
        return self[0]

    @property
    def sex(self) -> Sex:
        """`M` for an odd sex digit (1, 3, 5, 7), `F` for an even one (2, 4, 6, 8).

        `0` and `9`, possible only at `key` level, belong to no known family: `I`.
        """
        return _SEX_FROM_DIGIT.get(self[0], Sex.UNKNOWN)

    @property
    def is_provisional_kind(self) -> bool:
        """True for the sex digits 3, 4, 7 and 8, accepted by default but unofficial in an INS."""
        return self[0] in "3478"

    @property
    def year(self) -> int:
        """The 2-digit year of birth (the century is not in the number)."""
        return int(self[1:3])

    @property
    def month_code(self) -> str:
        """Positions 4-5 as written: a month `01`-`12` or a pseudo-month."""
        return self[3:5]

    @property
    def birth_month(self) -> int | None:
        """The month of birth, or `None` for a pseudo-month (incomplete civil status)."""
        month = int(self[3:5])
        return month if 1 <= month <= 12 else None

    @property
    def department(self) -> str:
        """Two characters, three for overseas `97x`/`98x`, `"99"` when born abroad."""
        return self[5:8] if self[5:7] in ("97", "98") else self[5:7]

    @property
    def birthplace_code(self) -> BirthplaceCode:
        """Positions 6-10 as a [`BirthplaceCode`][ins.BirthplaceCode] (5 characters).

        Department `00` can only come from [`parse`][ins.nir.parse] at `key` level; it is no
        birthplace, so this raises `InvalidComponent` (component `department`).
        """
        if self[5:7] == "00":
            raise InvalidComponent(
                f"Positions 6-7 of the NIR {mask(str(self))}: department 00 is no birthplace "
                "(this NIR was parsed at key level).",
                component="department",
            )
        return BirthplaceCode(self[5:10])

    @property
    def born_abroad(self) -> bool:
        """True when the department is `99` (positions 8-10 are then the country code)."""
        return self[5:7] == "99"

    @property
    def country_code(self) -> str | None:
        """The 3-digit INSEE country code when born abroad (`"126"`), else `None`."""
        return self[7:10] if self[5:7] == "99" else None

    @property
    def order_number(self) -> str:
        """Positions 11-13: the order number of the birth in the commune and month."""
        return self[10:13]

    @property
    def key(self) -> str:
        """Positions 14-15: the key, `01` to `97`."""
        return self[13:15]


def _restore_nir(value: str, /) -> Nir:
    """Unpickling and copying: the value was validated when the `Nir` was made."""
    return Nir._from_valid(value)


def parse(
    number: str,
    /,
    *,
    strictness: Strictness | str = "standard",
    allow_missing_key: bool = False,
) -> Nir:
    """Validate `number` at the given level and return the parsed [`Nir`][ins.Nir] (15 chars).

    ```pycon
    >>> nir = parse("1 09 07 63 220 888", allow_missing_key=True)
    >>> nir, nir.key
    (Nir('10907**********'), '35')

    ```
    """
    value = validate(number, strictness=strictness, allow_missing_key=allow_missing_key)
    return Nir._from_valid(value)
