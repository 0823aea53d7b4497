"""The audit on a Dask cluster gives the report of ``audit_csv`` (issue 19 part 2).

A ``distributed.LocalCluster`` of two worker processes, started once for the module.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ins.audit import AuditInputError, audit_csv
from ins.testing.patient_files import write_patient_file

dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from ins.audit.dask import audit_dataframe  # noqa: E402 (after the import checks)

TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _read(path: Path, **options: object) -> object:
    return dd.read_csv(path, dtype=str, keep_default_na=False, **options)


FILES = [
    # ((rows, seed), how it is written and read, why)
    pytest.param((4000, 31), {"sep": ";", "blocksize": 100_000}, "partitions", id="4000"),
    pytest.param((1500, 32), {"sep": ",", "blocksize": 40_000}, "comma, more", id="comma"),
]


@pytest.mark.parametrize(("generated", "options", "why"), FILES)
def test_a_cluster_gives_the_report_of_audit_csv(
    client: object,
    tmp_path: Path,
    generated: tuple[int, int],
    options: dict[str, object],
    why: str,
) -> None:
    size, seed = generated
    path = tmp_path / "patients.csv"
    write_patient_file(path, size, seed=seed, delimiter=str(options["sep"]))
    df = _read(path, **options)
    assert df.npartitions > 2, why  # type: ignore[attr-defined]
    report = audit_dataframe(df, today=TODAY)
    expected = audit_csv(path, today=TODAY)
    assert report == expected
    assert report.to_json(findings=True) == expected.to_json(findings=True)
    assert report.collision_groups > 0
    assert report.duplicate_groups > 0
    assert audit_dataframe(df, today=TODAY, partitions=5) == expected


def test_a_mapping_known_pairs_and_messy_rows(client: object, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "IPP;NOM;PRENOMS;SEXE;DDN;STATUT\n"
        "A1;DUPONT;JEAN;M;01/02/1980;\n"
        "A2;Dupont;Jean;M;1980-02-01;PROV\n"
        "A3;DUPONT;JEAN;M;;QUAL\n"
        "A4;MARTIN;;X;31/02/1980;BOF\n",
        encoding="utf-8",
    )
    df = _read(path, sep=";", blocksize=60)
    mapping = {"birth_name": "NOM"}
    for known in (None, [("A1", "A2")]):
        got = audit_dataframe(df, mapping=mapping, today=TODAY, known_pairs=known)
        assert got == audit_csv(path, mapping=mapping, today=TODAY, known_pairs=known)
    assert audit_dataframe(df, mapping=mapping, today=TODAY).duplicate_groups == 1
    assert audit_dataframe(df, mapping=mapping, known_pairs=[("A1", "A2")]).duplicate_groups == 0


def test_missing_values_are_empty_texts(client: object) -> None:
    import pandas as pd

    rows = {
        "local_id": ["A1", "A2"],
        "birth_name": ["DUPONT", "DUPONT"],
        "first_names": ["JEAN", "JEAN"],
        "sex": ["M", "M"],
        "birth_date": ["01/02/1980", "01/02/1980"],
        "status": [None, float("nan")],  # what pandas holds for an empty cell
        "attributes": [12, None],  # not text: read as text
    }
    report = audit_dataframe(dd.from_pandas(pd.DataFrame(rows), npartitions=2), today=TODAY)
    assert report.status_counts["PROV"] == 2
    assert [(f.row, f.code) for f in report.findings] == [
        (1, "potential_duplicate"),
        (1, "unknown_attribute"),  # the number 12
        (2, "potential_duplicate"),
    ]


def test_missing_columns_fail_before_any_work(client: object) -> None:
    import pandas as pd

    df = dd.from_pandas(pd.DataFrame({"nom": ["X"]}), npartitions=1)
    with pytest.raises(AuditInputError, match="lacks the required columns"):
        audit_dataframe(df, today=TODAY)


def test_importing_ins_audit_does_not_import_dask() -> None:
    code = "import sys, ins.audit; ins.audit.audit_rows; print('dask' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
