"""Smoke test of ``tests/benchmarks/bench_strategies.py``: it runs and reports (no timing)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).parent / "benchmarks" / "bench_strategies.py"


def test_main_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_strategies", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.main(5)
    names = set(module.CASES)
    assert set(figures) == {f"{n}_us" for n in names} | {f"{n}_ratio" for n in names}
    assert all(value > 0 for value in figures.values())
    assert figures["baseline_digits_ratio"] == 1.0
    assert "x baseline" in capsys.readouterr().out
