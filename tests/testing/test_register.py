"""The ``hypothesis`` entry point: ``st.from_type`` on ``ins`` types with no setup (ADR 0081)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import ins
from ins import nir
from ins.testing import _register

# Each registered type, with the check that a value of it is really valid.
REGISTERED = [
    # validates at standard level and comes back unchanged
    pytest.param(ins.Nir, lambda v: nir.validate(v) == v, id="Nir"),
    # rebuilding through the public constructor gives the same value
    pytest.param(ins.Ins, lambda v: ins.Ins(str(v.matricule), v.oid) == v, id="Ins"),
    # a BirthDate reads back from its ISO form, unknown parts included
    pytest.param(
        ins.BirthDate,
        lambda v: ins.BirthDate.parse(v.isoformat(), today=dt.date(2026, 1, 1)) == v,
        id="BirthDate",
    ),
    # re-parsing the code gives the same code
    pytest.param(ins.BirthplaceCode, lambda v: ins.BirthplaceCode(str(v)) == v, id="Birthplace"),
    # pydantic revalidation of the dump gives the same traits
    pytest.param(ins.Traits, lambda v: type(v).model_validate(v.model_dump()) == v, id="Traits"),
    # the status is the one its last transition led to (PROV with no event)
    pytest.param(
        ins.Identity,
        lambda v: v.status == (v.events[-1].status_after if v.events else "PROV"),
        id="Identity",
    ),
]


def test_every_registered_type_is_public_and_has_its_strategy() -> None:
    from ins.testing import strategies

    assert len(_register.REGISTERED) == len(REGISTERED)
    for module_name, type_name, strategy_name in _register.REGISTERED:
        kind = getattr(ins, type_name)
        assert kind.__module__ == module_name, type_name
        assert strategy_name in strategies.__all__, strategy_name


@pytest.mark.parametrize(("kind", "is_sound"), REGISTERED)
def test_from_type_gives_valid_instances(kind: type, is_sound: object) -> None:
    @settings(max_examples=25, database=None)
    @given(st.from_type(kind))
    def check(value: object) -> None:
        assert type(value) is kind
        assert is_sound(value)  # type: ignore[operator]

    check()


class Admission(BaseModel):
    """A vendor's own model: Hypothesis fills the ins fields by itself."""

    ins: ins.Ins
    traits: ins.Traits
    birthplace: ins.BirthplaceCode | None = None


@settings(max_examples=25, database=None)
@given(st.builds(Admission))
def test_builds_fills_a_vendor_model(admission: Admission) -> None:
    assert isinstance(admission.ins, ins.Ins)
    assert isinstance(admission.traits, ins.Traits)
    assert Admission.model_validate(admission.model_dump()) == admission


FRESH_RUN = textwrap.dedent(
    """
    import sys
    import hypothesis.strategies as st
    from hypothesis import given, settings
    import ins

    # the hook ran at import, but the strategies are only imported when first needed
    assert "ins.testing.strategies" not in sys.modules, "strategies imported too early"

    @settings(max_examples=10, database=None)
    @given(st.from_type(ins.Nir), st.from_type(ins.Ins), st.from_type(ins.Traits),
           st.from_type(ins.BirthDate))
    def check(number, identifier, traits, birth_date):
        assert isinstance(number, ins.Nir) and ins.nir.is_valid(number)
        assert isinstance(identifier, ins.Ins)
        assert isinstance(traits, ins.Traits)
        assert isinstance(birth_date, ins.BirthDate)

    check()
    print("from_type ok")
    """
)


def _fresh_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env=clean,
        cwd=cwd,  # not the project root: the installed package is what runs
    )


def test_from_type_works_in_a_fresh_interpreter(tmp_path: Path) -> None:
    done = _fresh_python(FRESH_RUN, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "from_type ok"


def test_the_hook_is_declared_in_the_installed_metadata() -> None:
    hooks = {e.name: e.value for e in entry_points(group="hypothesis")}
    assert hooks.get("ins") == "ins.testing._register:_hypothesis_setup_hook"
    # and there is no auto-loaded pytest plugin (ADR 0080: opt-in)
    assert not [e for e in entry_points(group="pytest11") if e.value.startswith("ins.")]


def test_import_ins_loads_neither_hypothesis_nor_the_hook(tmp_path: Path) -> None:
    code = (
        "import sys, ins; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'hypothesis' "
        "or m.startswith('ins.testing')))"
    )
    done = _fresh_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
