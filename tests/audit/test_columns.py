"""Which column holds which field: names, mappings and the French export headers (issue 18)."""

from __future__ import annotations

import pytest

from ins.audit import AuditInputError
from ins.audit.columns import ALIASES, FIELDS, Columns

ALIAS_CASES = [
    # (header, field, column expected, why)
    pytest.param(["NOM_NAISSANCE"], "birth_name", 0, "the usual export name", id="nom-naissance"),
    pytest.param(["Nom de naissance"], "birth_name", 0, "spaces and case", id="spaced"),
    pytest.param(["Prénoms"], "first_names", 0, "accents do not matter", id="prenoms"),
    pytest.param(["PRENOM"], "first_names", 0, "the singular too", id="prenom"),
    pytest.param(["PRENOM", "PRENOMS"], "first_names", 1, "the plural is preferred", id="both"),
    pytest.param(["Date de naissance"], "birth_date", 0, "with 'de'", id="date"),
    pytest.param(["DDN"], "birth_date", 0, "the abbreviation", id="ddn"),
    pytest.param(["SEXE"], "sex", 0, "French", id="sexe"),
    pytest.param(["Statut"], "status", 0, "French", id="statut"),
    pytest.param(["NIR"], "matricule", 0, "the matricule's usual name", id="nir"),
    pytest.param(["Matricule INS"], "matricule", 0, "two words", id="matricule-ins"),
    pytest.param(["OID"], "oid", 0, "upper case", id="oid"),
    pytest.param(["CODE_LIEU_NAISSANCE"], "birthplace", 0, "the COG code", id="lieu"),
    pytest.param(["IPP"], "local_id", 0, "the hospital's patient id", id="ipp"),
    pytest.param(["id-local"], "local_id", 0, "hyphen", id="id-local"),
    pytest.param(["ATTRIBUTS"], "attributes", 0, "French", id="attributs"),
    pytest.param(["premier prénom"], "first_first_name", 0, "accents", id="premier"),
    pytest.param(["NOM"], "birth_name", None, "ambiguous: birth or used name", id="nom-alone"),
    pytest.param(["\ufeffIPP"], "local_id", 0, "a byte-order mark left in it", id="bom"),
]


@pytest.mark.parametrize(("header", "field", "expected", "why"), ALIAS_CASES)
def test_french_headers(header: list[str], field: str, expected: int | None, why: str) -> None:
    required = ["local_id", "birth_name", "first_names", "sex", "birth_date"]
    full = header + [name for name in required if name != field]
    columns = Columns.resolve(full, None) if expected is not None else None
    if columns is None:
        with pytest.raises(AuditInputError):
            Columns.resolve(header + [n for n in required if n != field], None)
        return
    assert columns.index[field] == expected, why
    assert columns.names[field] == full[expected]


def test_a_field_name_wins_over_an_alias() -> None:
    columns = Columns.resolve(
        ["PRENOMS", "first_names", "IPP", "NOM_NAISSANCE", "SEXE", "DDN"], None
    )
    assert columns.index["first_names"] == 1
    assert columns.names["local_id"] == "IPP"


def test_a_mapping_wins_and_an_alias_column_is_used_once() -> None:
    header = ["IPP", "NOM_NAISSANCE", "NOM_USAGE", "PRENOMS", "SEXE", "DDN"]
    columns = Columns.resolve(header, {"birth_name": "NOM_USAGE"})
    assert columns.index["birth_name"] == 2
    assert columns.index["used_name"] is None  # its alias column is taken by the mapping
    assert Columns.resolve(header, None).index["used_name"] == 2


def test_every_field_has_aliases() -> None:
    assert set(ALIASES) == set(FIELDS)
