"""The duplicate engine: edit rule, link rules, and the linear index against every pair."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins.audit.duplicates import (
    _PAIRWISE_LIMIT,
    DuplicateIndex,
    Entry,
    _block_groups,
    collision_groups,
    link_rule,
    proven_different,
    within_one_edit,
)


def _entry(
    row: int, local_id: str, name: str, firsts: str, *, ins: str = "", homonyms: str = ""
) -> Entry:
    first = firsts.split(" ", 1)[0]
    return (row, local_id, name, firsts, first, "M", "1980-01-01", "", ins, homonyms)


def _osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, the textbook dynamic programme (reference only)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


EDITS = [
    # (a, b, within one edit)
    ("DUPONT", "DUPONT", True),  # equal
    ("DUPONT", "DUPOND", True),  # substitution at the end
    ("DUPONT", "UPONT", True),  # deletion at the start
    ("DUPONT", "DUPONTE", True),  # insertion at the end
    ("MARTIN", "MRATIN", True),  # adjacent transposition
    ("MARTIN", "NITRAM", False),  # reversed
    ("MARTIN", "MATRIX", False),  # two substitutions
    ("AB", "BA", True),  # transposition of the whole string
    ("", "A", True),  # from nothing
    ("", "AB", False),
    ("ABC", "CAB", False),  # a rotation is two edits
]


def test_edit_table() -> None:
    for a, b, expected in EDITS:
        assert within_one_edit(a, b) is expected, (a, b)
        assert within_one_edit(b, a) is expected, (b, a)


@given(st.text("ABC", max_size=7), st.text("ABC", max_size=7))
def test_within_one_edit_is_osa_distance_at_most_one(a: str, b: str) -> None:
    assert within_one_edit(a, b) == (_osa_distance(a, b) <= 1)


LINKS = [
    # ((birth name, first names), (birth name, first names), rule or None)
    (("DUPONT", "JEAN PAUL"), ("DUPONT", "JEAN"), "exact"),
    (("DUPONT", "JEAN"), ("DUPOND", "JEAN"), "birth_name_edit"),
    (("DUPONT", "JEAN"), ("DUPONT", "JEANNE"), None),  # two insertions
    (("DUPONT", "JEAN"), ("DUPONT", "JAEN"), "first_name_edit"),
    (("DUPONT", "JEAN PAUL"), ("DUPONT", "PAUL JEAN"), "first_names_order"),
    (("DUPONT", "JEAN PAUL"), ("DUPOND", "PAUL JEAN"), None),  # order and name both differ
    (("DUPONT", "JEAN-PAUL"), ("DUPONT", "PAUL-JEAN"), None),  # one compound name, not a list
]


def testlink_rules() -> None:
    for a, b, rule in LINKS:
        assert link_rule(a, b) == rule, (a, b)
        assert link_rule(b, a) == rule, (b, a)


def test_same_local_id_is_not_a_duplicate() -> None:
    index = DuplicateIndex()
    index.add(("1980-01-01", "M"), _entry(1, "A", "DUPONT", "JEAN"))
    index.add(("1980-01-01", "M"), _entry(2, "A", "DUPONT", "JEAN"))
    assert list(index.groups()) == []
    index.add(("1980-01-01", "M"), _entry(3, "B", "DUPOND", "JEAN"))
    (group,) = index.groups()
    assert (group.rows, group.local_ids, group.group_id) == ((1, 2, 3), ("A", "A", "B"), "D1")
    assert len(index) == 3


def _brute_force(
    block: list[Entry], known: dict[str, frozenset[str]] | None = None
) -> set[tuple[int, ...]]:
    """Groups by comparing every pair of rows (quadratic: the reference)."""
    parent = list(range(len(block)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(block)):
        for j in range(i + 1, len(block)):
            linked = link_rule(block[i][2:4], block[j][2:4]) is not None  # type: ignore[arg-type]
            if linked and not proven_different(block[i], block[j], known or {}):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(block)):
        groups.setdefault(find(i), []).append(i)
    return {
        tuple(sorted(block[i][0] for i in members))
        for members in groups.values()
        if len({block[i][1] for i in members}) > 1
    }


names = st.text("ABN", min_size=1, max_size=5)
first_names = st.lists(st.sampled_from(["JO", "JA", "AL", "OJ"]), min_size=1, max_size=3).map(
    " ".join
)


@given(
    st.lists(st.tuples(names, first_names, st.sampled_from("abc")), max_size=3 * _PAIRWISE_LIMIT)
)
def test_block_groups_match_every_pair(rows: list[tuple[str, str, str]]) -> None:
    # Blocks above the pairwise limit use the one-deletion index: same groups as every pair.
    block = [_entry(i, local_id, name, firsts) for i, (name, firsts, local_id) in enumerate(rows)]
    found = {group.rows for group in _block_groups(list(block), {})}
    assert found == _brute_force(block)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["AB", "ABN", "BA"]),
            st.sampled_from(["JO", "JA", "JO AL"]),
            st.sampled_from("abcd"),
            st.sampled_from(["", "", "1", "2"]),  # the INS of a QUAL row
            st.sampled_from(["", "", "HOMA", "HOMD", "HOMA HOMD"]),
        ),
        max_size=40,
    ),
    st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), max_size=3),
)
def test_decided_pairs_match_every_pair(
    rows: list[tuple[str, str, str, str, str]], pairs: list[tuple[str, str]]
) -> None:
    # Proven homonyms, two INS and known pairs cut links: the same components as cutting them
    # pair by pair (ADR 0068).
    block = [
        _entry(i, lid, name, firsts, ins=ins, homonyms=homs)
        for i, (name, firsts, lid, ins, homs) in enumerate(rows)
    ]
    known: dict[str, frozenset[str]] = {}
    for a, b in pairs:
        known[a] = known.get(a, frozenset()) | {b}
        known[b] = known.get(b, frozenset()) | {a}
    found = {group.rows for group in _block_groups(list(block), known)}
    assert found == _brute_force(block, known)


@pytest.mark.parametrize("seed", range(4))
def test_large_groups_match_every_pair(seed: int) -> None:
    # Groups of more than _PAIRWISE_LIMIT names sharing a birth name or a first first name are
    # searched through one-deletion variants: same groups as every pair.
    pick = random.Random(seed)
    block = [
        _entry(
            row,
            f"L{pick.randrange(40)}",
            pick.choice(["AB", "ABN", "BAN", "NAB", "AN", "B", "ABB"])
            + pick.choice(["", "A", "N"]),
            pick.choice(["JO", "JA", "AL", "OJ", "JOA"])
            + pick.choice(["", " JO", " AL JA", " JA"]),
        )
        for row in range(150)
    ]
    # And groups of many first names sharing a birth name.
    block += [
        _entry(
            row,
            f"L{pick.randrange(40)}",
            pick.choice(["AB", "AN"]),
            " ".join("".join(pick.choices("JOAL", k=pick.randint(1, 3))) for _ in range(2)),
        )
        for row in range(150, 300)
    ]
    found = {group.rows for group in _block_groups(list(block), {})}
    assert found == _brute_force(block)
    assert len(found) > 0


def test_collision_groups_order_and_rule() -> None:
    traits = ("A", "B", "M", "1980-01-01", "")
    index = {
        "1@x": [(5, "E", traits), (2, "B", (*traits[:4], "75056"))],  # one birthplace missing
        # Two different birthplaces: a collision, and the row without one belongs to it too.
        "2@x": [
            (4, "D", (*traits[:4], "75056")),
            (3, "C", (*traits[:4], "99350")),
            (1, "A", traits),
        ],
        "4@x": [(7, "G", traits), (8, "H", ("A", "B", "F", "1980-01-01", ""))],
        "3@x": [(6, "F", traits)],
    }
    assert [(g.group_id, g.rows) for g in collision_groups(index)] == [
        ("C1", (1, 3, 4)),
        ("C7", (7, 8)),
    ]
