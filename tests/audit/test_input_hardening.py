"""Hostile input for the audit (issue 15): what is not a regular text file, rows lost in
silence, files that change while read, and matricules typed where they do not belong."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ins.audit import AuditInputError, audit_csv, audit_rows
from ins.audit.columns import FIELDS, parse_mapping
from ins.audit.csvio import HEADER_LIMIT, CsvSource, Signature
from ins.audit.engine import audit_file
from ins.audit.privacy import conceal
from ins.cli import main
from ins.testing.strategies import nirs

TODAY = dt.date(2026, 1, 1)
HEADER = "local_id;birth_name;first_names;sex;birth_date;status"
ROW = "{};ADRUN;ZOE;F;31/12/1975;PROV"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")


def _rows(count: int) -> str:
    return "".join(ROW.format(i) + "\n" for i in range(1, count + 1))


def _returns_within(seconds: float, call: object) -> object:
    """The outcome of ``call()`` (value or exception), failing if it takes longer."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())  # type: ignore[operator]
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"still running after {seconds} s"
    return outcome[0]


NOT_REGULAR = [
    # (path maker, encoding, what the message says, why)
    pytest.param(lambda tmp: tmp, None, "is a directory", id="directory"),
    pytest.param(lambda tmp: tmp, "cp1252", "is a directory", id="directory-with-encoding"),
    pytest.param(
        lambda tmp: Path("/dev/zero"), None, "is a device", id="dev-zero", marks=posix_only
    ),
    pytest.param(
        lambda tmp: Path("/dev/zero"),
        "utf-8",
        "is a device",
        id="dev-zero-utf-8",
        marks=posix_only,
    ),
]


@pytest.mark.parametrize(("make", "encoding", "said"), NOT_REGULAR)
def test_what_is_not_a_regular_file_is_refused(
    tmp_path: Path, make: object, encoding: str | None, said: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    outcome = _returns_within(5, lambda: audit_csv(path, encoding=encoding, today=TODAY))
    assert isinstance(outcome, AuditInputError)
    assert said in outcome.message


@posix_only
def test_a_fifo_without_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    outcome = _returns_within(5, lambda: audit_csv(fifo, today=TODAY))
    assert isinstance(outcome, AuditInputError)
    assert "is a pipe" in outcome.message


@posix_only
@pytest.mark.parametrize("extra", [[], ["--encoding", "utf-8"]])
def test_the_command_answers_a_device_with_a_sentence(
    extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "/dev/zero", "--jobs", "1", *extra]) == 1
    err = capsys.readouterr().err
    assert "is a device" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["rot13", "hex", "base64", "zlib", "no-such-codec"])
def test_only_text_encodings_are_accepted(tmp_path: Path, name: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"{HEADER}\n{_rows(1)}", encoding="utf-8")
    with pytest.raises(AuditInputError, match="Unknown text encoding"):
        audit_csv(path, encoding=name, today=TODAY)


def test_a_huge_header_line_is_refused_after_a_bounded_read(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("A" * 50_000_000 + "\n")
    with pytest.raises(AuditInputError, match=f"longer than {HEADER_LIMIT} characters"):
        audit_csv(path, today=TODAY)
    with pytest.raises(AuditInputError, match="longer than"):
        audit_csv(path, encoding="utf-8", today=TODAY)


NOT_TEXT = [
    # (content, what the message says)
    pytest.param(gzip.compress(f"{HEADER}\n".encode()), "gzip", id="gzip"),
    pytest.param(b"BZh91AY&SY", "bzip2", id="bzip2"),
    pytest.param(b"\xfd7zXZ\x00\x00", "xz", id="xz"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office", id="xls"),
    pytest.param(b"%PDF-1.7\n", "PDF", id="pdf"),
    pytest.param(b"local_id\x00;birth_name\n", "NUL bytes", id="binary"),
]


@pytest.mark.parametrize(("content", "said"), NOT_TEXT)
def test_input_that_is_not_text_is_named(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(AuditInputError, match=said):
        audit_csv(path, today=TODAY)


def test_an_excel_workbook_is_named(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(AuditInputError, match="zip archive"):
        audit_csv(path, today=TODAY)


def test_an_unclosed_quote_says_how_many_lines_it_swallowed(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    text = f'{HEADER}\n1;"ADRUN;ZOE;F;31/12/1975;PROV\n' + _rows(999)
    path.write_text(text, encoding="utf-8")
    report = audit_csv(path, today=TODAY)
    spans = [f for f in report.findings if "spans lines" in f.message]
    assert [(f.row, f.code) for f in spans] == [(1, "row_malformed")]
    assert "spans lines 2 to 1001" in spans[0].message
    assert "1000 lines are read as one row" in spans[0].message


def test_a_quoted_line_break_in_the_middle_is_located(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    lines = [HEADER, ROW.format(1), "", '2;"AD\r\nRUN";ZOE;F;31/12/1975;PROV', ROW.format(3)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    with CsvSource(path) as source:
        rows = list(source.rows())
        assert [(span.row, span.first, span.last) for span in source.spans] == [(2, 4, 5)]
    assert len(rows) == 3
    report = audit_csv(path, today=TODAY)
    assert [f.row for f in report.findings if "spans lines 4 to 5" in f.message] == [2]


def _grow(path: Path) -> object:
    def progress(rows: int, done: int, total: int) -> None:
        if done < total:
            with path.open("a", encoding="utf-8") as out:
                out.write(ROW.format("X") + "\n")

    return progress


def _shrink(path: Path) -> object:
    def progress(rows: int, done: int, total: int) -> None:
        if done < total:
            os.truncate(path, total // 2)

    return progress


@pytest.mark.parametrize("change", [_grow, _shrink], ids=["appended", "truncated"])
def test_a_file_that_changes_while_read_is_an_error(tmp_path: Path, change: object) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"{HEADER}\n{_rows(20_000)}", encoding="utf-8")
    with pytest.raises(AuditInputError, match="changed while it was read"):
        audit_csv(path, today=TODAY, progress=change(path))  # type: ignore[operator]


def test_each_shard_checks_the_file_it_was_given(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"{HEADER}\n{_rows(10)}", encoding="utf-8")
    with CsvSource(path) as source:
        signature = source.signature
    assert audit_file(path, mapping=None, encoding=None, today=TODAY, signature=signature).rows
    stale = Signature(signature.size + 1, *signature[1:])
    with pytest.raises(AuditInputError, match="changed while it was read"):
        audit_file(path, mapping=None, encoding=None, today=TODAY, signature=stale)


def test_a_header_less_file_does_not_echo_its_first_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("P1;DUPONT;JEAN;M;01/02/1980;275126322074974\n", encoding="utf-8")
    with pytest.raises(AuditInputError) as caught:
        audit_csv(path, today=TODAY)
    message = caught.value.message
    assert "look like the values of a row" in message
    for value in ("DUPONT", "JEAN", "01/02/1980", "27512"):
        assert value not in message


# Every form in which a matricule may be typed, and what must never appear of it.
def _forms(number: str) -> list[str]:
    spaced = f"{number[0]} {number[1:3]} {number[3:5]} {number[5:7]} {number[7:10]} "
    spaced += f"{number[10:13]} {number[13:]}"
    return [number, number[:13], spaced, f"NIR{number}", f"{number}0", number.lower()]


def _exposed(number: str, text: str) -> bool:
    digits = number.upper()
    plain = text.upper().replace(" ", "").replace(".", "").replace("-", "")
    return digits[:13] in plain


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(number=nirs(), column=st.sampled_from(FIELDS), form=st.integers(0, 5))
def test_no_full_matricule_in_a_report_whatever_the_column(
    number: object, column: str, form: int
) -> None:
    typed = _forms(str(number))[form]
    rows = [
        {
            "local_id": "A1",
            "birth_name": "ADRUN",
            "first_names": "ZOE",
            "sex": "F",
            "birth_date": "31/12/1975",
            "matricule": "275126322074974",
            "oid": "1.2.250.1.213.1.4.8",
            "status": "QUAL",
        },
        {
            "local_id": "A2",
            "birth_name": "ADRUN",
            "first_names": "ZOE",
            "sex": "M",
            "birth_date": "31/12/1975",
            "matricule": "275126322074974",
            "oid": "1.2.250.1.213.1.4.8",
            "status": "QUAL",
        },
    ]
    for row in rows:
        row[column] = typed
    report = audit_rows(rows, today=TODAY)
    text = json.dumps(report.to_json(findings=True), ensure_ascii=False)
    assert not _exposed(str(number), text), text
    assert not _exposed(str(number), repr(report))


@settings(max_examples=20, deadline=None)
@given(number=nirs(), field=st.sampled_from(["local_id", "sex", "birth_date"]))
def test_no_full_matricule_in_an_input_error(number: object, field: str) -> None:
    # A header made of matricules, and a mapping naming one.
    header = [str(number) if name == field else name for name in FIELDS]
    for mapping in (None, {"birth_name": str(number)}):
        with pytest.raises(AuditInputError) as caught:
            audit_rows([dict.fromkeys(header, "")], mapping=mapping, today=TODAY)
        assert not _exposed(str(number), caught.value.message)
    for items in ([f"{number}=NOM"], [f"sex{number}"]):
        with pytest.raises(ValueError, match="mapping") as refused:
            parse_mapping(items)
        assert not _exposed(str(number), str(refused.value))


def test_conceal_leaves_an_oid_and_short_numbers() -> None:
    for text in ("1.2.250.1.213.1.4.10", "IPP 123456789012", "Row 1000000 has 3 fields"):
        assert conceal(text) == text
