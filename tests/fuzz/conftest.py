"""The fuzz run (ADR 0106): every test here is marked ``fuzz`` and loads ``fuzzing.py`` as
``fuzzing`` (with pytest's ``importlib`` import mode the test folders are not on ``sys.path``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

if "fuzzing" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "fuzzing", Path(__file__).with_name("fuzzing.py")
    )
    assert _spec is not None
    assert _spec.loader is not None
    _fuzzing = importlib.util.module_from_spec(_spec)
    sys.modules["fuzzing"] = _fuzzing
    _spec.loader.exec_module(_fuzzing)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``fuzz`` (``-m fuzz`` runs them alone, ``-m "not fuzz"``
    leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.fuzz)
