"""``ins audit``'s options for people and pipes: --map forms, stdin and stdout, output names, CSV
dialects, languages, --compare, and what the summary says about the input."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from ins.audit import cli
from ins.cli import main

HEADER = "IPP;NOM_NAISSANCE;PRENOMS;SEXE;DATE_NAISSANCE;STATUT_PATIENT;MATRICULE"
ROWS = [
    "1;ADRUN;ZOE;F;31/12/1975;QUAL;275126322074975",  # a bad key
    "2;ADRUN;ZOE;F;1975-12-31;PROV;",  # a duplicate of 1
    "3;=cmd|' /C calc'!A0;LEA;F;02/03/1990;PROV;",  # a formula in a name
]
MAP = [
    "local_id=IPP",
    "birth_name=NOM_NAISSANCE",
    "first_names=PRENOMS",
    "sex=SEXE",
    "birth_date=DATE_NAISSANCE",
    "status=STATUT_PATIENT",
    "matricule=MATRICULE",
]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["audit", "--today", "2026-01-01", *args])
    out, err = capsys.readouterr()
    return code, out, err


map_forms = [
    pytest.param(lambda f: ["--map", *MAP, f], id="the file after the items (issue 18)"),
    pytest.param(lambda f: [f, "--map", *MAP], id="the file first"),
    pytest.param(lambda f: [arg for item in MAP for arg in ("--map", item)] + [f], id="repeated"),
    pytest.param(lambda f: ["--map", *MAP[:3], f, "--map", *MAP[3:]], id="the file in between"),
    pytest.param(lambda f: ["--map", *MAP, f, "--json"], id="options after the file"),
]


@pytest.mark.parametrize("arguments", map_forms)
def test_map_forms(capsys: pytest.CaptureFixture[str], export: Path, arguments: object) -> None:
    code, out, _ = _main(capsys, "--json", *arguments(str(export)))  # type: ignore[operator]
    assert code == 0
    data = json.loads(out)
    assert data["rows"] == 3
    assert data["input"]["mapping"]["local_id"] == "IPP"


map_errors = [
    pytest.param(["--map", *MAP], "Give the file to audit", id="no file at all"),
    pytest.param(["--map", "birth_name", "x.csv"], "Which is the file", id="two items without ="),
    pytest.param(["--map", "nom=NOM", "x.csv"], "Unknown field 'nom'", id="an unknown field"),
    pytest.param([], "Give the file to audit", id="nothing"),
]


@pytest.mark.parametrize(("arguments", "expected"), map_errors)
def test_map_errors_exit_2(
    capsys: pytest.CaptureFixture[str], arguments: list[str], expected: str
) -> None:
    code, out, err = _main(capsys, *arguments)
    assert (code, out) == (2, "")
    assert expected in err


def test_the_summary_shows_how_the_file_was_read(
    capsys: pytest.CaptureFixture[str], export: Path
) -> None:
    code, out, _ = _main(capsys, str(export), "--map", *MAP[:5])
    assert code == 0
    assert "Encodage : UTF-8 (détecté)" in out
    assert "Séparateur : « ; »" in out
    assert "--map : local_id=IPP, birth_name=NOM_NAISSANCE" in out
    assert "colonne « STATUT_PATIENT » ? --map status=STATUT_PATIENT" in out
    assert "matricule :" not in out  # MATRICULE is the field's own name: found without --map
    code, out, _ = _main(capsys, str(export), "--map", *MAP, "--lang", "en", "--encoding", "cp1252")
    assert "Encoding: Windows-1252 (given)" in out
    assert "status:" not in out  # mapped: no warning
    assert "Rows: 3" in out


def test_help_says_how_rows_are_numbered(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "the header and blank lines are not counted" in help_text
    assert "row = record number, header not counted" in help_text


def test_findings_on_stdout_send_the_summary_to_stderr(
    capsys: pytest.CaptureFixture[str], export: Path
) -> None:
    code, out, err = _main(capsys, str(export), "--map", *MAP, "--findings", "-")
    assert code == 0
    assert out.startswith("\ufeffrow;local_id;code;severity;group;detail;message\r\n")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert {row["code"] for row in rows} == {
        "matricule_invalid",
        "potential_duplicate",
        "trait_invalid",
    }
    assert "Lignes : 3" in err
    code, out, err = _main(
        capsys, str(export), "--map", *MAP, "--findings", "-", "--findings-format", "jsonl"
    )
    assert [json.loads(line)["row"] for line in out.splitlines()] == [1, 1, 2, 3]


def test_json_and_findings_on_stdout_are_refused(
    capsys: pytest.CaptureFixture[str], export: Path
) -> None:
    code, out, err = _main(capsys, str(export), "--json", "--findings", "-")
    assert (code, out) == (2, "")
    assert "both write to standard output" in err


output_names = [
    pytest.param(
        ["--findings", "out.txt"],
        "name it .csv or .jsonl (or give --findings-format)",
        id="findings .txt",
    ),
    pytest.param(["--findings", "out"], "name it .csv or .jsonl", id="findings without extension"),
    pytest.param(["--html", "report.pdf"], "must be named .html or .htm", id="html .pdf"),
    pytest.param(["--html", "-"], "must be named .html or .htm", id="html to stdout"),
]


@pytest.mark.parametrize(("arguments", "expected"), output_names)
def test_unknown_output_names_exit_2_before_the_audit(
    capsys: pytest.CaptureFixture[str],
    export: Path,
    tmp_path: Path,
    arguments: list[str],
    expected: str,
) -> None:
    os.chdir(tmp_path)
    code, _, err = _main(capsys, str(export), *arguments)
    assert code == 2
    assert expected in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]  # nothing written


def test_an_explicit_format_accepts_any_name(
    capsys: pytest.CaptureFixture[str], export: Path, tmp_path: Path
) -> None:
    target = tmp_path / "findings.txt"
    code, _, _ = _main(
        capsys, str(export), "--map", *MAP, "--findings", str(target), "--findings-format", "jsonl"
    )
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8").splitlines()[0])["row"] == 1


def test_csv_dialects(capsys: pytest.CaptureFixture[str], export: Path, tmp_path: Path) -> None:
    french, standard = tmp_path / "fr.csv", tmp_path / "std.csv"
    _main(capsys, str(export), "--map", *MAP, "--findings", str(french))
    _main(
        capsys, str(export), "--map", *MAP, "--findings", str(standard), "--csv-dialect", "standard"
    )
    assert french.read_bytes().startswith(b"\xef\xbb\xbfrow;local_id;")
    assert standard.read_bytes().startswith(b"row,local_id,")
    # The formula typed as a birth name reached the message only masked... and neutralised
    # wherever it starts a cell; JSON Lines are unchanged (see test_output.py).
    with french.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle, delimiter=";") for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], export: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(export.read_bytes())))
    code, out, _ = _main(capsys, "--map", *MAP, "-", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["rows"], data["input"]["file"]) == (3, "-")


def test_stdin_errors_name_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(b"NOM;PRENOM\nA;B\n")))
    code, _, err = _main(capsys, "-")
    assert code == 1
    assert "lacks the required columns" in err
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(b"")))
    code, _, err = _main(capsys, "-")
    assert code == 1
    assert "standard input is empty" in err
    assert "stdin.csv" not in err  # not the temporary copy's path


def test_stdin_is_bounded(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "STDIN_LIMIT", 1 << 20)
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(b"x" * (2 << 20))))
    code, out, err = _main(capsys, "-", "--json")
    assert code == 1
    assert "Standard input holds more than 1 MiB" in err
    assert json.loads(out)["error"]["code"] == "invalid_audit_input"


def test_stdin_and_stdout_through_real_pipes(export: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ins",
            "audit",
            "-",
            "--map",
            *MAP,
            "--findings",
            "-",
            "--findings-format",
            "jsonl",
            "--lang",
            "en",
        ],
        input=export.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4
    assert b"File: standard input" in result.stderr
    assert b"27512**********" in result.stdout
    assert b"275126322074975" not in result.stdout + result.stderr


def test_compare(capsys: pytest.CaptureFixture[str], export: Path, tmp_path: Path) -> None:
    before = tmp_path / "before.json"
    code, out, _ = _main(capsys, str(export), "--map", *MAP[:5], "--json")
    before.write_text(out, encoding="utf-8")
    page = tmp_path / "report.html"
    code, out, _ = _main(
        capsys, str(export), "--map", *MAP, "--compare", str(before), "--html", str(page)
    )
    assert code == 0
    assert "Évolution depuis l'audit précédent (before.json) :" in out
    assert "Taux de qualification (QUAL) : 0,0 % -> 33,3 % (+33,3 points, mieux)" in out
    assert "  Erreurs : 3 -> 2 (-1, mieux)" in out
    assert "  Matricule INS invalide (matricule_invalid) : 1 -> 1 (0, inchangé)" in out
    assert "(ins_without_qualification) : 1 -> 0 (-1, mieux)" in out
    html = page.read_text(encoding="utf-8")
    assert "audit précédent (before.json)" in html
    # Every card and line says how it moved, a count that did not move included.
    assert '<span class="same">0 inchangé</span>' in html
    assert '<span class="better">-1 mieux</span>' in html
    code, out, _ = _main(capsys, str(export), "--map", *MAP, "--compare", str(before), "--json")
    comparison = json.loads(out)["comparison"]
    assert comparison["previous"] == "before.json"
    changes = {change["indicator"]: change for change in comparison["changes"]}
    assert changes["qualification_rate"]["better"] is True
    assert changes["status_counts.QUAL"] == {
        "indicator": "status_counts.QUAL",
        "before": 0,
        "after": 1,
        "better": True,
    }


def test_compare_refuses_what_is_not_a_previous_output(
    capsys: pytest.CaptureFixture[str], export: Path
) -> None:
    # The export itself is not a --json output: a sentence, exit 1, before any audit.
    code, out, err = _main(capsys, str(export), "--compare", str(export))
    assert (code, out) == (1, "")
    assert "is not JSON: give the output of ins audit --json" in err
    code, out, err = _main(capsys, str(export), "--compare", str(export), "--json")
    assert json.loads(out)["error"]["code"] == "invalid_previous_audit"


def test_lang_choices(capsys: pytest.CaptureFixture[str], export: Path) -> None:
    assert _main(capsys, str(export), "--lang", "de")[0] == 2
    assert _main(capsys, str(export), "--csv-dialect", "excel")[0] == 2


def test_a_file_without_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(HEADER + "\n", encoding="utf-8")
    code, out, _ = _main(capsys, str(path), "--map", *MAP)
    assert code == 0
    assert "Lignes : 0" in out
    assert "Erreurs : 0 ; avertissements : 0" in out
    assert out.rstrip().endswith("Aucune anomalie.")


def test_findings_to_a_text_stdout(export: Path) -> None:
    # main() run under contextlib.redirect_stdout: standard output has no bytes underneath.
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["audit", str(export), "--map", *MAP, "--findings", "-", "--lang", "en"])
    assert code == 0
    assert out.getvalue().startswith("\ufeffrow;local_id;")
    assert "Rows: 3" in err.getvalue()
