"""Smoke test of ``tests/benchmarks/bench_insi.py``: it runs small and returns its figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).parent / "benchmarks" / "bench_insi.py"


def test_bench_insi_runs_small(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_insi", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.main(2_000, samples=50)
    assert set(figures) == {
        "registration_us",
        "search_us_baseline",
        "search_us_large",
        "search_ratio",
        "soap_build_per_s",
        "soap_parse_per_s",
        "mock_search_us",
        "soap_search_us",
        "soap_overhead_ratio",
    }
    assert all(value > 0 for value in figures.values())
    assert "ratio" in capsys.readouterr().out
