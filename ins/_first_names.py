"""First names ("prénoms de naissance"): the first one, and coherence of an edited first name.

INSi returns the birth first names as ONE string separated by single spaces
(`PIERRE-ALAIN MURIEL FLORIANT`); a hyphenated compound is one element, and the first first
name ("premier prénom") is the first element. An edited first name is coherent with the list
(Guide INS EXI ID 10, docs/domain/traits.md#first-name-coherence) when, both compared in their
comparison form (docs/domain/traits.md#normalisation-steps steps 1-4, then `-` and `'` read as a
space), it equals the list or a prefix of it ending at a name boundary.

```pycon
>>> first_first_name("PIERRE-ALAIN MURIEL FLORIANT")
'PIERRE-ALAIN'
>>> is_coherent_first_name("Jean-Christophe", "JEAN CHRISTOPHE PIERRE")
True
>>> is_coherent_first_name("CHRISTOPHE", "JEAN CHRISTOPHE PIERRE")
False

```
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import cast

from ins._name_steps import MAX_INPUT, map_and_tidy
from ins.errors import InvalidTrait

__all__ = ["comparison_form", "first_first_name", "first_name_words", "is_coherent_first_name"]


def first_first_name(first_names: str, /) -> str:
    """The first element of a space-separated first-name list, as written.

    ```pycon
    >>> first_first_name("  Marie Anne")
    'Marie'
    >>> first_first_name(" ")
    Traceback (most recent call last):
    ...
    ins.errors.InvalidTrait: The first-name list is empty: there is no first first name.

    ```
    """
    if not isinstance(first_names, str):
        raise InvalidTrait(
            f"A first-name list must be text, not {type(first_names).__name__}.",
            trait="first_names",
        )
    parts = first_names.split(maxsplit=1)
    if not parts:
        raise InvalidTrait(
            "The first-name list is empty: there is no first first name.", trait="first_names"
        )
    return parts[0]


def comparison_form(text: str, /) -> str:
    """`text` after steps 1-4 of docs/domain/traits.md#normalisation-steps, for comparisons (never
    for sending).

    Characters that are still outside the INSi set after step 3 (digits, letters of other
    scripts) are kept, upper-cased, so that two different inputs never compare equal by accident.

    ```pycon
    >>> comparison_form(" Jéan - Pierre "), comparison_form("Иванов")
    ('JEAN-PIERRE', 'ИВАНОВ')
    >>> comparison_form(None)
    Traceback (most recent call last):
    ...
    ins.errors.InvalidTrait: A name to compare must be text, not NoneType.

    ```
    """
    if not isinstance(cast(object, text), str):
        raise InvalidTrait(
            f"A name to compare must be text, not {type(text).__name__}.", trait="first_names"
        )
    return _comparison_form(text)


@lru_cache(maxsize=4096)
def _comparison_form(text: str, /) -> str:
    if len(text) > MAX_INPUT:
        return text.upper()
    return map_and_tidy(text, "first_names", "keep")[0]


def first_name_words(text: str, /) -> tuple[str, ...]:
    """The words of a first name or list: comparison form, `-` and `'` read as spaces.

    ```pycon
    >>> first_name_words("Jean-Christophe d'Arc")
    ('JEAN', 'CHRISTOPHE', 'D', 'ARC')

    ```
    """
    return tuple(_comparison_form(text).replace("-", " ").replace("'", " ").split())


def is_coherent_first_name(first_name: str, first_names: str | Sequence[str], /) -> bool:
    """True when `first_name` is coherent with the list `first_names`
    (docs/domain/traits.md#first-name-coherence).

    `first_names` is the INSi string (names separated by spaces) or a sequence of names.
    Accents, case, hyphens and apostrophes do not matter; an empty first name is never coherent.
    Because `-` counts as a space, `PIERRE` is coherent with `PIERRE-ALAIN MURIEL` (a
    consequence of the rule, kept).

    ```pycon
    >>> is_coherent_first_name("JEAN-CHRISTOPHE-PIERRE", ["JEAN", "CHRISTOPHE", "PIERRE"])
    True
    >>> is_coherent_first_name("JEANNE", "JEAN CHRISTOPHE PIERRE")
    False

    ```
    """
    if not isinstance(cast(object, first_name), str):
        return False
    if not isinstance(first_names, str):
        if not isinstance(first_names, Sequence) or not all(
            isinstance(name, str) for name in first_names
        ):
            return False  # a predicate: anything but text or a sequence of text is not coherent
        first_names = " ".join(first_names)
    words = first_name_words(first_name)
    reference = first_name_words(first_names)
    return bool(words) and reference[: len(words)] == words
