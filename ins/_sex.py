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

__all__ = ["Sex"]


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
