"""Smoke test of ``tests/benchmarks/bench_audit.py``: it runs and reports its figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).parent / "benchmarks" / "bench_audit.py"


def _bench_module() -> object:
    spec = importlib.util.spec_from_file_location("bench_audit", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_main_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _bench_module().main(2000)  # type: ignore[attr-defined]
    assert set(figures) == {
        "rows",
        "csv_reader_seconds",
        "audit_seconds",
        "ratio",
        "csv_reader_cpu_seconds",
        "audit_cpu_seconds",
        "ratio_cpu",
        "audit_jobs2_seconds",
        "ratio_jobs2",
        "rows_per_second",
        "small_rows",
        "small_audit_seconds",
        "linearity",
        "peak_memory_mb",
    }
    assert figures["rows"] == 2000
    assert figures["small_rows"] == 200
    assert figures["peak_memory_mb"] > 0
    assert "rows: 2000" in capsys.readouterr().out
