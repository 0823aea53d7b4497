"""Smoke test of ``tests/benchmarks/bench_nir.py``: it runs and reports its figures (no timing)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ins import nir

BENCH = Path(__file__).parent / "benchmarks" / "bench_nir.py"


def _bench_module() -> object:
    spec = importlib.util.spec_from_file_location("bench_nir", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_main_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _bench_module().main(200)  # type: ignore[attr-defined]
    assert set(figures) == {
        "stdnum_is_valid_ns",
        "is_valid_ns",
        "validate_ns",
        "parse_ns",
        "is_valid_speedup",
        "validate_speedup",
        "valid_share",
    }
    assert all(value > 0 for value in figures.values())
    assert "x stdnum" in capsys.readouterr().out


def test_numbers_are_a_mix() -> None:
    data = _bench_module().numbers(2000)  # type: ignore[attr-defined]
    valid = sum(map(nir.is_valid, data))
    assert 0.4 * len(data) < valid < 0.8 * len(data)
    assert len(set(data)) > 1900
