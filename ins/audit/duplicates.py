"""The search for potential duplicates ("doublons") across the rows of a patient file.

Potential duplicates are rows of *different* local ids, in a block of equal birth date and sex,
that a rule of `ins.audit.rules` links (same names, one edit, first names reordered) and
that are not proven different persons (`proven_different`). Links are joined into groups
(connected components). Collisions are the other cross-row check (`ins.audit.collisions`).

Cost is linear in the number of rows: rows are only ever compared inside a block of equal birth
date and sex, and a large block is searched through one-deletion variants (two names within one
edit or transposition share a variant) instead of pair by pair (ADR 0060, 0061).

```pycon
>>> index = DuplicateIndex()
>>> key = ("1980-02-01", "M")
>>> index.add(key, (2, "A1", "DUPONT", "JEAN PIERRE", "JEAN", "M", "1980-02-01", "", "", ""))
>>> index.add(key, (3, "A2", "DUPOND", "JEAN", "JEAN", "M", "1980-02-01", "", "", ""))
>>> index.add(key, (4, "A3", "MARTIN", "JEAN", "JEAN", "M", "1980-02-01", "", "", ""))
>>> [(group.rows, group.rules) for group in index.groups()]
[((2, 3), ('birth_name_edit',))]

```
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from ins.audit.collisions import CollisionEntry, CollisionGroup, collision_groups
from ins.audit.rules import RULE_EXACT, link_rule, within_one_edit

__all__ = [
    "CollisionEntry",
    "CollisionGroup",
    "DuplicateGroup",
    "DuplicateIndex",
    "Entry",
    "collision_groups",
    "link_rule",
    "proven_different",
    "within_one_edit",
]

Entry = tuple[int, str, str, str, str, str, str, str, str, str]
"""What the audit keeps of a row for the cross-row checks: (row, local id, birth name, first
names, first first name, sex, birth date, birthplace, INS, homonym attributes). The duplicate
search reads the names (normalised), the INS (the matricule of a QUAL row, else "") and the
homonym attributes ("HOMA", "HOMD" or ""); the collision search the traits (the first of the
first names, ISO birth date, or the raw texts upper-cased where they cannot be read)."""

_PAIRWISE_LIMIT = 16  # up to this group size, comparing every pair is cheaper than an index


def _variants(text: str, /) -> Iterator[str]:
    """The text and every string obtained by deleting one of its characters."""
    yield text
    for i in range(len(text)):
        yield text[:i] + text[i + 1 :]


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Rows of at least two different local ids that may be the same person."""

    rows: tuple[int, ...]
    local_ids: tuple[str, ...]  # one per row, in the order of ``rows``
    rules: tuple[str, ...]  # why the rows were linked, sorted

    @property
    def group_id(self) -> str:
        """Stable name of the group: `D` and its first row."""
        return f"D{self.rows[0]}"


class DuplicateIndex:
    """Rows grouped by (birth date, sex), the blocking key, as `Entry` tuples.

    `known` maps a local id to the local ids already reviewed as other persons (the
    `known_pairs` of an audit): such pairs are never linked.
    """

    __slots__ = ("blocks", "known")

    def __init__(self, known: Mapping[str, AbstractSet[str]] | None = None, /) -> None:
        # Entries by blocking key, a list made on first use.
        self.blocks: defaultdict[tuple[str, str], list[Entry]] = defaultdict(list)
        self.known: Mapping[str, AbstractSet[str]] = known or {}

    def add(self, key: tuple[str, str], entry: Entry, /) -> None:
        """Remember one row: `key` is (birth date, sex); the names of `entry` are
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
            yield from _block_groups(block, self.known)


def proven_different(a: Entry, b: Entry, known: Mapping[str, AbstractSet[str]], /) -> bool:
    """Whether two rows are known to be different persons (ADR 0068): both carry HOMA (a
    proven homonym) or both HOMD, both are QUAL with different INS, or their local ids were
    already reviewed as different persons (`known`).

    ```pycon
    >>> row = (1, "A1", "DUPONT", "JEAN", "JEAN", "M", "1980-02-01", "", "", "HOMA")
    >>> proven_different(row, (2, "A2", *row[2:]), {})
    True
    >>> proven_different(row, (2, "A2", *row[2:9], ""), {"A1": {"A2"}})
    True

    ```
    """
    if a[8] and b[8] and a[8] != b[8]:
        return True
    if a[9] and b[9] and not set(a[9].split()).isdisjoint(b[9].split()):
        return True
    return b[1] in known.get(a[1], ())


def _block_groups(
    block: list[Entry], known: Mapping[str, AbstractSet[str]], /
) -> Iterator[DuplicateGroup]:
    """The groups of a block of rows (`DuplicateIndex.groups` skips the pairs that share
    neither a birth name nor a first first name)."""
    if len(block) == 2:  # the most common case, kept cheap
        first, second = sorted(block)
        rule = link_rule((first[2], first[3]), (second[2], second[3]))
        if (
            rule is not None
            and first[1] != second[1]
            and not proven_different(first, second, known)
        ):
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
    links = _links(list(distinct), by_name, by_first)
    shared = [slot for slot, positions in enumerate(members) if len(positions) > 1]
    if not links and not shared:
        return
    linked: dict[int, list[int]] = {}
    for i, j, _ in links:
        linked.setdefault(i, []).append(j)
        linked.setdefault(j, []).append(i)
    # Only slots in a link or holding several rows can be in a group.
    involved = sorted(set(linked).union(shared))
    components = list(_components(block, members, involved, linked, known))
    # Why each component is a group: the rules of the links between its slots, and "exact"
    # for a slot of which it holds rows of several local ids.
    slot_of = {p: slot for slot in involved for p in members[slot]}
    in_component: dict[int, set[int]] = {}
    rules: list[set[str]] = [set() for _ in components]
    for number, rows in enumerate(components):
        ids_by_slot: dict[int, set[str]] = {}
        for p in rows:
            in_component.setdefault(slot_of[p], set()).add(number)
            ids_by_slot.setdefault(slot_of[p], set()).add(block[p][1])
        if any(len(ids) > 1 for ids in ids_by_slot.values()):
            rules[number].add(RULE_EXACT)
    for i, j, rule in links:
        for number in in_component[i] & in_component[j]:
            rules[number].add(rule)
    for number, rows in enumerate(components):
        entries = sorted(block[p] for p in rows)
        if len({entry[1] for entry in entries}) < 2:
            continue
        yield DuplicateGroup(
            rows=tuple(entry[0] for entry in entries),
            local_ids=tuple(entry[1] for entry in entries),
            rules=tuple(sorted(rules[number] or {RULE_EXACT})),
        )


# The rows of a slot not reached yet by the search of _components, by class: homonym
# attributes ("", "HOMA", "HOMD"...), then INS ("" when the row is not QUAL with one).
_Left = dict[str, dict[str, list[int]]]


def _components(
    block: list[Entry],
    members: list[list[int]],
    involved: list[int],
    linked: Mapping[int, list[int]],
    known: Mapping[str, AbstractSet[str]],
    /,
) -> Iterator[list[int]]:
    """The rows (positions in `block`) linked together, component by component: the rows of
    one slot are linked, and the rows of two linked slots, but never two rows proven different
    (`proven_different`).

    A breadth-first search: each row reached takes, from the rows not reached yet of its slot
    and of the linked slots, those it is not proven different from. Keeping those rows by class
    (`_Left`) lets a row skip at once a whole class it is proven different from: the
    search is linear in the rows and the known pairs, even in a slot of many proven homonyms.
    """
    left: dict[int, _Left] = {}
    slot_of: dict[int, int] = {}
    for slot in involved:
        classes: _Left = {}
        for p in members[slot]:
            classes.setdefault(block[p][9], {}).setdefault(block[p][8], []).append(p)
            slot_of[p] = slot
        left[slot] = classes
    reached: set[int] = set()
    for slot in involved:
        for start in members[slot]:
            if start in reached:
                continue
            reached.add(start)  # left in its class: _take drops it
            component, queue = [start], [start]
            while queue:
                p = queue.pop()
                for other in (slot_of[p], *linked.get(slot_of[p], ())):
                    taken = _take(left[other], block, block[p], (known, reached))
                    reached.update(taken)
                    component.extend(taken)
                    queue.extend(taken)
            yield component


def _take(
    classes: _Left,
    block: list[Entry],
    row: Entry,
    decided: tuple[Mapping[str, AbstractSet[str]], set[int]],
    /,
) -> list[int]:
    """Remove from `classes` and return the rows that `row` is not proven different from
    (`decided`: the known pairs, and the rows already reached, dropped)."""
    known, reached = decided
    homonyms = set(row[9].split())
    others = known.get(row[1], ())
    taken: list[int] = []
    for flags in list(classes):
        if homonyms and not homonyms.isdisjoint(flags.split()):
            continue  # both HOMA, or both HOMD
        by_ins = classes[flags]
        # A QUAL row with an INS is different from any other INS: only its own and none.
        for ins in [key for key in ("", row[8]) if key in by_ins] if row[8] else list(by_ins):
            rows = [q for q in by_ins[ins] if q not in reached]
            kept = [q for q in rows if block[q][1] in others]
            taken.extend(q for q in rows if block[q][1] not in others)
            if kept:
                by_ins[ins] = kept
            else:
                del by_ins[ins]
        if not by_ins:
            del classes[flags]
    return taken


def _links(
    names: list[tuple[str, str]],
    by_name: dict[str, list[int]],
    by_first: dict[str, list[int]],
    /,
) -> list[tuple[int, int, str]]:
    """Pairs of distinct (birth name, first names) that are potential duplicates, with the rule.

    `by_name` and `by_first` list the positions in `names` of each birth name and each
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
        rule = link_rule(names[i], names[j])
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
