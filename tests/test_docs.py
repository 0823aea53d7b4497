"""The documentation site: it builds in strict mode (every link and reference resolves), its API
reference is one readable page per public module, and it loads nothing from the network."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import PUBLIC_MODULES

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PAGES = {
    "ins": "ins",
    "nir": "ins.nir",
    "errors": "ins.errors",
    "insi": "ins.insi",
    "insi-soap": "ins.insi.soap",
    "insi-mock": "ins.insi.mock",
    "insi-server": "ins.insi.server",
    "interop": "ins.interop",
    "interop-codes": "ins.interop.codes",
    "audit": "ins.audit",
    "audit-dask": "ins.audit.dask",
    "testing-strategies": "ins.testing.strategies",
    "testing-patient-files": "ins.testing.patient_files",
    "testing-pytest-plugin": "ins.testing.pytest_plugin",
}
# A Sphinx role left raw, as Markdown renders it: ":class:`Traits`", ":class:<code>Traits</code>".
RAW_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj|const|py:\w+):(?:`|<code>)")
# What makes a browser fetch something: a script, a stylesheet, a font, an image, a frame.
FETCHING_TAG = re.compile(
    r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=[\"']?(?:https?:)?//"
    r"|<link\b(?=[^>]*\brel=[\"']?(?:stylesheet|preload|preconnect|icon|dns-prefetch))"
    r"[^>]*\bhref=[\"']?(?:https?:)?//",
    re.IGNORECASE,
)
CSS_REMOTE = re.compile(r"(?:@import|url\()\s*[\"']?(?:https?:)?//", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    target = tmp_path_factory.mktemp("docs") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return target


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_site_builds_in_strict_mode(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "glossary" / "index.html").is_file()
    assert (site / "domain" / "nir" / "index.html").is_file()


def test_one_reference_page_per_public_module(site: Path) -> None:
    assert sorted(REFERENCE_PAGES.values()) == sorted(PUBLIC_MODULES)
    written = {page.stem for page in (ROOT / "docs" / "reference").glob("*.md")}
    assert written == {*REFERENCE_PAGES, "index"}
    for slug, module in REFERENCE_PAGES.items():
        html = (site / "reference" / slug / "index.html").read_text(encoding="utf-8")
        assert f'id="{module}' in html, slug
        # The page holds its own module only (the package pages do not repeat submodules).
        others = [name for name in REFERENCE_PAGES.values() if name.startswith(module + ".")]
        for other in others:
            assert f'id="{other}"' not in html, (slug, other)


def test_the_reference_shows_public_names_only(site: Path) -> None:
    for page in (site / "reference").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        private = re.findall(r'id="ins\.[\w.]*\.(_\w+)"', html)
        assert private == [], (page, private)


def test_a_known_name_and_its_example_are_rendered(site: Path) -> None:
    html = (site / "reference" / "nir" / "index.html").read_text(encoding="utf-8")
    assert 'id="ins.nir.validate"' in html
    # The doctest is a code block, not a paragraph; the masked matricule is not read as bold.
    assert "<p>&gt;&gt;&gt;" not in html
    assert "28405<strong>" not in html
    assert "28405<em>" not in html
    assert "28405**********" in html


def test_no_raw_sphinx_role_and_no_doctest_paragraph(site: Path) -> None:
    found = []
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        found += [f"{page.relative_to(site)}: {m.group(0)}" for m in RAW_ROLE.finditer(html)]
        if "<p>&gt;&gt;&gt; " in html:
            found.append(f"{page.relative_to(site)}: doctest as a paragraph")
    assert found == []


def test_the_site_loads_nothing_from_the_network(site: Path) -> None:
    found = []
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        found += [f"{page.relative_to(site)}: {m.group(0)}" for m in FETCHING_TAG.finditer(html)]
    for sheet in site.rglob("*.css"):
        css = sheet.read_text(encoding="utf-8", errors="replace")
        found += [f"{sheet.relative_to(site)}: {m.group(0)}" for m in CSS_REMOTE.finditer(css)]
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in pages(site))
    assert found == []


@pytest.mark.parametrize(
    ("html", "fetches"),
    [
        ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?x">', True),
        ('<script src="//cdn.example/x.js"></script>', True),
        ('<link rel="preconnect" href="https://fonts.gstatic.com">', True),
        ('<img src="https://example.org/a.png">', True),
        ('<a href="https://www.insee.fr/">INSEE</a>', False),  # a link is not a fetch
        ('<script src="../assets/javascripts/bundle.js"></script>', False),
        ('<link rel="stylesheet" href="../assets/stylesheets/main.css">', False),
    ],
)
def test_the_network_check_itself(html: str, fetches: bool) -> None:
    assert bool(FETCHING_TAG.search(html)) is fetches


@pytest.mark.parametrize(
    ("html", "raw"),
    [
        ("<p>See :class:`Traits`.</p>", True),
        ("<p>See :func:<code>search_ins</code>.</p>", True),
        ('<p>See <a href="#ins.Traits"><code>Traits</code></a>.</p>', False),
        ("<p>Ratio 1:2, time 10:30.</p>", False),
    ],
)
def test_the_raw_role_check_itself(html: str, raw: bool) -> None:
    assert bool(RAW_ROLE.search(html)) is raw


def test_readme_has_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- main-command -->" in readme
    assert "<!-- test-command -->" in readme
    assert "python -m ins demo" in readme
    assert 'python -m pip install -e ".[dev]" && python -m pytest' in readme
