"""Smoke test of ``tests/benchmarks/bench_insi_server.py``: it runs small, returns its figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).parent / "benchmarks" / "bench_insi_server.py"


def test_bench_insi_server_runs_small(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_insi_server", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.main(40, threads=4)
    assert set(figures) == {
        "memory_search_us",
        "http_search_us",
        "http_overhead_ratio",
        "concurrent_per_s",
        "concurrent_p99_ms",
    }
    assert all(value > 0 for value in figures.values())
    assert "ratio" in capsys.readouterr().out
