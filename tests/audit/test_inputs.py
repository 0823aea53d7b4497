"""What was audited: encoding, delimiter, columns, the optional columns missing, standard input."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from ins.audit import AuditInputError
from ins.audit.inputs import AuditInput, audit_path, copy_stream, delimiter_name, encoding_name

TODAY = dt.date(2026, 1, 1)
REQUIRED = "local_id;birth_name;first_names;sex;birth_date"
FRENCH = {
    "local_id": "IPP",
    "birth_name": "NOM_NAISSANCE",
    "first_names": "PRENOMS",
    "sex": "SEXE",
    "birth_date": "DATE_NAISSANCE",
}


def _read(
    tmp_path: Path, header: str, mapping: dict[str, str] | None = None, **options: object
) -> AuditInput:
    path = tmp_path / "export.csv"
    path.write_bytes(header.encode(options.pop("encoding_of_file", "utf-8")) + b"\n")  # type: ignore[arg-type]
    return AuditInput.read(path, mapping=mapping or {}, today=TODAY, encoding=None, **options)  # type: ignore[arg-type]


def test_what_was_read(tmp_path: Path) -> None:
    found = _read(
        tmp_path,
        "IPP,NOM_NAISSANCE,PRÉNOMS,SEXE,DATE_NAISSANCE,statut patient,Matricule INS du patient",
        {**FRENCH, "first_names": "PRÉNOMS"},
        encoding_of_file="cp1252",
    )
    assert (found.encoding, found.encoding_given, found.delimiter) == ("cp1252", False, ",")
    assert found.columns["birth_name"] == "NOM_NAISSANCE"
    assert found.columns["status"] is None
    assert found.hints == {"status": "statut patient", "matricule": "Matricule INS du patient"}
    assert found.to_json() == {
        "file": str(tmp_path / "export.csv"),
        "encoding": "cp1252",
        "delimiter": ",",
        "mapping": {**FRENCH, "first_names": "PRÉNOMS"},
        "absent_optional_columns": [
            "status",
            "matricule",
            "oid",
            "attributes",
            "birthplace",
            "first_first_name",
        ],
        "reference_date": "2026-01-01",
    }


def test_a_given_encoding_is_said_given(tmp_path: Path) -> None:
    found = _read(tmp_path, REQUIRED)
    path = tmp_path / "export.csv"
    given = AuditInput.read(path, mapping={}, today=TODAY, encoding="latin-1")
    assert (found.encoding_given, given.encoding_given, given.encoding) == (False, True, "latin-1")


# Headers the French aliases do not take (those are read as the field, ins.audit.columns) but
# that look like a watched field: the summary suggests the --map item.
hints = [
    pytest.param("STATUT_PATIENT", "status", id="a French status column"),
    pytest.param("Statut du patient", "status", id="accents, spaces and case do not matter"),
    pytest.param("NIA", "matricule", id="a short name, exactly"),
    pytest.param("MATRICULE_PATIENT", "matricule", id="a matricule column"),
    pytest.param("OID_INS_PATIENT", "oid", id="the OID of the INS"),
    pytest.param("ATTRIBUTS_RNIV", "attributes", id="the RNIV attributes"),
    pytest.param("LIEU_DE_NAISSANCE_COG", "birthplace", id="a birthplace"),
    pytest.param("COG", "birthplace", id="the geographic code"),
    pytest.param("PREMIER_PRENOM_NAISSANCE", "first_first_name", id="the first first name"),
]


@pytest.mark.parametrize(
    ("column", "field"),
    [("STATUT", "status"), ("Statut de l'identité", "status"), ("NIR", "matricule")],
)
def test_a_french_alias_is_read_as_its_field(tmp_path: Path, column: str, field: str) -> None:
    found = _read(tmp_path, f"{REQUIRED};{column}")
    assert found.columns[field] == column
    assert found.hints == {}


@pytest.mark.parametrize(("column", "field"), hints)
def test_a_column_that_looks_like_a_missing_field(tmp_path: Path, column: str, field: str) -> None:
    found = _read(tmp_path, f"{REQUIRED};{column}")
    assert found.hints == {field: column}
    (cost,) = (cost for name, cost in found.absent("en") if name == field)
    assert cost.endswith(f"--map {field}={column}")


not_hints = [
    pytest.param("CODE_INSEE", id="INSEE is not INS"),
    pytest.param("NOM_USAGE", id="a used name: not watched"),
    pytest.param("COMMENTAIRE", id="anything else"),
]


@pytest.mark.parametrize("column", not_hints)
def test_columns_that_do_not_look_like_a_missing_field(tmp_path: Path, column: str) -> None:
    assert _read(tmp_path, f"{REQUIRED};{column}").hints == {}


def test_a_column_already_used_is_not_suggested(tmp_path: Path) -> None:
    # STATUT is mapped to the status: it is not suggested for anything else.
    found = _read(tmp_path, f"{REQUIRED};STATUT;STATUT_IDENTITE", {"status": "STATUT"})
    assert found.columns["status"] == "STATUT"
    assert found.hints == {}


def test_nothing_is_missing_in_a_full_file(tmp_path: Path) -> None:
    header = f"{REQUIRED};first_first_name;birthplace;matricule;oid;status;attributes"
    found = _read(tmp_path, header)
    assert found.absent("fr") == []
    assert found.to_json()["absent_optional_columns"] == []


def test_the_absent_columns_say_what_they_cost(tmp_path: Path) -> None:
    found = _read(tmp_path, f"{REQUIRED};STATUT_PATIENT")
    absent = dict(found.absent("fr"))
    assert absent["status"] == (
        "chaque ligne compte comme PROV, le taux de qualification est nul ; "
        "colonne « STATUT_PATIENT » ? --map status=STATUT_PATIENT"
    )
    assert absent["matricule"] == "ni contrôle des matricules INS ni recherche de collisions"
    assert "used_name" not in absent  # not checked: nothing lost


def test_a_matricule_in_a_file_or_column_name_is_masked(tmp_path: Path) -> None:
    path = tmp_path / "export_275126322074974.csv"
    path.write_text(f"{REQUIRED};NIR 275126322074974\n", encoding="utf-8")
    found = AuditInput.read(path, mapping={"status": "275126322074974"}, today=TODAY, encoding=None)
    shown = repr(found) + repr(found.to_json()) + repr(found.absent("en"))
    assert "275126322074974" not in shown
    assert "27512**********" in found.name


def test_standard_input_is_named_as_such(tmp_path: Path) -> None:
    found = _read(tmp_path, REQUIRED, name="-")
    assert (found.label("fr"), found.label("en"), found.to_json()["file"]) == (
        "entrée standard",
        "standard input",
        "-",
    )


def test_what_the_audit_refuses_is_refused_here(tmp_path: Path) -> None:
    with pytest.raises(AuditInputError, match="lacks the required columns"):
        _read(tmp_path, "NOM;PRENOM")
    with pytest.raises(AuditInputError, match="Cannot read the file"):
        AuditInput.read(tmp_path / "none.csv", mapping={}, today=TODAY, encoding=None)


names = [
    pytest.param("utf-8", "UTF-8", id="utf-8"),
    pytest.param("utf-8-sig", "UTF-8 (BOM)", id="utf-8 with its mark"),
    pytest.param("UTF_8", "UTF-8", id="another spelling"),
    pytest.param("cp1252", "Windows-1252", id="French Windows"),
    pytest.param("latin-1", "Latin-1", id="latin-1"),
    pytest.param("mac-roman", "mac-roman", id="any other: as given"),
]


@pytest.mark.parametrize(("encoding", "expected"), names)
def test_encoding_names(encoding: str, expected: str) -> None:
    assert encoding_name(encoding) == expected


def test_delimiter_names() -> None:
    assert delimiter_name(";", "fr") == "« ; »"
    assert delimiter_name("\t", "en") == "tab"
    assert delimiter_name("|", "en") == "'|'"


def test_copy_stream(tmp_path: Path) -> None:
    data = b"local_id;birth_name\n" * 100_000  # more than one block
    target = tmp_path / "copy.csv"
    assert copy_stream(io.BytesIO(data), target, limit=len(data)) == len(data)
    assert target.read_bytes() == data


def test_copy_stream_is_bounded(tmp_path: Path) -> None:
    with pytest.raises(AuditInputError, match="more than 1 MiB: write it to a file"):
        copy_stream(io.BytesIO(b"x" * (3 << 20)), tmp_path / "copy.csv", limit=1 << 20)


def test_copy_stream_reports_a_write_failure(tmp_path: Path) -> None:
    with pytest.raises(AuditInputError, match="Cannot copy standard input"):
        copy_stream(io.BytesIO(b"x"), tmp_path / "missing" / "copy.csv", limit=10)


def test_audit_path_copies_standard_input_and_removes_the_copy(tmp_path: Path) -> None:
    with audit_path("export.csv", None, limit=10) as path:
        assert path == "export.csv"  # a file is audited where it is
    with audit_path("-", io.BytesIO(b"local_id\n1\n"), limit=100) as path:
        copy = Path(path)
        assert copy.read_bytes() == b"local_id\n1\n"
    assert not copy.exists()
    assert not copy.parent.exists()
    with (
        pytest.raises(AuditInputError, match="more than"),
        audit_path("-", io.BytesIO(b"x" * (2 << 20)), limit=1 << 20) as path,
    ):
        pass
