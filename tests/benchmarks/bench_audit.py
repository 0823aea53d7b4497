"""Speed and memory of the patient-file audit (issue 9).

1. A generated file of ``n`` rows (a million by default, with planted anomalies, duplicates and
   collisions) is read once with a bare ``csv.reader`` (the baseline, best of three) and audited
   with ``ins.audit.audit_csv`` in the same run: the ratio is the cost of every check.
   Target: at most 10x the baseline (stretch: 5x).
2. The same audit with two processes (``jobs=2``, shards merged).
3. Linearity: the audit of ``n // 10`` rows, per row, against the audit of ``n`` rows, per row
   (1.0 means linear; duplicates are searched in blocks, never pair by pair).
4. Peak memory of the audit process (target: under 1 GB for a million rows).

Each pass runs in a fresh process, as ``ins audit`` does, and is timed there around the call
alone (not the interpreter's start): a process that has already built and freed millions of
objects (this one, which writes the files) runs the same audit 5% to 15% slower.

Run:

    python tests/benchmarks/bench_audit.py [ROWS]

No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from ins.testing.patient_files import write_patient_file

# One measured pass, in a fresh process: prints wall-clock seconds, CPU seconds and the peak
# resident size in bytes, read from /proc/self/status (VmHWM) where there is one: ru_maxrss may
# count the memory of the parent that started the process (Linux keeps it across fork and exec).
_CHILD = """
import csv, datetime, json, pathlib, resource, sys, time
from ins.audit import audit_csv

what, path, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
started, cpu = time.perf_counter(), time.process_time()
if what == "csv":
    with open(path, encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle, delimiter=";"):
            pass
else:
    audit_csv(path, today=datetime.date(2026, 1, 1), jobs=jobs)
wall, cpu = time.perf_counter() - started, time.process_time() - cpu
status = pathlib.Path("/proc/self/status")
lines = status.read_text().splitlines() if status.exists() else []
peak = [int(line.split()[1]) * 1024 for line in lines if line.startswith("VmHWM:")]
if not peak:
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes or KiB
    peak = [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale]
print(json.dumps([wall, cpu, peak[0]]))
"""


def _run(what: str, path: Path, jobs: int = 1) -> tuple[float, float, float]:
    """Wall-clock seconds, CPU seconds (of that process) and peak memory (MiB) of one pass."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, what, str(path), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wall, cpu, peak = json.loads(out.splitlines()[-1])
    return wall, cpu, peak / (1024 * 1024)


def main(n: int = 1_000_000) -> dict[str, float]:
    """Run the benchmark on ``n`` generated rows; print and return the figures."""
    with tempfile.TemporaryDirectory() as directory:
        big, small = Path(directory) / "big.csv", Path(directory) / "small.csv"
        write_patient_file(big, n, seed=1)
        write_patient_file(small, max(n // 10, 1), seed=2)
        baseline, baseline_cpu, _ = min(_run("csv", big) for _ in range(3))
        audit_seconds, audit_cpu, peak_mb = _run("audit", big)
        parallel_seconds, _, _ = _run("audit", big, jobs=2)
        small_seconds, small_cpu, _ = _run("audit", small)
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
