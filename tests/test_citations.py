"""Every citation of the domain reference, and every source key, points at something that exists.

The project's rules are written in ``docs/domain/`` (see
``docs/domain/index.md#how-to-read-these-pages``), and code, tests, ADRs and docs cite them:

- in code, tests and ADRs by path, ``docs/domain/nir.md#which-error-for-which-failure``: the
  page must exist and the anchor must be one of its headings;
- in docs pages by a relative Markdown link, ``[NIR reference](domain/nir.md#key)``: same check;
- a source key in brackets (``[PADOA]``) in ``ins/``, ``docs/`` or README.md must have an entry
  in ``docs/domain/sources.md``.

Anchors are computed as mkdocs computes them: each page is rendered with the Markdown extensions
and options of ``mkdocs.yml`` and the ids of its table of contents are read back. A page built
by mkdocstrings (``::: module``) gets more ids at build time; only its file is checked.
"""

from __future__ import annotations

import io
import re
import tokenize
from functools import cache
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DOMAIN = DOCS / "domain"
SOURCES = DOMAIN / "sources.md"

# A cited docs page, by its path from the repository root, with an optional anchor.
PATH_CITATION = re.compile(r"(?<![\w./-])(docs/[\w./-]+?\.md)(?:#([\w-]+))?")
# A relative Markdown link (inline form) and its target.
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
# A source key: capitals, digits and inner hyphens, each part at least three characters long, so
# that a character class such as [A-Z] or [AB] is not taken for a key. A key followed by "(", "["
# or ":" is link text or a link label, not a citation.
SOURCE_KEY = re.compile(r"\[([A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]{2,})*)\](?![(\[:])")
SOURCE_ENTRY = re.compile(r"^#{2,4}\s+([A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]{2,})*)\s*$", re.MULTILINE)
# Citations of the project brief, which is not part of the repository ("docs/api.md" or
# "0071-mock-server-admin-api.md" are not: a slash, a letter or a hyphen comes before them).
BRIEF = re.compile(r"(?<![\w/-])(?:domain|api)\.md\b|\bshared/[\w-]")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1", re.DOTALL)


def _files(*parts: str, suffixes: tuple[str, ...] = (".py", ".md")) -> list[Path]:
    """Text files under ``parts`` (folders or files of the repository), sorted."""
    found: list[Path] = []
    for part in parts:
        path = ROOT / part
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                file
                for file in path.rglob("*")
                if file.suffix in suffixes and "__pycache__" not in file.parts
            )
    return sorted(found)


@cache
def _markdown() -> markdown.Markdown:
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )


def anchors(text: str) -> frozenset[str]:
    """The ids mkdocs gives the headings of a page whose Markdown is ``text``."""
    renderer = _markdown()
    renderer.reset()
    renderer.convert(text)
    ids: set[str] = set()
    pending = list(renderer.toc_tokens)
    while pending:
        token = pending.pop()
        ids.add(token["id"])
        pending.extend(token["children"])
    return frozenset(ids)


@cache
def _page_anchors(page: Path) -> frozenset[str] | None:
    """Anchors of a docs page; ``None`` when mkdocstrings adds some at build time."""
    text = page.read_text(encoding="utf-8")
    if re.search(r"^:::\s", text, re.MULTILINE):
        return None
    return anchors(text)


def _problem(page: Path, anchor: str | None, where: str) -> str | None:
    """Why citing ``page#anchor`` from ``where`` is wrong, or ``None`` when it resolves."""
    shown = page.relative_to(ROOT)
    if not page.is_file():
        return f"{where}: {shown} does not exist"
    if anchor is None:
        return None
    known = _page_anchors(page)
    if known is None or anchor in known:
        return None
    return f"{where}: {shown} has no section #{anchor} (it has: {', '.join(sorted(known))})"


def _without_code(markdown_text: str) -> str:
    """Markdown with its fenced blocks and inline code blanked out."""
    return INLINE_CODE.sub("", FENCE.sub("", markdown_text))


def path_citation_problems(text: str, where: str) -> list[str]:
    """Citations ``docs/<page>.md#<anchor>`` in ``text`` that do not resolve."""
    problems = []
    for match in PATH_CITATION.finditer(text):
        problem = _problem(ROOT / match[1], match[2], where)
        if problem is not None:
            problems.append(problem)
    return problems


def link_problems(text: str, page: Path) -> list[str]:
    """Relative links of the docs page ``page`` into the domain reference that do not resolve."""
    problems = []
    for match in LINK.finditer(_without_code(text)):
        target, _, anchor = match[1].partition("#")
        if "://" in target or target.startswith("mailto:"):
            continue
        resolved = (page.parent / target).resolve() if target else page.resolve()
        if not resolved.is_relative_to(DOMAIN.resolve()) or resolved.suffix != ".md":
            continue
        problem = _problem(resolved, anchor or None, str(page.relative_to(ROOT)))
        if problem is not None:
            problems.append(problem)
    return problems


def keys_in_python(source: str) -> set[str]:
    """Source keys cited in the comments and strings of Python ``source``."""
    kinds = {tokenize.COMMENT, tokenize.STRING}
    kinds |= {getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    texts = [
        token.string
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type in kinds
    ]
    return {key for text in texts for key in SOURCE_KEY.findall(text)}


def keys_in_markdown(text: str) -> set[str]:
    """Source keys cited in the prose of Markdown ``text`` (code left out)."""
    return set(SOURCE_KEY.findall(_without_code(text)))


def source_entries(text: str) -> set[str]:
    """The keys that ``sources.md`` (whose text is ``text``) has an entry for."""
    return set(SOURCE_ENTRY.findall(text))


# -- the repository ------------------------------------------------------------------------------


# These hold examples of broken and old citations on purpose.
EXAMPLES = {Path(__file__).resolve(), ROOT / "tests" / "test_repoint_citations.py"}


def test_path_citations_resolve() -> None:
    problems = [
        problem
        for file in _files("ins", "tests", "docs", "README.md")
        if file not in EXAMPLES
        for problem in path_citation_problems(
            file.read_text(encoding="utf-8"), str(file.relative_to(ROOT))
        )
    ]
    assert problems == []


def test_links_into_the_domain_reference_resolve() -> None:
    problems = [
        problem
        for page in _files("docs", suffixes=(".md",))
        for problem in link_problems(page.read_text(encoding="utf-8"), page)
    ]
    assert problems == []


def test_the_domain_reference_is_cited_from_the_docs() -> None:
    """The check above has something to check: the home page links into the reference."""
    home = DOCS / "index.md"
    targets = [match[1] for match in LINK.finditer(home.read_text(encoding="utf-8"))]
    assert "domain/index.md" in targets


def test_source_keys_have_an_entry() -> None:
    used: dict[str, set[str]] = {}
    for file in _files("ins", "docs", "README.md"):
        text = file.read_text(encoding="utf-8")
        keys = keys_in_python(text) if file.suffix == ".py" else keys_in_markdown(text)
        for key in keys:
            used.setdefault(key, set()).add(str(file.relative_to(ROOT)))
    entries = source_entries(SOURCES.read_text(encoding="utf-8"))
    missing = {key: sorted(files) for key, files in used.items() if key not in entries}
    assert missing == {}
    assert {"DECRET82", "CNAM-NIRVAL", "PADOA", "FRCORE", "PAM", "COG"} <= used.keys()


def test_no_citation_of_the_brief_is_left() -> None:
    """``tools/repoint_citations.py`` rewrites them; nothing outside the repository is cited."""
    left = [
        f"{file.relative_to(ROOT)}:{number}: {line.strip()}"
        for file in _files("ins", "docs", "README.md")
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1)
        if BRIEF.search(line)
    ]
    assert left == []


# -- the checks themselves -----------------------------------------------------------------------

# (heading, id): the ids mkdocs builds (lower case, spaces to hyphens, punctuation and accents
# dropped), as read in the built site.
headings = [
    ("## Which error for which failure", "which-error-for-which-failure"),  # plain words
    ("## FHIR (FR Core)", "fhir-fr-core"),  # brackets dropped
    ("## MSSanté patient mailbox", "mssante-patient-mailbox"),  # accent dropped
    ("## Month and pseudo-months", "month-and-pseudo-months"),  # inner hyphen kept
    ("### CNAM-NIRVAL", "cnam-nirval"),  # a source key
    ("## `ins check`", "ins-check"),  # code span
]


@pytest.mark.parametrize(("heading", "expected"), headings)
def test_anchors_are_computed_as_mkdocs_does(heading: str, expected: str) -> None:
    assert expected in anchors(f"# Page\n\n{heading}\n\ntext\n")


def test_a_repeated_heading_gets_a_numbered_anchor() -> None:
    assert {"key", "key_1"} <= anchors("# Page\n\n## Key\n\n## Key\n")


# (text, number of problems): path citations found and checked.
path_citations = [
    ("see docs/domain/nir.md#which-error-for-which-failure", 0),  # exists
    ("see docs/domain/nir.md", 0),  # a page without a section
    ("(docs/domain/nir.md#key, docs/domain/status.md#transitions)", 0),  # two in one line
    ("see docs/domain/nir.md#no-such-section", 1),  # unknown section
    ("see docs/domain/no-such-page.md#key", 1),  # unknown page
    ("see docs/domain/nir.md#key-and-more", 1),  # a longer anchor is another anchor
    ("see ../docs/domain/nir.md#nope", 0),  # a relative path is not a path citation
    ("no citation at all", 0),
]


@pytest.mark.parametrize(("text", "count"), path_citations)
def test_path_citation_problems(text: str, count: int) -> None:
    assert len(path_citation_problems(text, "here")) == count


# (link in docs/traits.md, number of problems): links into the reference, relative to the page.
links = [
    ("[NIR](domain/nir.md#key)", 0),  # resolves
    ("[NIR](domain/nir.md)", 0),  # page only
    ("[NIR](domain/nir.md#nope)", 1),  # unknown section
    ("[gone](domain/gone.md)", 1),  # unknown page
    ("[NIR](../docs/domain/nir.md#nope)", 1),  # another way to write the same target
    ("[ADR](adr/index.md#nope)", 0),  # outside the domain reference: mkdocs checks files
    ("[web](https://example.org/domain/x.md#y)", 0),  # not a relative link
    ("`[NIR](domain/nir.md#nope)`", 0),  # inline code is not a link
    ("```\n[NIR](domain/nir.md#nope)\n```", 0),  # nor is a fenced block
]


@pytest.mark.parametrize(("text", "count"), links)
def test_link_problems(text: str, count: int) -> None:
    assert len(link_problems(text, DOCS / "traits.md")) == count


def test_a_link_from_inside_the_reference_resolves_relative_to_its_page() -> None:
    page = DOMAIN / "index.md"
    assert link_problems("[key](nir.md#key) [here](#vocabulary)", page) == []
    assert len(link_problems("[key](nir.md#nope) [here](#nope)", page)) == 2


# (Python source, keys found): only comments and strings cite sources.
python_keys = [
    ('"""Layout (docs/domain/nir.md#layout, [DECRET82], [STDNUM])."""', {"DECRET82", "STDNUM"}),
    ("x = 1  # from [PADOA]\n", {"PADOA"}),  # a comment
    ('PATTERN = r"^[A-Z]{3}$"\n', set()),  # a character class
    ('PATTERN = r"2[AB]"\n', set()),  # a short class
    ("rows = [CLEAN]\n", set()),  # code, not a citation
    ('"""See [PADOA](https://github.com/padoa/tlsi-ins)."""\n', set()),  # link text
]


@pytest.mark.parametrize(("source", "keys"), python_keys)
def test_keys_in_python(source: str, keys: set[str]) -> None:
    assert keys_in_python(source) == keys


def test_keys_in_markdown_leave_code_out() -> None:
    text = "Fact [FRCORE].\n\n```\nins audit [OPTIONS]\n```\n\nRun `ins [COMMAND]`; [PAM][pam].\n"
    assert keys_in_markdown(text) == {"FRCORE"}


def test_source_entries_are_headings() -> None:
    text = "# Sources\n\n## The NIR\n\n### DECRET82\n\nThe decree [PADOA].\n\n### CNAM-NIRVAL\n"
    assert source_entries(text) == {"DECRET82", "CNAM-NIRVAL"}


# (line, is a citation of the brief)
brief_lines = [
    ("(domain.md 4.2)", True),
    ('(api.md "Command line")', True),
    ("shared/spec/api.md", True),
    ("`shared/data/insi-test-identities.json`", True),
    ("adr/0071-mock-server-admin-api.md", False),  # an ADR whose name ends in api.md
    ("docs/api.md", False),  # a page of the project
    ("shared between threads", False),  # the word, not the folder
]


@pytest.mark.parametrize(("line", "cites"), brief_lines)
def test_brief_pattern(line: str, cites: bool) -> None:
    assert bool(BRIEF.search(line)) is cites
