"""Re-point every citation of the project brief at the project's own domain reference.

Code, tests, ADRs and docs used to cite a brief kept outside the repository: "domain.md 2.6",
"(domain.md sections 6.1 and 6.3)", "(api.md "Command line")", "shared/spec/...", and bare
section numbers that follow such a citation ("consistency: 2.7", "(4.5)"). This script rewrites
them into citations of ``docs/domain/`` (and, for the API contract, of the user guides):

- in Python files, ADRs (``docs/adr/``) and Markdown outside ``docs/``, as a path:
  ``docs/domain/nir.md#which-error-for-which-failure``;
- in the other docs pages, as a Markdown link relative to the page:
  ``[NIR errors](domain/nir.md#which-error-for-which-failure)``; in README.md, relative to the
  repository root.

:data:`SECTIONS` maps each section of the brief to a page and an anchor; :data:`REFINEMENTS`
picks a closer anchor from the words around a citation ("the error order of domain.md 2.6" goes
to ``#which-error-for-which-failure``, "cleaning (domain.md 2.6)" to ``#cleaning``). In Python,
only comments and strings are rewritten. A Python line that grows past the line length of
``pyproject.toml`` is re-wrapped: comments and docstrings as paragraphs, a trailing comment moved
above its line, a string literal inside brackets split in two.

Usage, from the root of the repository that holds the script (it refuses to run from anywhere
else, so that it never edits another checkout), after the branches are merged (kept out of the
wheel)::

    python tools/repoint_citations.py --dry-run   # print the diff and the summary, write nothing
    python tools/repoint_citations.py             # rewrite ins/ tests/ docs/ README.md in place
    python tools/repoint_citations.py PATH ...    # only these files or folders
    python tools/repoint_citations.py -v          # also list every rewrite, file:line old -> new

Then run ``ruff format`` (the script runs it on the files it changed when ``ruff`` is on the
PATH), ``ruff check .``, ``mkdocs build --strict`` and the test suite, and remove the ``xfail``
mark of ``tests/test_citations.py::test_no_citation_of_the_brief_is_left``. The script exits
with status 1, naming each place, when a citation is left that it cannot map (a new form, an
unknown section) or a rewritten line is still too long: fix those by hand. Run it twice and the
second run changes nothing.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = ("ins", "tests", "docs", "README.md")
SKIPPED_PARTS = {"__pycache__", ".hypothesis", "peer_vectors"}
# The tests of the citations and of this script hold examples of the old citations on purpose.
SKIPPED_FILES = {"tests/test_citations.py", "tests/test_repoint_citations.py"}


@dataclass(frozen=True)
class Target:
    """A page of ``docs/domain/`` (or another docs page), an optional anchor, a link label."""

    page: str
    anchor: str | None
    label: str

    def path(self) -> str:
        """The target from the repository root, as code and ADRs cite it."""
        return f"docs/{self.page}" + (f"#{self.anchor}" if self.anchor else "")


def _t(page: str, anchor: str | None, label: str) -> Target:
    return Target(f"domain/{page}", anchor, label)


#: Each section of the brief, and where its content now lives.
SECTIONS: dict[str, Target] = {
    "1": _t("index.md", "vocabulary", "vocabulary"),
    "2": _t("nir.md", None, "NIR reference"),
    "2.1": _t("nir.md", "layout", "NIR layout"),
    "2.2": _t("nir.md", "key", "NIR key"),
    "2.3": _t("nir.md", "first-digit", "NIR first digit"),
    "2.4": _t("nir.md", "month-and-pseudo-months", "NIR months"),
    "2.5": _t("nir.md", "nia", "NIA"),
    "2.6": _t("nir.md", "strictness-levels", "NIR strictness levels"),
    "2.7": _t("nir.md", "consistency-with-the-traits", "NIR consistency with the traits"),
    "3": _t("ins.md", None, "INS reference"),
    "3.1": _t("ins.md", "oids", "INS OIDs"),
    "3.2": _t("exports.md", None, "exports reference"),
    "4": _t("traits.md", None, "traits reference"),
    "4.1": _t("traits.md", "insi-character-set", "INSi character set"),
    "4.2": _t("traits.md", "normalisation-steps", "name normalisation"),
    "4.3": _t("traits.md", "first-names", "first names"),
    "4.4": _t("birth-dates.md", None, "birth-date reference"),
    "4.5": _t("traits.md", "storage-of-insi-traits", "storage of INSi traits"),
    "4.6": _t("traits.md", "sex", "sex"),
    "4.7": _t("birthplaces.md", None, "birthplace reference"),
    "5": _t("status.md", None, "status reference"),
    "5.1": _t("status.md", "the-four-statuses", "the four statuses"),
    "5.2": _t("status.md", "attributes", "attributes"),
    "5.3": _t("documents.md", None, "documents reference"),
    "5.4": _t("status.md", "transitions", "status transitions"),
    "6": _t("insi.md", None, "INSi reference"),
    "6.1": _t("insi.md", "wire-facts", "INSi wire facts"),
    "6.2": _t("insi.md", "result-codes", "INSi result codes"),
    "6.3": _t("insi.md", "technical-faults", "INSi technical faults"),
    "6.4": _t("insi.md", "certification-search-strategy", "certification search strategy"),
    "6.5": _t("insi.md", "verification", "INSi verification"),
    "6.6": _t("insi.md", "test-persons", "INSi test persons"),
    "Sources": _t("sources.md", None, "sources"),
}

#: A closer target for a section, chosen by the first pattern found in the words around the
#: citation (the rest of its line, else the line before, else the file's path).
REFINEMENTS: dict[str, list[tuple[str, Target]]] = {
    "2.2": [(r"example|\bNIA of\b", _t("nir.md", "worked-examples", "NIR key examples"))],
    "2.3": [(r"\bNNP\b|\bMIG\b|neighbour", _t("nir.md", "nnp-and-mig-numbers", "NNP and MIG"))],
    "2.6": [
        (r"levels?\b", SECTIONS["2.6"]),
        (
            r"order|error|fail|wins|64 characters",
            _t("nir.md", "which-error-for-which-failure", "NIR errors"),
        ),
        (r"clean|compact|ASCII|spaces", _t("nir.md", "cleaning", "NIR cleaning")),
    ],
    "3.1": [(r"INS-C|legacy", _t("ins.md", "legacy-ins-c", "legacy INS-C"))],
    "3.2": [
        (r"(?i)datamatrix", _t("exports.md", "ins-datamatrix", "INS datamatrix")),
        (r"(?i)mssant|mailbox", _t("exports.md", "mssante-patient-mailbox", "MSSanté mailbox")),
        (r"\bVALI\b", _t("exports.md", "vali-in-fhir-and-in-hl7-v2", "VALI in FHIR and HL7 v2")),
        (r"HL7|hl7|PAM|PID", _t("exports.md", "hl7-v2-pam-france", "HL7 v2 PAM France")),
        (r"FHIR|fhir|FR Core", _t("exports.md", "fhir-fr-core", "FHIR FR Core")),
    ],
    "4.1": [
        (r"\b80\b|\b61\b|\b100\b|length|limit", _t("traits.md", "length-limits", "name lengths")),
        (r"HOOFT|apostrophe|hyphen|rule", _t("traits.md", "syntax-rules", "INSi syntax rules")),
    ],
    "4.2": [
        (
            r"transliterat|unidecode|anyascii|licen",
            _t("traits.md", "transliteration-and-licences", "transliteration"),
        ),
        (r"policy|reject", _t("traits.md", "characters-outside-the-set", "name policies")),
    ],
    "4.3": [
        (
            r"compare_traits|INSi returned|reference|which trait|trait comparison",
            _t("traits.md", "comparing-traits", "trait comparison"),
        ),
        (
            r"coheren|boundary|prefix|not the first|hyphen counts|accents|empty first|the rule",
            _t("traits.md", "first-name-coherence", "first-name coherence"),
        ),
    ],
    "4.4": [
        (
            r"130|future|too old|years before",
            _t("birth-dates.md", "plausibility", "birth-date plausibility"),
        ),
        (
            r"^(?!.*\bpartial\b).*(?:lunar|exceptional|from_insi)",
            _t("birth-dates.md", "lunar-and-exceptional-dates", "lunar dates"),
        ),
        (r"EXI ID 11|completion", _t("birth-dates.md", "completion-rule", "completion rule")),
        (r"impossible", _t("birth-dates.md", "partial-dates", "typed birth dates")),
    ],
    "4.7": [
        (r"historic", _t("birthplaces.md", "historic-codes", "historic birthplace codes")),
        (
            r"unknown|finding|[Ss]yntax",
            _t("birthplaces.md", "syntax-check-and-lookup", "birthplace lookup"),
        ),
    ],
    "5.1": [(r"shar", _t("status.md", "who-may-use-the-ins", "who may use the INS"))],
    "5.2": [(r"combin|stricter", _t("status.md", "attribute-combinations", "combinations"))],
    "5.3": [
        (r"configur|preselect", _t("documents.md", "configuration-by-the-structure", "policy")),
        (
            r"ZFD|PAM|value set|mode-validation|\bcodes?\b",
            _t("documents.md", "code-lists", "document code lists"),
        ),
    ],
    "5.4": [(r"event log|appends one|replay|rebuil", _t("status.md", "event-log", "event log"))],
    "6.1": [
        (r"wire facts|WSDL", SECTIONS["6.1"]),
        (r"[Aa]nomal|carries no", _t("insi.md", "anomalies", "INSi anomalies")),
        (r"1 MB|DOCTYPE|\bentit", _t("insi.md", "xml-safety", "INSi XML safety")),
        (r"namespace|action", _t("insi.md", "namespaces-and-actions", "INSi namespaces")),
    ],
    "6.4": [(r"[Mm]ock|[Mm]atch|HERMAN", _t("insi.md", "matching-in-the-mock", "mock matching"))],
}

#: Sections of the API contract and the user guide that now documents them.
API_SECTIONS: dict[str, Target] = {
    "Errors": Target("identifiers.md", "which-error-for-which-mistake", "errors"),
    "NIR / NIA": Target("identifiers.md", None, "identifiers guide"),
    "INS identifiers": Target("identifiers.md", "ins-identifiers-ins-and-oid", "INS guide"),
    "Traits": Target("traits.md", None, "traits guide"),
    "Status (RNIV)": Target("status.md", None, "status guide"),
    "INSi": Target("insi.md", None, "INSi guide"),
    "Audit": Target("audit.md", None, "audit guide"),
    "Interop": Target("interop.md", None, "interop guide"),
    "Testing": Target("testing.md", None, "testing guide"),
    "Command line": Target("cli.md", None, "command line guide"),
}

#: One-off sentences that a mechanical rewrite would leave wrong: (pattern, replacement).
PHRASES: list[tuple[str, str]] = [
    (r'\s*\(shared/spec/api\.md, "Errors"\)', ""),
    (
        r"a verbatim copy of ``shared/peer-vectors/``",
        "a verbatim copy of another project's test vectors",
    ),
    (
        r"gathered by the project in `shared/data/insi-test-identities\.json` \(domain\.md 6\.6\),"
        r"\s*copied here unchanged\.",
        "gathered by the project (docs/domain/insi.md#test-persons); this file is the project's"
        "\n  only copy.",
    ),
    (
        r"copy the project file again:\s*"
        r"`cp shared/data/insi-test-identities\.json ins/data/insi_test_identities\.json`;",
        "edit this file by hand from the sources above (it is the only copy);",
    ),
]

#: Paths of the brief's folder that have a copy in the repository.
SHARED_COPIES = {
    "shared/peer-vectors/": "tests/data/peer_vectors/",
    "shared/data/insi-test-identities.json": "ins/data/insi_test_identities.json",
}

_REF = r"[1-6](?:\.[1-9])?"
_RANGE = rf"{_REF}(?:\s*(?:-|to)\s*{_REF})?"
_LIST = rf"{_RANGE}(?:(?:,\s*|\s+and\s+){_RANGE})*"
CITATION = re.compile(
    r"(?P<before>DECISION\s+(?:of\s+)?)?"
    r"(?:shared/spec/)?domain\.md"
    rf"(?:(?:\s+sections?)?\s+(?P<refs>{_LIST})(?![\d.]\d)|(?!\s+(?:sections?\s+)?\d))"
    r"(?P<after>\s+DECISION\b)?"
    r"|(?P<reference>(?:the\s+project's\s+)?domain\s+reference)"
    rf"\s+\(sections?\s+(?P<sections>{_LIST})\)"
)
API = re.compile(r'(?<![\w/-])(?:shared/spec/)?api\.md(?:,?\s+"(?P<section>[^"\n]+)")?')
SHARED = re.compile(r"(?<![\w/])shared/[\w./-]*[\w/]")
# Bare section numbers that continue a citation, in a file that cites the brief: "(4.5)",
# "(5.2, ADR 0030)", "(4.2 steps 1-4", "consistency: 2.7;", "traits: 4;", "(and 4.4 for ...",
# ", 6.1 for ...", and "2.7)." opening a line.
_SUB = r"[2-6]\.[1-7]"
BARE = re.compile(
    rf"(?P<pre>(?<=\())(?P<refs>{_SUB})(?=\)|,\s+(?:ADR|RNIV)\b|\s+steps?\b)"
    rf"|(?P<pre2>:\s+)(?P<refs2>{_SUB}|[2-6])(?=[;)])"
    rf"|(?P<pre3>\(and\s+|,\s+)(?P<refs3>{_SUB})(?=\s+for\b)"
    rf"|(?P<pre4>^[ \t]*)(?P<refs4>{_SUB})(?=\)\.)",
    re.MULTILINE,
)
LEFTOVER = re.compile(r"(?<![\w/-])(?:domain|api)\.md\b|(?<![\w/])shared/[\w-]")


@dataclass
class Rewrite:
    """One citation rewritten: where, what it was, what it became."""

    path: Path
    line: int
    old: str
    new: str
    kind: str


@dataclass
class FileResult:
    path: Path
    text: str
    rewrites: list[Rewrite] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _sections(refs: str) -> list[str]:
    """Section numbers of a list such as ``4.3, 4.5 and 2.7`` or ``6.1 to 6.3``."""
    found: list[str] = []
    for part in re.split(r",\s*|\s+and\s+", refs.strip()):
        bounds = re.split(r"\s*(?:-|to)\s*", part)
        if len(bounds) == 1:
            found.append(bounds[0])
            continue
        first, last = bounds
        if "." in first and first.split(".")[0] == last.split(".")[0]:
            major = first.split(".")[0]
            lows, high = int(first.split(".")[1]), int(last.split(".")[1])
            found.extend(f"{major}.{minor}" for minor in range(lows, high + 1))
        else:
            found.extend(str(number) for number in range(int(first[0]), int(last[0]) + 1))
    return found


def _context_target(section: str, contexts: list[str]) -> Target:
    base = SECTIONS[section]
    for context in contexts:
        for pattern, target in REFINEMENTS.get(section, []):
            if re.search(pattern, context):
                return target
    return base


def _targets(refs: str, contexts: list[str]) -> list[Target] | None:
    """The targets of a list of sections, ``None`` when a section is unknown."""
    sections = _sections(refs)
    if any(section not in SECTIONS for section in sections):
        return None
    targets: list[Target] = []
    for section in sections:
        target = _context_target(section, contexts)
        if target not in targets:
            targets.append(target)
    # Three anchors or more of one page: cite the page.
    pages = Counter(target.page for target in targets if target.anchor)
    merged: list[Target] = []
    for target in targets:
        chosen = target
        if pages[target.page] >= 3:
            chosen = next(t for t in SECTIONS.values() if t.page == target.page and not t.anchor)
        if chosen not in merged:
            merged.append(chosen)
    return merged


class Style:
    """How a target is written in one file: a path, or a Markdown link relative to a page."""

    def __init__(self, path: Path) -> None:
        relative = path.relative_to(ROOT)
        docs = relative.parts[0] == "docs" and relative.suffix == ".md"
        self.link_from: Path | None = None
        if docs and relative.parts[:2] != ("docs", "adr"):
            self.link_from = path.parent
        elif relative == Path("README.md"):
            self.link_from = ROOT

    def render(self, targets: list[Target]) -> str:
        if self.link_from is None:
            return ", ".join(target.path() for target in targets)
        links = []
        for target in targets:
            href = os.path.relpath(ROOT / "docs" / target.page, self.link_from)
            href = Path(href).as_posix() + (f"#{target.anchor}" if target.anchor else "")
            links.append(f"[{target.label}]({href})")
        return ", ".join(links)


#: The path style, for code blocks in Markdown.
PATHS = Style(ROOT / "ins" / "__init__.py")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)


def _line_context(text: str, start: int, end: int, path: Path) -> list[str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    previous_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    return [
        text[line_start:start] + " " + text[end:line_end],
        text[previous_start:line_start],
        path.as_posix(),
    ]


def _rewrite(text: str, path: Path, style: Style, result: FileResult, offset: int) -> str:
    """Rewrite the citations of one region of ``path`` (``text`` starts at ``offset``)."""
    full = result.text

    def line_of(position: int) -> int:
        return full.count("\n", 0, offset + position) + 1

    def record(match: re.Match[str], new: str, kind: str) -> str:
        result.rewrites.append(Rewrite(path, line_of(match.start()), match[0], new, kind))
        return new

    for pattern, replacement in PHRASES:
        text = re.sub(pattern, _recorder(record, replacement), text)

    def citation(match: re.Match[str]) -> str:
        contexts = _line_context(text, match.start(), match.end(), path)
        if match["reference"]:
            targets = _targets(match["sections"], contexts)
            if targets is None:
                return match[0]
            index = style.render([_t("index.md", None, "domain reference")])
            named = re.sub(r"domain\s+reference", index, match["reference"])
            return record(match, f"{named} ({style.render(targets)})", "citation")
        refs = match["refs"]
        targets = _targets(refs, contexts) if refs else [_t("index.md", None, "domain reference")]
        if targets is None:
            return match[0]
        new = style.render(targets)
        if match["before"]:
            joined = "in" if "of" in match["before"] else ","
            new = f"project decision{joined if joined == ',' else ' ' + joined} {new}"
        if match["after"]:
            new = f"{new}, a project decision"
        return record(match, new, "citation")

    had_citation = "domain.md" in full
    text = CITATION.sub(citation, text)

    def api(match: re.Match[str]) -> str:
        section = match["section"]
        target = API_SECTIONS.get(section) if section else Target("index.md", None, "docs")
        if target is None:
            return match[0]
        if style.link_from is None:
            new = f"docs/{target.page}" + (f"#{target.anchor}" if target.anchor else "")
        else:
            href = Path(os.path.relpath(ROOT / "docs" / target.page, style.link_from)).as_posix()
            href += f"#{target.anchor}" if target.anchor else ""
            new = f"[{target.label}]({href})"
        return record(match, new, "api")

    text = API.sub(api, text)

    def shared(match: re.Match[str]) -> str:
        for prefix, copy in SHARED_COPIES.items():
            if match[0].startswith(prefix):
                return record(match, copy + match[0][len(prefix) :], "shared")
        return match[0]

    text = SHARED.sub(shared, text)

    if had_citation and style is not PATHS:

        def bare(match: re.Match[str]) -> str:
            number = next(n for n in ("", "2", "3", "4") if match[f"refs{n}"] is not None)
            contexts = _line_context(text, match.start(), match.end(), path)
            targets = _targets(match[f"refs{number}"], contexts)
            if targets is None:
                return match[0]
            return record(match, match[f"pre{number}"] + style.render(targets), "bare")

        text = BARE.sub(bare, text)
    return text


def _recorder(
    record: Callable[[re.Match[str], str, str], str], replacement: str
) -> Callable[[re.Match[str]], str]:
    return lambda match: record(match, replacement, "phrase")


def _python_regions(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the comments and strings of a Python source."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    kinds = {tokenize.COMMENT, tokenize.STRING}
    kinds.add(getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING))
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in kinds:
            yield (
                starts[token.start[0] - 1] + token.start[1],
                starts[token.end[0] - 1] + token.end[1],
            )


def rewrite_file(path: Path, text: str) -> FileResult:
    """The new text of ``path`` and what changed."""
    result = FileResult(path, text)
    style = Style(path)
    if path.suffix == ".py":
        pieces: list[str] = []
        last = 0
        for start, end in _python_regions(text):
            pieces.append(text[last:start])
            pieces.append(_rewrite(text[start:end], path, style, result, start))
            last = end
        pieces.append(text[last:])
        new = "".join(pieces)
    else:
        pieces = []
        last = 0
        for fence in FENCE.finditer(text):
            pieces.append(_rewrite(text[last : fence.start()], path, style, result, last))
            code = _rewrite(text[fence.start() : fence.end()], path, PATHS, result, fence.start())
            pieces.append(code)
            last = fence.end()
        pieces.append(_rewrite(text[last:], path, style, result, last))
        new = "".join(pieces)
    if path.suffix == ".py" and new != text:
        new = Reflow(new, _line_length()).run(changed_lines(text, new), result, path)
    result.text = new
    for number, line in enumerate(new.splitlines(), 1):
        if LEFTOVER.search(line):
            result.problems.append(f"{path.relative_to(ROOT)}:{number}: not re-pointed: {line}")
    return result


def changed_lines(old: str, new: str) -> set[int]:
    """1-based numbers, in ``new``, of the lines that differ from ``old``."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    lines: set[int] = set()
    for tag, _, _, first, last in matcher.get_opcodes():
        if tag != "equal":
            lines.update(range(first + 1, last + 1))
    return lines


def _line_length() -> int:
    with (ROOT / "pyproject.toml").open("rb") as file:
        config = tomllib.load(file)
    return int(config.get("tool", {}).get("ruff", {}).get("line-length", 88))


# Lines that start something of their own: a list item, a doctest, a reST field, a table row.
_LIST_ITEM = re.compile(r"^(?:[-*+] |\d+\. |>>>|\.\.\.|:\w[^`:]*:(?:\s|$)|\||=|#|$)")


class Reflow:
    """Re-wrap the Python lines that a rewrite made longer than ``limit``."""

    def __init__(self, text: str, limit: int) -> None:
        self.lines = text.split("\n")
        self.limit = limit

    def run(self, changed: set[int], result: FileResult, path: Path) -> str:
        for number in sorted(changed, reverse=True):
            index = number - 1
            if index >= len(self.lines) or len(self.lines[index]) <= self.limit:
                continue
            text = "\n".join(self.lines)
            kind = _line_kind(text, number)
            fixed = self._fix(index, kind)
            if not fixed:
                result.problems.append(
                    f"{path.relative_to(ROOT)}:{number}: longer than {self.limit} characters "
                    "after the rewrite: re-wrap it by hand"
                )
        return "\n".join(self.lines)

    def _fix(self, index: int, kind: tuple[str, int, int]) -> bool:
        what, column, end = kind
        line = self.lines[index]
        if what == "comment":
            prefix = re.match(r"[ \t]*#:? ?", line)
            assert prefix is not None  # noqa: S101 - a comment line starts with "#"
            return self._wrap(index, prefix[0], prefix[0])
        if what == "docstring":
            indent = re.match(r"[ \t]*", line)
            assert indent is not None  # noqa: S101
            first = indent[0]
            following = first if line.strip()[:3] not in {'"""', "'''"} else " " * column
            return self._wrap(index, first, following, last=end - 1)
        if what == "trailing":
            code, comment = line[:column].rstrip(), line[column:]
            indent = re.match(r"[ \t]*", line)
            assert indent is not None  # noqa: S101
            self.lines[index : index + 1] = [indent[0] + comment, code]
            if len(self.lines[index]) > self.limit:
                return self._fix(index, ("comment", 0, 0))
            return True
        if what == "string":
            return self._split_string(index, column)
        return False

    def _wrap(self, index: int, first: str, following: str, *, last: int | None = None) -> bool:
        """Wrap line ``index`` at a space; carry the rest into the same paragraph below.

        ``last`` is the index of the last line of a docstring: nothing is carried past it.
        """
        while True:
            line = self.lines[index]
            if len(line) <= self.limit:
                return True
            cut = line.rfind(" ", len(first) + 1, self.limit + 1)
            # Do not leave a lone short word ("6).") on the next line: cut one word earlier.
            earlier = line.rfind(" ", len(first) + 1, cut)
            if cut >= 0 and len(line) - cut <= 4 and earlier > 0:
                cut = earlier
            if cut < 0:
                return False
            head, rest = line[:cut], line[cut + 1 :]
            self.lines[index] = head
            below = index + 1
            inside = last is None or below <= last
            if below < len(self.lines) and inside and self._continues(below, following):
                body = self.lines[below][len(following) :]
                self.lines[below] = following + rest + " " + body
            else:
                self.lines.insert(below, following + rest)
                last = None if last is None else last + 1
            index = below

    def _continues(self, index: int, prefix: str) -> bool:
        line = self.lines[index]
        if not line.startswith(prefix) or len(line) == len(prefix):
            return False
        body = line[len(prefix) :]
        if body[:1].isspace() or _LIST_ITEM.match(body):
            return False
        return body.strip() not in {'"""', "'''"}

    def _split_string(self, index: int, column: int) -> bool:
        line = self.lines[index]
        match = re.match(r"([rRbBuU]?)([\"'])", line[column:])
        if match is None:
            return False
        prefix, quote = match.groups()
        start = column + len(prefix) + 1
        end = line.find(quote, start)
        while end > 0 and line[end - 1] == "\\":
            end = line.find(quote, end + 1)
        cut = line.rfind(" ", start, min(end, self.limit - 1))
        if end < 0 or cut < 0:
            return False
        indent = " " * column
        self.lines[index : index + 1] = [
            line[: cut + 1] + quote,
            indent + prefix + quote + line[cut + 1 :],
        ]
        return len(self.lines[index]) <= self.limit and len(self.lines[index + 1]) <= self.limit


def _line_kind(text: str, number: int) -> tuple[str, int, int]:
    """What line ``number`` of Python ``text`` is: comment, docstring, trailing, string, code.

    With the column where the comment or string starts, and the line where a string ends.
    """
    depth = 0
    found: tuple[str, int, int] = ("code", 0, number)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth -= 1
            if token.start[0] > number:
                break
            if token.type == tokenize.COMMENT and token.start[0] == number:
                line = token.line
                alone = line[: token.start[1]].strip() == ""
                return ("comment", 0, number) if alone else ("trailing", token.start[1], number)
            if token.type == tokenize.STRING and token.start[0] <= number <= token.end[0]:
                triple = token.string.lstrip("rRbBuUfF")[:3] in {'"""', "'''"}
                if token.start[0] != token.end[0] or (triple and depth == 0):
                    found = ("docstring", token.start[1], token.end[0])
                elif depth > 0:
                    found = ("string", token.start[1], token.end[0])
    except tokenize.TokenError:
        return ("code", 0, number)
    return found


def _files(paths: list[str]) -> Iterator[Path]:
    for name in paths:
        path = (ROOT / name).resolve()
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for candidate in candidates:
            if candidate.suffix not in {".py", ".md"} or SKIPPED_PARTS & set(candidate.parts):
                continue
            if candidate.relative_to(ROOT).as_posix() in SKIPPED_FILES:
                continue
            yield candidate


def main(
    argv: list[str] | None = None, *, out: Callable[[str], None] = print, cwd: Path | None = None
) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS))
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every rewrite")
    options = parser.parse_args(argv)
    here = (cwd or Path.cwd()).resolve()
    if here != ROOT:
        # The script rewrites the repository it belongs to: run from anywhere else, it would edit
        # another checkout than the one the user is in.
        out(f"Run this script from the root of its repository, {ROOT}, not from {here}.")
        return 2
    files = list(_files(options.paths))
    results = [rewrite_file(path, path.read_text(encoding="utf-8")) for path in files]
    changed = [result for result in results if result.rewrites]
    for result in changed:
        old = result.path.read_text(encoding="utf-8")
        if options.dry_run:
            name = str(result.path.relative_to(ROOT))
            out(
                "".join(
                    difflib.unified_diff(
                        old.splitlines(keepends=True),
                        result.text.splitlines(keepends=True),
                        f"a/{name}",
                        f"b/{name}",
                    )
                )
            )
        else:
            result.path.write_text(result.text, encoding="utf-8")
        if options.verbose:
            for rewrite in result.rewrites:
                where = f"{rewrite.path.relative_to(ROOT)}:{rewrite.line}"
                out(f"{where}: {rewrite.old!r} -> {rewrite.new!r}")
    python = [str(result.path) for result in changed if result.path.suffix == ".py"]
    if python and not options.dry_run and shutil.which("ruff"):
        subprocess.run(["ruff", "format", "--quiet", *python], check=False)  # noqa: S603, S607
    kinds = Counter(rewrite.kind for result in changed for rewrite in result.rewrites)
    total = sum(kinds.values())
    detail = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    verb = "would rewrite" if options.dry_run else "rewrote"
    out(f"{verb} {total} citations ({detail or 'none'}) in {len(changed)} files")
    problems = [problem for result in results for problem in result.problems]
    for problem in problems:
        out(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
