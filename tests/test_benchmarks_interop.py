"""Smoke test of ``tests/benchmarks/bench_interop.py``: it runs and reports its figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).parent / "benchmarks" / "bench_interop.py"


def _bench_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_interop", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_main_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _bench_module().main(3)
    assert set(figures) == {
        "naive_identifier_us",
        "fhir_identifier_us",
        "fhir_patient_us",
        "hl7v2_pid_us",
        "datamatrix_us",
        "mssante_us",
        "demo_scenario_ms",
        "fhir_identifier_vs_naive",
    }
    assert all(value > 0 for value in figures.values())
    assert "hand-written dict" in capsys.readouterr().out


def test_the_baseline_builds_what_the_library_builds() -> None:
    from ins.interop import to_fhir_identifier

    module = _bench_module()
    identity = module.qualified()
    assert identity.status.value == "QUAL"
    expected = to_fhir_identifier(identity)
    assert module.naive_identifier(expected["value"], "1.2.250.1.213.1.4.8") == expected
