"""Speed and memory of the patient-file audit (issue 19; figures in docs/audit-performance.md).

For generated files of ``small`` and ``n`` rows (300 000 and a million by default, with planted
anomalies, duplicates and collisions), in the same run:

1. the baseline: a bare ``csv.reader`` pass over the file (best of ``runs``);
2. the command as shipped: ``ins audit FILE`` with its default options (``--jobs auto``: two
   processes on this machine), timed inside a fresh process around ``ins.cli.main`` (the
   interpreter's start and the imports excluded, the other processes' start included);
   target: at most 10x the baseline, at both sizes;
3. one process: ``audit_csv(path, jobs=1)`` (reported, not a target);
4. peak resident memory of the command's processes;
5. Dask: ``ins.audit.dask.audit_dataframe`` on a ``distributed.LocalCluster`` of two worker
   processes (the cluster's start apart), reading the same file with ``dd.read_csv``.

Each figure is the median of ``runs`` runs, with the lowest and highest (``*_min``, ``*_max``):
the machine is shared, take final figures when it is quiet.

Run:

    python tests/benchmarks/bench_audit.py [ROWS [SMALL [RUNS]]]

No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from ins.testing.patient_files import write_patient_file

# One measured pass in a fresh process: prints [wall seconds, peak bytes of this process, peak
# bytes of its children]. Peaks are read from /proc/self/status (VmHWM) where there is one.
_CHILD = """
import contextlib, csv, datetime, io, json, pathlib, resource, sys, time

def peak():
    status = pathlib.Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    found = [int(line.split()[1]) * 1024 for line in lines if line.startswith("VmHWM:")]
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes or KiB
    return found[0] if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale

def main():
    what, path = sys.argv[1], sys.argv[2]
    today = datetime.date(2026, 1, 1)
    if what == "csv":
        started = time.perf_counter()
        with open(path, encoding="utf-8", newline="") as handle:
            for _ in csv.reader(handle, delimiter=";"):
                pass
    elif what == "command":
        import ins.audit.cli, ins.audit.engine, ins.audit.shards, ins.audit.html, ins.cli
        import ins.audit.output
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            ins.cli.main(["audit", path])
    elif what == "one":
        from ins.audit import audit_csv
        started = time.perf_counter()
        audit_csv(path, today=today, jobs=1)
    else:  # dask
        import dask.dataframe as dd
        from distributed import Client, LocalCluster
        from ins.audit.dask import audit_dataframe
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster):
            started = time.perf_counter()
            df = dd.read_csv(path, sep=";", dtype=str, keep_default_na=False, blocksize="16MiB")
            audit_dataframe(df, today=today)
            wall = time.perf_counter() - started
        print(json.dumps([wall, peak(), 0]))
        return
    wall = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps([wall, peak(), children]))

if __name__ == "__main__":
    main()
"""


def _run(what: str, path: Path) -> tuple[float, float]:
    """Wall-clock seconds and peak memory (MiB, the largest process) of one pass."""
    with tempfile.TemporaryDirectory() as here:
        script = Path(here) / "bench_child.py"  # spawned processes need a main module file
        script.write_text(_CHILD, encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(script), what, str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    wall, own, children = json.loads(out.splitlines()[-1])
    return wall, max(own, children) / (1024 * 1024)


def _median(what: str, path: Path, runs: int) -> tuple[float, float, float, float]:
    """Median, lowest and highest seconds of ``runs`` passes, and the highest peak (MiB)."""
    passes = [_run(what, path) for _ in range(runs)]
    seconds = [wall for wall, _ in passes]
    return statistics.median(seconds), min(seconds), max(seconds), max(p for _, p in passes)


def main(n: int = 1_000_000, small: int = 300_000, runs: int = 3) -> dict[str, float]:
    """Run the benchmark on ``small`` and ``n`` generated rows; print and return the figures."""
    figures: dict[str, float] = {"rows": float(n), "small_rows": float(small)}
    with tempfile.TemporaryDirectory() as directory:
        for size, label in ((small, "small"), (n, "large")):
            path = Path(directory) / f"{label}.csv"
            write_patient_file(path, size, seed=1)
            baseline = _median("csv", path, runs)
            command = _median("command", path, runs)
            figures[f"{label}_csv_reader_seconds"] = baseline[0]
            figures[f"{label}_command_seconds"] = command[0]
            figures[f"{label}_ratio"] = command[0] / baseline[0]
            figures[f"{label}_ratio_min"] = command[1] / baseline[0]
            figures[f"{label}_ratio_max"] = command[2] / baseline[0]
            figures[f"{label}_peak_memory_mb"] = command[3]
            if label == "large":
                one = _median("one", path, runs)
                figures["one_process_seconds"] = one[0]
                figures["one_process_ratio"] = one[0] / baseline[0]
                figures["one_process_peak_memory_mb"] = one[3]
            dask = _median("dask", path, 1)
            figures[f"{label}_dask_seconds"] = dask[0]
            figures[f"{label}_dask_ratio"] = dask[0] / baseline[0]
    for label, size in (("small", small), ("large", n)):
        print(f"rows: {size}")
        print(f"  csv.reader (baseline): {figures[f'{label}_csv_reader_seconds']:.2f} s")
        print(
            f"  ins audit FILE (default options): {figures[f'{label}_command_seconds']:.2f} s "
            f"= {figures[f'{label}_ratio']:.1f}x the baseline (runs "
            f"{figures[f'{label}_ratio_min']:.1f}x to {figures[f'{label}_ratio_max']:.1f}x; "
            "target 10x)"
        )
        print(f"  peak memory of the command: {figures[f'{label}_peak_memory_mb']:.0f} MiB")
        print(
            f"  Dask, LocalCluster of 2 worker processes: {figures[f'{label}_dask_seconds']:.2f} s"
            f" = {figures[f'{label}_dask_ratio']:.1f}x"
        )
    print(
        f"one process (audit_csv, jobs=1), {n} rows: {figures['one_process_seconds']:.2f} s = "
        f"{figures['one_process_ratio']:.1f}x, peak {figures['one_process_peak_memory_mb']:.0f} MiB"
    )
    return figures


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:4]]
    main(*arguments)
