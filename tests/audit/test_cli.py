"""``ins audit`` end to end through ``subprocess``: outputs, exit codes, masking."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from ins.audit.cli import ProgressLine
from ins.audit.labels import Language
from ins.audit.texts import integer
from ins.testing.patient_files import write_patient_file

TODAY = dt.date(2026, 1, 1)
# Every 15-character matricule shape (digits, or 2A/2B at positions 6-7), not inside a number.
FULL_MATRICULE = re.compile(r"(?<![0-9.])[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{8}(?![0-9])")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ins", "audit", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def patients(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "patients.csv"
    write_patient_file(path, 1500, seed=5)
    return path


def test_summary_and_outputs(patients: Path, tmp_path: Path) -> None:
    findings_csv, findings_jsonl, page = (
        tmp_path / "f.csv",
        tmp_path / "f.jsonl",
        tmp_path / "r.html",
    )
    result = _run(str(patients), "--today", "2026-01-01", "--findings", str(findings_csv))
    assert result.returncode == 0, result.stderr
    assert "Lignes : 1 500" in result.stdout  # French by default
    assert "Taux de qualification (QUAL) :" in result.stdout
    assert result.stderr == ""  # no progress line when stderr is not a terminal
    with findings_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))  # French spreadsheets by default
    assert {"matricule_invalid", "collision", "potential_duplicate"} <= {r["code"] for r in rows}

    result = _run(
        str(patients),
        "--today",
        "2026-01-01",
        "--findings",
        str(findings_jsonl),
        "--html",
        str(page),
    )
    assert result.returncode == 0
    lines = findings_jsonl.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(rows)
    assert json.loads(lines[0])["row"] >= 1
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html
    assert "<script" not in html
    assert "http" not in html
    for text in (result.stdout, findings_csv.read_text(encoding="utf-8"), lines[0], html):
        assert FULL_MATRICULE.search(text) is None


def test_no_output_holds_a_full_matricule(patients: Path, tmp_path: Path) -> None:
    outputs = [tmp_path / "f.csv", tmp_path / "f.jsonl", tmp_path / "r.html"]
    result = _run(
        str(patients),
        "--json",
        "--progress",
        "--findings",
        str(outputs[0]),
        "--html",
        str(outputs[2]),
    )
    _run(str(patients), "--findings", str(outputs[1]))
    texts = [result.stdout, result.stderr, *(p.read_text(encoding="utf-8") for p in outputs)]
    with patients.open(encoding="utf-8", newline="") as handle:
        matricules = {
            row["matricule"]
            for row in csv.DictReader(handle, delimiter=";")
            if len(row["matricule"]) == 15
        }
    assert len(matricules) > 500
    for text in texts:
        assert FULL_MATRICULE.search(text) is None
        assert not any(m in text for m in matricules)


def test_json_output(patients: Path) -> None:
    result = _run(str(patients), "--json", "--jobs", "2", "--today", "2026-01-01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "rows",
        "status_counts",
        "qualification_rate",
        "findings_by_code",
        "duplicate_groups",
        "collision_groups",
        "findings_by_severity",
        "rows_with_errors",
        "rows_with_warnings",
        "input",
    }
    assert data["rows"] == 1500
    single = json.loads(_run(str(patients), "--json", "--today", "2026-01-01").stdout)
    assert single == data


def test_progress_line(patients: Path) -> None:
    result = _run(str(patients), "--progress")  # French by default, as the summary
    assert re.search(r"1 500 lignes, [0-9 ]+ lignes/s, 00:00 restantes", result.stderr)
    assert "Lignes : 1 500" in result.stdout
    result = _run(str(patients), "--progress", "--lang", "en")
    assert re.search(r"1,500 rows, [0-9,]+ rows/s, 00:00 left", result.stderr)
    assert "Rows: 1,500" in result.stdout


def test_fail_on(patients: Path, tmp_path: Path) -> None:
    assert _run(str(patients), "--fail-on", "error").returncode == 1
    clean = tmp_path / "clean.csv"
    clean.write_text(
        "local_id;birth_name;first_names;sex;birth_date\n1;ADRUN;ZOE;F;31/12/1975\n"
        "2;MARTIN;ZOE;F;31/12/1975\n3;MARTIN;ZOE;F;31/12/1975\n",
        encoding="utf-8",
    )
    assert _run(str(clean), "--fail-on", "error").returncode == 0  # a duplicate is a warning
    assert _run(str(clean), "--fail-on", "warning").returncode == 1
    assert _run(str(clean)).returncode == 0


def test_map_option(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("IPP;NOM;PRÉNOMS;SEXE;DDN\n1;ADRUN;ZOE;F;31/12/1975\n".encode("cp1252"))
    result = _run(
        str(path),
        "--json",
        "--map",
        "local_id=IPP",
        "birth_name=NOM",
        "first_names=PRÉNOMS",
        "sex=SEXE",
        "birth_date=DDN",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"] == 1


def test_header_error_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("NOM;PRENOM\nA;B\n", encoding="utf-8")
    result = _run(str(path))
    assert result.returncode == 1
    assert "lacks the required columns" in result.stderr
    assert "Traceback" not in result.stderr
    as_json = _run(str(path), "--json")
    assert json.loads(as_json.stdout)["error"]["code"] == "invalid_audit_input"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--map", "nom=NOM"], id="unknown-field"),
        pytest.param(["--map", "birth_name"], id="no-equals"),
        pytest.param(["--jobs", "0"], id="no-process"),
        pytest.param(["--today", "tomorrow"], id="bad-date"),
        pytest.param(["--fail-on", "sometimes"], id="bad-level"),
    ],
)
def test_usage_errors_exit_2(patients: Path, args: list[str]) -> None:
    result = _run(str(patients), *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_unwritable_output_exits_1(patients: Path, tmp_path: Path) -> None:
    result = _run(str(patients), "--html", str(tmp_path / "missing" / "r.html"))
    assert result.returncode == 1
    assert "cannot write the output" in result.stderr


def test_missing_file_exits_1(tmp_path: Path) -> None:
    result = _run(str(tmp_path / "nowhere.csv"))
    assert (result.returncode, "Cannot read the file" in result.stderr) == (1, True)


class Sink:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_line_format() -> None:
    sink = Sink()
    line = ProgressLine(sink, lang="en")  # type: ignore[arg-type]
    line(10, 50, 100)
    line(20, 60, 100)  # within half a second: skipped
    line(40, 100, 100)  # the end is always shown
    line.close()
    assert sink.text.count("\r") == 2
    assert sink.text.startswith("\r10 rows, ")
    assert sink.text.endswith("00:00 left   \n")


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("fr", "\r12 345 lignes, 6 172 lignes/s, 00:06 restantes   "),  # as the summary: 12 345
        ("en", "\r12,345 rows, 6,172 rows/s, 00:06 left   "),
    ],
)
def test_progress_line_groups_thousands_as_the_summary_does(
    lang: Language, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter([100.0, 102.0])  # made at 100 s, called at 102 s: 2 seconds elapsed
    monkeypatch.setattr("ins.audit.cli.time.monotonic", lambda: next(clock))
    sink = Sink()
    line = ProgressLine(sink, lang=lang)  # type: ignore[arg-type]
    line(12345, 25, 100)  # a quarter done in 2 s: 6 s left
    assert sink.text == shown
    assert integer(12345, lang) in shown


def test_in_process(patients: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The same command without a subprocess (what ``ins.cli.main`` runs).
    from ins.cli import main

    assert (
        main(["audit", str(patients), "--json", "--progress", "--html", str(tmp_path / "r.html")])
        == 0
    )
    captured = capsys.readouterr()
    assert json.loads(captured.out)["rows"] == 1500
    assert "1 500 lignes" in captured.err  # French by default, as the summary
    assert main(["audit", str(patients), "--fail-on", "warning"]) == 1
    assert main(["audit", str(patients), "--fail-on", "error"]) == 1
    capsys.readouterr()
    assert main(["audit", str(tmp_path / "none.csv"), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "invalid_audit_input"
    assert main(["audit", str(patients), "--map", "nom"]) == 2
    assert main(["audit", str(patients), "--jobs", "x"]) == 2
    assert main(["audit", str(patients), "--today", "2026-13-01"]) == 2
    assert main(["audit", str(patients), "--today", "2026-01-01", "--jobs", "1"]) == 0
    assert main(["audit", str(tmp_path / "none.csv"), "--progress"]) == 1
    assert main(["audit", str(patients), "--findings", str(tmp_path / "no" / "f.csv")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_auto_jobs_uses_the_cpus_for_large_files_only(
    patients: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ins.audit import engine

    large = tmp_path / "large.csv"
    with large.open("wb") as out:
        out.truncate(engine.AUTO_JOBS_MIN_BYTES)  # sparse: no time spent writing it
    monkeypatch.setattr(engine.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert engine.auto_jobs(large) == 3
    monkeypatch.setattr(engine.os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert engine.auto_jobs(large) == engine.AUTO_JOBS_MAX == 8
    monkeypatch.setattr(engine.os, "sched_getaffinity", lambda pid: set(), raising=False)
    assert engine.auto_jobs(large) == 1
    monkeypatch.delattr(engine.os, "sched_getaffinity", raising=False)  # macOS, Windows
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 5)
    assert engine.auto_jobs(large) == 5
    monkeypatch.setattr(engine.os, "cpu_count", lambda: None)
    assert engine.auto_jobs(large) == 1
    assert engine.auto_jobs(patients) == 1  # under 16 MiB: starting processes costs more
    assert engine.auto_jobs(tmp_path / "nowhere.csv") == 1  # the audit reports it


def test_the_command_uses_auto_jobs_unless_told(
    patients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ins.audit import engine
    from ins.cli import main

    asked: list[int] = []
    real = engine.audit_csv

    def spy(*args: object, **kwargs: object) -> object:
        asked.append(kwargs["jobs"])  # type: ignore[arg-type]
        return real(*args, **{**kwargs, "jobs": 1})  # type: ignore[arg-type]

    with (
        mock.patch.object(engine, "audit_csv", spy),
        mock.patch.object(engine, "auto_jobs", return_value=3),
    ):
        for jobs in ([], ["--jobs", "auto"], ["--jobs", "2"], ["--jobs", "1"]):
            assert main(["audit", str(patients), "--today", "2026-01-01", *jobs]) == 0
    capsys.readouterr()
    assert asked == [3, 3, 2, 1]
