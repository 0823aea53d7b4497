"""Birth names and first names in the form INSi accepts ("nom de naissance", "prénoms").

INSi accepts upper-case `A`-`Z`, the space, the apostrophe `'` and the hyphen `-` with a few
syntactic rules (docs/domain/traits.md#syntax-rules).
[`normalize_birth_name`][ins.normalize_birth_name] and
[`normalize_first_names`][ins.normalize_first_names] turn what a person typed into that form
following docs/domain/traits.md#normalisation-steps step by step, and return a
[`Normalized`][ins.Normalized] result listing every [`Change`][ins.Change], so that a front desk
can show what will be sent. [`is_valid_insi_name`][ins.is_valid_insi_name] checks text that is
already in INSi form (what INSi returns, what a datamatrix carries). The character-level steps
live in `ins._name_steps`; every transliteration goes through `ins._name_steps.transliterate`
(`unidecode` when installed, else the ISC-licensed `anyascii`: ADR 0001 and 0020).

```pycon
>>> normalize_birth_name("García-Hämmadi").normalized
'GARCIA-HAMMADI'
>>> normalize_first_names("  jean   claude ").normalized
'JEAN CLAUDE'
>>> normalize_birth_name("d’Artagnan").changes[1]
Change(kind='apostrophe', position=1, before='’', after="'")
>>> is_valid_insi_name("GARCIA--HAMMADI"), is_valid_insi_name("ER--IC", profile="first_names")
(True, False)

```
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast, get_args

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from ins._first_names import first_first_name, is_coherent_first_name
from ins._name_steps import (
    FAST_TABLE,
    MAX_INPUT,
    MAX_LENGTH,
    PATTERNS,
    Change,
    ChangeKind,
    Policy,
    Profile,
    check_syntax,
    label,
    map_and_tidy,
    transliterate,
)
from ins.errors import InvalidTrait, mask_text

__all__ = [
    "MAX_LENGTH",
    "Change",
    "ChangeKind",
    "Normalized",
    "Policy",
    "Profile",
    "first_first_name",
    "is_coherent_first_name",
    "is_valid_insi_name",
    "normalize_birth_name",
    "normalize_first_names",
    "transliterate",
]

_POLICIES = ("reject", "transliterate", "drop")
# One INSi SDK sizes its fields 80 (birth name) and 61 (a first name): above, warn only
# (docs/domain/traits.md#length-limits).
_SDK_LENGTH: dict[str, int] = {"birth_name": 80, "first_names": 61}


class Normalized:
    """What normalisation made of a text: `original`, `normalized` and the `changes`.

    `changes` lists, in order of `position`, one [`Change`][ins.Change] per edited character (or
    character with its combining marks). `warnings` holds sentences about an accepted but
    unusual result (longer than what one INSi SDK stores). Immutable; compares by value.
    """

    # One slot holding a tuple: results are built on the hot path, and one attribute store is
    # the cheapest. The last item is a one-element list: the changes, computed on first access
    # when the fast path found the result without them.
    __slots__ = ("_state",)

    _state: tuple[str, str, tuple[str, ...], Profile, Policy, list[tuple[Change, ...] | None]]

    def __init__(
        self,
        original: str,
        normalized: str,
        changes: tuple[Change, ...] | None = None,
        *,
        warnings: tuple[str, ...] = (),
        profile: Profile = "birth_name",
        policy: Policy = "reject",
    ) -> None:
        state = (original, normalized, warnings, profile, policy, [changes])
        object.__setattr__(self, "_state", state)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"A Normalized result is immutable: cannot set {name!r}.")

    @property
    def original(self) -> str:
        """The text as given."""
        return self._state[0]

    @property
    def normalized(self) -> str:
        """The INSi form."""
        return self._state[1]

    @property
    def warnings(self) -> tuple[str, ...]:
        """Sentences about an accepted but unusual result."""
        return self._state[2]

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every edit made, in order of position in `original`."""
        original, _normalized, _warnings, profile, policy, cell = self._state
        changes = cell[0]
        if changes is None:
            changes = cell[0] = map_and_tidy(original, profile, policy)[1]
        return changes

    @property
    def changed(self) -> bool:
        """True when the normalised form differs from the original."""
        return self.normalized != self.original

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary (`original`, `normalized`, `changes`, `warnings`)."""
        return {
            "original": self.original,
            "normalized": self.normalized,
            "changes": [change.to_dict() for change in self.changes],
            "warnings": list(self.warnings),
        }

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler, /
    ) -> core_schema.CoreSchema:
        """As a pydantic field: an instance is required; it dumps to `to_dict`."""
        return core_schema.is_instance_schema(
            cls, serialization=core_schema.plain_serializer_function_ser_schema(cls.to_dict)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler, /
    ) -> JsonSchemaValue:
        """The shape of `to_dict`; in `validation` mode, nothing: a result is accepted as a
        Python object only, never from JSON (ADR 0110)."""
        if handler.mode == "validation":
            return {
                "title": "Normalized",
                "description": (
                    "A normalisation result, accepted as a Python object only (made by "
                    "normalize_birth_name or normalize_first_names): no JSON value is accepted."
                ),
                "not": {},
            }
        text = {"type": "string"}
        change = {
            "type": "object",
            "properties": {
                "kind": {"type": "string", "enum": list(get_args(ChangeKind))},
                "position": {"type": "integer", "minimum": 0},
                "before": text,
                "after": text,
            },
            "required": ["kind", "position", "before", "after"],
        }
        return {
            "type": "object",
            "title": "Normalized",
            "properties": {
                "original": text,
                "normalized": text,
                "changes": {"type": "array", "items": change},
                "warnings": {"type": "array", "items": text},
            },
            "required": ["original", "normalized", "changes", "warnings"],
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Normalized):
            return NotImplemented
        return (self.original, self.normalized, self.changes, self.warnings) == (
            other.original,
            other.normalized,
            other.changes,
            other.warnings,
        )

    def __hash__(self) -> int:
        return hash((self.original, self.normalized))

    def __repr__(self) -> str:
        return mask_text(
            f"Normalized(original={self.original!r}, normalized={self.normalized!r}, "
            f"changes={len(self.changes)})"
        )


def is_valid_insi_name(text: str, /, *, profile: Profile | str = "birth_name") -> bool:
    """True when `text` is already in INSi form for `profile`
    (docs/domain/traits.md#insi-character-set).

    `profile` is `"birth_name"` (a double hyphen may separate the two parts of a double
    family name) or `"first_names"` (the space-separated list; no double hyphen).

    ```pycon
    >>> is_valid_insi_name("'T HOOFT"), is_valid_insi_name("Dupont"), is_valid_insi_name("DUPONT-")
    (True, False, False)

    ```
    """
    pattern = PATTERNS.get(_check_profile(profile))
    if not isinstance(text, str) or pattern is None:
        return False
    return len(text) <= MAX_LENGTH and pattern.fullmatch(text) is not None


def normalize_birth_name(text: str, /, *, policy: Policy | str = "reject") -> Normalized:
    """Normalise a birth name to INSi form (docs/domain/traits.md#normalisation-steps).

    `policy` says what to do with characters still outside the INSi set after steps 1-4:
    `"reject"` (default: raise [`InvalidCharacter`][ins.InvalidCharacter]), `"transliterate"`
    (letters of other scripts are transcribed, anything else is still refused) or `"drop"`
    (remove them, recorded as changes). A rule of docs/domain/traits.md#syntax-rules that these
    steps cannot repair raises [`InvalidTrait`][ins.InvalidTrait].

    ```pycon
    >>> normalize_birth_name("Œuvre").normalized, normalize_birth_name("Cæsar").normalized
    ('OEUVRE', 'CAESAR')
    >>> normalize_birth_name("Du9pont")
    Traceback (most recent call last):
    ...
    ins.errors.InvalidCharacter: The birth name contains '9' (a digit, U+0039) at position 2: ...
    >>> normalize_birth_name("Иванов", policy="transliterate").normalized
    'IVANOV'
    >>> normalize_birth_name("Du9pont", policy="drop").normalized
    'DUPONT'

    ```
    """
    return _normalize(text, "birth_name", policy)


def normalize_first_names(text: str, /, *, policy: Policy | str = "reject") -> Normalized:
    """Normalise a list of first names (one string, names separated by spaces) to INSi form.

    Same steps and policies as [`normalize_birth_name`][ins.normalize_birth_name]; the first-names
    profile forbids a double hyphen and a name ending with `-` or `'`.

    ```pycon
    >>> normalize_first_names("Jean-Christophe  Pierre").normalized
    'JEAN-CHRISTOPHE PIERRE'
    >>> normalize_first_names("Er--ic")
    Traceback (most recent call last):
    ...
    ins.errors.InvalidTrait: The first names 'ER--IC' contain a double hyphen at position 2: ...

    ```
    """
    return _normalize(text, "first_names", policy)


def _check_profile(profile: str) -> Profile:
    if not isinstance(cast(object, profile), str) or profile not in PATTERNS:
        raise ValueError(
            mask_text(f"Unknown profile {profile!r}: use 'birth_name' or 'first_names'.")
        )
    return profile  # type: ignore[return-value]


def _normalize(text: str, profile: Profile, policy: Policy | str) -> Normalized:
    if policy not in _POLICIES:
        raise ValueError(
            mask_text(f"Unknown policy {policy!r}: use 'reject', 'transliterate' or 'drop'.")
        )
    if not isinstance(text, str):
        raise InvalidTrait(
            f"The {label(profile)} must be text, not {type(text).__name__}.", trait=profile
        )
    return _normalize_cached(text, profile, cast(Policy, policy))


# Patient files repeat the same surnames and first names: a bounded cache of this pure function
# makes a whole file cheap (ADR 0020). 16 384 results at most, least recently used dropped: a
# larger cache costs more than it saves on files of distinct names (the garbage collector walks
# every cached result). Results are immutable, so sharing them between callers and threads is
# safe.
@lru_cache(maxsize=16_384)
def _normalize_cached(text: str, profile: Profile, policy: Policy) -> Normalized:
    if len(text) > MAX_INPUT:
        raise InvalidTrait(
            f"The {label(profile)} has {len(text)} characters: at most {MAX_LENGTH} are "
            f"allowed, and input over {MAX_INPUT} characters is not examined.",
            trait=profile,
        )
    # Fast path: characters that map one to one whatever their neighbours (ASCII, Latin-1,
    # Latin Extended-A), and a result already well formed (no spacing to tidy).
    candidate = text.translate(FAST_TABLE)
    pattern = PATTERNS[profile]
    changes: tuple[Change, ...] | None
    if len(candidate) <= MAX_LENGTH and pattern.fullmatch(candidate):
        normalized, changes = candidate, None
    else:
        normalized, changes = map_and_tidy(text, profile, policy)
        check_syntax(normalized, profile)
    warnings: tuple[str, ...] = ()
    limit = _SDK_LENGTH[profile]
    longest = max(map(len, normalized.split(" "))) if profile == "first_names" else len(normalized)
    if longest > limit:
        what = "A first name" if profile == "first_names" else "The birth name"
        warnings = (f"{what} is longer than {limit} characters: some INSi clients truncate it.",)
    return Normalized(text, normalized, changes, warnings=warnings, profile=profile, policy=policy)
