"""The layout of docs/architecture.md, enforced: layers, a light ``import ins``, one home per name.

- Every import of an ``ins`` module inside ``ins/`` (at the top of a module or inside a function)
  goes down or sideways within its layer, never up: the core never imports INSi, the identity
  record, the SOAP, mock or server layers, the audit, the exports or the testing tools.
- No module imports a private name (``_x``) from another module.
- ``import ins`` loads nothing but the package; the core and the identity record load no module
  of the mock, SOAP, HTTP or server layers.
- Each public name is exported by one public module (``ins`` re-exports the names of ``ins.nir``
  and ``ins.errors``, as documented).
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from helpers import PUBLIC_MODULES

import ins

ROOT = Path(ins.__file__).parent

# Layers, bottom to top: a module may import its own layer and the layers listed for it.
CORE = "core"
INSI = "insi"
RECORD = "record"
SOAP = "soap"
MOCK = "mock"
SERVER = "server"
INTEROP = "interop"
AUDIT = "audit"
TESTING = "testing"
APP = "app"
ALLOWED: dict[str, set[str]] = {
    CORE: set(),
    INSI: {CORE},
    RECORD: {CORE, INSI},
    SOAP: {CORE, INSI},
    MOCK: {CORE, INSI},
    SERVER: {CORE, INSI, SOAP, MOCK},
    INTEROP: {CORE, INSI, RECORD},
    AUDIT: {CORE, INSI, RECORD},
    TESTING: {CORE, INSI, RECORD, MOCK, AUDIT},
    APP: {CORE, INSI, RECORD, SOAP, MOCK, SERVER, INTEROP, AUDIT, TESTING},
}
RECORD_MODULES = {"ins._identity", "ins._events", "ins._decisions", "ins._replay", "ins._explain"}
APP_MODULES = {"ins", "ins.cli", "ins.__main__", "ins._demo", "ins.insi.__main__", "ins.insi.http"}


def layer(module: str, /) -> str:
    """The layer of a module of ``ins``, by its dotted name."""
    if module in APP_MODULES:
        return APP
    if module in RECORD_MODULES:
        return RECORD
    for prefix, name in (
        ("ins.insi.soap", SOAP),
        ("ins.insi.mock", MOCK),
        ("ins.insi.server", SERVER),
        ("ins.insi", INSI),
        ("ins.interop", INTEROP),
        ("ins.audit", AUDIT),
        ("ins.testing", TESTING),
    ):
        if module == prefix or module.startswith(prefix + "."):
            return name
    return CORE


def _module_name(path: Path, /) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str, /) -> bool:
    relative = Path(*dotted.split("."))
    base = ROOT.parent / relative
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imports(path: Path, /) -> list[tuple[str, str | None, int]]:
    """(module imported, name imported from it or None, line) for every import of ``ins``."""
    found: list[tuple[str, str | None, int]] = []
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            module = node.module
            if node.level:  # relative imports are not used in ins/, but read them right
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module])
            for alias in node.names:
                full = f"{module}.{alias.name}"
                if _is_module(full):
                    found.append((full, None, node.lineno))
                else:
                    found.append((module, alias.name, node.lineno))
    return [item for item in found if item[0] == "ins" or item[0].startswith("ins.")]


SOURCES = sorted(ROOT.rglob("*.py"))


def test_the_layer_table_knows_every_module() -> None:
    assert len(SOURCES) > 50
    names = {_module_name(path) for path in SOURCES}
    assert {layer(name) for name in names} == set(ALLOWED)


@pytest.mark.parametrize("path", SOURCES, ids=_module_name)
def test_imports_go_down_the_layers(path: Path) -> None:
    importer = _module_name(path)
    mine = layer(importer)
    wrong = [
        f"line {line}: {importer} ({mine}) imports {module} ({layer(module)})"
        for module, _, line in _imports(path)
        if layer(module) != mine and layer(module) not in ALLOWED[mine]
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", SOURCES, ids=_module_name)
def test_no_private_name_is_imported_from_another_module(path: Path) -> None:
    importer = _module_name(path)
    reach_ins = [
        f"line {line}: {importer} imports {name} from {module}"
        for module, name, line in _imports(path)
        if name is not None and name.startswith("_") and module != importer
    ]
    assert not reach_ins, "\n".join(reach_ins)


@pytest.mark.parametrize("path", SOURCES, ids=_module_name)
def test_only_public_pydantic_api(path: Path) -> None:
    # ADR 0003: no private marker (__pydantic_base_init__...) and no pydantic._internal import.
    text = path.read_text()
    assert "__pydantic_" not in text
    assert "pydantic._internal" not in text


def _loaded_after(statement: str, /) -> list[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return list(json.loads(output))


HEAVY = ("ins.insi.soap", "ins.insi.mock", "ins.insi.server", "ins.insi.http", "ins.audit.")
NEVER = ("ins.testing", "hypothesis", "pytest", "ins.interop")


def test_import_ins_loads_only_the_package() -> None:
    loaded = _loaded_after("import ins")
    assert [name for name in loaded if name.startswith("ins")] == ["ins"]
    assert "pydantic" not in loaded


def test_the_nir_verbs_load_without_pydantic() -> None:
    loaded = _loaded_after("import ins; ins.nir.is_valid('284052A32102552'); ins.Nir")
    assert "pydantic" not in loaded
    assert not [name for name in loaded if name.startswith("ins.insi")]


def test_the_identity_record_loads_no_service_layer() -> None:
    loaded = _loaded_after("import ins; ins.Identity; ins.Traits; ins.__all__")
    heavy = [name for name in loaded if name.startswith(HEAVY) or name.startswith(NEVER)]
    assert heavy == []
    assert "ins.insi._results" in loaded  # the record keeps INSi results: that layer only


def test_every_name_of_ins_resolves_and_dir_lists_it() -> None:
    for name in ins.__all__:
        assert getattr(ins, name) is not None, name
    assert set(ins.__all__) <= set(dir(ins))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ins.nope  # noqa: B018


# ``ins`` re-exports the names of these public modules (docs/architecture.md).
RE_EXPORTED_BY_INS = {"ins.nir", "ins.errors"}


def test_each_public_name_has_one_home() -> None:
    homes: dict[int, list[str]] = defaultdict(list)
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) or callable(value):
                homes[id(value)].append(f"{module_name}.{name}")
    shared = []
    for places in homes.values():
        modules = {place.rpartition(".")[0] for place in places}
        if len(places) > 1 and not (
            len(modules) == 2 and "ins" in modules and modules - {"ins"} <= RE_EXPORTED_BY_INS
        ):
            shared.append(places)
    assert shared == []


def test_a_public_submodule_is_imported_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    # In a fresh interpreter ins.errors is not yet an attribute of ins: __getattr__ imports it.
    monkeypatch.delattr(ins, "errors")
    assert ins.errors is importlib.import_module("ins.errors")
