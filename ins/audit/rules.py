"""The rules that make two rows potential duplicates (ADR 0061).

Inside a block of equal birth date and sex: the same normalised birth name and first first name
(`exact`); birth names within one edit or one adjacent transposition, first first names equal
(`birth_name_edit`); first first names within one edit, birth names equal
(`first_name_edit`); the same first names in another order, birth names equal
(`first_names_order`). Every rule needs equal birth names or equal first first names.

```pycon
>>> link_rule(("DUPONT", "JEAN PIERRE"), ("DUPOND", "JEAN"))
'birth_name_edit'

```
"""

from __future__ import annotations

__all__ = [
    "RULE_BIRTH_NAME_EDIT",
    "RULE_EXACT",
    "RULE_FIRST_NAMES_ORDER",
    "RULE_FIRST_NAME_EDIT",
    "link_rule",
    "within_one_edit",
]

RULE_EXACT = "exact"
RULE_BIRTH_NAME_EDIT = "birth_name_edit"
RULE_FIRST_NAME_EDIT = "first_name_edit"
RULE_FIRST_NAMES_ORDER = "first_names_order"


def within_one_edit(a: str, b: str, /) -> bool:
    """True when `a` and `b` are equal or one insertion, deletion, substitution or swap of
    two adjacent characters apart (optimal string alignment distance at most 1).

    ```pycon
    >>> within_one_edit("DUPONT", "DUPOND"), within_one_edit("MARTIN", "MATRIN")
    (True, True)
    >>> within_one_edit("MARTIN", "MARTINEZ"), within_one_edit("ANNE", "ANNA-MARIE")
    (False, False)

    ```
    """
    if a == b:
        return True
    la, lb = len(a), len(b)
    if la == lb:
        i = 0
        while a[i] == b[i]:
            i += 1
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la - lb == 1:
        a, b, la = b, a, lb
    elif lb - la != 1:
        return False
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def link_rule(a: tuple[str, str], b: tuple[str, str], /) -> str | None:
    """Why two (birth name, first names) pairs are potential duplicates, or `None`.

    ```pycon
    >>> link_rule(("DUPONT", "JEAN PIERRE"), ("DUPOND", "JEAN"))
    'birth_name_edit'

    ```
    """
    name_a, firsts_a = a
    name_b, firsts_b = b
    first_a = firsts_a.split(" ", 1)[0]
    first_b = firsts_b.split(" ", 1)[0]
    if name_a == name_b and first_a == first_b:
        return RULE_EXACT
    if first_a == first_b and within_one_edit(name_a, name_b):
        return RULE_BIRTH_NAME_EDIT
    if name_a == name_b:
        if within_one_edit(first_a, first_b):
            return RULE_FIRST_NAME_EDIT
        if " " in firsts_a and sorted(firsts_a.split(" ")) == sorted(firsts_b.split(" ")):
            return RULE_FIRST_NAMES_ORDER
    return None
