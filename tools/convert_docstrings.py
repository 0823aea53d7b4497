"""Convert the reStructuredText habits of the docstrings of ``ins/`` to Markdown (not shipped).

The API reference is rendered by mkdocstrings, which reads docstrings as Markdown (Google-style
sections). This script rewrites, inside docstrings only:

- ``literal`` -> `literal`;
- Sphinx roles (:class:`~ins.Traits`, :func:`search_ins`...) -> a mkdocstrings cross-reference
  [`Traits`][ins.Traits] when the target resolves to a public name (or a member of a public
  class), else a code span;
- doctest blocks (``>>>`` runs and their output) -> ```` ```pycon ```` fences, with the blank line
  doctest needs before the closing fence (the examples still run as doctests);
- ``text::`` literal blocks -> ```` ```text ```` fences;
- a list right after a line of text gets the blank line Markdown needs before it.

Usage: ``python tools/convert_docstrings.py [--check] [FILE ...]`` (default: every module of
``ins/``); ``--check`` rewrites nothing and exits 1 when a file would change.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PUBLIC_MODULES = [
    "ins",
    "ins.nir",
    "ins.errors",
    "ins.insi",
    "ins.insi.soap",
    "ins.insi.mock",
    "ins.insi.server",
    "ins.interop",
    "ins.interop.codes",
    "ins.audit",
    "ins.audit.dask",
    "ins.testing.strategies",
    "ins.testing.patient_files",
    "ins.testing.pytest_plugin",
]

_ROLE = re.compile(r"(?<![\w:]):(class|func|meth|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")
_LITERAL = re.compile(r"``([^`\n]+?)``")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")


def _public_paths() -> tuple[dict[int, str], set[str]]:
    """Object id -> its public dotted path; and the public module names."""
    paths: dict[int, str] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if isinstance(value, ModuleType):
                continue
            # The first public module that lists an object is its home (ins before ins.nir).
            paths.setdefault(id(value), f"{module_name}.{name}")
    return paths, set(PUBLIC_MODULES)


PATHS, MODULES = _public_paths()


def _lookup(dotted: str, /) -> Any:
    """The object at ``dotted`` (a module path, then attributes), or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            value = getattr(value, part, None)
            if value is None:
                return None
        return value
    return None


def _resolve(target: str, module: ModuleType, /) -> str | None:
    """The public identifier a role target stands for, seen from ``module``."""
    target = target.lstrip(".")
    package = module.__name__.rpartition(".")[0]
    owner_class = None
    for base in (module.__name__, package, "ins", ""):
        dotted = f"{base}.{target}" if base else target
        value = _lookup(dotted)
        if value is None:
            continue
        if isinstance(value, ModuleType):
            return value.__name__ if value.__name__ in MODULES else None
        if id(value) in PATHS:
            return PATHS[id(value)]
        head, _, attribute = dotted.rpartition(".")
        owner_class = _lookup(head)
        if inspect.isclass(owner_class) and id(owner_class) in PATHS and attribute:
            return f"{PATHS[id(owner_class)]}.{attribute}"
    return None


def _roles(text: str, module: ModuleType, /) -> str:
    def replace(found: re.Match[str]) -> str:
        kind, tilde, target = found.groups()
        target = target.strip()
        shown = target.rpartition(".")[2] if tilde else target.lstrip(".")
        # Constants carry no docstring, so the reference does not render them: no link.
        identifier = None if kind in {"data", "const"} else _resolve(target, module)
        if identifier is None:
            return f"`{shown}`"
        return f"[`{shown}`][{identifier}]"

    return _ROLE.sub(replace, text)


def _fences(lines: list[str]) -> list[str]:
    """Wrap doctest runs and ``::`` literal blocks in fences; blank line before lists."""
    result: list[str] = []
    index = 0
    in_fence = False
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
            result.append(line)
            index += 1
            continue
        if in_fence:
            result.append(line)
            index += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        if stripped.startswith(">>>"):
            result.append(f"{indent}```pycon")
            while index < len(lines) and lines[index].strip():
                result.append(lines[index])
                index += 1
            result.append("")
            result.append(f"{indent}```")
            continue
        if stripped.endswith("::") and not stripped.startswith(".."):
            result.append(line[: len(line.rstrip()) - 1])  # "is::" -> "is:"
            index += 1
            while index < len(lines) and not lines[index].strip():
                index += 1
            block_indent = None
            block: list[str] = []
            while index < len(lines):
                current = lines[index]
                if current.strip():
                    width = len(current) - len(current.lstrip())
                    if block_indent is None:
                        block_indent = width
                    if width < block_indent:
                        break
                block.append(current)
                index += 1
            while block and not block[-1].strip():
                block.pop()
            cut = block_indent or 0
            result += ["", f"{indent}```text"]
            result += [f"{indent}{text[cut:]}" if text.strip() else "" for text in block]
            result += [f"{indent}```", ""]
            continue
        if (
            _LIST_ITEM.match(line)
            and result
            and result[-1].strip()
            and not _LIST_ITEM.match(result[-1])
            and not result[-1].startswith(" " * (len(indent) + 1))
        ):
            result.append("")
        result.append(line)
        index += 1
    return result


def convert_docstring(text: str, module: ModuleType, /) -> str:
    """One docstring, converted."""
    lines = _fences(text.split("\n"))
    out: list[str] = []
    in_fence = False
    for line in lines:
        if line.strip().startswith("```"):
            in_fence = not in_fence
            out.append(line)
            continue
        if in_fence:
            out.append(line)
            continue
        out.append(_roles(_LITERAL.sub(r"`\1`", line), module))
    return "\n".join(out)


WIDTH = 100


def reflow(text: str, column: int, indent: str, /) -> str:
    """Re-wrap the prose paragraphs that now hold a line over :data:`WIDTH` (the first line of
    the docstring starts at ``column``, after the quotes; the others are indented by
    ``indent``); fences and tables are left alone."""
    lines = text.split("\n")
    indent_of_body = indent
    limit = [WIDTH - column] + [WIDTH] * (len(lines) - 1)
    limit[-1] -= 3  # the closing quotes, when the text ends on their line
    if all(len(line) <= limit[i] for i, line in enumerate(lines)):
        return text
    out: list[str] = []
    index = 0
    in_fence = False
    while index < len(lines):
        line = lines[index]
        if line.strip().startswith("```"):
            in_fence = not in_fence
        if in_fence or not line.strip() or line.strip().startswith(("|", "```")):
            out.append(line)
            index += 1
            continue
        # A paragraph: this line and the following ones of the same block.
        own = line[: len(line) - len(line.lstrip())]
        indent = own if out else indent_of_body
        item = _LIST_ITEM.match(line)
        hanging = indent + " " * (item.end() - len(own)) if item else indent
        block = [line.strip()]
        index += 1
        while index < len(lines):
            following = lines[index]
            if not following.strip() or following.strip().startswith("```"):
                break
            if _LIST_ITEM.match(following) or following.strip().startswith("|"):
                break
            if not following.startswith(hanging) and not (
                not item and following.startswith(indent)
            ):
                break
            block.append(following.strip())
            index += 1
        start = index - len(block)
        if all(len(lines[i]) <= limit[i] for i in range(start, index)):
            out += lines[start:index]
            continue
        words = " ".join(block).split(" ")
        current = own
        width = limit[start]
        for word in words:
            candidate = word if current.strip() == "" else f"{current} {word}"
            if current.strip() == "":
                candidate = current + word
            if len(candidate) > width and current.strip():
                out.append(current)
                current = hanging + word
                width = WIDTH - 3  # room for closing quotes on the last line
            else:
                current = candidate
        out.append(current)
    return "\n".join(out)


def _docstring_nodes(tree: ast.AST) -> list[ast.Constant]:
    nodes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                nodes.append(body[0].value)
    return nodes


def convert_file(path: Path, /) -> str:
    """The converted source of ``path``."""
    source = path.read_bytes()  # ast offsets count UTF-8 bytes
    dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    # A __main__ module runs its command when imported: resolve its references from its package.
    module = importlib.import_module(dotted.removesuffix(".__init__").removesuffix(".__main__"))
    tree = ast.parse(source)
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    pieces: list[bytes] = []
    last = 0
    for node in sorted(_docstring_nodes(tree), key=lambda n: (n.lineno, n.col_offset)):
        if node.end_lineno is None or node.end_col_offset is None:
            continue
        start = line_starts[node.lineno - 1] + node.col_offset
        end = line_starts[node.end_lineno - 1] + node.end_col_offset
        literal = source[start:end].decode()
        prefix = re.match(r"[rRuU]*('\'\'|\"\"\"|'|\")", literal)
        if prefix is None:
            continue
        quote = prefix.group(1)
        head = prefix.end()
        inner = literal[head : len(literal) - len(quote)]
        body = reflow(
            convert_docstring(inner, module), node.col_offset + head, " " * node.col_offset
        )
        pieces += [source[last:start], (literal[:head] + body + quote).encode()]
        last = end
    pieces.append(source[last:])
    return b"".join(pieces).decode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "ins").rglob("*.py"))
    changed = 0
    for given in files:
        path = given.resolve()
        new = convert_file(path)
        if new != path.read_text():
            changed += 1
            if not args.check:
                path.write_text(new)
    print(f"{changed} file(s) {'would change' if args.check else 'converted'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
