"""Smoke test of ``tests/benchmarks/bench_names.py``: it runs and reports its figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from ins.names import is_valid_insi_name, normalize_birth_name

BENCH = Path(__file__).parent / "benchmarks" / "bench_names.py"


def _bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_names", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_main_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _bench_module().main(300)
    assert set(figures) == {
        "file_baseline_s",
        "file_ins_s",
        "file_ratio",
        "cold_baseline_s",
        "cold_ins_s",
        "cold_ratio",
    }
    assert all(value > 0 for value in figures.values())
    assert "distinct names" in capsys.readouterr().out


def test_workloads_are_realistic_and_normalisable() -> None:
    bench = _bench_module()
    file = bench.patient_file(2000)
    assert len(file) == 2000
    assert len(set(file)) < 1000  # surnames repeat
    cold = bench.distinct_names(2000)
    assert len(set(cold)) == 2000
    for name in file + cold:
        assert is_valid_insi_name(normalize_birth_name(name).normalized)
