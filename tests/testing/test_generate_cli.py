"""``ins generate``: a generated patient file from the command line, without Hypothesis."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from ins.cli import main
from ins.testing.patient_files import write_patient_file


def test_the_command_writes_the_generated_file_and_what_was_planted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, planted_out = tmp_path / "patients.csv", tmp_path / "planted.csv"
    args = ["generate", str(out), "--rows", "400", "--seed", "9", "--planted", str(planted_out)]
    assert main(args) == 0
    reference = tmp_path / "reference.csv"
    planted = write_patient_file(reference, 400, seed=9)
    assert out.read_bytes() == reference.read_bytes()
    with planted_out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["kind", "code", "local_ids"]
    assert rows[1:] == [[p.kind, p.code, " ".join(p.local_ids)] for p in planted]
    assert f"Wrote 400 rows to {out} ({len(planted)} planted anomalies)." in capsys.readouterr().out


def test_options_reach_the_generator(tmp_path: Path) -> None:
    out = tmp_path / "patients.csv"
    args = ["generate", str(out), "--rows", "50", "--delimiter", "tab", "--encoding", "cp1252"]
    assert (
        main([*args, "--anomaly-rate", "0", "--duplicate-rate", "0", "--collision-rate", "0"]) == 0
    )
    header = out.read_bytes().decode("cp1252").splitlines()[0]
    assert header.startswith("local_id\tbirth_name\t")


USAGE = [
    # (arguments, why it is refused)
    pytest.param(["--rows", "-1"], "a negative number of rows", id="rows"),
    pytest.param(["--rows", "many"], "not a number", id="rows-text"),
    pytest.param(["--anomaly-rate", "1.5"], "a share over 1", id="rate"),
    pytest.param(["--collision-rate", "some"], "not a number", id="rate-text"),
    pytest.param(["--delimiter", "|"], "not a delimiter the audit reads", id="delimiter"),
    pytest.param(["--encoding", "klingon"], "no such encoding", id="encoding"),
]


@pytest.mark.parametrize(("extra", "why"), USAGE)
def test_usage_errors_exit_2(tmp_path: Path, extra: list[str], why: str) -> None:
    assert main(["generate", str(tmp_path / "p.csv"), *extra]) == 2, why


def test_an_unwritable_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(tmp_path / "no" / "p.csv"), "--rows", "5"]) == 1
    assert "cannot write the file" in capsys.readouterr().err


def test_the_command_needs_neither_hypothesis_nor_pytest(tmp_path: Path) -> None:
    code = (
        "import sys; from ins.cli import main; "
        f"code = main(['generate', {str(tmp_path / 'p.csv')!r}, '--rows', '20']); "
        "print(code, 'hypothesis' in sys.modules, 'pytest' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "0 False False"
