"""Smoke test of ``tests/benchmarks/bench_status.py``: it runs and reports its figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).parent / "benchmarks" / "bench_status.py"


def _bench_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_status", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_main_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _bench_module().main(5)
    assert set(figures) == {
        "naive_table_ns",
        "compute_status_ns",
        "front_desk_us",
        "replay_us",
        "json_round_trip_us",
        "compute_status_vs_naive",
        "replay_vs_live",
    }
    assert all(value > 0 for value in figures.values())
    assert "naive 2x2 lookup" in capsys.readouterr().out


def test_the_benchmarked_path_is_qualified() -> None:
    identity = _bench_module().front_desk()
    assert identity.status.value == "QUAL"
    assert len(identity.events) == 4
