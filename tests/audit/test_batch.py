"""The batch checks give the report of the row-by-row reference (ADR 0064, decision 11).

``BatchAuditor.add_rows`` sends to ``RowAuditor.add`` only the rows that may need a finding and
files the others itself: on messy rows, split into batches anyhow, both must agree on everything
the report says (counts, every finding, duplicate and collision groups).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ins import nir
from ins.audit import audit_csv, audit_rows, column_cache
from ins.audit import batch as batch_module
from ins.audit.batch import BatchAuditor
from ins.audit.columns import FIELDS, Columns
from ins.audit.rows import RowAuditor
from ins.audit.values import read_birth_date
from ins.errors import InsError
from ins.testing.patient_files import write_patient_file

TODAY = dt.date(2026, 1, 1)

_VALUES = {
    "local_id": ["A1", "A2", "A3", " A4 ", "", "L\x1f5", "A1"],
    "birth_name": ["DUPONT", "DUPOND", "DUPNOT", "Dupont", " DUPONT ", "MARTIN", "", "D'ARC", "X1"],
    "first_names": ["JEAN", "JEAN PIERRE", "PIERRE JEAN", "Jean", "JEAN-PIERRE", "", "ZOE", "JAEN"],
    "first_first_name": ["", "", "JEAN", "Jean", "PIERRE", "ZOE", " JEAN", "JEAN PIERRE", "JE"],
    "sex": ["M", "F", "M", "F", "I", "m", "femme", "X", "", " F"],
    "birth_date": [
        "01/02/1980",
        "1980-02-01",
        "00/02/1980",
        "00/00/1980",
        "31/02/1980",
        "",
        "1975-12-31",
        "01/01/2030",
        "01/01/1800",
        " 01/02/1980",
    ],
    "birthplace": ["", "63220", "63220", "2A004", "20004", "99139", "97411", "ABCDE", " 75056"],
    "oid": [
        "1.2.250.1.213.1.4.8",
        "1.2.250.1.213.1.4.8",
        "",
        "urn:oid:1.2.250.1.213.1.4.8",
        "1.2.3",
        "1.2.250.1.213.1.4.2",
        " 1.2.250.1.213.1.4.8",
    ],
    "status": ["QUAL", "QUAL", "RECUP", "PROV", "VALI", "", "qual", "XYZ", " QUAL"],
    "attributes": ["", "", "DOUT", "HOMA", "FICT|DOUT", "HOMA FICT", "ZZZ"],
}
_OTHER_MATRICULES = [
    "",
    "275126322074974",
    "275126322074975",
    "7751263220749",
    "2 75 12 63 220 749 74",
    "27512632207497",
    "2751263220749744",
    "\uff12\uff17\uff15126322074974",
    "284052A32102552",
]


def _matricule(row: dict[str, str], order: str, /) -> str:
    """A matricule that the traits of ``row`` give, when they can (else a fixed one)."""
    sex = {"M": "1", "F": "2"}.get(row["sex"].strip().upper(), "1")
    date = row["birth_date"].strip()
    year, month = (date[2:4], date[5:7]) if "-" in date else (date[8:10], date[3:5])
    place = row["birthplace"].strip() or "75056"
    body = (sex + year + month + place + order)[:13].ljust(13, "0")
    try:
        return body + nir.calc_key(body)
    except InsError:
        return "275126322074974"


@st.composite
def _rows(draw: st.DrawFn, fields: tuple[str, ...]) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(0, 30))):
        row = {field: draw(st.sampled_from(_VALUES[field])) for field in _VALUES}
        kind = draw(st.sampled_from(["traits", "traits", "traits", "other"]))
        if kind == "traits":
            row["matricule"] = _matricule(row, draw(st.sampled_from(["001", "002", "000"])))
        else:
            row["matricule"] = draw(st.sampled_from(_OTHER_MATRICULES))
        values = [row.get(field, "") for field in fields]
        cut = draw(st.sampled_from([None, None, None, None, 3, len(fields) + 1]))
        if cut is not None:
            values = [*values, "extra"][:cut]
        rows.append(values)
    return rows


_HEADERS = [
    FIELDS,
    ("local_id", "birth_name", "first_names", "sex", "birth_date", "matricule", "status"),
    ("birth_date", "sex", "first_names", "birth_name", "local_id", "oid", "matricule", "status"),
]


def _both(fields: tuple[str, ...], rows: list[list[str]], cuts: list[int]) -> tuple[str, str]:
    columns = Columns.resolve(list(fields), None)
    reference = RowAuditor(columns, today=TODAY)
    for number, values in enumerate(rows, start=1):
        reference.add(number, values)
    batched = BatchAuditor(columns, today=TODAY)
    start = 0
    for cut in [*sorted(cuts), len(rows)]:
        end = min(max(cut, start), len(rows))
        batched.add_rows(range(start + 1, end + 1), rows[start:end])
        start = end
    expected, got = reference.report(), batched.report()
    assert got == expected
    return (
        json.dumps(got.to_json(findings=True), sort_keys=True),
        json.dumps(expected.to_json(findings=True), sort_keys=True),
    )


@settings(max_examples=300)
@given(data=st.data())
def test_batches_give_the_report_of_row_by_row_checks(data: st.DataObject) -> None:
    fields = data.draw(st.sampled_from(_HEADERS))
    rows = data.draw(_rows(fields))
    cuts = data.draw(st.lists(st.integers(0, 30), max_size=3))
    got, expected = _both(fields, rows, cuts)
    assert got == expected


@settings(max_examples=50)
@given(data=st.data())
def test_batches_agree_when_the_caches_are_emptied_often(data: st.DataObject) -> None:
    rows = data.draw(_rows(FIELDS))
    cuts = data.draw(st.lists(st.integers(0, 30), max_size=2))
    with mock.patch.object(column_cache, "CACHE_LIMIT", 2):
        got, expected = _both(FIELDS, rows, cuts)
    assert got == expected


class _CountingAuditor(BatchAuditor):
    """Remembers the rows sent to the row-by-row reference."""

    def __init__(self, columns: Columns, /, *, today: dt.date) -> None:
        super().__init__(columns, today=today)
        self.slow_rows: set[int] = set()

    def add(self, row: int, values: Sequence[str], /) -> None:
        self.slow_rows.add(row)
        super().add(row, values)


def test_only_rows_with_findings_of_their_own_take_the_row_by_row_checks(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    write_patient_file(path, 2000, seed=5)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    auditor = _CountingAuditor(Columns.resolve(rows[0], None), today=TODAY)
    auditor.add_rows(range(1, len(rows)), rows[1:])
    cross_row = {"potential_duplicate", "collision"}
    own = {finding.row for finding in auditor.report().findings if finding.code not in cross_row}
    assert own <= auditor.slow_rows
    assert len(auditor.slow_rows) < len(rows) // 10


def test_a_generated_file_gives_the_report_of_row_by_row_checks(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    write_patient_file(path, 3000, seed=11)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        reference = RowAuditor(Columns.resolve(next(reader), None), today=TODAY)
        for number, values in enumerate(reader, start=1):
            reference.add(number, values)
    expected = reference.report()
    got = audit_csv(path, today=TODAY)
    assert got == expected
    assert (got.duplicate_groups, got.collision_groups) == (
        expected.duplicate_groups,
        expected.collision_groups,
    )
    assert got.duplicate_groups > 0
    assert got.collision_groups > 0


def test_an_empty_batch_changes_nothing() -> None:
    auditor = BatchAuditor(Columns.resolve(list(FIELDS), None), today=TODAY)
    auditor.add_rows([], [])
    assert auditor.report().rows == 0


def test_rows_given_as_mappings_are_checked_by_batches() -> None:
    row = {
        "local_id": "L1",
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "31/12/1975",
    }
    rows = [dict(row, local_id=f"L{i}") for i in range(batch_module.BATCH_SIZE + 5)]
    report = audit_rows(rows, today=TODAY, row_numbers=range(10, 10 + len(rows)))
    assert report.rows == len(rows)
    assert report.duplicate_groups == 1
    assert {finding.row for finding in report.findings} == set(range(10, 10 + len(rows)))


_DIGITS_AND_SEPARATORS = st.text(alphabet="0123456789/-. \uff10", min_size=8, max_size=12)


@st.composite
def _date_texts(draw: st.DrawFn) -> str:
    day, month = draw(st.integers(0, 32)), draw(st.integers(0, 13))
    year = draw(st.integers(1, 2100))
    if draw(st.booleans()):
        return f"{day:02d}/{month:02d}/{year:04d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


@given(st.one_of(_date_texts(), _DIGITS_AND_SEPARATORS))
def test_plain_dates_are_read_as_birth_date_parse_reads_them(text: str) -> None:
    auditor = BatchAuditor(Columns.resolve(list(FIELDS), None), today=TODAY)
    iso = auditor._plain_date(text)
    date, expected, _ = read_birth_date(text, TODAY)
    if iso is not None:
        assert date is not None
        assert iso == expected
    # The row checks read a date through the same shortcut: the same answer as BirthDate.parse.
    assert auditor._read_date(text) == read_birth_date(text, TODAY)


@given(st.dates(min_value=dt.date(1896, 1, 1), max_value=TODAY), st.booleans())
def test_complete_dates_take_the_plain_reading(date: dt.date, french: bool) -> None:
    auditor = BatchAuditor(Columns.resolve(list(FIELDS), None), today=TODAY)
    text = date.strftime("%d/%m/%Y") if french else date.isoformat()
    assert auditor._plain_date(text) == date.isoformat()


@pytest.mark.parametrize(
    "text", ["1./02/1980", "01/02/198x", "1980-0a-01", "00/02/1980", "01-02-1980", "1980/02/01"]
)
def test_other_dates_are_left_to_birth_date_parse(text: str) -> None:
    auditor = BatchAuditor(Columns.resolve(list(FIELDS), None), today=TODAY)
    assert auditor._plain_date(text) is None


def test_an_auditor_is_freed_as_soon_as_it_is_dropped() -> None:
    # No reference cycle: its millions of objects must not wait for the cyclic collector.
    import gc
    import weakref

    auditor = BatchAuditor(Columns.resolve(list(FIELDS), None), today=TODAY)
    auditor.add_rows(
        range(1, 2),
        [["A1", "DUPONT", "JEAN", "", "", "", "M", "01/02/1980", "63220", "", "", "PROV", ""]],
    )
    dropped = weakref.ref(auditor)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del auditor
        assert dropped() is None
    finally:
        if enabled:
            gc.enable()


@settings(max_examples=50)
@given(st.integers(0, 10**13 - 1))
def test_the_batch_key_check_is_the_nir_key_rule(body: int) -> None:
    # The batch checks a key with (N % 9700 - 97) % 99 == 0; every key 00 to 99 of a body is
    # sent to the row checks exactly when it is not 97 - body % 97 (or the order number is 000).
    digits = f"{body:013d}"
    mats = [f"{digits}{key:02d}" for key in range(100)]
    size = len(mats)
    slow: set[int] = set()
    prefix = ("", "")  # the traits give no prefix part: every matricule starts with it
    BatchAuditor._check_matricules(
        slow,
        mats,
        [True] * size,
        [prefix] * size,  # type: ignore[list-item]
        [prefix] * size,  # type: ignore[list-item]
        places=[prefix] * size,
    )
    right = {int(nir.calc_key(digits))} if digits[10:13] != "000" else set()
    assert slow == set(range(100)) - right
