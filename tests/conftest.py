"""Shared test configuration: Hypothesis profiles, and ``tests/helpers.py`` as ``helpers``.

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

# The shared assertions of tests/helpers.py, importable as ``helpers`` by every test module (with
# the importlib import mode the test folders are not on sys.path); loaded once, by path.
if "helpers" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "helpers", Path(__file__).with_name("helpers.py")
    )
    assert _spec is not None
    assert _spec.loader is not None
    _helpers = importlib.util.module_from_spec(_spec)
    sys.modules["helpers"] = _helpers
    _spec.loader.exec_module(_helpers)
