"""CSV input of the audit: encodings, delimiters, header errors, empty and ragged files."""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
from pathlib import Path

import pytest

from ins.audit import AuditInputError, audit_csv, detect_encoding
from ins.audit.csvio import CsvSource

TODAY = dt.date(2026, 1, 1)
HEADER = "local_id;birth_name;first_names;sex;birth_date;status"
ROW = "1;LEFÈVRE;Zoé Chloé;F;31/12/1975;PROV"


def _file(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


ENCODINGS = [
    # (how the file is written, encoding detected)
    pytest.param(lambda text: text.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig", id="bom"),
    pytest.param(lambda text: text.encode("cp1252"), "cp1252", id="windows-1252"),
    pytest.param(lambda text: text.encode("utf-16"), "utf-16", id="utf-16-excel"),
    # 0x81 is undefined in Windows-1252: only Latin-1 decodes it.
    pytest.param(lambda text: text.encode("latin-1") + b"\x81", "latin-1", id="latin-1"),
]


@pytest.mark.parametrize(("write", "expected"), ENCODINGS)
def test_encoding_detection(tmp_path: Path, write: object, expected: str) -> None:
    text = f"{HEADER}\n{ROW}\n"
    path = _file(tmp_path, write(text))  # type: ignore[operator]
    assert detect_encoding(path) == expected
    with CsvSource(path) as source:
        assert source.header[:2] == ["local_id", "birth_name"]
        first = next(source.rows())
    assert first[1] == "LEFÈVRE"


def test_long_utf8_file_with_a_late_windows_byte(tmp_path: Path) -> None:
    # UTF-8 for megabytes, then one Windows-1252 byte: the whole file is not UTF-8.
    data = (f"{HEADER}\n" + f"{ROW}\n" * 60_000).encode(
        "utf-8"
    ) + "1;LEFÈVRE;Z;F;01/01/1980;\n".encode("cp1252")
    assert detect_encoding(_file(tmp_path, data)) == "cp1252"


@pytest.mark.parametrize(
    ("delimiter", "name"),
    [(";", "semicolon"), (",", "comma"), ("\t", "tab")],
)
def test_delimiters(tmp_path: Path, delimiter: str, name: str) -> None:
    text = f"{HEADER}\n{ROW}\n".replace(";", delimiter)
    path = _file(tmp_path, text.encode("utf-8"), f"{name}.csv")
    report = audit_csv(path, today=TODAY)
    assert (report.rows, report.findings) == (1, ())


def test_quoted_fields_with_the_delimiter(tmp_path: Path) -> None:
    text = (
        'local_id,birth_name,first_names,sex,birth_date\n1,"DUPONT, DIT MARTIN",JEAN,M,1980-01-01\n'
    )
    report = audit_csv(_file(tmp_path, text.encode()), today=TODAY)
    assert [f.code for f in report.findings] == ["trait_invalid"]  # a comma is not INSi


def test_wrong_explicit_encoding_names_the_line(tmp_path: Path) -> None:
    data = f"{HEADER}\n{ROW}\n{ROW}\n".encode("cp1252")
    with pytest.raises(AuditInputError, match="cannot be decoded as utf-8"):
        audit_csv(_file(tmp_path, data), encoding="utf-8", today=TODAY)


def test_wrong_encoding_far_in_the_file(tmp_path: Path) -> None:
    data = (f"{HEADER}\n" + "1;ADRUN;ZOE;F;31/12/1975;\n" * 20_000 + f"{ROW}\n").encode("cp1252")
    with pytest.raises(AuditInputError, match=r"Line [0-9]+ or one shortly after .* utf-8"):
        audit_csv(_file(tmp_path, data), encoding="utf-8", today=TODAY)


def test_bytes_read_after_close(tmp_path: Path) -> None:
    path = _file(tmp_path, f"{HEADER}\n{ROW}\n".encode())
    source = CsvSource(path)
    source.close()
    assert source.bytes_read == path.stat().st_size


def test_undecodable_header(tmp_path: Path) -> None:
    with pytest.raises(AuditInputError, match=r"Line 1 .* cannot be decoded"):
        audit_csv(_file(tmp_path, b"NOM\xe9;X\n"), encoding="utf-8", today=TODAY)


def test_explicit_encoding_is_used(tmp_path: Path) -> None:
    path = _file(tmp_path, f"{HEADER}\n{ROW}\n".encode("cp1252"))
    report = audit_csv(path, encoding="cp1252", today=TODAY)
    assert report.rows == 1


def test_unknown_encoding(tmp_path: Path) -> None:
    path = _file(tmp_path, f"{HEADER}\n".encode())
    with pytest.raises(AuditInputError, match="Unknown text encoding 'klingon'"):
        audit_csv(path, encoding="klingon", today=TODAY)


def test_header_mismatch_lists_what_is_missing_and_found(tmp_path: Path) -> None:
    # IPP, PRENOM, SEXE and DDN are French aliases; NOM alone is ambiguous (birth or used name).
    path = _file(tmp_path, b"IPP;NOM;PRENOM;SEXE;DDN\n1;A;B;M;01/01/1980\n")
    with pytest.raises(AuditInputError) as caught:
        audit_csv(path, today=TODAY)
    message = str(caught.value)
    assert "lacks the required columns birth_name;" in message
    assert "'IPP', 'NOM', 'PRENOM', 'SEXE', 'DDN'" in message
    assert caught.value.code == "invalid_audit_input"


def test_header_mismatch_names_the_mapped_column(tmp_path: Path) -> None:
    path = _file(tmp_path, f"{HEADER}\n".encode())
    with pytest.raises(AuditInputError, match=r"birth_name \(column 'NOM_NAISSANCE'\)"):
        audit_csv(path, mapping={"birth_name": "NOM_NAISSANCE"}, today=TODAY)


def test_header_matches_without_case_and_spaces(tmp_path: Path) -> None:
    text = " LOCAL_ID ; Birth_Name;FIRST_NAMES;Sex;BIRTH_DATE\n1;ADRUN;ZOE;F;31/12/1975\n"
    assert audit_csv(_file(tmp_path, text.encode()), today=TODAY).rows == 1


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(AuditInputError, match="is empty"):
        audit_csv(_file(tmp_path, b""), today=TODAY)


def test_header_only(tmp_path: Path) -> None:
    report = audit_csv(_file(tmp_path, f"{HEADER}\n".encode()), today=TODAY)
    assert (report.rows, report.qualification_rate, report.findings) == (0, 0.0, ())


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AuditInputError, match="Cannot read the file"):
        audit_csv(tmp_path / "nowhere.csv", today=TODAY)


def test_blank_lines_are_skipped_and_rows_numbered(tmp_path: Path) -> None:
    text = f"{HEADER}\n\n{ROW}\n\n1;X;Y;Q;01/01/1980;\n"
    report = audit_csv(_file(tmp_path, text.encode()), today=TODAY)
    assert report.rows == 2
    assert [(f.row, f.code) for f in report.findings] == [(2, "trait_invalid")]


def test_ragged_rows(tmp_path: Path) -> None:
    text = f"{HEADER}\n1;ADRUN;ZOE;F;31/12/1975\n2;ADRUN;ZOE;F;31/12/1975;PROV;extra\n"
    report = audit_csv(_file(tmp_path, text.encode()), today=TODAY)
    assert [(f.row, f.code) for f in report.findings if f.code == "row_malformed"] == [
        (1, "row_malformed"),
        (2, "row_malformed"),
    ]


def test_invalid_csv_is_reported(tmp_path: Path) -> None:
    # An unclosed quote swallows the rest of the file into one field, over the csv limit.
    text = f'{HEADER}\n1;"ADRUN;ZOE;F;31/12/1975;\n' + f"{ROW}\n" * 6000
    with pytest.raises(AuditInputError, match="not valid CSV"):
        audit_csv(_file(tmp_path, text.encode()), today=TODAY)


def test_progress_is_reported(tmp_path: Path) -> None:
    path = _file(tmp_path, (f"{HEADER}\n" + f"{ROW}\n" * 10_000).encode())
    calls: list[tuple[int, int, int]] = []
    audit_csv(path, today=TODAY, progress=lambda *args: calls.append(args))
    assert calls[-1] == (10_000, path.stat().st_size, path.stat().st_size)
    assert len(calls) >= 3
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(calls))


def test_excel_export_with_crlf(tmp_path: Path) -> None:
    # What Excel writes on a French Windows: ';', CRLF, Windows-1252, quoted cells.
    text = (
        '"local_id";"birth_name";"first_names";"sex";"birth_date"\r\n'
        '"1";"LEFÈVRE";"ÉLODIE";"F";"01/02/1980"\r\n'
    )
    path = _file(tmp_path, text.encode("cp1252"))
    with CsvSource(path) as source:
        assert (source.encoding, source.delimiter) == ("cp1252", ";")
        assert list(source.rows()) == [["1", "LEFÈVRE", "ÉLODIE", "F", "01/02/1980"]]
    assert audit_csv(path, today=TODAY).findings == ()
