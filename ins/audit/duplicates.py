"""Potential duplicates ("doublons") and collisions across the rows of a patient file.

Two cross-row checks of the audit (issue 9, domain.md 4.3 for the first-name rules):

- **potential duplicates**: rows of *different* local ids whose normalised birth name, first first
  name, sex and birth date agree; and, inside a block of equal birth date and sex, rows whose birth
  names are within one edit or one adjacent transposition (first first names equal), whose first
  first names are within one edit (birth names equal), or whose first names are the same list in
  another order (birth names equal). Links are joined into groups (connected components).
- **collisions**: one matricule (15 characters, same OID) written on rows whose traits differ
  (birth name, first first name, sex, birth date, and birthplace when both rows have one).

Cost is linear in the number of rows: rows are only ever compared inside a block of equal birth
date and sex, and a large block is searched through one-deletion variants (two names within one
edit or transposition share a variant) instead of pair by pair (ADR 0060, 0061).

>>> index = DuplicateIndex()
>>> key = ("1980-02-01", "M")
>>> index.add(key, (2, "A1", "DUPONT", "JEAN PIERRE", "JEAN", "M", "1980-02-01", ""))
>>> index.add(key, (3, "A2", "DUPOND", "JEAN", "JEAN", "M", "1980-02-01", ""))
>>> index.add(key, (4, "A3", "MARTIN", "JEAN", "JEAN", "M", "1980-02-01", ""))
>>> [(group.rows, group.rules) for group in index.groups()]
[((2, 3), ('birth_name_edit',))]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "CollisionEntry",
    "CollisionGroup",
    "DuplicateGroup",
    "DuplicateIndex",
    "Entry",
    "collision_groups",
    "within_one_edit",
]

Entry = tuple[int, str, str, str, str, str, str, str]
"""What the audit keeps of a row for the cross-row checks: (row, local id, birth name, first
names, first first name, sex, birth date, birthplace). The duplicate search reads the first four
(names normalised); the collision search the traits (the first of the first names, ISO birth
date, or the raw texts upper-cased where they cannot be read)."""
# One row kept for the collision search: (row, local id, (birth name, first first name, sex,
# birth date, birthplace)); a missing birthplace is "".
CollisionEntry = tuple[int, str, tuple[str, str, str, str, str]]

_PAIRWISE_LIMIT = 16  # up to this group size, comparing every pair is cheaper than an index

RULE_EXACT = "exact"
RULE_BIRTH_NAME_EDIT = "birth_name_edit"
RULE_FIRST_NAME_EDIT = "first_name_edit"
RULE_FIRST_NAMES_ORDER = "first_names_order"


def within_one_edit(a: str, b: str, /) -> bool:
    """True when ``a`` and ``b`` are equal or one insertion, deletion, substitution or swap of
    two adjacent characters apart (optimal string alignment distance at most 1).

    >>> within_one_edit("DUPONT", "DUPOND"), within_one_edit("MARTIN", "MATRIN")
    (True, True)
    >>> within_one_edit("MARTIN", "MARTINEZ"), within_one_edit("ANNE", "ANNA-MARIE")
    (False, False)
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


def _variants(text: str, /) -> Iterator[str]:
    """The text and every string obtained by deleting one of its characters."""
    yield text
    for i in range(len(text)):
        yield text[:i] + text[i + 1 :]


def _link_rule(a: tuple[str, str], b: tuple[str, str], /) -> str | None:
    """Why two (birth name, first names) pairs are potential duplicates, or ``None``."""
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


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Rows of at least two different local ids that may be the same person."""

    rows: tuple[int, ...]
    local_ids: tuple[str, ...]  # one per row, in the order of ``rows``
    rules: tuple[str, ...]  # why the rows were linked, sorted

    @property
    def group_id(self) -> str:
        """Stable name of the group: ``D`` and its first row."""
        return f"D{self.rows[0]}"


class _UnionFind:
    __slots__ = ("parent",)

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


class DuplicateIndex:
    """Rows grouped by (birth date, sex), the blocking key, as small tuples of normalised names."""

    __slots__ = ("blocks",)

    def __init__(self) -> None:
        # Entries by blocking key, a list made on first use.
        self.blocks: defaultdict[tuple[str, str], list[Entry]] = defaultdict(list)

    def add(self, key: tuple[str, str], entry: Entry, /) -> None:
        """Remember one row: ``key`` is (birth date, sex); the names of ``entry`` are
        normalised, first names separated by single spaces."""
        self.blocks[key].append(entry)

    def __len__(self) -> int:
        return sum(len(block) for block in self.blocks.values())

    def groups(self) -> Iterator[DuplicateGroup]:
        """Every group of potential duplicates, block by block."""
        # Every rule needs equal birth names or equal first first names: a pair where both
        # differ is skipped here, without calling the block search (ADR 0064).
        for block in self.blocks.values():
            size = len(block)
            if size == 2:
                a, b = block
                if a[2] != b[2] and a[3].split(" ", 1)[0] != b[3].split(" ", 1)[0]:
                    continue
            elif size < 2:
                continue
            yield from _block_groups(block)


def _block_groups(block: list[Entry], /) -> Iterator[DuplicateGroup]:
    """The groups of a block of rows (:meth:`DuplicateIndex.groups` skips the pairs that share
    neither a birth name nor a first first name)."""
    if len(block) == 2:  # the most common case, kept cheap
        first, second = sorted(block)
        rule = _link_rule((first[2], first[3]), (second[2], second[3]))
        if rule is not None and first[1] != second[1]:
            yield DuplicateGroup(
                rows=(first[0], second[0]), local_ids=(first[1], second[1]), rules=(rule,)
            )
        return
    # Identical (birth name, first names) pairs are searched once (slots): large blocks of one
    # placeholder identity stay linear. Every rule needs equal birth names or equal first first
    # names: the slots are also grouped by each, and only slots sharing a group are compared.
    distinct: dict[tuple[str, str], int] = {}
    members: list[list[int]] = []
    by_name: dict[str, list[int]] = {}
    by_first: dict[str, list[int]] = {}
    for position, entry in enumerate(block):
        name, firsts = entry[2], entry[3]
        slot = distinct.get((name, firsts))
        if slot is None:
            slot = distinct[name, firsts] = len(members)
            members.append([position])
            by_name.setdefault(name, []).append(slot)
            by_first.setdefault(firsts.split(" ", 1)[0], []).append(slot)
        else:
            members[slot].append(position)
    if len(by_name) == len(by_first) == len(block):  # nothing shared
        return
    names_list = list(distinct)
    links = _links(names_list, by_name, by_first)
    shared = [slot for slot, positions in enumerate(members) if len(positions) > 1]
    if not links and not shared:
        return
    union = _UnionFind(len(names_list))
    for i, j, _ in links:
        union.union(i, j)
    rules_of: dict[int, set[str]] = {}
    for i, _, rule in links:
        rules_of.setdefault(union.find(i), set()).add(rule)
    for slot in shared:
        if len({block[p][1] for p in members[slot]}) > 1:
            rules_of.setdefault(union.find(slot), set()).add(RULE_EXACT)
    # Only slots in a link or holding several rows can be in a group; a root is the smallest
    # slot of its component, so components come in the order of their first slot.
    involved = {slot for i, j, _ in links for slot in (i, j)}.union(shared)
    components: dict[int, list[int]] = {}
    for slot in sorted(involved):
        components.setdefault(union.find(slot), []).append(slot)
    for root, slots in components.items():
        entries = sorted(block[p] for slot in slots for p in members[slot])
        if len({entry[1] for entry in entries}) < 2:
            continue
        yield DuplicateGroup(
            rows=tuple(entry[0] for entry in entries),
            local_ids=tuple(entry[1] for entry in entries),
            rules=tuple(sorted(rules_of.get(root, {RULE_EXACT}))),
        )


def _links(
    names: list[tuple[str, str]],
    by_name: dict[str, list[int]],
    by_first: dict[str, list[int]],
    /,
) -> list[tuple[int, int, str]]:
    """Pairs of distinct (birth name, first names) that are potential duplicates, with the rule.

    ``by_name`` and ``by_first`` list the positions in ``names`` of each birth name and each
    first first name, in increasing order.
    """
    pairs: set[tuple[int, int]] = set()
    for groups, same_name in ((by_name, True), (by_first, False)):
        for group in groups.values():
            if len(group) <= 1:
                continue
            if len(group) <= _PAIRWISE_LIMIT:
                pairs.update(itertools.combinations(group, 2))
            else:
                pairs.update(_candidate_pairs(names, group, same_name=same_name))
    links = []
    for i, j in pairs:
        rule = _link_rule(names[i], names[j])
        if rule is not None:
            links.append((i, j, rule))
    return links


def _candidate_pairs(
    names: list[tuple[str, str]], group: list[int], /, *, same_name: bool
) -> set[tuple[int, int]]:
    """Pairs of a large group that may satisfy a rule, found through shared one-deletion
    variants (linear): of the first first name and the sorted first names when the group shares
    its birth name, of the birth name when it shares its first first name."""
    buckets: dict[tuple[int, str], list[int]] = {}
    for i in group:
        birth_name, first_names = names[i]
        if same_name:
            for variant in _variants(first_names.split(" ", 1)[0]):
                buckets.setdefault((1, variant), []).append(i)
            if " " in first_names:
                buckets.setdefault((2, " ".join(sorted(first_names.split(" ")))), []).append(i)
        else:
            for variant in _variants(birth_name):
                buckets.setdefault((0, variant), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if i != j:
                    pairs.add((i, j) if i < j else (j, i))
    return pairs


@dataclass(frozen=True, slots=True)
class CollisionGroup:
    """Rows carrying one matricule and OID with different traits."""

    matricule: str  # full 15 characters: mask it before showing it
    oid: str
    rows: tuple[int, ...]
    local_ids: tuple[str, ...]

    @property
    def group_id(self) -> str:
        """Stable name of the group: ``C`` and its first row."""
        return f"C{self.rows[0]}"


def collision_groups(index: dict[str, list[CollisionEntry]], /) -> Iterator[CollisionGroup]:
    """Collision groups of an index ``"matricule@oid" -> rows``, in the order of their first row."""
    found = []
    for key, entries in index.items():
        if len(entries) < 2:
            continue
        cores = {traits[:4] for _, _, traits in entries}
        places = {traits[4] for _, _, traits in entries} - {""}
        if len(cores) < 2 and len(places) < 2:
            continue
        ordered = sorted(entries)
        matricule, _, oid = key.partition("@")
        found.append(
            CollisionGroup(
                matricule=matricule,
                oid=oid,
                rows=tuple(entry[0] for entry in ordered),
                local_ids=tuple(entry[1] for entry in ordered),
            )
        )
    found.sort(key=lambda group: group.rows[0])
    return iter(found)
