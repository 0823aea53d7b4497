"""The checking rules of NIR/NIA matricules behind [`ins.nir`][ins.nir] (see its docstring).

Cleaning, the key, the three levels of checking and the error each failure raises, in the order of
the identifiers page of the docs (docs/identifiers.md). [`ins.nir`][ins.nir] is the public home
of these verbs; [`ins.nir.Nir`][ins.Nir] checks its input with [`validate`][ins.nir.validate].

```pycon
>>> validate("2 84 05 2A 321 025 52")
'284052A32102552'

```
"""

from __future__ import annotations

from typing import Literal, NoReturn

from ins._pydantic import CodeEnum
from ins.errors import (
    InsError,
    InvalidComponent,
    InvalidFormat,
    InvalidKey,
    InvalidLength,
    NotAnInsMatricule,
    mask,
    mask_text,
)

__all__ = [
    "MAX_INPUT_LENGTH",
    "Strictness",
    "calc_key",
    "compact",
    "format",
    "is_valid",
    "neighbour_family",
    "validate",
]

MAX_INPUT_LENGTH = 64
"""Longer input is refused at once with `InvalidLength`, before any other work."""


class Strictness(CodeEnum):
    """How much of the NIR is checked beyond its key (docs/domain/nir.md#strictness-levels)."""

    KEY = "key"
    STANDARD = "standard"
    STRICT = "strict"


_DIGITS = frozenset("0123456789")
_CORSICA = {"2A": "19", "2B": "18"}

# Accepted values per level, as 2-character (or 1-character) strings: set look-ups are cheap.
_SEX_STANDARD = frozenset("123478")
_SEX_STRICT = frozenset("12")
_REAL_MONTHS = frozenset(f"{m:02d}" for m in range(1, 13))
_MONTHS_STANDARD = _REAL_MONTHS | frozenset(f"{m:02d}" for m in range(20, 100))
_MONTHS_STRICT = (
    _REAL_MONTHS
    | frozenset(f"{m:02d}" for m in range(20, 43))
    | frozenset(f"{m:02d}" for m in range(50, 100))
)
_DEPARTMENTS = frozenset(f"{d:02d}" for d in range(1, 100)) | frozenset(_CORSICA)
# Per level, keyed by plain strings (Strictness members are equal to them, and hashing a
# plain string is faster): None at key level, else (sex digits, months, whether the commune
# 000 is refused).
_Rules = tuple[frozenset[str], frozenset[str], bool]
_RULES: dict[str, _Rules | None] = {
    "key": None,
    "standard": (_SEX_STANDARD, _MONTHS_STANDARD, False),
    "strict": (_SEX_STRICT, _MONTHS_STRICT, True),
}
_FAMILIES: dict[str, Literal["NNP", "MIG"]] = {"5": "MIG", "6": "MIG", "7": "NNP", "8": "NNP"}
_FAMILY_NAMES = {"NNP": "an NNP (old provisional number)", "MIG": "a MIG (migrant number)"}


def _unknown_strictness(strictness: object) -> ValueError:
    return ValueError(
        mask_text(f"Unknown strictness {strictness!r}: use 'key', 'standard' or 'strict'.")
    )


def compact(number: str, /) -> str:
    """Remove surrounding white space, inner spaces, dots and hyphens; upper-case.

    ```pycon
    >>> compact(" 2 84.05-2a 321 025 52 ")
    '284052A32102552'

    ```
    """
    if not isinstance(number, str):
        raise InvalidFormat(f"A NIR must be given as text, not {type(number).__name__}.")
    if len(number) > MAX_INPUT_LENGTH:
        raise InvalidLength(
            f"A NIR has 15 characters; this input has {len(number)}, over the "
            f"{MAX_INPUT_LENGTH} accepted before cleaning."
        )
    return _clean(number)


def _clean(number: str, /) -> str:
    """The cleaning of [`compact`][ins.nir.compact], shared with the fast path of
    [`is_valid`][ins.nir.is_valid]."""
    # Three replace() calls are about twice as fast as str.translate() here. White space is
    # stripped after them: a separator before a line break (".\x85") would leave it in front.
    return number.replace(" ", "").replace(".", "").replace("-", "").strip().upper()


def neighbour_family(number: str, /) -> Literal["NNP", "MIG"] | None:
    """Tell a number of a neighbouring family (13 digits, no key) from a NIR/NIA.

    `NNP` (first digit 7 or 8: the old provisional numbers, abolished at the end of 2022) or
    `MIG` (5 or 6: migrants in transit); `None` otherwise
    (docs/domain/nir.md#nnp-and-mig-numbers). Such numbers are never INS matricules.

    ```pycon
    >>> neighbour_family("7 84 05 88321 025"), neighbour_family("5840588321025")
    ('NNP', 'MIG')
    >>> neighbour_family("2840588321025") is None
    True

    ```
    """
    try:
        value = compact(number)
    except InsError:
        return None
    if len(value) == 13 and value.isascii() and value.isdigit():
        return _FAMILIES.get(value[0])
    return None


def _check_shape(value: str, /) -> None:
    """Digits everywhere except `2A`/`2B` at positions 6-7 (13 or 15 characters)."""
    if _well_formed(value):
        return
    corsica = value[5:7] in _CORSICA
    index, char = next(
        (index, char)
        for index, char in enumerate(value)
        if char not in _DIGITS and not (corsica and index in (5, 6))
    )
    where = f"Position {index + 1} of the NIR {mask(value)}"
    if index in (5, 6):
        raise InvalidFormat(
            f"{where}: {char!r} is not a digit, and only 2A or 2B (Corsica) may hold a "
            "letter at positions 6-7."
        )
    raise InvalidFormat(f"{where}: {char!r} is not a digit (only 0-9 are allowed).")


def _well_formed(value: str, /) -> bool:
    """ASCII digits, or `2A`/`2B` at positions 6-7 and ASCII digits elsewhere."""
    if not value.isascii():
        return False  # str.isdigit() is also true for other scripts' digits
    return value.isdigit() or (value[5:7] in _CORSICA and (value[:5] + value[7:]).isdigit())


def _body(value: str, /) -> int:
    """The integer N of the key formula, read from the 13 first characters."""
    department = value[5:7]
    if department in _CORSICA:
        return int(value[:5] + _CORSICA[department] + value[7:13])
    return int(value[:13])


def _key(value: str, /) -> str:
    return f"{97 - _body(value) % 97:02d}"


def _check_length_and_family(value: str, /, *, allow_missing_key: bool) -> None:
    if len(value) == 13 and value[0] in _FAMILIES:
        family = _FAMILY_NAMES[_FAMILIES[value[0]]]
        raise NotAnInsMatricule(
            f"This 13-character number starts with {value[0]}: it looks like {family}, "
            "not an INS matricule (NIR or NIA)."
        )
    if len(value) == 15 or (allow_missing_key and len(value) == 13):
        return
    expected = "15 characters (13 and the key)"
    if allow_missing_key:
        expected = "13 or 15 characters"
    raise InvalidLength(f"A NIR has {expected}; this one has {len(value)} after cleaning.")


def _check_13_or_15(value: str, /) -> None:
    if len(value) not in (13, 15):
        raise InvalidLength(
            f"A NIR has 13 characters, 15 with its key; this one has {len(value)} after cleaning."
        )


def calc_key(number: str, /) -> str:
    """The key ("clé") of a NIR, `"01"` to `"97"`, from its 13 (or 15) characters.

    Pure arithmetic on the shape (digits, `2A`/`2B`): no component is checked, and a
    13-character body starting with 5-8 gets its key too, since a 15-character matricule may
    start with 7 or 8 (see [`validate`][ins.nir.validate] for what an INS matricule may be).

    ```pycon
    >>> calc_key("284052A321025"), calc_key("284052B32102500")
    ('52', '79')

    ```
    """
    value = compact(number)
    _check_13_or_15(value)
    _check_shape(value)
    return _key(value)


def _check_components(value: str, rules: _Rules, /) -> None:
    sex_digits, months, strict = rules
    level = "strict" if strict else "standard"
    if value[0] not in sex_digits:
        allowed = "1 or 2" if strict else "1, 2, 3, 4, 7 or 8"
        _component_error(
            value,
            "sex",
            f"Position 1 {{where}}: sex digit {value[0]} is not {allowed} ({level} level).",
        )
    if value[3:5] not in months:
        _component_error(
            value,
            "month",
            f"Positions 4-5 {{where}}: month {value[3:5]} is not a month nor a known "
            f"pseudo-month ({level} level).",
        )
    if value[5:7] not in _DEPARTMENTS:
        _component_error(
            value, "department", f"Positions 6-7 {{where}}: department {value[5:7]} does not exist."
        )
    if strict and value[7:10] == "000":
        _component_error(
            value, "commune", "Positions 8-10 {where}: commune 000 does not exist (strict level)."
        )
    if value[10:13] == "000":
        _component_error(
            value,
            "order",
            "Positions 11-13 {where}: order number 000 does not exist (001 to 999).",
        )


def _component_error(value: str, component: str, template: str, /) -> NoReturn:
    where = f"of the NIR {mask(value)}"
    raise InvalidComponent(template.format(where=where), component=component)


def validate(
    number: str,
    /,
    *,
    strictness: Strictness | str = "standard",
    allow_missing_key: bool = False,
) -> str:
    """Check a NIR/NIA and return its 15-character compact form, or raise the `ins` error.

    Failures are reported in the order of docs/domain/nir.md#which-error-for-which-failure: input
    over 64 characters (`InvalidLength`), a 13-character NNP/MIG number (`NotAnInsMatricule`),
    wrong length (`InvalidLength`), a character out of place (`InvalidFormat`), a component out
    of range (`InvalidComponent`, not at `key` level), wrong key (`InvalidKey`). With
    `allow_missing_key=True` a 13-character NIR is accepted and returned with its key.

    ```pycon
    >>> validate("2840588321025", allow_missing_key=True)
    '284058832102532'
    >>> validate("384058832102579")
    '384058832102579'
    >>> validate("384058832102579", strictness="strict")
    Traceback (most recent call last):
    ...
    ins.errors.InvalidComponent: Position 1 of the NIR 38405**********: sex digit 3 is not ...

    ```
    """
    try:
        rules = _RULES[strictness]
    except (KeyError, TypeError):  # TypeError: an unhashable strictness
        raise _unknown_strictness(strictness) from None
    value = compact(number)
    _check_length_and_family(value, allow_missing_key=allow_missing_key)
    _check_shape(value)
    if rules is not None:
        _check_components(value, rules)
    expected = _key(value)
    if len(value) == 13:
        return value + expected
    key = value[13:]
    if key in ("00", "98", "99"):
        raise InvalidKey(
            f"The key {key} of the NIR {mask(value)} can never be right: a key is 01 to 97."
        )
    if key != expected:
        raise InvalidKey(
            f"The key {key} of the NIR {mask(value)} does not match its 13 first characters "
            f"(expected {expected})."
        )
    return value


def is_valid(
    number: object,
    /,
    *,
    strictness: Strictness | str = "standard",
    allow_missing_key: bool = False,
) -> bool:
    """`True` when [`validate`][ins.nir.validate] accepts `number` with the same options; never
    raises.

    A fast path of its own (no exception, no regular expression, set look-ups): a property
    test checks that it agrees with [`validate`][ins.nir.validate] on every input.

    ```pycon
    >>> is_valid("284052A32102552"), is_valid("2840588321025"), is_valid("x" * 1000)
    (True, False, False)

    ```
    """
    try:
        rules = _RULES[strictness]
    except (KeyError, TypeError):  # TypeError: an unhashable strictness
        raise _unknown_strictness(strictness) from None
    if not isinstance(number, str):
        return False
    if not (len(number) == 15 and number.isdigit() and number.isascii()):
        # Cleaning cannot change 15 ASCII digits; anything else is cleaned as in validate().
        if len(number) > MAX_INPUT_LENGTH:
            return False
        number = _clean(number)
        if not (len(number) == 15 and number.isdigit() and number.isascii()):
            return _is_valid_other(number, rules, allow_missing_key=allow_missing_key)
    # The common case: 15 ASCII digits, so no 2A/2B.
    body, key = divmod(int(number), 100)
    if body % 97 + key != 97:  # also refuses the keys 00, 98 and 99
        return False
    if rules is None:
        return True
    sex_digits, months, strict = rules
    return (
        number[0] in sex_digits
        and number[3:5] in months
        and number[5:7] != "00"
        and number[10:13] != "000"
        and not (strict and number[7:10] == "000")
    )


def _is_valid_other(value: str, rules: _Rules | None, /, *, allow_missing_key: bool) -> bool:
    """[`is_valid`][ins.nir.is_valid] for a cleaned value that is not 15 ASCII digits: Corsica,
    13 chars..."""
    if len(value) == 13:
        if not allow_missing_key or value[0] in _FAMILIES or not _well_formed(value):
            return False
    elif len(value) != 15 or not _well_formed(value):
        return False
    if len(value) == 15 and int(value[13:]) != 97 - _body(value) % 97:
        return False
    if rules is None:
        return True
    sex_digits, months, strict = rules
    return (
        value[0] in sex_digits
        and value[3:5] in months
        and value[5:7] in _DEPARTMENTS
        and value[10:13] != "000"
        and not (strict and value[7:10] == "000")
    )


def format(number: str, /, *, separator: str = " ") -> str:
    """Group a NIR for reading: sex, year, month, department, commune, order, key.

    The shape is checked (13 or 15 characters, digits, `2A`/`2B`), not the key nor the
    components, so that a mistyped number can be shown for correction.

    ```pycon
    >>> format("284052A32102552", separator=".")
    '2.84.05.2A.321.025.52'
    >>> format("2840588321025")
    '2 84 05 88 321 025'

    ```
    """
    if not isinstance(separator, str):
        raise ValueError(f"The separator must be text, not {type(separator).__name__}.")
    value = compact(number)
    _check_13_or_15(value)
    _check_shape(value)
    parts = [value[0], value[1:3], value[3:5], value[5:7], value[7:10], value[10:13]]
    if len(value) == 15:
        parts.append(value[13:])
    return separator.join(parts)
