"""The character-level steps of name normalisation (docs/domain/traits.md#insi-character-set,
docs/domain/traits.md#normalisation-steps), used by `ins._names`.

Steps 1-3 and 5 map each grapheme cluster (a character and the combining marks that follow it) of
the original text on its own, which is what lets every [`Change`][ins.Change] name its position
in the original; step 4 (spacing) then works on the mapped characters, and step 6 checks the
syntax of the profile.

```pycon
>>> map_and_tidy("jean - claude", "first_names", "reject")[0]
'JEAN-CLAUDE'

```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ins.errors import InsError, InvalidCharacter, InvalidTrait

__all__ = [
    "FAST_TABLE",
    "MAX_INPUT",
    "MAX_LENGTH",
    "PATTERNS",
    "Change",
    "ChangeKind",
    "Policy",
    "Profile",
    "check_syntax",
    "label",
    "map_and_tidy",
    "transliterate",
]

ChangeKind = Literal[
    "case", "diacritic", "ligature", "apostrophe", "hyphen", "space", "transliteration", "dropped"
]
Profile = Literal["birth_name", "first_names"]
Policy = Literal["reject", "transliterate", "drop"]
# "keep" (internal): steps 1-4 only, characters outside the set kept; used for comparisons.
_AnyPolicy = Literal["reject", "transliterate", "drop", "keep"]

#: Longest name after normalisation: the datamatrix limit (docs/domain/traits.md#length-limits).
MAX_LENGTH = 100
#: Longer input is refused at once, before any work (a name is never that long).
MAX_INPUT = 1000

PATTERNS: dict[str, re.Pattern[str]] = {
    # Letters, separated by one space, one apostrophe, or one or two hyphens; may open with "'".
    "birth_name": re.compile(r"'?[A-Z]+(?:(?:--?|[ '])[A-Z]+)*"),
    "first_names": re.compile(r"'?[A-Z]+(?:[- '][A-Z]+)*"),
}

_APOSTROPHES = frozenset("\u2019\u2018\u02bc\u0060\u00b4")
_HYPHENS = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_LIGATURES = {
    **dict.fromkeys("Ææ", "AE"),
    **dict.fromkeys("Œœ", "OE"),
    **dict.fromkeys("ßẞ", "SS"),
    **dict.fromkeys("Øø", "O"),
    **dict.fromkeys("ĐđÐð", "D"),
    **dict.fromkeys("Þþ", "TH"),
    **dict.fromkeys("Łł", "L"),
    "ı": "I",
}
# Unicode White_Space outside category Zs (str.isspace would also take the separators
# U+001C-U+001F, which are control characters).
_WHITE_SPACE = frozenset("\t\n\x0b\x0c\r\x85\u2028\u2029")
_INSI_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ '-")
_MARKS = frozenset(("Mn", "Mc", "Me"))


def _load_backend() -> Callable[[str], str] | None:
    try:
        from unidecode import unidecode  # noqa: PLC0415
    except ImportError:  # environments without unidecode (GPL) use anyascii (ISC)
        try:
            from anyascii import anyascii  # noqa: PLC0415
        except ImportError:
            return None
        return anyascii
    return unidecode


# The back end is chosen once, at import; tests swap it to check anyascii is a drop-in.
_backend: Callable[[str], str] | None = _load_backend()


def transliterate(text: str, /) -> str:
    """Latin-letter transcription of `text`: the ONE transliteration function of `ins`.

    `unidecode` (GPL-2.0-or-later) when it is installed, else `anyascii` (ISC); see ADR 0001.

    A lone surrogate (`"\\ud800"`: not a character, what a broken decoding leaves) transcribes
    to nothing; unidecode would warn about it on every call.

    ```pycon
    >>> transliterate("Иванов"), transliterate("A\\ud800B")
    ('Ivanov', 'AB')

    ```
    """
    backend = _backend
    if backend is None:
        raise RuntimeError(
            "Neither unidecode nor anyascii is installed: install one of them to transliterate."
        )
    if not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub("", text)
    return backend(text)


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Change:
    """One edit: `before` (at `position`, 0-based in the original) became `after`."""

    kind: ChangeKind
    position: int
    before: str
    after: str

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary of the four fields."""
        return {
            "kind": self.kind,
            "position": self.position,
            "before": self.before,
            "after": self.after,
        }


def label(profile: str) -> str:
    """How messages name the profile: `birth name` or `first names`."""
    return "birth name" if profile == "birth_name" else "first names"


def _map_char(char: str) -> tuple[str | None, ChangeKind | None]:
    """Steps 1-3 for one character; `None` when it is outside the set after them."""
    if char in _INSI_CHARS:
        return char, None
    if "a" <= char <= "z":
        return char.upper(), "case"
    if char in _APOSTROPHES:
        return "'", "apostrophe"
    if char in _HYPHENS:
        return "-", "hyphen"
    if char in _WHITE_SPACE or unicodedata.category(char) == "Zs":
        return " ", "space"
    ligature = _LIGATURES.get(char)
    if ligature is not None:
        return ligature, "ligature"
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    if stripped and all(c in _INSI_CHARS for c in stripped):
        if len(stripped) < len(decomposed):
            return stripped, "diacritic"
        return stripped, "ligature" if len(stripped) > 1 else "case"
    return None, None


def _is_latin_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith(
        "LATIN"
    )


def _transliterated(cluster: str) -> str | None:
    out = transliterate(cluster).upper()
    return out if out and all(c in _INSI_CHARS for c in out) else None


def _map_cluster(cluster: str, policy: _AnyPolicy) -> tuple[str | None, ChangeKind | None]:
    """Steps 1-3 and 5 for one cluster; `None` means: refuse it (policy `reject`)."""
    composed = unicodedata.normalize("NFC", cluster)
    base = composed[0]
    if unicodedata.category(base) in _MARKS:
        return "", "diacritic"  # a combining mark with nothing to sit on
    out, kind = _map_char(base)
    if out is not None:
        if len(composed) > 1 and kind in (None, "case"):
            kind = "diacritic"  # marks that do not compose with the base are dropped
        return out, kind
    latin = _is_latin_letter(base)
    if latin or (policy == "transliterate" and unicodedata.category(base).startswith("L")):
        out = _transliterated(base if latin else composed)
        if out is not None:
            return out, "transliteration"
    if policy == "keep":
        return composed.upper(), None
    if policy == "drop":
        return "", "dropped"
    return None, "dropped"


_SUGGEST_PREFIX = "type the name as written in Latin letters on the identity document"


def _invalid_character(
    text: str, position: int, cluster: str, profile: Profile, policy: _AnyPolicy
) -> InvalidCharacter:
    char = cluster[0]
    category = unicodedata.category(char)
    what = {"N": "a digit", "C": "a control or format character", "S": "a symbol"}.get(
        category[0], "a character INSi does not accept"
    )
    if category[0] == "L":
        what = "a letter of another script"
    advice = "INSi accepts only the letters A to Z, space, apostrophe and hyphen"
    if category[0] == "L" and policy == "reject":
        advice = _SUGGEST_PREFIX
        try:
            suggestion = map_and_tidy(text, profile, "transliterate")[0]
            check_syntax(suggestion, profile)
        except InsError:
            pass
        else:
            advice += f"; suggestion: {suggestion}"
    code = f"U+{ord(char):04X}"
    return InvalidCharacter(
        f"The {label(profile)} {'contain' if profile == 'first_names' else 'contains'} "
        f"{char!r} ({what}, {code}) at position {position}: "
        f"{advice}.",
        character=char,
        position=position,
    )


def _cluster_end(text: str, start: int) -> int:
    end = start + 1
    while end < len(text) and unicodedata.category(text[end]) in _MARKS:
        end += 1
    return end


def map_and_tidy(text: str, profile: Profile, policy: _AnyPolicy) -> tuple[str, tuple[Change, ...]]:
    """Steps 1-5 on `text`: the normalised text (syntax not yet checked) and the changes."""
    pieces: list[tuple[int, str, str, ChangeKind | None]] = []
    index = 0
    while index < len(text):
        end = _cluster_end(text, index)
        cluster = text[index:end]
        out, kind = _map_cluster(cluster, policy)
        if out is None:
            raise _invalid_character(text, index, cluster, profile, policy)
        pieces.append((index, cluster, out, kind))
        index = end
    return _tidy(pieces)


def _tidy(
    pieces: list[tuple[int, str, str, ChangeKind | None]],
) -> tuple[str, tuple[Change, ...]]:
    """Step 4: collapse spaces, trim, remove spaces around hyphens; then list the changes."""
    chars = [(char, owner) for owner, piece in enumerate(pieces) for char in piece[2]]
    kept: list[int] = []  # indexes into chars, in order
    for i, (char, _owner) in enumerate(chars):
        last = chars[kept[-1]][0] if kept else None
        if char == " " and last in (None, " ", "-"):
            continue
        if char == "-" and last == " ":
            kept.pop()
        kept.append(i)
    while kept and chars[kept[-1]][0] == " ":
        kept.pop()
    outputs = [""] * len(pieces)
    for i in kept:
        char, owner = chars[i]
        outputs[owner] += char
    changes = tuple(
        Change(kind=kind or "space", position=position, before=before, after=final)
        for (position, before, _after, kind), final in zip(pieces, outputs, strict=True)
        if final != before
    )
    return "".join(outputs), changes


_RULES: tuple[tuple[str, str], ...] = (
    ("''", "a doubled apostrophe"),
    ("' ", "an apostrophe next to a space"),
    (" '", "an apostrophe next to a space"),
    ("-'", "a hyphen next to an apostrophe"),
    ("'-", "a hyphen next to an apostrophe"),
)


def check_syntax(normalized: str, profile: Profile) -> None:
    """Step 6: raise [`InvalidTrait`][ins.InvalidTrait] when `normalized` breaks a rule of
    docs/domain/traits.md#syntax-rules."""
    name = label(profile)
    verb = "contain" if profile == "first_names" else "contains"
    if not normalized:
        raise InvalidTrait(
            f"The {name} is empty once normalised: at least one letter is needed.", trait=profile
        )
    if len(normalized) > MAX_LENGTH:
        raise InvalidTrait(
            f"The {name} has {len(normalized)} characters once normalised: at most "
            f"{MAX_LENGTH} are allowed.",
            trait=profile,
        )
    problem: str | None = None
    position = 0
    if normalized[0] == "-":
        problem = "a leading hyphen"
    elif normalized[-1] in "-'":
        problem, position = "a trailing hyphen or apostrophe", len(normalized) - 1
    else:
        rules = (*_RULES, ("---", "three hyphens in a row"))
        if profile == "first_names":
            rules = (*_RULES, ("--", "a double hyphen"))
        for needle, what in rules:
            found = normalized.find(needle)
            if found >= 0:
                problem, position = what, found
                break
    if problem is not None:
        raise InvalidTrait(
            f"The {name} {normalized!r} {verb} {problem} at position {position}: "
            "INSi refuses it; correct the input.",
            trait=profile,
        )


def _fast_entry(code: int) -> str | None:
    out, kind = _map_char(chr(code))  # no combining mark below U+0300
    return out if out is not None and kind != "transliteration" else None


#: Characters mapped the same way whatever their neighbours and the transliteration back end
#: (ASCII, Latin-1 and Latin Extended-A letters and punctuation): used by the fast path.
FAST_TABLE: dict[int, str] = {
    code: out for code in range(0x180) if (out := _fast_entry(code)) is not None
}
