"""The documentation site builds in strict mode (every link and reference resolves)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "glossary" / "index.html").is_file()
    shutil.rmtree(tmp_path / "site")


def test_readme_has_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- main-command -->" in readme
    assert "<!-- test-command -->" in readme
    assert "python -m ins demo" in readme
    assert 'python -m pip install -e ".[dev]" && python -m pytest' in readme
