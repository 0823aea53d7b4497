"""The opt-in pytest plugin and its ``insi`` fixture (ADR 0080).

Each check runs a tiny test project in a fresh pytest process, as a vendor's suite would run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Two tests that share nothing but the fixture: the first mutates its mock in every way the mock
# allows (a new person, a call in the log, a planned fault), the second must see none of it.
ISOLATION_TESTS = textwrap.dedent(
    """
    from ins import Traits, nir
    from ins.insi import InsiCode, TraitsSearch
    from ins.insi.mock import MockInsi

    SEEN = []
    LEONARDO = TraitsSearch(birth_name="DE VINCI", first_names="LEONARDO", sex="M",
                            birth_date="2014-02-01")
    ALICE = Traits(birth_name="PLUGIN", first_names="ALICE", sex="F", birth_date="1990-01-01")
    ALICE_SEARCH = TraitsSearch(birth_name="PLUGIN", first_names="ALICE", sex="F",
                                birth_date="1990-01-01")
    BODY = "2900199126111"

    def test_first_mutates_its_mock(insi):
        SEEN.append(insi)
        assert isinstance(insi, MockInsi)
        assert len(insi) == len(MockInsi.with_test_identities()) > 0
        insi.add(ALICE, (BODY + nir.calc_key(BODY), "1.2.250.1.213.1.4.10"))
        assert insi.search_by_traits(ALICE_SEARCH).code == InsiCode.OK
        insi.fail_always("insi_102")
        assert len(insi.calls) == 1

    def test_second_gets_a_fresh_mock(insi):
        assert SEEN and insi is not SEEN[0]
        assert insi.calls == ()
        assert len(insi) == len(MockInsi.with_test_identities())
        assert insi.search_by_traits(ALICE_SEARCH).code == InsiCode.NOT_FOUND
        assert insi.search_by_traits(LEONARDO).code == InsiCode.SEVERAL
    """
)


def _run_pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, str(project)],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
        env={**os.environ, "PYTEST_ADDOPTS": ""},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "test_isolation.py").write_text(ISOLATION_TESTS)
    return tmp_path


def test_conftest_opt_in_gives_a_fresh_mock_per_test(project: Path) -> None:
    (project / "conftest.py").write_text('pytest_plugins = ["ins.testing.pytest_plugin"]\n')
    done = _run_pytest(project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_command_line_opt_in_works_too(project: Path) -> None:
    done = _run_pytest(project, "-p", "ins.testing.pytest_plugin")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_without_opt_in_there_is_no_fixture(project: Path) -> None:
    # ADR 0080: nothing is auto-loaded into the pytest sessions of projects that did not ask.
    done = _run_pytest(project)
    assert done.returncode != 0
    assert "fixture 'insi' not found" in done.stdout


def test_a_project_fixture_of_the_same_name_wins(project: Path) -> None:
    (project / "conftest.py").write_text(
        textwrap.dedent(
            """
            import pytest
            pytest_plugins = ["ins.testing.pytest_plugin"]

            @pytest.fixture
            def insi():
                return "the project's own"
            """
        )
    )
    (project / "test_isolation.py").write_text(
        'def test_own(insi):\n    assert insi == "the project\'s own"\n'
    )
    done = _run_pytest(project)
    assert done.returncode == 0, done.stdout + done.stderr


def test_importing_the_plugin_loads_nothing_more_of_ins_and_no_hypothesis() -> None:
    code = (
        "import sys, ins; before = set(sys.modules); import ins.testing.pytest_plugin; "
        "print(sorted(m for m in set(sys.modules) - before "
        "if m.split('.')[0] in ('ins', 'hypothesis')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['ins.testing', 'ins.testing.pytest_plugin']"


def test_the_fixture_in_process() -> None:
    # The same fixture body, called the way pytest calls it (keeps the plugin module covered).
    from ins.insi.mock import MockInsi
    from ins.testing import pytest_plugin

    body = pytest_plugin.insi.__wrapped__  # type: ignore[attr-defined]
    first, second = body(), body()
    assert isinstance(first, MockInsi)
    assert first is not second
    assert len(first) == len(second) > 0
