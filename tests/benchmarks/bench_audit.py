"""Speed and memory of the patient-file audit (issue 9).

1. A generated file of ``n`` rows (a million by default, with planted anomalies, duplicates and
   collisions) is read once with a bare ``csv.reader`` (the baseline) and audited with
   ``ins.audit.audit_csv`` in the same run: the ratio is the cost of every check.
   Target: at most 10x the baseline (stretch: 5x).
2. The same audit with two processes (``jobs=2``, shards merged).
3. Linearity: the audit of ``n // 10`` rows, per row, against the audit of ``n`` rows, per row
   (1.0 means linear; duplicates are searched in blocks, never pair by pair).
4. Peak memory: the audit runs again in a fresh process and its peak resident size is read
   (target: under 1 GB for a million rows).

Run:

    python tests/benchmarks/bench_audit.py [ROWS]

No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ins.audit import audit_csv
from ins.testing.patient_files import write_patient_file

_TODAY = dt.date(2026, 1, 1)


def _bare_read(path: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of a bare ``csv.reader`` pass."""
    started, cpu = time.perf_counter(), time.process_time()
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle, delimiter=";"):
            pass
    return time.perf_counter() - started, time.process_time() - cpu


def _audit(path: Path, *, jobs: int = 1) -> tuple[float, float]:
    """Wall-clock and CPU seconds (of this process) of an audit."""
    started, cpu = time.perf_counter(), time.process_time()
    audit_csv(path, today=_TODAY, jobs=jobs)
    return time.perf_counter() - started, time.process_time() - cpu


_CHILD = """
import datetime, resource, sys
from ins.audit import audit_csv
audit_csv(sys.argv[1], today=datetime.date(2026, 1, 1))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_memory_mb(path: Path) -> float:
    """Peak resident size of a fresh process that audits ``path``, in MiB."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True
    ).stdout
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes or KiB
    return int(out.split()[-1]) / scale


def main(n: int = 1_000_000) -> dict[str, float]:
    """Run the benchmark on ``n`` generated rows; print and return the figures."""
    with tempfile.TemporaryDirectory() as directory:
        big, small = Path(directory) / "big.csv", Path(directory) / "small.csv"
        write_patient_file(big, n, seed=1)
        write_patient_file(small, max(n // 10, 1), seed=2)
        baseline, baseline_cpu = min(_bare_read(big) for _ in range(3))
        audit_seconds, audit_cpu = _audit(big)
        parallel_seconds, _ = _audit(big, jobs=2)
        small_seconds, small_cpu = _audit(small)
        peak_mb = _peak_memory_mb(big)
    # CPU time is steadier than wall-clock time on a shared machine: linearity uses it.
    per_row = audit_cpu / n
    small_per_row = small_cpu / max(n // 10, 1)
    figures = {
        "rows": float(n),
        "csv_reader_seconds": baseline,
        "audit_seconds": audit_seconds,
        "ratio": audit_seconds / baseline,
        "csv_reader_cpu_seconds": baseline_cpu,
        "audit_cpu_seconds": audit_cpu,
        "ratio_cpu": audit_cpu / baseline_cpu,
        "audit_jobs2_seconds": parallel_seconds,
        "ratio_jobs2": parallel_seconds / baseline,
        "rows_per_second": n / audit_seconds,
        "small_rows": float(max(n // 10, 1)),
        "small_audit_seconds": small_seconds,
        "linearity": per_row / small_per_row,
        "peak_memory_mb": peak_mb,
    }
    print(f"rows: {n}")
    print(f"csv.reader (baseline): {baseline:.2f} s")
    print(f"audit, 1 process: {audit_seconds:.2f} s = {figures['ratio']:.1f}x the baseline")
    print(
        f"CPU time: csv.reader {baseline_cpu:.2f} s, audit {audit_cpu:.2f} s = "
        f"{figures['ratio_cpu']:.1f}x"
    )
    print(f"audit, 2 processes: {parallel_seconds:.2f} s = {figures['ratio_jobs2']:.1f}x")
    print(f"rows per second (1 process): {figures['rows_per_second']:,.0f}")
    print(
        f"linearity (CPU): {per_row * 1e6:.1f} us/row at {n} rows vs "
        f"{small_per_row * 1e6:.1f} us/row at {n // 10} rows (ratio {figures['linearity']:.2f})"
    )
    print(f"peak memory of the audit process: {peak_mb:.0f} MiB")
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
