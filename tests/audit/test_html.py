"""The HTML report: French by default, every code's words, groups, self-contained, escaped."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins.audit import audit_rows
from ins.audit.compare import PreviousAudit
from ins.audit.html import render_html
from ins.audit.indicators import Indicators
from ins.audit.inputs import AuditInput
from ins.audit.labels import CODE_TEXTS, LANGUAGES, Language
from ins.audit.report import CODES, AuditFinding, AuditReport

TODAY = dt.date(2026, 1, 1)
WHEN = dt.datetime(2026, 1, 1, 9, 30)
ROWS = [
    {
        "local_id": "<i>1</i>",
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "31/12/1975",
        "matricule": "275126322074975",
        "oid": "1.2.250.1.213.1.4.8",
        "status": "QUAL",
    },
    {
        "local_id": "2",
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "1975-12-31",
        "status": "",
    },
]
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</td></tr></table><h1>fake</h1>",
    "<!-- -->&amp;",
]


class Page(HTMLParser):
    """What a browser would see: elements, attributes, text and the style sheet."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)

    def attribute(self, tag: str, name: str) -> list[str | None]:
        return [value for t, n, value in self.attributes if (t, n) == (tag, name)]

    @property
    def all_text(self) -> str:
        return " ".join(self.text)


def _every_code() -> AuditReport:
    """A report with one finding of each code (two of the group codes, in one group)."""
    findings = []
    for row, code in enumerate(CODES, start=1):
        group = {"potential_duplicate": "D1", "collision": "C2"}.get(code)
        findings.append(AuditFinding(row, f"L{row}", code, CODES[code], f"About {code}.", group))
        if group:
            findings.append(
                AuditFinding(row + 100, f"M{row}", code, CODES[code], f"About {code}.", group)
            )
    return AuditReport(
        rows=200, status_counts={"QUAL": 50, "VALI": 50}, row_findings=findings, collision_index={}
    )


def _assert_self_contained(page: Page) -> None:
    assert "script" not in page.tags
    assert not {"link", "img", "iframe", "object", "embed", "base", "form"} & set(page.tags)
    for tag, name, value in page.attributes:
        assert not name.startswith("on"), (tag, name)  # no event handler
        assert name not in ("src", "srcset", "action", "formaction", "xlink:href"), (tag, name)
        if name == "href":
            assert value is not None
            assert value.startswith("#"), value  # links inside the page only
    assert "url(" not in page.style
    assert "@import" not in page.style
    assert "http" not in page.style


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_has_its_words_on_the_page(lang: str) -> None:
    html = render_html(_every_code(), lang=lang, generated=WHEN)  # type: ignore[arg-type]
    page = Page(html)
    assert page.attribute("html", "lang") == [lang]
    words = page.all_text
    for code in CODES:
        texts = CODE_TEXTS[lang][code]  # type: ignore[index]
        assert texts.label in words, code
        assert texts.explanation in words, code
        assert texts.action in words, code
    # Each code has its section, linked from the chart.
    assert set(page.attribute("article", "id")) == set(CODES)
    assert {f"#{code}" for code in CODES} == set(page.attribute("a", "href"))
    _assert_self_contained(page)


def test_french_by_default_and_english_on_request() -> None:
    report = audit_rows(ROWS, today=TODAY)
    french, english = Page(render_html(report)), Page(render_html(report, lang="en"))
    assert french.attribute("html", "lang") == ["fr"]
    assert "Audit de la base d'identités" in french.all_text
    assert "Taux de qualification (QUAL)" in french.all_text
    assert "Évolution" not in french.all_text  # no previous audit: no column of changes
    assert english.attribute("html", "lang") == ["en"]
    assert "Identity base audit" in english.all_text
    assert "Taux" not in english.all_text


def test_the_page_scales_instead_of_fixing_its_width() -> None:
    html = render_html(_every_code(), generated=WHEN)
    page = Page(html)
    assert page.attribute("meta", "name") == ["viewport"]
    assert not re.search(r"\b720(px)?\b", html)  # the old fixed chart width
    assert not re.search(r"(?<![-\w])width:\s*\d{3,}px", page.style)  # no fixed widths in pixels
    for value in page.attribute("svg", "width"):
        assert value == "100%"
    assert page.attribute("svg", "viewbox") == ["0 0 1000 40"]  # the parser lowers names


def test_indicators_with_percentages() -> None:
    page = Page(render_html(_every_code(), generated=WHEN)).all_text
    # One row per code, and a second row in each of the two groups, of 200 rows.
    errors = sum(1 for severity in CODES.values() if severity == "error") + 1
    found = Indicators.of(_every_code())
    assert found.rows_with_errors == errors
    assert "Lignes avec au moins une erreur" in page
    assert f"{errors / 2:.1f} % des lignes".replace(".", ",") in page
    assert "Groupes de collisions" in page


def test_a_sample_per_code_and_groups_as_groups() -> None:
    findings = [
        AuditFinding(row, f"P{row}", "birth_date_invalid", "error", "Not a date.")
        for row in range(1, 31)
    ]
    big = [
        AuditFinding(100 + i, f"G{i}", "collision", "error", "Collision C100.", "C100")
        for i in range(12)
    ]
    small = [
        AuditFinding(200 + i, f"H{i}", "collision", "error", "Collision C200.", "C200")
        for i in range(2)
    ]
    report = AuditReport(
        rows=300, status_counts={}, row_findings=[*findings, *big, *small], collision_index={}
    )
    lone = [
        AuditFinding(250, "K1", "oid_invalid", "error", "No OID."),
        AuditFinding(
            260, "K2", "potential_duplicate", "warning", "Potential duplicate D260.", "D260"
        ),
    ]
    report = AuditReport(
        rows=300, status_counts={}, row_findings=[*report.findings, *lone], collision_index={}
    )
    page = Page(render_html(report, sample=20, generated=WHEN)).all_text
    assert "L'anomalie" in page  # one finding, one group: no plural
    assert "Le groupe" in page
    assert "— 1 ligne " in page
    assert "Les 20 premières anomalies sur 30" in page
    assert "P20" in page
    assert "P21" not in page  # the rest is in the findings file
    assert "Les 2 groupes" in page
    assert "… et 2 de plus" in page  # 12 rows in C100: ten listed
    assert "G9" in page
    assert "G10" not in page
    english = Page(render_html(report, sample=1, lang="en", generated=WHEN)).all_text
    assert "The first 1 groups of 2" in english
    assert "C200" not in english


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["Les 1 200 premières anomalies sur 2 400", "… et 1 190 de plus", "2 400 lignes"]),
        ("en", ["The first 1,200 findings of 2,400", "… and 1,190 more", "2,400 rows"]),
    ],
)
def test_every_number_of_the_findings_is_grouped_as_the_summary(
    lang: Language, expected: list[str]
) -> None:
    # The sample size and the rows beyond a group's first ten used to be shown raw (1200).
    findings = [
        AuditFinding(row, f"P{row}", "birth_date_invalid", "error", "Not a date.")
        for row in range(1, 2401)
    ]
    group = [
        AuditFinding(3000 + i, f"G{i}", "collision", "error", "Collision C3000.", "C3000")
        for i in range(1200)
    ]
    report = AuditReport(
        rows=5000, status_counts={}, row_findings=[*findings, *group], collision_index={}
    )
    page = Page(render_html(report, sample=1200, lang=lang, generated=WHEN)).all_text
    for text in expected:
        assert text in page


def test_input_block_and_comparison(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("IPP;NOM;PRÉNOMS;SEXE;DDN;STATUT_PATIENT\n".encode("cp1252"))
    mapping = {
        "local_id": "IPP",
        "birth_name": "NOM",
        "first_names": "PRÉNOMS",
        "sex": "SEXE",
        "birth_date": "DDN",
    }
    source = AuditInput.read(path, mapping=mapping, today=TODAY, encoding=None)
    report = audit_rows(ROWS, today=TODAY)
    before = Indicators(
        rows=2,
        status_counts={"QUAL": 0, "PROV": 2},
        qualification_rate=0.0,
        duplicate_groups=0,
        collision_groups=0,
        findings_by_code={},
    )
    previous = PreviousAudit(before, "<june>.json", "2025-06-01")
    page = Page(render_html(report, source=source, previous=previous, generated=WHEN))
    text = page.all_text
    for expected in (
        str(path),
        "Windows-1252 (détecté)",
        "« ; »",
        "2026-01-01",
        "local_id=IPP, birth_name=NOM, first_names=PRÉNOMS",
        "Colonnes facultatives absentes",
        "--map status=STATUT_PATIENT",
        "Évolution depuis l'audit précédent (<june>.json)",
        "Date de référence 2025-06-01",
        "+50,0 points mieux",
        "+2 moins bien",
    ):
        assert expected in text, expected
    assert page.attribute("span", "class").count("better") >= 1
    assert page.attribute("span", "class").count("worse") >= 1
    undated = PreviousAudit(before, "old.json", None)  # an output of an older ins
    text = Page(render_html(report, previous=undated, generated=WHEN)).all_text
    assert "Évolution depuis l'audit précédent (old.json)" in text
    assert "2025-06-01" not in text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_stay_text(tmp_path: Path, hostile: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"local_id;birth_name;first_names;sex;birth_date;{hostile}\n", encoding="utf-8")
    source = AuditInput.read(path, mapping={"status": hostile}, today=TODAY, encoding=None)
    rows = [{**row, "local_id": hostile} for row in ROWS]
    report = audit_rows(rows, today=TODAY)
    html = render_html(report, title=hostile, source=source, generated=WHEN)
    page = Page(html)
    _assert_self_contained(page)
    assert "h1" in page.tags
    assert page.tags.count("h1") == 1  # the fake heading stayed text
    assert hostile in page.all_text  # shown, as text


@given(st.text(max_size=40))
def test_any_local_id_is_text(local_id: str) -> None:
    report = audit_rows([{**ROWS[0], "local_id": local_id, "matricule": "x"}], today=TODAY)
    _assert_self_contained(Page(render_html(report, title=local_id, generated=WHEN)))


def test_matricules_are_masked() -> None:
    report = audit_rows([{**ROWS[0], "local_id": "275126322074975"}, ROWS[1]], today=TODAY)
    html = render_html(report, title="Audit 275126322074975", generated=WHEN)
    assert "275126322074975" not in html
    assert "27512**********" in html


def test_an_empty_report() -> None:
    page = Page(render_html(AuditReport.empty(), generated=WHEN))
    assert "Aucune anomalie." in page.all_text
    assert "article" not in page.tags


def test_importing_ins_audit_is_cheap() -> None:
    code = (
        "import sys, ins.audit; "
        "print(','.join(sorted(m for m in sys.modules if m.startswith('ins.audit.'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_lazy_names() -> None:
    import ins.audit

    assert ins.audit.AuditReport.empty().rows == 0
    assert "audit_csv" in dir(ins.audit)
    with pytest.raises(AttributeError, match="nothing_here"):
        ins.audit.nothing_here  # noqa: B018
