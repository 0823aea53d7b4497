"""The cached readers of the audit agree with the library functions they shortcut (ADR 0064)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins._names import (
    PATTERNS,
    Normalized,
    is_valid_insi_name,
    normalize_birth_name,
    normalize_first_names,
)
from ins.audit.values import (
    Date,
    date_reader,
    read_birth_date,
    read_birth_name,
    read_first_names,
    read_place,
    read_status,
)
from ins.errors import InsError

insi_birth_names = st.from_regex(PATTERNS["birth_name"], fullmatch=True).filter(
    lambda text: len(text) <= 100
)
insi_first_names = st.from_regex(PATTERNS["first_names"], fullmatch=True).filter(
    lambda text: len(text) <= 100
)
any_text = st.text(st.sampled_from("ABé -'9x\t"), max_size=12)


def _normalised(normalise: Callable[[str], Normalized], text: str) -> tuple[str | None, str]:
    try:
        return normalise(text).normalized, ""
    except InsError as error:
        return None, error.message


@given(st.one_of(insi_birth_names, any_text))
def test_a_birth_name_reads_as_the_normaliser_reads_it(text: str) -> None:
    name = read_birth_name(text)
    expected, problem = _normalised(normalize_birth_name, text) if text else (None, "")
    if problem:
        assert name.problem == f"Birth name: {problem}"
    assert name.value == expected
    assert name.insi_form == (name.value == text or is_valid_insi_name(text))
    assert name.trait == (expected if expected is not None else text.upper())
    if not text:
        assert name.problem == "No birth name."


@given(st.one_of(insi_first_names, any_text))
def test_first_names_read_as_the_normaliser_reads_them(text: str) -> None:
    firsts = read_first_names(text)
    expected, problem = _normalised(normalize_first_names, text) if text else (None, "")
    if problem:
        assert firsts.problem == f"First names: {problem}"
    assert firsts.value == expected
    assert firsts.insi_form == (
        firsts.value == text or is_valid_insi_name(text, profile="first_names")
    )
    first = expected.split(" ")[0] if expected else None
    assert firsts.first == first
    assert firsts.trait == (first if first is not None else text.upper())


@pytest.mark.parametrize(
    ("status", "attributes", "expected"),
    [
        ("QUAL", "", ("QUAL", ())),  # the common case: nothing to say
        ("", "", ("PROV", ())),  # empty status counts as PROV
        ("qual", " homa ", ("QUAL", ())),  # any case, spaces around
        ("XYZ", "", ("PROV", (("unknown_status", "Unknown status 'XYZ': counted as PROV."),))),
        (
            "VALIDATED-LONG",  # shown cut after 10 characters
            "",
            ("PROV", (("unknown_status", "Unknown status 'VALIDATED-...': counted as PROV."),)),
        ),
        ("PROV", "DOUT", ("PROV", ())),  # a doubtful PROV identity is right
    ],
)
def test_read_status(status: str, attributes: str, expected: tuple[object, ...]) -> None:
    assert read_status(status, attributes)[:2] == expected


def test_read_status_with_doubt_and_bad_attributes() -> None:
    status, findings, _, carries_ins, homonyms = read_status("QUAL", "FICT HOMA")
    assert (carries_ins, homonyms) == (True, "HOMA")
    assert status == "QUAL"
    assert [code for code, _ in findings] == ["forbidden_attributes", "status_with_doubt"]
    assert [code for code, _ in read_status("XYZ", "ZZZ")[1]] == [
        "unknown_status",
        "unknown_attribute",
    ]


@pytest.mark.parametrize(
    ("text", "nir_part", "reason"),
    [
        ("63220", "63220", "a known commune: the shortcut may take it"),
        ("2A004", "", "Corsica: check_consistency has its own rule"),
        ("99350", "99350", "a known country"),
        ("63999", "", "not in the shipped table"),
        ("", "", "no birthplace"),
    ],
)
def test_read_place(text: str, nir_part: str, reason: str) -> None:
    place = read_place(text)
    assert place.nir_part == nir_part, reason
    assert type(place.text) is str
    assert place.problem == ""


def test_a_wrong_place_is_a_problem() -> None:
    place = read_place("ABC")
    assert (place.place, place.text, place.trait) == (None, "", "ABC")
    assert place.problem.startswith("Birthplace: ")


def test_a_birth_date_in_year_one_is_a_finding_not_a_crash() -> None:
    # The audit judges a refused date again from the end of the year after its own, to tell
    # "implausible" from "invalid": for year 1 that "today" is 0002-12-31.
    date = read_birth_date("0001-00-00", dt.date(2026, 1, 1))
    assert date.date is None
    assert date.code == "birth_date_implausible"
    assert "130 years" in date.problem


TODAY = dt.date(2026, 1, 1)
_DIGITS_AND_SEPARATORS = st.text(alphabet="0123456789/-. \uff10", min_size=8, max_size=12)


@st.composite
def _date_texts(draw: st.DrawFn) -> str:
    day, month = draw(st.integers(0, 32)), draw(st.integers(0, 13))
    year = draw(st.integers(1, 2100))
    if draw(st.booleans()):
        return f"{day:02d}/{month:02d}/{year:04d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


@given(st.one_of(_date_texts(), _DIGITS_AND_SEPARATORS))
def test_the_date_shortcut_reads_as_birth_date_parse(text: str) -> None:
    assert date_reader(TODAY)(text) == read_birth_date(text, TODAY)


@given(st.dates(min_value=dt.date(1896, 1, 1), max_value=TODAY), st.booleans())
def test_complete_dates_are_read(date: dt.date, french: bool) -> None:
    text = date.strftime("%d/%m/%Y") if french else date.isoformat()
    read = date_reader(TODAY)(text)
    assert (read.iso, read.year_month, read.trait) == (
        date.isoformat(),
        date.strftime("%y%m"),
        date.isoformat(),
    )


def test_an_unknown_month_gives_no_matricule_part() -> None:
    read: Date = date_reader(TODAY)("00/00/1980")
    assert (read.iso, read.year_month) == ("1980-00-00", "")
