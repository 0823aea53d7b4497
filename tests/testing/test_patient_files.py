"""The synthetic patient-file generator: deterministic, planted anomalies listed, valid data."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from ins import nir
from ins.testing.patient_files import (
    COLUMNS,
    DUPLICATE_KINDS,
    SINGLE_KINDS,
    PatientFileGenerator,
    write_patient_file,
)


def test_same_seed_same_file() -> None:
    first, second = PatientFileGenerator(500, seed=4), PatientFileGenerator(500, seed=4)
    assert list(first.rows()) == list(second.rows())
    assert first.planted == second.planted
    assert list(PatientFileGenerator(50, seed=5).rows()) != list(
        PatientFileGenerator(50, seed=4).rows()
    )


def test_rates_and_kinds() -> None:
    generator = PatientFileGenerator(
        20_000, seed=1, anomaly_rate=0.05, duplicate_rate=0.03, collision_rate=0.01
    )
    rows = list(generator.rows())
    kinds = Counter(p.kind for p in generator.planted)
    singles = sum(kinds[k] for k in SINGLE_KINDS)
    assert 800 < singles < 1200
    assert set(SINGLE_KINDS) <= set(kinds)
    assert {f"duplicate_{k}" for k in DUPLICATE_KINDS} <= set(kinds)
    assert 100 < kinds["collision"] < 300
    assert len({row["local_id"] for row in rows}) == len(rows)


def test_clean_matricules_are_valid_and_unique() -> None:
    generator = PatientFileGenerator(5000, seed=2, anomaly_rate=0, collision_rate=0)
    matricules = [row["matricule"] for row in generator.rows() if row["matricule"]]
    assert len(matricules) > 2000
    assert all(nir.is_valid(m, strictness="strict") for m in matricules)
    assert len(set(matricules)) == len(matricules)


def test_write_patient_file(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    planted = write_patient_file(path, 300, seed=3, delimiter=",", encoding="cp1252")
    with path.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 301
    generator = PatientFileGenerator(300, seed=3)
    assert [list(row.values()) for row in generator.rows()] == rows[1:]
    assert planted == generator.planted
