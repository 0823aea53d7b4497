"""Hypothesis strategies for ``ins`` values (needs the ``testing`` extra).

Each capability adds its strategies here; they are built from parts so that examples shrink
well (draw the sex, year, month, place and order, then compute the key; never filter random
digits).
"""

from __future__ import annotations

from ins.testing._identifiers import InvalidNir, ins_identifiers, invalid_nirs, nirs
from ins.testing._status import identities
from ins.testing._traits import (
    MessyName,
    birth_dates,
    birth_names,
    birthplaces,
    first_names,
    messy_names,
    nirs_with_traits,
    traits,
)

__all__: list[str] = [
    "InvalidNir",
    "MessyName",
    "birth_dates",
    "birth_names",
    "birthplaces",
    "first_names",
    "identities",
    "ins_identifiers",
    "invalid_nirs",
    "messy_names",
    "nirs",
    "nirs_with_traits",
    "traits",
]
