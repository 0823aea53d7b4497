"""Hypothesis strategies for ``ins`` values (needs the ``testing`` extra).

Each capability adds its strategies here; they are built from parts so that examples shrink
well (draw the sex, year, month, place and order, then compute the key; never filter random
digits).
"""

from __future__ import annotations

__all__: list[str] = []
