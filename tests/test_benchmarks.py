"""Smoke tests of ``tests/benchmarks/bench_*.py``: each runs small and reports its figures.

No time is asserted (the figures depend on the machine): each benchmark's ``main`` is called with
a small ``n``, and the test checks the names of the figures it promises, what it printed, and the
few values that do not depend on time. A new benchmark without a row in ``BENCHMARKS`` fails
``test_every_benchmark_has_a_smoke_test``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ins import nir
from ins._names import is_valid_insi_name, normalize_birth_name
from ins.interop import to_fhir_identifier

HERE = Path(__file__).parent / "benchmarks"


def load(topic: str) -> Any:
    """Import ``tests/benchmarks/bench_<topic>.py`` by path (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{topic}", HERE / f"bench_{topic}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _strategy_figures(module: ModuleType) -> set[str]:
    # One time and one ratio per strategy the benchmark lists.
    names = set(module.CASES)
    return {f"{name}_us" for name in names} | {f"{name}_ratio" for name in names}


@dataclass(frozen=True)
class Smoke:
    """How to run one benchmark small, and what it must report."""

    args: tuple[int, ...]  # positional arguments of ``main``: the small ``n``
    figures: frozenset[str] | Callable[[ModuleType], set[str]]  # the names of the figures
    printed: str  # a piece of what ``main`` prints
    kwargs: Mapping[str, int] = field(default_factory=dict)  # keyword options of ``main``
    exact: Mapping[str, float] = field(default_factory=dict)  # figures that are not times
    positive: tuple[str, ...] | None = None  # the figures that must be > 0 (None: all)


BENCHMARKS: dict[str, Smoke] = {
    "audit": Smoke(
        (2000, 1000, 1),
        frozenset(
            {"rows", "small_rows", "one_process_seconds", "one_process_ratio"}
            | {"one_process_peak_memory_mb"}
            | {
                f"{size}_{figure}"
                for size in ("small", "large")
                for figure in (
                    "csv_reader_seconds",
                    "command_seconds",
                    "ratio",
                    "ratio_min",
                    "ratio_max",
                    "peak_memory_mb",
                    "dask_seconds",
                    "dask_ratio",
                )
            }
        ),
        "rows: 2000",
        exact={"rows": 2000, "small_rows": 1000},
    ),
    "import": Smoke(
        (1,),
        frozenset(
            {
                "baseline_stdnum_ms",
                "baseline_pydantic_ms",
                "import_ins_ms",
                "nir_is_valid_ms",
                "traits_ms",
                "identity_ms",
                "insi_mock_ms",
                "insi_soap_ms",
                "insi_server_ms",
                "interop_ms",
                "audit_ms",
                "import_ins_vs_stdnum",
            }
        ),
        "import ins",
    ),
    "insi": Smoke(
        (2_000,),
        frozenset(
            {
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
        ),
        "ratio",
        kwargs={"samples": 50},
    ),
    "insi_server": Smoke(
        (40,),
        frozenset(
            {
                "memory_search_us",
                "http_search_us",
                "http_overhead_ratio",
                "keep_alive_us",
                "keep_alive_nagle_us",
                "keep_alive_gain_ratio",
                "concurrent_per_s",
                "concurrent_p99_ms",
                "attacked_per_s",
                "attacked_p99_ms",
                "attacked_ratio",
                "server_rss_mb",
                "growth_bytes_per_search",  # about 0: may be negative
                "million_faults_growth_kb",  # about 0: may be negative
            }
        ),
        "hostile clients",
        kwargs={"threads": 4},
        positive=(
            "memory_search_us",
            "http_search_us",
            "keep_alive_us",
            "keep_alive_nagle_us",
            "concurrent_per_s",
            "attacked_per_s",
            "server_rss_mb",
        ),
    ),
    "interop": Smoke(
        (3,),
        frozenset(
            {
                "naive_identifier_us",
                "fhir_identifier_us",
                "fhir_patient_us",
                "hl7v2_pid_us",
                "datamatrix_us",
                "datamatrix_decode_us",
                "mssante_us",
                "demo_scenario_ms",
                "fhir_identifier_vs_naive",
            }
        ),
        "hand-written dict",
    ),
    "names": Smoke(
        (300,),
        frozenset(
            {
                "file_baseline_s",
                "file_ins_s",
                "file_ratio",
                "cold_baseline_s",
                "cold_ins_s",
                "cold_ratio",
            }
        ),
        "distinct names",
    ),
    "nir": Smoke(
        (200,),
        frozenset(
            {
                "stdnum_is_valid_ns",
                "is_valid_ns",
                "validate_ns",
                "parse_ns",
                "is_valid_speedup",
                "validate_speedup",
                "valid_share",
            }
        ),
        "x stdnum",
    ),
    "status": Smoke(
        (5,),
        frozenset(
            {
                "naive_table_ns",
                "compute_status_ns",
                "front_desk_us",
                "replay_us",
                "json_round_trip_us",
                "compute_status_vs_naive",
                "replay_vs_live",
            }
        ),
        "naive 2x2 lookup",
    ),
    "strategies": Smoke(
        (5,),
        _strategy_figures,
        "x baseline",
        exact={"baseline_digits_ratio": 1.0},  # the baseline against itself
    ),
}


def test_every_benchmark_has_a_smoke_test() -> None:
    on_disk = {path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py")}
    assert on_disk == set(BENCHMARKS)


@pytest.mark.parametrize("topic", sorted(BENCHMARKS))
def test_main_reports_every_figure(topic: str, capsys: pytest.CaptureFixture[str]) -> None:
    smoke = BENCHMARKS[topic]
    module = load(topic)
    figures = module.main(*smoke.args, **smoke.kwargs)
    expected = smoke.figures if isinstance(smoke.figures, frozenset) else smoke.figures(module)
    assert set(figures) == expected
    for name, value in smoke.exact.items():
        assert figures[name] == value, name
    positive = figures if smoke.positive is None else smoke.positive
    assert all(figures[name] > 0 for name in positive), figures
    assert smoke.printed in capsys.readouterr().out


# The workloads themselves: what each benchmark times is the realistic thing it claims to be.


def test_interop_baseline_builds_what_the_library_builds() -> None:
    module = load("interop")
    identity = module.qualified()
    assert identity.status.value == "QUAL"
    expected = to_fhir_identifier(identity)
    assert module.naive_identifier(expected["value"], "1.2.250.1.213.1.4.8") == expected


def test_names_workloads_are_realistic_and_normalisable() -> None:
    bench = load("names")
    file = bench.patient_file(2000)
    assert len(file) == 2000
    assert len(set(file)) < 1000  # surnames repeat
    cold = bench.distinct_names(2000)
    assert len(set(cold)) == 2000
    for name in file + cold:
        assert is_valid_insi_name(normalize_birth_name(name).normalized)


def test_nir_numbers_are_a_mix() -> None:
    data = load("nir").numbers(2000)
    valid = sum(map(nir.is_valid, data))
    assert 0.4 * len(data) < valid < 0.8 * len(data)
    assert len(set(data)) > 1900


def test_status_benchmarked_path_is_qualified() -> None:
    identity = load("status").front_desk()
    assert identity.status.value == "QUAL"
    assert len(identity.events) == 4
