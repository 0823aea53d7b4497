"""``tools/repoint_citations.py``: what it writes for each form of citation, and its tables.

The script is run once by the integrator (see its docstring); these tests pin its output on the
forms found in the code base, check that every target of its tables exists in ``docs/``, and run
it on the working tree without writing, to catch a citation it could not map.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


repoint = _load("repoint_citations", ROOT / "tools" / "repoint_citations.py")
citations = _load("citation_checks", ROOT / "tests" / "test_citations.py")


def rewrite(path: str, text: str) -> str:
    result = repoint.rewrite_file(ROOT / path, text)
    assert result.problems == []
    return str(result.text)


# (file, before, after): one row per form of citation met in the code base.
cases = [
    pytest.param(
        "ins/x.py",
        '"""Three levels of checking (domain.md 2.6)."""\n',
        '"""Three levels of checking (docs/domain/nir.md#strictness-levels)."""\n',
        id="a section, in a docstring",
    ),
    pytest.param(
        "ins/x.py",
        "# the first failure in the order of domain.md 2.6 wins\n",
        "# the first failure in the order of "
        "docs/domain/nir.md#which-error-for-which-failure wins\n",
        id="a closer anchor from the words around",
    ),
    pytest.param(
        "ins/x.py",
        '"""As decided (domain.md 4.3, 4.5 and 2.7)."""\n',
        '"""As decided (docs/domain/traits.md#first-names, '
        "docs/domain/traits.md#storage-of-insi-traits,\n"
        'docs/domain/nir.md#consistency-with-the-traits)."""\n',
        id="a list of sections, re-wrapped",
    ),
    pytest.param(
        "ins/x.py",
        '"""Read (domain.md 6.1-6.3) and (domain.md sections 6.1 and 6.3)."""\n',
        '"""Read (docs/domain/insi.md) and (docs/domain/insi.md#wire-facts,\n'
        'docs/domain/insi.md#technical-faults)."""\n',
        id="a range of three sections of one page cites the page",
    ),
    pytest.param(
        "ins/x.py",
        '"""The reference (domain.md 2-3)."""\n',
        '"""The reference (docs/domain/nir.md, docs/domain/ins.md)."""\n',
        id="a range of whole sections",
    ),
    pytest.param(
        "tests/x.py",
        "x = 1  # leading apostrophe (DECISION domain.md 4.1)\n",
        "x = 1  # leading apostrophe (project decision, docs/domain/traits.md#syntax-rules)\n",
        id="DECISION before",
    ),
    pytest.param(
        "tests/x.py",
        'REASON = ("digits 3 and 4 (domain.md 2.3 DECISION)",)\n',
        'REASON = ("digits 3 and 4 (docs/domain/nir.md#first-digit, a project decision)",)\n',
        id="DECISION after",
    ),
    pytest.param(
        "ins/x.py",
        '"""Rules (NIR: domain.md 2.6; consistency: 2.7; traits: 4; attributes: 5.2)."""\n',
        '"""Rules (NIR: docs/domain/nir.md#strictness-levels; consistency:\n'
        "docs/domain/nir.md#consistency-with-the-traits; traits: docs/domain/traits.md; "
        "attributes:\n"
        'docs/domain/status.md#attributes)."""\n',
        id="bare sections after a citation",
    ),
    pytest.param(
        "ins/x.py",
        '"""Rules of domain.md 5.4 (and 4.4 for lunar dates, 6.5 for verification)."""\n',
        '"""Rules of docs/domain/status.md#transitions (and\n'
        "docs/domain/birth-dates.md#lunar-and-exceptional-dates for lunar dates,\n"
        'docs/domain/insi.md#verification for verification)."""\n',
        id="bare sections with 'for'",
    ),
    pytest.param(
        "ins/x.py",
        "time.sleep(2.5)  # domain.md 2.5\nvalue = f(4.4)\n",
        "time.sleep(2.5)  # docs/domain/nir.md#nia\nvalue = f(4.4)\n",
        id="code is never rewritten",
    ),
    pytest.param(
        "ins/x.py",
        '"""Measured: 2.5 ms (4.4)."""\n',
        '"""Measured: 2.5 ms (4.4)."""\n',
        id="no bare section in a file that does not cite the brief",
    ),
    pytest.param(
        "docs/insi.md",
        "As certification expects (domain.md 6.4): one call.\n",
        "As certification expects ([certification search strategy]"
        "(domain/insi.md#certification-search-strategy)): one call.\n",
        id="a docs page gets a relative link",
    ),
    pytest.param(
        "docs/traits.md",
        "as summarised in the project's domain\nreference (sections 4 and 2.7); where\n",
        "as summarised in the project's [domain reference](domain/index.md) ([traits reference]"
        "(domain/traits.md), [NIR consistency with the traits]"
        "(domain/nir.md#consistency-with-the-traits)); where\n",
        id="the domain reference by its sections",
    ),
    pytest.param(
        "docs/insi.md",
        "Text (domain.md 2.2).\n\n```python\n# domain.md 2.2\n```\n",
        "Text ([NIR key](domain/nir.md#key)).\n\n```python\n# docs/domain/nir.md#key\n```\n",
        id="a code block in a docs page keeps the path form",
    ),
    pytest.param(
        "docs/adr/0099-x.md",
        "The sources disagree (domain.md 2.3-2.4):\n",
        "The sources disagree (docs/domain/nir.md#first-digit, "
        "docs/domain/nir.md#month-and-pseudo-months):\n",
        id="an ADR gets the path form",
    ),
    pytest.param(
        "README.md",
        "See domain.md 6.6.\n",
        "See [INSi test persons](docs/domain/insi.md#test-persons).\n",
        id="README links from the repository root",
    ),
    pytest.param(
        "ins/x.py",
        '"""Commands (api.md "Command line"):"""\n',
        '"""Commands (docs/cli.md):"""\n',
        id="a section of the API contract",
    ),
    pytest.param(
        "tests/x.py",
        '"""The error tree of ``ins.errors`` (shared/spec/api.md, "Errors")."""\n',
        '"""The error tree of ``ins.errors``."""\n',
        id="a one-off sentence",
    ),
    pytest.param(
        "tests/x.py",
        '"""Copies in ``shared/peer-vectors/nir.json``."""\n',
        '"""Copies in ``tests/data/peer_vectors/nir.json``."""\n',
        id="a shared file with a copy in the repository",
    ),
]


@pytest.mark.parametrize(("path", "before", "after"), cases)
def test_rewrite(path: str, before: str, after: str) -> None:
    assert rewrite(path, before) == after
    assert rewrite(path, after) == after  # a second run changes nothing


# (Python source, expected): lines made too long are re-wrapped, and stay valid Python.
reflows = [
    pytest.param(
        "CASES = [\n"
        '    ("Cæsar", "CAESAR"),  # domain.md 4.2: ligature written as two letters, as ever\n'
        "]\n",
        "CASES = [\n"
        "    # docs/domain/traits.md#normalisation-steps: ligature written as two letters, "
        "as ever\n"
        '    ("Cæsar", "CAESAR"),\n'
        "]\n",
        id="a trailing comment moves above its line",
    ),
    pytest.param(
        "REASONS = {\n"
        '    "x": "a date check is only a consistency warning here (domain.md 2.7), '
        'not an error",\n'
        "}\n",
        "REASONS = {\n"
        '    "x": "a date check is only a consistency warning here "\n'
        '         "(docs/domain/nir.md#consistency-with-the-traits), not an error",\n'
        "}\n",
        id="a string inside brackets is split",
    ),
    pytest.param(
        "def f() -> None:\n"
        '    """Short text, then a citation that makes the line long (domain.md 4.5)."""\n',
        "def f() -> None:\n"
        '    """Short text, then a citation that makes the line long\n'
        '    (docs/domain/traits.md#storage-of-insi-traits)."""\n',
        id="a one-line docstring becomes two lines",
    ),
    pytest.param(
        "def f() -> None:\n"
        '    """Summary.\n\n'
        "    A paragraph that cites domain.md 4.5 and goes on to the end of the line for a\n"
        "    while.\n"
        '    """\n'
        "    return None\n",
        "def f() -> None:\n"
        '    """Summary.\n\n'
        "    A paragraph that cites docs/domain/traits.md#storage-of-insi-traits and goes on to "
        "the end of\n"
        "    the line for a while.\n"
        '    """\n'
        "    return None\n",
        id="a paragraph is re-wrapped inside its docstring",
    ),
]


@pytest.mark.parametrize(("before", "after"), reflows)
def test_reflow(before: str, after: str) -> None:
    text = rewrite("tests/x.py", before)
    assert text == after
    compile(text, "x.py", "exec")
    assert max(len(line) for line in text.splitlines()) <= 100


# (text, what is reported): what the script cannot do is named, with its place.
unmapped = [
    ('"""See domain.md 7.1."""\n', "not re-pointed"),  # no such section
    ('"""See shared/spec/style.md."""\n', "not re-pointed"),  # no copy in the repository
    ('"""See api.md "Nowhere"."""\n', "not re-pointed"),  # no such section of the contract
    ('X = "' + "a" * 80 + ' (domain.md 2.7)"\n', "longer than 100"),  # a string at top level
]


@pytest.mark.parametrize(("text", "problem"), unmapped)
def test_what_cannot_be_mapped_is_reported(text: str, problem: str) -> None:
    result = repoint.rewrite_file(ROOT / "ins" / "x.py", text)
    assert len(result.problems) == 1
    assert problem in result.problems[0]
    assert result.problems[0].startswith("ins/x.py:1: ")


def test_every_section_of_the_brief_has_a_target() -> None:
    expected = {"1", "2", "3", "4", "5", "6", "Sources"}
    expected |= {f"2.{n}" for n in range(1, 8)} | {"3.1", "3.2"}
    expected |= {f"4.{n}" for n in range(1, 8)} | {f"5.{n}" for n in range(1, 5)}
    expected |= {f"6.{n}" for n in range(1, 7)}
    assert set(repoint.SECTIONS) == expected


def _all_targets() -> list[object]:
    targets: list[object] = list(repoint.SECTIONS.values())
    targets += [target for rules in repoint.REFINEMENTS.values() for _, target in rules]
    targets += list(repoint.API_SECTIONS.values())
    return targets


@pytest.mark.parametrize("target", _all_targets(), ids=lambda target: target.path())
def test_every_target_exists(target: object) -> None:
    path: str = target.path()  # type: ignore[attr-defined]
    assert citations.path_citation_problems(path, "tools/repoint_citations.py") == []


def test_the_working_tree_maps_entirely() -> None:
    """A dry run over the default paths writes nothing and finds nothing it cannot map."""
    before = {path: path.read_text(encoding="utf-8") for path in (ROOT / "ins").rglob("*.py")}
    lines: list[str] = []
    assert repoint.main(["--dry-run"], out=lines.append, cwd=ROOT) == 0
    assert lines[-1].startswith("would rewrite ")
    assert before == {path: path.read_text(encoding="utf-8") for path in before}


def test_the_script_refuses_another_directory(tmp_path: Path) -> None:
    lines: list[str] = []
    assert repoint.main([], out=lines.append, cwd=tmp_path) == 2
    assert lines == [
        f"Run this script from the root of its repository, {ROOT}, not from {tmp_path.resolve()}."
    ]
