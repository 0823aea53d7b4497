"""``python -m ins`` (``ins/__main__.py``), run in process: it exits with the code of ``ins.cli``.

The subprocess tests of ``tests/test_cli.py`` run the same entry point, but coverage cannot see
them; here ``runpy`` executes the module as ``python -m ins`` would, with ``sys.argv`` set.
"""

from __future__ import annotations

import runpy
import sys

import pytest

import ins

CASES = [
    # arguments, exit code, text expected on stdout
    (["check", "284052A32102552"], 0, "28405"),  # a valid NIR: 0, the number masked
    (["check", "284052A32102553"], 1, ""),  # a wrong key: 1 (invalid input)
    (["frobnicate"], 2, ""),  # an unknown command: 2 (usage)
    ([], 2, ""),  # no command: 2 (usage)
    (["--version"], 0, f"ins {ins.__version__}"),  # argparse's own exit, turned into a code
]


@pytest.mark.parametrize(("arguments", "code", "text"), CASES)
def test_python_m_ins_exits_with_the_cli_code(
    arguments: list[str],
    code: int,
    text: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "argv", ["ins", *arguments])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("ins", run_name="__main__")
    assert exited.value.code == code
    assert text in capsys.readouterr().out
