"""The ``ins`` command line, end to end through ``subprocess`` (exit codes: ADR 0052)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

import ins
from ins import _demo
from ins.cli import main
from ins.errors import NotQualified


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ins", *args], capture_output=True, text=True, check=False
    )


def _json(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    payload = json.loads(result.stdout)
    assert isinstance(payload, dict)
    return payload


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ins {ins.__version__}"


def test_no_command_is_a_usage_error() -> None:
    result = _run()
    assert result.returncode == 2
    assert "usage: ins" in result.stderr


def test_help_lists_every_command() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for command in ("check", "normalize", "demo", "audit"):
        assert f"    {command}" in result.stdout


def test_audit_is_wired_in() -> None:
    result = _run("audit", "--help")
    assert result.returncode == 0
    assert "usage: ins audit" in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = _run("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------------------ check

valid_numbers = [
    # (arguments, expected JSON facts) - one row per reason the case exists
    (["284052A32102552"], {"sex": "F", "key": "52", "born_abroad": False}),  # Corsica 2A
    (["2 84 05 2B 321 025 79"], {"key": "79"}),  # spaces allowed, 2B
    (["295109912611193"], {"born_abroad": True, "country_code": "126"}),  # born abroad
    (["284202B32102528"], {"birth_month": None, "month_code": "20"}),  # pseudo-month
    (["109076322088835", "--oid", "1.2.250.1.213.1.4.9"], {"kind": "NIA", "fhir_type": "INS-NIA"}),
    (["384058832102579"], {"is_provisional_kind": True}),  # first digit 3: standard accepts
    (["384058832102579", "--strictness", "key"], {"strictness": "key"}),
]


@pytest.mark.parametrize(("arguments", "facts"), valid_numbers)
def test_check_valid_json(arguments: list[str], facts: dict[str, object]) -> None:
    result = _run("check", *arguments, "--json")
    assert result.returncode == 0, result.stderr
    payload = _json(result)
    assert payload["valid"] is True
    assert payload.items() >= facts.items()


def test_check_human_output_masks_the_matricule() -> None:
    result = _run("check", "284052A32102552", "--oid", "urn:oid:1.2.250.1.213.1.4.8")
    assert result.returncode == 0
    assert "28405**********" in result.stdout
    assert "284052A32102552" not in result.stdout + result.stderr
    assert "INS-NIR" in result.stdout


invalid_numbers = [
    # (arguments, error code)
    (["284052A32102553"], "invalid_key"),  # wrong key
    (["2840588321025"], "invalid_length"),  # no key
    (["7840588321025"], "not_ins_matricule"),  # an NNP number
    (["28405883210X532"], "invalid_format"),  # a letter out of place
    (["384058832102579", "--strictness", "strict"], "invalid_component"),  # digit 3 in strict
    (["284052A32102552", "--oid", "1.2.250.1.213.1.4.2"], "invalid_component"),  # INS-C OID
    (["1" * 200], "invalid_length"),  # huge input refused at once
    (["x" * 200], "invalid_format"),  # no digit at all: not a NIR
]


@pytest.mark.parametrize(("arguments", "code"), invalid_numbers)
def test_check_invalid_exits_1_with_a_sentence(arguments: list[str], code: str) -> None:
    result = _run("check", *arguments)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ins: ")
    assert "Traceback" not in result.stderr
    as_json = _run("check", *arguments, "--json")
    assert as_json.returncode == 1
    payload = _json(as_json)
    assert payload["valid"] is False
    assert payload["error"]["code"] == code


def test_check_error_never_shows_the_full_number() -> None:
    result = _run("check", "284052A32102553", "--json")
    assert "284052A32102553" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["check"],  # missing NUMBER
        ["check", "284052A32102552", "--strictness", "lax"],  # not a level
        ["check", "284052A32102552", "--frobnicate"],  # unknown option
        ["normalize"],  # nothing to normalise
        ["normalize", "--birth-name", "X", "--policy", "guess"],  # not a policy
    ],
)
def test_usage_errors_exit_2(arguments: list[str]) -> None:
    result = _run(*arguments)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


# -------------------------------------------------------------------------- normalize


def test_normalize_json_report() -> None:
    result = _run(
        "normalize", "--birth-name", "García-Hämmadi", "--first-names", "jean  claude", "--json"
    )
    assert result.returncode == 0
    payload = _json(result)
    assert payload["birth_name"]["normalized"] == "GARCIA-HAMMADI"
    assert payload["first_names"]["normalized"] == "JEAN CLAUDE"
    diacritics = [c for c in payload["birth_name"]["changes"] if c["kind"] == "diacritic"]
    assert [(c["position"], c["before"], c["after"]) for c in diacritics] == [
        (4, "í", "I"),
        (8, "ä", "A"),
    ]


def test_normalize_human_report() -> None:
    result = _run("normalize", "--first-names", "d’Artagnan")
    assert result.returncode == 0
    assert "-> D'ARTAGNAN" in result.stdout
    assert "apostrophe" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "code", "field"),
    [
        (["--birth-name", "Du9pont"], "invalid_character", "birth_name"),  # a digit
        (["--birth-name", "X", "--first-names", "Иван"], "invalid_character", "first_names"),
        (["--birth-name=-DUPONT"], "invalid_trait", "birth_name"),  # leading hyphen
        (["--first-names", "JEAN''PIERRE"], "invalid_trait", "first_names"),  # doubled apostrophe
    ],
)
def test_normalize_invalid_exits_1(arguments: list[str], code: str, field: str) -> None:
    result = _run("normalize", *arguments, "--json")
    assert result.returncode == 1
    payload = _json(result)
    assert (payload["error"]["code"], payload["field"]) == (code, field)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("ins: ")


def test_normalize_names_letters_with_a_stroke() -> None:
    # Đ, Ł and Ø are letters with a stroke, not ligatures; Œ is a ligature.
    result = _run("normalize", "--birth-name", "Œlø", "--first-names", "Đorđe Łukasz Ðóra")
    assert result.returncode == 0, result.stderr
    assert "ligature: 'Œ' -> 'OE'" in result.stdout
    assert "letter with a stroke: 'ø' -> 'O'" in result.stdout
    assert "letter with a stroke: 'Đ' -> 'D' at position 0" in result.stdout
    assert "letter with a stroke: 'Ł' -> 'L'" in result.stdout
    assert "special letter: 'Ð' -> 'D'" in result.stdout
    assert "ligature: 'Đ'" not in result.stdout


def test_normalize_says_contain_for_first_names() -> None:
    result = _run("normalize", "--first-names", "Jean, Paul")
    assert result.returncode == 1
    assert "The first names contain ','" in result.stderr
    assert "separates first names with spaces, not commas: 'Jean Paul'" in result.stderr
    result = _run("normalize", "--birth-name", "Du,pont")
    assert "The birth name contains ','" in result.stderr


def test_normalize_transliterate_policy() -> None:
    result = _run("normalize", "--birth-name", "Иванов", "--policy", "transliterate", "--json")
    assert result.returncode == 0
    assert _json(result)["birth_name"]["normalized"] == "IVANOV"


# ------------------------------------------------------------------------------- demo


def test_demo_runs_every_step() -> None:
    result = _run("demo")
    assert result.returncode == 0, result.stderr
    assert "mock INSi" in result.stdout
    for step in ("1. Typed", "2. Normalised", "3. INSi search", "4. Coherence", "5. Identity"):
        assert step in result.stdout
    assert "RECUP -> QUAL" in result.stdout
    assert '"system": "urn:oid:1.2.250.1.213.1.4.8"' in result.stdout
    assert result.stderr == ""


def test_demo_json_reaches_qual_with_the_fhir_identifier() -> None:
    result = _run("demo", "--json")
    assert result.returncode == 0
    payload = _json(result)
    assert payload["normalized"]["birth_name"]["normalized"] == "ADRUN"
    assert payload["normalized"]["first_names"]["normalized"] == "ZOE"
    assert payload["insi_search"]["code"] == "00"
    assert payload["coherence"] == payload["coherence"] | {
        "coherent": True,
        "status_before": "PROV",
        "status_after": "RECUP",
    }
    assert payload["document_check"]["status_after"] == "QUAL"
    assert payload["status"] == "QUAL"
    assert payload["fhir_identifier"]["type"]["coding"][0]["code"] == "INS-NIR"
    assert payload["fhir_identifier"]["value"] == "275126322074974"
    # The datamatrix of the test person is the example of the ANS format
    # (docs/domain/exports.md#ins-datamatrix).
    assert payload["datamatrix"] == (
        "IS010000000000000000000000S1275126322074974S21.2.250.1.213.1.4.8<GS>S3ZOE<GS>"
        "S4ADRUN<GS>S5FS631-12-1975S763220"
    )


def test_demo_typed_in_insi_form_lists_no_changes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Names typed already in the INSi form: step 2 shows them unchanged, with no "changes:" line.
    monkeypatch.setattr(_demo, "TYPED", _demo.TYPED | {"birth_name": "ADRUN", "first_names": "ZOE"})
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "'ADRUN' -> ADRUN\n" in out
    assert "'ZOE' -> ZOE\n" in out
    assert "changes:" not in out
    assert "RECUP -> QUAL" in out


def test_demo_prints_the_coherence_warning_only_when_there_is_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    steps = _demo.scenario()
    warning = steps["coherence"]["warning"]
    assert "RNIV RECO PP 03" in warning  # INSi called with no document check in the same step
    _demo._print_steps(steps)
    assert f"   warning: {warning}\n" in capsys.readouterr().out
    steps["coherence"]["warning"] = None
    _demo._print_steps(steps)
    out = capsys.readouterr().out
    assert "warning:" not in out
    assert "4. Coherence" in out
    assert "5. Identity document" in out


# ------------------------------------------------------------------------- in process


def test_main_returns_codes_without_exiting(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "284052A32102552"]) == 0
    assert main(["check", "284052A32102553"]) == 1
    assert main(["check"]) == 2
    assert main([]) == 2
    assert main(["--help"]) == 0
    captured = capsys.readouterr()
    assert "usage: ins" in captured.out + captured.err


def test_interrupt_is_reported_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_: object, **__: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("ins.cli.run_demo", interrupted)
    assert main(["demo"]) == 130
    assert "interrupted" in capsys.readouterr().err


in_process = [
    # (arguments, exit code, text expected on stdout) - the same paths, measured in process
    (["check", "295109912611193"], 0, "born abroad, country code 126"),
    (["check", "384058832102579"], 0, "first digit 3"),
    (["check", "284202B32102528"], 0, "unknown (pseudo-month)"),
    (["check", "109076322088835", "--oid", "1.2.250.1.213.1.4.9"], 0, "NIA (FHIR type INS-NIA)"),
    (["check", "284052A32102552", "--json"], 0, '"valid": true'),
    (["check", "284052A32102553", "--json"], 1, '"code": "invalid_key"'),
    (["normalize", "--birth-name", "Œuvre", "--first-names", "zoé"], 0, "OEUVRE"),
    (["normalize", "--birth-name", "A" * 90], 0, "warning:"),
    (["normalize", "--birth-name", "Dupont", "--json"], 0, '"normalized": "DUPONT"'),
    (["normalize", "--birth-name", "Du9pont"], 1, ""),
    (["normalize"], 2, ""),
    (["normalize", "--birth-name", "X", "--policy", "guess"], 2, ""),
    (["check", "384058832102579", "--strictness", "strict", "--json"], 1, '"component": "sex"'),
    (["demo"], 0, "6. Qualified identity (QUAL)"),
    (["demo", "--json"], 0, '"status": "QUAL"'),
]


@pytest.mark.parametrize(("arguments", "code", "text"), in_process)
def test_in_process(
    arguments: list[str], code: int, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == code
    assert text in capsys.readouterr().out


def test_an_ins_error_escaping_a_command_is_reported_as_invalid_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(*_: object, **__: object) -> int:
        raise NotQualified("The INS may not be shared: the identity is PROV.")

    monkeypatch.setattr("ins.cli.run_demo", failing)
    assert main(["demo", "--json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["error"]["code"] == "not_qualified"
    assert captured.err == "ins: The INS may not be shared: the identity is PROV.\n"


typed_numbers = [
    ("2\t84 05 2A 321 025 52", 0, ""),  # a tab from a spreadsheet counts as a space
    ("2\u00a084\u00a005 2A 321 025 52", 0, ""),  # no-break spaces from a French document
    ("hello", 1, "This is not a NIR: it has no digit"),  # no digit: said plainly
    ("Dupont Jean", 1, "This is not a NIR: it has no digit"),  # a name in the wrong field
]


@pytest.mark.parametrize(("number", "code", "message"), typed_numbers)
def test_check_reads_what_people_paste(
    number: str, code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", number]) == code
    assert message in capsys.readouterr().err


def test_normalize_suggests_spaces_between_first_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["normalize", "--first-names", "Jean, Pierre"]) == 1
    err = capsys.readouterr().err
    assert "INSi separates first names with spaces, not commas: 'Jean Pierre'." in err
    assert main(["normalize", "--first-names", "Jean,Pierre", "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["hint"].endswith("'Jean Pierre'.")


def test_normalize_help_says_what_it_normalises() -> None:
    result = _run("normalize", "--help")
    assert "accents removed" in result.stdout
    assert "letters with a" in result.stdout
