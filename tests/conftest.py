"""Shared test configuration: Hypothesis profiles, and the shared test modules by name.

``ci`` (selected when the ``CI`` environment variable is set) is derandomised with no deadline and
a fixed number of examples, so that a failure in CI reproduces; ``dev`` is the default. ``fuzz``
is the profile of the fuzz run (``tests/fuzz``, marked ``fuzz``, ADR 0106), whatever profile is
loaded: not derandomised, so that each run explores new inputs (the derandomised ``ci`` profile
hid a crash the ``dev`` one found), with a fixed number of examples per target
(``INS_FUZZ_EXAMPLES``, 300 by default) so that its time is bounded; a failure prints the blob
that reproduces it, and each crash found is kept as an ``@example``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    max_examples=200,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=int(os.environ.get("INS_FUZZ_EXAMPLES", "300")),
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# The shared modules of the tests, importable by name from every test module (with the importlib
# import mode the test folders are not on sys.path); loaded once, by path: tests/helpers.py as
# ``helpers``, and tests/fuzz/fuzzing.py as ``fuzzing`` (it reads the ``fuzz`` profile above).
for _name, _path in (("helpers", "helpers.py"), ("fuzzing", "fuzz/fuzzing.py")):
    if _name not in sys.modules:
        _spec = importlib.util.spec_from_file_location(_name, Path(__file__).parent / _path)
        assert _spec is not None
        assert _spec.loader is not None
        _module = importlib.util.module_from_spec(_spec)
        sys.modules[_name] = _module
        _spec.loader.exec_module(_module)
