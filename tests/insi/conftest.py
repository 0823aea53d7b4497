"""Shared set-up of the INSi tests: makes the contract suite importable as ``insi_contract``.

The contract suite (``tests/insi/insi_contract.py``) runs the same tests on every INSi client:
a test module subclasses ``insi_contract.ContractSuite`` and defines the ``client`` fixture
(``MockInsi`` itself, ``SoapInsi(MockTransport(...))``, an HTTP client...). With pytest's
``importlib`` import mode the test folders are not on ``sys.path``, so the module is loaded
here by path, once, under a fixed name.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "insi_contract"

if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).with_name(f"{_NAME}.py"))
    assert _spec is not None
    assert _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[_NAME] = _module
    _spec.loader.exec_module(_module)
