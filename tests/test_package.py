"""Packaging promises: version, typing marker, and a light ``import ins``."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import ins


def test_version_is_a_string() -> None:
    assert isinstance(ins.__version__, str)
    assert ins.__version__[0].isdigit()


def test_py_typed_marker_is_shipped() -> None:
    assert resources.files("ins").joinpath("py.typed").is_file()


def test_import_does_not_load_test_tools() -> None:
    code = (
        "import sys, ins; "
        "bad = sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('hypothesis', 'pytest', '_pytest') "
        "or m.startswith('ins.testing')); "
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_every_public_name_is_importable() -> None:
    for name in ins.__all__:
        assert hasattr(ins, name), name
