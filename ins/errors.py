"""The exception tree of `ins`.

Every failure of the library is an [`InsError`][ins.InsError], a `ValueError` with a stable `code`
(snake case, usable as a pydantic error type or in a JSON API) and a message that is a full
sentence saying what is wrong and where. Messages never carry a full matricule: at most its first
five characters, the rest masked (see [`ins.errors.mask`][ins.errors.mask]). Every message goes
through [`mask_text`][ins.errors.mask_text] when the error is made, so a value echoed in a
message (an OID, a sex, a code typed in the wrong field) cannot carry one either (ADR 0104).

```pycon
>>> from ins.errors import InvalidComponent
>>> error = InvalidComponent("Position 4-5: month 13 is not a month nor a known pseudo-month.",
...                          component="month")
>>> error.code, error.component
('invalid_component', 'month')
>>> isinstance(error, ValueError)
True

```
"""

from __future__ import annotations

import re

__all__ = [
    "InsError",
    "InvalidCharacter",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidKey",
    "InvalidLength",
    "InvalidTrait",
    "NotAnInsMatricule",
    "NotQualified",
    "StatusError",
    "mask",
    "mask_text",
]

_VISIBLE = 5


def mask(matricule: str, /) -> str:
    """Mask a matricule (or any identifier) for messages, reprs and logs.

    The first five characters stay readable (sex, year and month of birth), the rest is masked
    with `*`, keeping the length so that a reader can tell a 13- from a 15-character value.

    ```pycon
    >>> mask("284052A32102552")
    '28405**********'
    >>> mask("2840")
    '****'

    ```
    """
    if not isinstance(matricule, str):
        raise InvalidFormat(f"A matricule to mask must be text, not {type(matricule).__name__}.")
    if len(matricule) <= _VISIBLE:
        return "*" * len(matricule)
    return matricule[:_VISIBLE] + "*" * (len(matricule) - _VISIBLE)


# 13 characters of a NIR/NIA (the 7th may be 2A/2B for Corsica, in either case), optionally
# followed by the key: written in one run, or grouped as on a carte Vitale ("2 84 05 2A 321 025
# 52", with spaces, dots or hyphens). Whatever is around: "NIR284052A32102552" and a sixteenth
# digit must not hide a matricule. Only the grouping of a NIR is read as one: an OID
# (1.2.250.1.213.1.4.10) is not a matricule.
_SURROGATE = re.compile("[\ud800-\udfff]")
_S = "[ .\\-\u00a0\u202f]"
_MATRICULE = re.compile(
    "[0-9]{6}[0-9ABab][0-9]{6}(?:[0-9]{2})?"
    f"|[0-9]{_S}[0-9]{{2}}{_S}[0-9]{{2}}{_S}[0-9][0-9ABab]{_S}[0-9]{{3}}{_S}[0-9]{{3}}"
    f"(?:{_S}[0-9]{{2}})?"
)


def mask_text(text: str, /) -> str:
    """Mask every matricule-looking run of a text coming from outside (a fault, a log line).

    A run of 13 characters of a NIR (digits, `2A`/`2B` in either case at positions 6-7),
    with or without its key and with or without separators, is masked wherever it is: glued to
    letters or to more digits too. A lone surrogate (what a broken decoding leaves, and what
    no encoding can write: printing it would fail) becomes `U+FFFD`.

    ```pycon
    >>> mask_text("Matricule 275126322074974 inconnu")
    'Matricule 27512********** inconnu'
    >>> mask_text("NIR284052a32102552"), mask_text("2 84 05 2A 321 025 52")
    ('NIR28405**********', '2 84 ****************')

    ```
    """
    if not isinstance(text, str):
        raise InvalidFormat(f"A text to mask must be text, not {type(text).__name__}.")
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)
    return _MATRICULE.sub(lambda found: mask(found.group()), text)


class InsError(ValueError):
    """Base class of every error raised by `ins`; `code` is stable across releases."""

    code: str = "ins_error"

    def __init__(self, message: str, /) -> None:
        self.message = mask_text(message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class InvalidFormat(InsError):
    """The value does not have the shape of the identifier (characters, layout)."""

    code = "invalid_format"


class InvalidLength(InvalidFormat):
    """The value has the wrong number of characters."""

    code = "invalid_length"


class NotAnInsMatricule(InvalidFormat):
    """The value belongs to a neighbouring number family (NNP, MIG), not to the NIR/NIA one."""

    code = "not_ins_matricule"


class InvalidKey(InsError):
    """The two-digit key does not match the 13 first characters."""

    code = "invalid_key"


class InvalidComponent(InsError):
    """One part of the value is out of its range; `component` names the part."""

    code = "invalid_component"

    def __init__(self, message: str, /, *, component: str) -> None:
        super().__init__(message)
        self.component = mask_text(component)


class InvalidCharacter(InsError):
    """A character is not allowed; `character` and its 0-based `position` say which."""

    code = "invalid_character"

    def __init__(self, message: str, /, *, character: str, position: int) -> None:
        super().__init__(message)
        self.character = character
        self.position = position


class InvalidTrait(InsError):
    """A civil-status trait breaks a rule that normalisation cannot repair."""

    code = "invalid_trait"

    def __init__(self, message: str, /, *, trait: str) -> None:
        super().__init__(message)
        self.trait = mask_text(trait)


class StatusError(InsError):
    """An illegal identity-vigilance request (forbidden attributes, INSi on a doubtful identity)."""

    code = "status_error"


class NotQualified(InsError):
    """The INS may not be shared from this identity: its status is not QUAL."""

    code = "not_qualified"
