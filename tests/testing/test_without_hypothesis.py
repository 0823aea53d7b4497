"""Without Hypothesis installed, `ins.testing.strategies` says which extra to install.

Each case runs in a fresh interpreter where Hypothesis cannot be imported: either blocked in
`sys.modules` (`None`, as Python's own tests do) or refused by a meta-path finder, as when it is
not installed at all.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

BLOCKERS = {
    "sys.modules": "sys.modules['hypothesis'] = None",
    "not installed": textwrap.dedent(
        """
        class Absent:
            def find_spec(self, name, path=None, target=None):
                if name == "hypothesis" or name.startswith("hypothesis."):
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None
        sys.meta_path.insert(0, Absent())
        """
    ),
}


def _run_without_hypothesis(blocker: str, statement: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys\n{blocker}\n{statement}\n"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )


@pytest.mark.parametrize("blocker", sorted(BLOCKERS))
def test_the_strategies_ask_for_the_testing_extra(blocker: str) -> None:
    done = _run_without_hypothesis(
        BLOCKERS[blocker],
        textwrap.dedent(
            """
            try:
                import ins.testing.strategies
            except ImportError as error:
                print(type(error).__name__, error.name)
                print(error)
            else:
                print("imported")
            """
        ),
    )
    assert done.returncode == 0, done.stderr
    first, message = done.stdout.splitlines()[:2]
    assert first == "ModuleNotFoundError hypothesis"
    assert "ins.testing.strategies needs Hypothesis" in message
    assert 'python -m pip install -e ".[testing]"' in message
    assert '"ins[testing]"' in message


@pytest.mark.parametrize(
    "module", ["ins", "ins.testing", "ins.testing.pytest_plugin", "ins.testing.patient_files"]
)
def test_what_does_not_need_hypothesis_imports_without_it(module: str) -> None:
    done = _run_without_hypothesis(BLOCKERS["not installed"], f"import {module}")
    assert done.returncode == 0, done.stderr
