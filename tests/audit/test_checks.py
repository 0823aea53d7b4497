"""The row checks: each finding code on a minimal file (codes in ``ins.audit.report``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins import nir
from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate
from ins._sex import Sex
from ins._traits import Traits, check_consistency
from ins.audit import CODES, AuditInputError, audit_rows
from ins.audit.checks import _is_plain_ins
from ins.audit.values import read_place, read_sex

TODAY = dt.date(2026, 1, 1)

# ADRUN ZOE, the public INSi test person: a clean qualified row, no finding at all.
CLEAN = {
    "local_id": "L1",
    "birth_name": "ADRUN",
    "first_names": "ZOE",
    "first_first_name": "",
    "sex": "F",
    "birth_date": "31/12/1975",
    "birthplace": "63220",
    "matricule": "275126322074974",
    "oid": "1.2.250.1.213.1.4.8",
    "status": "QUAL",
    "attributes": "",
}


def _with_key(body: str) -> str:
    return body + nir.calc_key(body)


def _codes(*rows: dict[str, str]) -> list[str]:
    return sorted({finding.code for finding in audit_rows(rows, today=TODAY).findings})


def test_clean_row_has_no_finding() -> None:
    report = audit_rows([CLEAN], today=TODAY)
    assert report.findings == ()
    assert report.status_counts == {"PROV": 0, "RECUP": 0, "VALI": 0, "QUAL": 1}
    assert report.qualification_rate == 1.0


ONE_ROW_CASES = [
    # (changes to the clean row, every code expected)
    pytest.param({"matricule": "275126322074975"}, ["matricule_invalid"], id="wrong-key"),
    pytest.param({"matricule": "27512632207"}, ["matricule_invalid"], id="too-short"),
    pytest.param({"matricule": "275136322074974"}, ["matricule_invalid"], id="month-13"),
    # An NNP number gets matricule_not_ins only: no key, OID or status finding about it.
    pytest.param({"matricule": "7751263220749", "oid": ""}, ["matricule_not_ins"], id="nnp"),
    pytest.param({"matricule": "5751263220749"}, ["matricule_not_ins"], id="mig"),
    pytest.param({"oid": "1.2.250.1.213.1.4.2"}, ["oid_invalid"], id="ins-c-oid"),
    pytest.param({"oid": "1.2.3"}, ["oid_invalid"], id="unknown-oid"),
    pytest.param({"oid": ""}, ["oid_invalid"], id="matricule-without-oid"),
    pytest.param({"oid": "urn:oid:1.2.250.1.213.1.4.8"}, [], id="urn-oid-accepted"),
    pytest.param({"birth_name": "Adrun"}, ["trait_not_insi_form"], id="qual-lower-case"),
    pytest.param({"first_names": "Zoé"}, ["trait_not_insi_form"], id="qual-accent"),
    pytest.param({"sex": "femme"}, ["trait_not_insi_form"], id="qual-sex-word"),
    pytest.param({"birth_name": "AD9RUN"}, ["trait_invalid", "trait_not_insi_form"], id="digit"),
    pytest.param({"first_names": ""}, ["trait_invalid", "trait_not_insi_form"], id="no-first"),
    pytest.param({"first_names": "Z0E"}, ["trait_invalid", "trait_not_insi_form"], id="digit-2"),
    pytest.param({"birth_name": ""}, ["trait_invalid", "trait_not_insi_form"], id="no-name"),
    pytest.param({"sex": "X"}, ["trait_invalid", "trait_not_insi_form"], id="bad-sex"),
    pytest.param({"birthplace": "6322"}, ["trait_invalid"], id="bad-birthplace"),
    pytest.param({"sex": "M"}, ["sex_mismatch"], id="sex-mismatch"),
    pytest.param({"birth_date": "31/12/1976"}, ["year_mismatch"], id="year-mismatch"),
    pytest.param({"birth_date": "30/11/1975"}, ["month_mismatch"], id="month-mismatch"),
    pytest.param({"birthplace": "75056"}, ["birthplace_mismatch"], id="birthplace-mismatch"),
    pytest.param({"birthplace": ""}, [], id="no-birthplace-no-comparison"),
    pytest.param(
        {"birthplace": "2A004", "matricule": _with_key("275122A004001")},
        ["corsica_before_1976"],
        id="corsica-before-1976",
    ),
    pytest.param(
        {"birthplace": "63999", "matricule": _with_key("2751263999001")},
        ["unknown_birthplace"],
        id="unknown-birthplace",
    ),
    pytest.param({"first_first_name": "CHLOE"}, ["first_name_incoherent"], id="incoherent"),
    pytest.param({"first_first_name": "zoé"}, [], id="coherent-despite-case-and-accent"),
    pytest.param({"birth_date": "31/02/1975"}, ["birth_date_invalid"], id="february-31"),
    pytest.param({"birth_date": "1975/12/31"}, ["birth_date_invalid"], id="unknown-format"),
    pytest.param({"birth_date": ""}, ["birth_date_invalid"], id="no-date"),
    pytest.param({"birth_date": "31/12/75"}, ["birth_date_invalid"], id="two-digit-year"),
    pytest.param({"birth_date": "31/12/1875"}, ["birth_date_implausible"], id="over-130-years"),
    pytest.param({"birth_date": "31/12/2075"}, ["birth_date_implausible"], id="future"),
    pytest.param({"birth_date": "1975-12-31"}, [], id="iso-date"),
    pytest.param({"status": "VALI"}, ["ins_without_qualification"], id="ins-on-vali"),
    pytest.param({"status": ""}, ["ins_without_qualification"], id="ins-on-empty-status"),
    pytest.param({"matricule": "", "oid": ""}, ["missing_ins"], id="qual-without-ins"),
    pytest.param({"status": "RECUP", "matricule": "", "oid": ""}, ["missing_ins"], id="recup"),
    pytest.param({"attributes": "DOUT"}, ["status_with_doubt"], id="qual-doubtful"),
    pytest.param({"attributes": "HOMA|DOUT"}, ["status_with_doubt"], id="doubtful-homonym"),
    pytest.param(
        {"attributes": "FICT HOMA", "status": "PROV", "matricule": "", "oid": ""},
        ["forbidden_attributes"],
        id="fictive-homonym",
    ),
    pytest.param({"attributes": "FICT"}, ["status_with_doubt"], id="qual-fictive"),
    pytest.param({"attributes": "HOMA HOMD"}, ["forbidden_attributes"], id="proven-and-detected"),
    pytest.param({"attributes": "XYZ"}, ["unknown_attribute"], id="unknown-attribute"),
    pytest.param({"attributes": " homa "}, [], id="attribute-any-case"),
    pytest.param({"attributes": "|HOMA|"}, [], id="attribute-separators-around"),
    pytest.param(
        {"status": "QUALIFIED", "matricule": "", "oid": ""}, ["unknown_status"], id="bad-status"
    ),
    pytest.param({"local_id": ""}, ["row_malformed"], id="no-local-id"),
]


@pytest.mark.parametrize(("changes", "expected"), ONE_ROW_CASES)
def test_one_row_findings(changes: dict[str, str], expected: list[str]) -> None:
    assert _codes({**CLEAN, **changes}) == expected


def test_every_code_has_a_severity_and_a_case() -> None:
    covered = {code for case in ONE_ROW_CASES for code in case.values[1]}  # type: ignore[attr-defined]
    covered |= {"potential_duplicate", "collision"}
    assert covered == set(CODES)
    assert set(CODES.values()) == {"error", "warning"}


def test_matricule_invalid_carries_the_ins_error_code() -> None:
    report = audit_rows([{**CLEAN, "matricule": "275126322074975"}], today=TODAY)
    (finding,) = report.findings
    assert (finding.code, finding.detail, finding.severity) == (
        "matricule_invalid",
        "invalid_key",
        "error",
    )


def test_unknown_status_counts_as_prov() -> None:
    report = audit_rows(
        [{**CLEAN, "status": "BOF", "matricule": "", "oid": ""}, {**CLEAN, "status": ""}],
        today=TODAY,
    )
    assert report.status_counts == {"PROV": 2, "RECUP": 0, "VALI": 0, "QUAL": 0}
    assert report.qualification_rate == 0.0


def test_qualification_rate_counts_records_as_recorded() -> None:
    # A QUAL record with DOUT is reported, not re-counted: it stays in QUAL.
    report = audit_rows(
        [CLEAN, {**CLEAN, "local_id": "L2", "attributes": "DOUT"}, {**CLEAN, "status": "PROV"}],
        today=TODAY,
    )
    assert report.status_counts["QUAL"] == 2
    assert report.qualification_rate == pytest.approx(2 / 3)


DUPLICATES = [
    # (second row's changes, duplicate expected)
    pytest.param({}, True, id="same-traits"),
    pytest.param({"birth_name": "adrun", "first_names": "Zoé"}, True, id="typed-differently"),
    pytest.param({"birth_name": "ADRIN"}, True, id="name-substitution"),
    pytest.param({"birth_name": "ARDUN"}, True, id="name-transposition"),
    pytest.param({"birth_name": "ADRUNE"}, True, id="name-insertion"),
    pytest.param({"first_names": "ZOEE"}, True, id="first-name-insertion"),
    pytest.param({"first_names": "ZOE MARIE"}, True, id="more-first-names"),
    pytest.param({"birth_name": "ADRAN", "first_names": "ZOA"}, False, id="two-typos"),
    pytest.param({"birth_name": "ADRUNNNN"}, False, id="three-edits"),
    pytest.param({"sex": "M"}, False, id="other-sex"),
    pytest.param({"birth_date": "30/12/1975"}, False, id="other-date"),
    pytest.param({"local_id": "L1"}, False, id="same-local-id"),
]


@pytest.mark.parametrize(("changes", "duplicate"), DUPLICATES)
def test_potential_duplicates(changes: dict[str, str], duplicate: bool) -> None:
    first = {**CLEAN, "status": "PROV", "matricule": "", "oid": ""}
    second = {**first, "local_id": "L2", **changes}
    report = audit_rows([first, second], today=TODAY)
    found = [f for f in report.findings if f.code == "potential_duplicate"]
    assert report.duplicate_groups == (1 if duplicate else 0)
    assert len(found) == (2 if duplicate else 0)
    if duplicate:
        assert {f.group for f in found} == {"D1"}


def test_first_names_in_another_order() -> None:
    first = {**CLEAN, "first_names": "ZOE MARIE", "status": "PROV", "matricule": "", "oid": ""}
    second = {**first, "local_id": "L2", "first_names": "MARIE ZOE"}
    (group,) = {f.message for f in audit_rows([first, second], today=TODAY).findings}
    assert "first_names_order" in group


def test_collision_on_one_matricule_with_other_traits() -> None:
    other = {**CLEAN, "local_id": "L2", "birth_name": "MARTIN", "first_names": "ANNE"}
    report = audit_rows([CLEAN, other, {**CLEAN, "local_id": "L3"}], today=TODAY)
    collisions = [f for f in report.findings if f.code == "collision"]
    assert report.collision_groups == 1
    assert [(f.row, f.group) for f in collisions] == [(1, "C1"), (2, "C1"), (3, "C1")]
    assert "275126322074974" not in collisions[0].message
    assert "27512**********" in collisions[0].message


COLLISIONS = [
    # (second row's changes, collision expected)
    pytest.param({}, False, id="same-traits"),
    pytest.param({"birth_name": "Adrun"}, False, id="same-after-normalisation"),
    pytest.param({"birthplace": ""}, False, id="one-birthplace-missing"),
    pytest.param({"birthplace": "75056"}, True, id="other-birthplace"),
    pytest.param({"first_names": "CHLOE"}, True, id="other-first-name"),
    pytest.param({"birth_date": "01/12/1975"}, True, id="other-date"),
    pytest.param({"oid": "1.2.250.1.213.1.4.9", "sex": "M"}, False, id="other-oid"),
    pytest.param({"matricule": "275126322074975", "sex": "M"}, False, id="other-matricule"),
    # Any key validity: a wrong key written on two different people is still a collision.
    pytest.param({"sex": "M", "matricule": "2 75 12 63 220 749 74"}, True, id="spaced-form"),
]


@pytest.mark.parametrize(("changes", "collision"), COLLISIONS)
def test_collisions(changes: dict[str, str], collision: bool) -> None:
    report = audit_rows([CLEAN, {**CLEAN, "local_id": "L2", **changes}], today=TODAY)
    assert report.collision_groups == (1 if collision else 0)


def test_collision_with_an_invalid_key() -> None:
    bad = {**CLEAN, "matricule": "275126322074975"}
    report = audit_rows([bad, {**bad, "local_id": "L2", "sex": "M"}], today=TODAY)
    assert report.collision_groups == 1


def test_mapping_and_extra_columns() -> None:
    row = {
        "IPP": "9",
        "NOM": "ADRUN",
        "PRENOMS": "ZOE",
        "SEXE": "F",
        "DDN": "31/12/1975",
        "COMMENT": "ignored",
    }
    mapping = {
        "local_id": "ipp",
        "birth_name": "NOM",
        "first_names": "PRENOMS",
        "sex": "SEXE",
        "birth_date": "DDN",
    }
    report = audit_rows([row], mapping=mapping, today=TODAY)
    assert (report.rows, report.findings) == (1, ())


def test_missing_required_column() -> None:
    with pytest.raises(AuditInputError, match="lacks the required columns sex"):
        audit_rows([{k: v for k, v in CLEAN.items() if k != "sex"}], today=TODAY)


def test_unknown_field_in_mapping() -> None:
    with pytest.raises(ValueError, match="Unknown field 'name'"):
        audit_rows([CLEAN], mapping={"name": "NOM"}, today=TODAY)


def test_no_rows() -> None:
    report = audit_rows([], today=TODAY)
    assert (report.rows, report.findings, report.qualification_rate) == (0, (), 0.0)


def test_values_that_are_not_text() -> None:
    row: dict[str, object] = {**CLEAN, "local_id": 12, "attributes": None}
    report = audit_rows([row], today=TODAY)  # type: ignore[list-item]
    assert report.findings == ()


def test_no_oid_column_means_no_oid_finding() -> None:
    row = {k: v for k, v in CLEAN.items() if k != "oid"}
    assert audit_rows([row], today=TODAY).findings == ()


def test_row_numbers_of_a_shard() -> None:
    report = audit_rows([{**CLEAN, "sex": "M"}], today=TODAY, row_numbers=[41])
    assert [f.row for f in report.findings] == [41]


def test_consistency_shortcut_never_hides_a_finding() -> None:
    # The shortcut may skip nir.is_valid and check_consistency only when they find nothing.
    places = ["63220", "75056", "2A004", "99350", "97411", "63999", "20004", "00000"]
    taken = 0
    for sex in (Sex.M, Sex.F):
        for year in (1950, 1975, 1999):
            for place in places:
                for order_sex in "12":
                    for order in ("123", "000"):
                        body = f"{order_sex}{year % 100:02d}06{place}{order}"
                        matricule = body + nir.calc_key(body)
                        date = BirthDate(dt.date(year, 6, 15))
                        head = read_sex(sex.value).digit + f"{year % 100:02d}06"
                        if _is_plain_ins(matricule, head, read_place(place).nir_part):
                            taken += 1
                            code = BirthplaceCode(place)
                            traits = Traits(
                                birth_name="X",
                                first_names="Y",
                                sex=sex,
                                birth_date=date,
                                birthplace=code,
                            )
                            assert nir.is_valid(matricule)
                            assert check_consistency(matricule, traits) == []
    assert taken == 24  # right sex digit, order 123, 4 known places outside Corsica: 2 x 3 x 4


@given(st.integers(0, 10**13 - 1))
def test_the_shortcut_key_check_is_the_nir_key_rule(body: int) -> None:
    # (N % 9700 - 97) % 99 == 0 exactly for the key 97 - body % 97 (and never for 98, 99, 00).
    digits = f"{body:013d}"
    right = {
        key for key in range(100) if _is_plain_ins(f"{digits}{key:02d}", digits[:5], digits[5:10])
    }
    expected = {int(nir.calc_key(digits))} if digits[10:13] != "000" else set()
    assert right == expected


def test_caches_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from ins.audit import values

    monkeypatch.setattr(values, "CACHE_LIMIT", 2)
    cache = values.Readings(str.upper)
    for text in "abcde":
        assert cache[text] == text.upper()
        assert len(cache) <= 2
    many = [{**CLEAN, "local_id": f"L{i}", "birth_name": f"ADRUN{'A' * i}"} for i in range(6)]
    assert audit_rows(many, today=TODAY).rows == 6


def test_a_checker_is_freed_as_soon_as_it_is_dropped() -> None:
    # No reference cycle: an audit's millions of objects must not wait for the cyclic collector.
    import gc
    import weakref

    from ins.audit.checks import RowChecker
    from ins.audit.columns import Columns

    checker = RowChecker(Columns.resolve(list(CLEAN), None), today=TODAY)
    checker.check(1, list(CLEAN.values()))
    dropped = weakref.ref(checker)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del checker
        assert dropped() is None
    finally:
        if enabled:
            gc.enable()


def test_collision_index_keeps_rows_whose_values_hold_the_separator() -> None:
    # Values holding the ASCII unit separator (U+001F) are kept as they are, on a matricule held
    # by three rows (the index value becomes a list, then grows).
    rows = [
        {**CLEAN, "local_id": "L1"},
        {**CLEAN, "local_id": "L\x1f2", "sex": "M"},
        {**CLEAN, "local_id": "L\x1f3", "birth_name": "MARTIN"},
    ]
    report = audit_rows(rows, today=TODAY)
    assert report.collision_groups == 1
    collided = [f for f in report.findings if f.code == "collision"]
    assert [(f.row, f.local_id) for f in collided] == [(1, "L1"), (2, "L\x1f2"), (3, "L\x1f3")]
