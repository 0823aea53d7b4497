"""Start-up cost of ``ins``: what ``import ins`` and the first use of each layer cost.

Each statement runs in a fresh interpreter; the time of an empty interpreter is subtracted, and
the median of ``repeat`` runs is kept. Baselines in the same run: ``import stdnum.fr.nir`` (the
NIR module of python-stdnum) and ``import pydantic`` (what any record of ``ins`` needs). Run:

    python tests/benchmarks/bench_import.py

The layering test (tests/test_architecture.py) checks *which* modules load; this measures what
they cost. No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

#: The statements timed, by figure name.
STATEMENTS = {
    "empty": "pass",
    "baseline_stdnum": "import stdnum.fr.nir",
    "baseline_pydantic": "import pydantic",
    "import_ins": "import ins",
    "nir_is_valid": "import ins; ins.nir.is_valid('284052A32102552')",
    "traits": "import ins; ins.Traits",
    "identity": "import ins; ins.Identity",
    "insi_mock": "import ins.insi.mock",
    "insi_soap": "import ins.insi.soap",
    "insi_server": "import ins.insi.server",
    "interop": "import ins.interop",
    "audit": "import ins.audit",
}


def _run_ms(statement: str, /) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True)
    return (time.perf_counter() - started) * 1000


def main(repeat: int = 15) -> dict[str, float]:
    """Time each statement ``repeat`` times in fresh interpreters; print and return the medians
    (milliseconds, the empty interpreter subtracted)."""
    raw = {name: [_run_ms(code) for _ in range(repeat)] for name, code in STATEMENTS.items()}
    empty = statistics.median(raw.pop("empty"))
    figures = {
        f"{name}_ms": max(statistics.median(times) - empty, 0.01) for name, times in raw.items()
    }
    figures["import_ins_vs_stdnum"] = figures["import_ins_ms"] / figures["baseline_stdnum_ms"]
    print(f"start-up over an empty interpreter ({empty:.0f} ms), median of {repeat} runs:")
    for name in raw:
        print(f"  {STATEMENTS[name]:<52} {figures[f'{name}_ms']:7.1f} ms")
    print(f"import ins: {figures['import_ins_vs_stdnum']:.2f}x import stdnum.fr.nir")
    return figures


if __name__ == "__main__":
    main()
