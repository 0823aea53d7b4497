"""Collisions: one matricule (15 characters, same OID) written on rows whose traits differ.

The traits compared are the birth name, first first name, sex, birth date, and birthplace when
both rows have one (ADR 0060). The index `"matricule@oid" -> rows` travels in the report and is
searched after the reports of shards are merged.

```pycon
>>> traits = ("ADRUN", "ZOE", "F", "1975-12-31", "")
>>> [g.rows for g in collision_groups({"1@x": [(2, "B", traits), (1, "A", ("X", *traits[1:]))]})]
[(1, 2)]

```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["CollisionEntry", "CollisionGroup", "collision_groups"]

CollisionEntry = tuple[int, str, tuple[str, str, str, str, str]]
"""One row of the collision search: (row, local id, (birth name, first first name, sex, birth
date, birthplace)); a missing birthplace is ""."""


@dataclass(frozen=True, slots=True)
class CollisionGroup:
    """Rows carrying one matricule and OID with different traits."""

    matricule: str  # full 15 characters: mask it before showing it
    oid: str
    rows: tuple[int, ...]
    local_ids: tuple[str, ...]

    @property
    def group_id(self) -> str:
        """Stable name of the group: `C` and its first row."""
        return f"C{self.rows[0]}"


def collision_groups(index: dict[str, list[CollisionEntry]], /) -> Iterator[CollisionGroup]:
    """Collision groups of an index `"matricule@oid" -> rows`, in the order of their first row."""
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
