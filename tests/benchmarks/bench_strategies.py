"""Cost of the public strategies (issue 7): microseconds per generated example.

Each strategy of ``ins.testing.strategies`` drives a ``@given`` test with ``n`` examples
(generation phase only, derandomised, no database). The baseline, measured in the same run, is
Hypothesis drawing 15 random digits: the floor of any NIR strategy. A ratio near 1 means building
from parts costs little more than drawing noise; the composites (traits, identities) pay for the
validation of the values they build, through the public constructors.

Run:

    python tests/benchmarks/bench_strategies.py [EXAMPLES]

No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import sys
import time

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ins.testing import strategies

CASES: dict[str, st.SearchStrategy[object]] = {
    "baseline_digits": st.text("0123456789", min_size=15, max_size=15),
    "nirs": strategies.nirs(),
    "invalid_nirs": strategies.invalid_nirs(),
    "ins_identifiers": strategies.ins_identifiers(),
    "messy_names": strategies.messy_names(),
    "traits": strategies.traits(),
    "nirs_with_traits": strategies.nirs_with_traits(),
    "identities": strategies.identities(),
}


def _microseconds_per_example(strategy: st.SearchStrategy[object], n: int) -> float:
    seen = 0

    @settings(
        max_examples=n,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(_: object) -> None:
        nonlocal seen
        seen += 1

    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) / max(seen, 1) * 1e6


def main(n: int = 2000) -> dict[str, float]:
    """Time every strategy on ``n`` examples, print the figures, return them."""
    figures = {f"{name}_us": _microseconds_per_example(s, n) for name, s in CASES.items()}
    base = figures["baseline_digits_us"]
    print(f"{n} examples per strategy (generation only)")
    for name in CASES:
        value = figures[f"{name}_us"]
        figures[f"{name}_ratio"] = value / base
        print(f"  {name:<18} {value:9.1f} us/example  ({value / base:.1f}x baseline)")
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
