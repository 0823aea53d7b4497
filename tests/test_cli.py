"""The ``ins`` command line, end to end through ``subprocess``."""

from __future__ import annotations

import subprocess
import sys

import ins


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ins", *args], capture_output=True, text=True, check=False
    )


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ins {ins.__version__}"


def test_no_command_is_a_usage_error() -> None:
    result = _run()
    assert result.returncode == 2
    assert "usage: ins" in result.stderr


def test_unknown_command_is_a_usage_error() -> None:
    result = _run("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_demo_runs() -> None:
    result = _run("demo")
    assert result.returncode == 0
    assert "mock INSi" in result.stdout
