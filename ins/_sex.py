"""Sex, as the civil status and INSi know it ("sexe").

INSi only knows `M` and `F`; a local identity may be `I` (indeterminate or unknown), which
can be neither sent to INSi nor written in a datamatrix (docs/domain/traits.md#sex).

```pycon
>>> Sex.parse("femme")
<Sex.F: 'F'>
>>> Sex.parse(" 1 ")
<Sex.M: 'M'>

```
"""

from __future__ import annotations

from ins._name_steps import transliterate
from ins._pydantic import CodeEnum
from ins.errors import InvalidTrait

__all__ = ["Sex", "sex_input_schema"]


class Sex(CodeEnum):
    """`M`, `F` or `I` (indeterminate/unknown)."""

    M = "M"
    F = "F"
    UNKNOWN = "I"

    @classmethod
    def parse(cls, text: str, /) -> Sex:
        """Read what people and files write: `m`, `F`, `1`, `2`, `homme`, `female`...

        ```pycon
        >>> Sex.parse("Masculin"), Sex.parse("f"), Sex.parse("Indéterminé")
        (<Sex.M: 'M'>, <Sex.F: 'F'>, <Sex.UNKNOWN: 'I'>)
        >>> Sex.parse("x")
        Traceback (most recent call last):
        ...
        ins.errors.InvalidTrait: 'x' is not a sex: use M, F or I (or 1, 2, homme, femme).

        ```
        """
        if not isinstance(text, str):
            raise InvalidTrait(f"A sex must be text, not {type(text).__name__}.", trait="sex")
        key = transliterate(text).strip().lower()
        found = _SYNONYMS.get(key)
        # A digit counts as typed in ASCII only: transliteration reads "١" (Arabic-Indic) as
        # 1 and "２" (full width) as 2, which no file of ours means as a sex.
        if found is None or (key.isdigit() and text.strip() != key):
            shown = text if len(text) <= 20 else text[:20] + "..."
            raise InvalidTrait(
                f"{shown!r} is not a sex: use M, F or I (or 1, 2, homme, femme).", trait="sex"
            )
        return found


_SYNONYMS: dict[str, Sex] = {
    **dict.fromkeys(("m", "1", "h", "homme", "masculin", "male", "man", "masc"), Sex.M),
    **dict.fromkeys(("f", "2", "femme", "feminin", "female", "woman", "fem"), Sex.F),
    **dict.fromkeys(
        ("i", "u", "0", "9", "indetermine", "inconnu", "unknown", "indeterminate"),
        Sex.UNKNOWN,
    ),
}


def sex_input_schema(*, unknown: bool = True) -> dict[str, object]:
    """The JSON schema of a sex field that reads its input with
    [`Sex.parse`][ins.Sex.parse] (`validation` mode, ADR 0110); `unknown=False` where `I` is
    refused (an INSi request).

    ```pycon
    >>> sex_input_schema()["examples"]
    ['M', 'F', 'I', 'homme', '2']

    ```
    """
    words = {
        sex: ", ".join(word for word, found in _SYNONYMS.items() if found is sex)
        for sex in Sex
        if unknown or sex is not Sex.UNKNOWN
    }
    forms = "; ".join(f"{sex.value}: {listed}" for sex, listed in words.items())
    refused = "" if unknown else " The unknown sex (I) is refused."
    return {
        "title": "Sex",
        "type": "string",
        "description": (
            f"Sex, as a code or a word that reads as one, in any case and with or without "
            f"accents, white space around ignored ({forms}); written as its code.{refused}"
        ),
        "examples": [sex.value for sex in words] + ["homme", "2"],
    }
