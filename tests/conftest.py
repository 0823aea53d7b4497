"""Shared test configuration: Hypothesis profiles.

``ci`` (selected when the ``CI`` environment variable is set) is derandomised with no deadline and
a fixed number of examples, so that a failure in CI reproduces; ``dev`` is the default.
"""

from __future__ import annotations

import os

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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
