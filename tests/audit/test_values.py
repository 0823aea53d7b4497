"""The cached readers of the audit agree with the library functions they shortcut (ADR 0064)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ins._names import PATTERNS
from ins.audit.values import (
    read_birth_date,
    read_birth_name,
    read_birth_name_entry,
    read_first_names,
    read_first_names_entry,
    read_place_entry,
    read_status,
)

insi_birth_names = st.from_regex(PATTERNS["birth_name"], fullmatch=True).filter(
    lambda text: len(text) <= 100
)
insi_first_names = st.from_regex(PATTERNS["first_names"], fullmatch=True).filter(
    lambda text: len(text) <= 100
)
any_text = st.text(st.sampled_from("ABé -'9x\t"), max_size=12)


@given(st.one_of(insi_birth_names, any_text))
def test_birth_name_entry_is_the_normalised_name(text: str) -> None:
    name, message = read_birth_name(text)
    entry = read_birth_name_entry(text)
    if not text:
        assert entry == (None, "No birth name.")
    elif name is None:
        assert entry == (None, f"Birth name: {message}")
    else:
        assert entry == (name, "")


@given(st.one_of(insi_first_names, any_text))
def test_first_names_entry_is_the_normalised_list(text: str) -> None:
    firsts, message = read_first_names(text)
    entry = read_first_names_entry(text)
    if not text:
        assert entry == (None, "No first names.", None)
    elif firsts is None:
        assert entry == (None, f"First names: {message}", None)
    else:
        assert entry == (firsts, "", firsts.split(" ")[0])


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
    assert read_status(status, attributes) == expected


def test_read_status_with_doubt_and_bad_attributes() -> None:
    status, findings = read_status("QUAL", "FICT HOMA")
    assert status == "QUAL"
    assert [code for code, _ in findings] == ["forbidden_attributes", "status_with_doubt"]
    assert [code for code, _ in read_status("XYZ", "ZZZ")[1]] == [
        "unknown_status",
        "unknown_attribute",
    ]


def test_read_place_entry() -> None:
    place, shortcut, message, plain = read_place_entry("63220")
    assert (place, shortcut, message, plain) == ("63220", True, "", "63220")
    assert type(plain) is str
    assert read_place_entry("2A004")[1] is False  # Corsica never takes the shortcut
    place, shortcut, message, plain = read_place_entry("ABC")
    assert (place, shortcut, plain) == (None, False, "")
    assert message.startswith("Birthplace: ")


def test_a_birth_date_in_year_one_is_a_finding_not_a_crash() -> None:
    # The audit judges a refused date again from the end of the year after its own, to tell
    # "implausible" from "invalid": for year 1 that "today" is 0002-12-31.
    date, code, message = read_birth_date("0001-00-00", dt.date(2026, 1, 1))
    assert date is None
    assert code == "birth_date_implausible"
    assert "130 years" in message
