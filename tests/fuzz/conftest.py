"""The fuzz run (ADR 0106): every test here is marked ``fuzz``; ``fuzzing.py`` is importable as
``fuzzing`` (tests/conftest.py loads it)."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``fuzz`` (``-m fuzz`` runs them alone, ``-m "not fuzz"``
    leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.fuzz)
