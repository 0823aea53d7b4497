"""Check the wheel and the sdist that `python -m build` wrote (run by `.ci/run`).

The wheel holds the package and nothing else: every file of `ins/` (code, `py.typed`, the data
files: the birthplace table, the INSi test persons), the console script and the Hypothesis entry
point, and no `tests/`, `tools/` or `docs/`. The sdist holds what it takes to build the package
and to run its test suite: the package, `tests/`, `docs/`, `tools/` (a test loads a script from
it), the root `conftest.py` (the docs examples), `pyproject.toml`, `mkdocs.yml`, the README,
licence and changelog, and nothing of a work tree (virtual environments, caches, builds).

Usage, from the root of the repository:

    python tools/check_dist.py DIST_DIR   # exit 0, or 1 with one line per problem
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DATA = ("ins/py.typed", "ins/data/places.tsv", "ins/data/insi_test_identities.json")
SDIST_FILES = (
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "mkdocs.yml",
    "conftest.py",
    "tools/repoint_citations.py",
    "tests/conftest.py",
    "docs/index.md",
    *DATA,
)
SDIST_FOLDERS = ("ins/", "tests/", "docs/", "tools/")
WORK_TREE = (".venv/", ".git/", "__pycache__/", ".hypothesis/", "site/", "dist/", ".pytest_cache/")


def tracked(*folders: str) -> set[str]:
    """The files git tracks under `folders` (the source of truth for what must ship)."""
    out = subprocess.run(  # noqa: S603 - fixed arguments
        ["git", "ls-files", "--", *folders],  # noqa: S607 - git from PATH, as a developer runs it
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in out.splitlines() if line}


def wheel_problems(path: Path, /) -> list[str]:
    names = set(zipfile.ZipFile(path).namelist())
    problems = [f"wheel: {name} is missing" for name in sorted(tracked("ins") - names)]
    problems += [f"wheel: {name} is missing" for name in DATA if name not in names]
    problems += [
        f"wheel: {name} should not be there"
        for name in sorted(names)
        if not name.startswith(("ins/", "ins-"))
    ]
    entry_points = next((n for n in names if n.endswith(".dist-info/entry_points.txt")), None)
    text = zipfile.ZipFile(path).read(entry_points).decode() if entry_points else ""
    for line in ("ins = ins.cli:main", "ins = ins.testing._register:_hypothesis_setup_hook"):
        if line not in text:
            problems.append(f"wheel: entry point {line!r} is missing")
    return problems


def sdist_problems(path: Path, /) -> list[str]:
    with tarfile.open(path) as archive:
        members = archive.getnames()
    top = members[0].split("/")[0]
    names = {name.removeprefix(top + "/") for name in members}
    expected = tracked(*SDIST_FOLDERS) | set(SDIST_FILES)
    problems = [f"sdist: {name} is missing" for name in sorted(expected - names)]
    problems += [
        f"sdist: {name} should not be there"
        for name in sorted(names)
        if any(part in name + "/" for part in WORK_TREE)
    ]
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    dist = Path(argv[0])
    wheels, sdists = sorted(dist.glob("ins-*.whl")), sorted(dist.glob("ins-*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"check_dist: expected one wheel and one sdist in {dist}", file=sys.stderr)
        return 1
    problems = wheel_problems(wheels[0]) + sdist_problems(sdists[0])
    for problem in problems:
        print(f"check_dist: {problem}", file=sys.stderr)
    if not problems:
        print(f"check_dist: {wheels[0].name} and {sdists[0].name} hold what they should")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
