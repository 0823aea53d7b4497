"""Tests of ins.BirthDate (docs/domain/birth-dates.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, ValidationError

from ins._dates import BirthDate, TypedBirthDate
from ins.errors import InvalidTrait

TODAY = dt.date(2026, 11, 24)

# (text, value, month_known, day_known)
parsed = [
    ("1977-03-21", dt.date(1977, 3, 21), True, True),  # ISO
    ("21/03/1977", dt.date(1977, 3, 21), True, True),  # French
    ("21-03-1977", dt.date(1977, 3, 21), True, True),  # datamatrix DD-MM-YYYY
    ("21.03.1977", dt.date(1977, 3, 21), True, True),  # dotted
    ("1/3/1977", dt.date(1977, 3, 1), True, True),  # one-digit day and month
    (" 1977-03-21 ", dt.date(1977, 3, 21), True, True),  # surrounding spaces
    ("1977-00-00", dt.date(1977, 12, 31), False, False),  # both unknown -> 31 December
    ("1977-03-00", dt.date(1977, 3, 1), True, False),  # day unknown -> 01
    ("1977-00-21", dt.date(1977, 1, 21), False, True),  # month unknown -> 01
    ("00/00/1977", dt.date(1977, 12, 31), False, False),  # French, both unknown
    ("2024-02-29", dt.date(2024, 2, 29), True, True),  # leap day
    ("2026-11-24", TODAY, True, True),  # today
    ("1896-11-24", dt.date(1896, 11, 24), True, True),  # exactly 130 years ago
]


@pytest.mark.parametrize(("text", "value", "month_known", "day_known"), parsed)
def test_parse(text: str, value: dt.date, month_known: bool, day_known: bool) -> None:
    date = BirthDate.parse(text, today=TODAY)
    assert date.value == value
    assert (date.month_known, date.day_known) == (month_known, day_known)
    assert date.estimated is not (month_known and day_known)
    assert not date.exceptional


# (text, raw, isoformat): parse keeps typed ISO text in raw (issue 18), the French layout not.
typed_text = [
    ("1977-00-00", "1977-00-00", "1977-00-00"),  # partial: both parts unknown, kept as typed
    ("1977-03-00", "1977-03-00", "1977-03-00"),  # partial: day unknown
    ("1977-00-21", "1977-00-21", "1977-00-21"),  # partial: month unknown
    (" 1977-03-21 ", "1977-03-21", "1977-03-21"),  # complete; surrounding spaces are not kept
    ("00/00/1977", None, "1977-00-00"),  # French layout: raw holds ISO text only
    ("21/03/1977", None, "1977-03-21"),  # French layout, complete
]


@pytest.mark.parametrize(("text", "raw", "iso"), typed_text)
def test_parse_keeps_iso_text_in_raw(text: str, raw: str | None, iso: str) -> None:
    date = BirthDate.parse(text, today=TODAY)
    assert date.raw == raw
    assert date.isoformat() == iso
    assert not date.exceptional  # typed text is never a lunar date


def test_parsed_partial_date_round_trips_through_json() -> None:
    class Model(BaseModel):
        birth_date: BirthDate

    model = Model(birth_date=BirthDate.parse("1977-00-00", today=TODAY))
    assert model.model_dump_json() == '{"birth_date":"1977-00-00"}'
    again = Model.model_validate_json(model.model_dump_json())
    assert again == model
    assert again.birth_date.raw == "1977-00-00"
    assert again.birth_date.estimated


refused = [
    ("1977-02-30", "does not exist"),  # docs/domain/birth-dates.md#partial-dates: impossible day
    ("2023-02-29", "does not exist"),  # not a leap year
    ("1977-13-01", "month 13"),  # impossible month
    ("1977-04-31", "does not exist"),  # 31 April
    ("1977-00-32", "does not exist"),  # day 32 whatever the month
    ("2026-11-25", "future"),  # tomorrow
    ("2026-12-00", "future"),  # partial: earliest day in the future
    ("2027-00-00", "future"),  # partial year in the future
    ("1896-11-23", "130 years"),  # one day too old
    ("1890-00-00", "130 years"),  # partial, latest day too old
    ("", "not a birth date"),  # empty
    ("yesterday", "not a birth date"),  # text
    ("1977/03/21", "not a birth date"),  # unsupported layout
    ("21/03/77", "not a birth date"),  # two-digit year
    ("1977-3-21", "not a birth date"),  # ISO needs two digits
    ("0000-01-01", "year 0"),  # year zero
    ("１９７７-03-21", "not a birth date"),  # full-width digits
    ("9" * 10_000, "not a birth date"),  # huge input
]


@pytest.mark.parametrize(("text", "message"), refused)
def test_parse_refuses(text: str, message: str) -> None:
    with pytest.raises(InvalidTrait, match=message) as caught:
        BirthDate.parse(text, today=TODAY)
    assert caught.value.trait == "birth_date"


def test_parse_defaults_to_the_current_date() -> None:
    with pytest.raises(InvalidTrait, match="future"):
        BirthDate.parse((dt.date.today() + dt.timedelta(days=1)).isoformat())


def test_today_on_29_february() -> None:
    assert BirthDate.parse("1894-02-28", today=dt.date(2024, 2, 29)).year == 1894


def test_parse_refuses_non_text() -> None:
    with pytest.raises(InvalidTrait, match="must be text"):
        BirthDate.parse(19770321)  # type: ignore[arg-type]


# from_insi: verbatim, "lunar" dates flagged exceptional
# (docs/domain/birth-dates.md#lunar-and-exceptional-dates).
insi = [
    ("1977-03-21", dt.date(1977, 3, 21), False, False),  # calendar date
    ("1977-00-00", dt.date(1977, 12, 31), True, True),  # 00 parts: estimated and exceptional
    ("1977-03-00", dt.date(1977, 3, 1), True, True),  # day 00
    ("1977-02-30", dt.date(1977, 2, 1), True, True),  # day not in the month: unknown
    ("1977-02-35", dt.date(1977, 2, 1), True, True),  # IHE PAM week-of-month day
    ("1977-13-05", dt.date(1977, 1, 5), True, True),  # month over 12: unknown
    ("1977-13-35", dt.date(1977, 12, 31), True, True),  # both unknown
    ("2099-01-01", dt.date(2099, 1, 1), False, False),  # never judged against today
]


@pytest.mark.parametrize(("text", "value", "estimated", "exceptional"), insi)
def test_from_insi(text: str, value: dt.date, estimated: bool, exceptional: bool) -> None:
    date = BirthDate.from_insi(text)
    assert (date.value, date.estimated, date.exceptional) == (value, estimated, exceptional)
    assert date.raw == text
    assert str(date) == text


@pytest.mark.parametrize("text", ["", "21/03/1977", "1977-3-21", "0000-01-01", "1977-03-21 "])
def test_from_insi_refuses_malformed(text: str) -> None:
    with pytest.raises(InvalidTrait):
        BirthDate.from_insi(text)


def test_from_insi_refuses_non_text() -> None:
    with pytest.raises(InvalidTrait):
        BirthDate.from_insi(None)  # type: ignore[arg-type]


partials = [
    ((1977,), dt.date(1977, 12, 31), "1977-00-00"),  # year only
    ((1977, 3), dt.date(1977, 3, 1), "1977-03-00"),  # year and month
    ((1977, None, 21), dt.date(1977, 1, 21), "1977-00-21"),  # year and day
    ((1977, 0, 0), dt.date(1977, 12, 31), "1977-00-00"),  # 0 means unknown
    ((1977, 3, 21), dt.date(1977, 3, 21), "1977-03-21"),  # complete
]


@pytest.mark.parametrize(("parts", "value", "iso"), partials)
def test_from_partial(parts: tuple[int, ...], value: dt.date, iso: str) -> None:
    date = BirthDate.from_partial(*parts)
    assert date.value == value
    assert date.isoformat() == iso


@pytest.mark.parametrize(
    "parts",
    [(0,), (10_000,), (1977, 13), (1977, 2, 30), (1977, None, 32), (1977.0,), (True,), ("1977",)],
)
def test_from_partial_refuses(parts: tuple[object, ...]) -> None:
    with pytest.raises(InvalidTrait):
        BirthDate.from_partial(*parts)  # type: ignore[arg-type]


def test_constructor_needs_a_date() -> None:
    assert BirthDate(dt.date(1977, 3, 21)).isoformat() == "1977-03-21"
    with pytest.raises(InvalidTrait):
        BirthDate(dt.datetime(1977, 3, 21))
    with pytest.raises(InvalidTrait):
        BirthDate("1977-03-21")  # type: ignore[arg-type]


def test_parts_and_known_parts() -> None:
    date = BirthDate.parse("1977-03-00")
    assert (date.year, date.month, date.day) == (1977, 3, None)
    assert date.same_known_parts(BirthDate.parse("1977-03-21"))
    assert not date.same_known_parts(BirthDate.parse("1977-04-21"))
    assert not date.same_known_parts(BirthDate.parse("1978-03-21"))
    assert BirthDate.parse("1977-00-21").same_known_parts(BirthDate.parse("1977-05-03"))
    assert not BirthDate.parse("1977-05-21").same_known_parts(BirthDate.parse("1977-05-03"))


class Record(BaseModel):
    born: BirthDate


def test_pydantic_field_round_trips_through_json() -> None:
    for date in (
        BirthDate.parse("1977-03-21"),
        BirthDate.parse("1977-00-00"),
        BirthDate.from_partial(1977, 3),
        BirthDate.from_insi("1977-00-00"),  # exceptional 00: needs the object form
        BirthDate.from_insi("1977-02-35"),
        BirthDate.from_insi("1977-03-21"),
    ):
        record = Record(born=date)
        again = Record.model_validate_json(record.model_dump_json())
        assert again.born == date
        assert again.born.exceptional == date.exceptional


def test_pydantic_accepts_dates_and_french_text() -> None:
    assert Record(born=dt.date(1977, 3, 21)).born.value == dt.date(1977, 3, 21)  # type: ignore[arg-type]
    assert Record(born="21/03/1977").born.value == dt.date(1977, 3, 21)  # type: ignore[arg-type]
    assert Record(born="2099-01-01").born.year == 2099  # type: ignore[arg-type]  # stored: not judged
    assert Record.model_json_schema()["properties"]["born"]["title"] == "BirthDate"


@pytest.mark.parametrize("value", ["1977-02-30x", 19770321, {"value": "x"}, {}, "0000-01-01"])
def test_pydantic_errors_carry_the_ins_code(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Record(born=value)  # type: ignore[arg-type]
    assert caught.value.errors()[0]["type"] == "invalid_trait"


def test_pydantic_python_dump_round_trips() -> None:
    assert Record(born=BirthDate.parse("1977-03-21")).model_dump() == {"born": "1977-03-21"}
    for date in (BirthDate.from_insi("1977-02-35"), BirthDate.from_insi("1977-00-00")):
        assert Record.model_validate(Record(born=date).model_dump()).born == date


def test_a_today_in_the_first_centuries_finds_no_date_too_old() -> None:
    # 130 years before 0100-06-01 is before year 1: every date is recent enough (it used to
    # raise ValueError from datetime instead of answering).
    assert BirthDate.parse("0050-01-01", today=dt.date(100, 6, 1)).year == 50
    with pytest.raises(InvalidTrait, match="in the future"):
        BirthDate.parse("0150-01-01", today=dt.date(100, 6, 1))


class Form(BaseModel):
    born: TypedBirthDate


# What a person may type in a form (ADR 0111): read as BirthDate.parse reads it.
typed_accepted = [
    ("1977-03-21", "1977-03-21"),  # ISO
    ("21/03/1977", "1977-03-21"),  # French
    ("1/3/1977", "1977-03-01"),  # one-digit day and month
    (" 21.03.1977 ", "1977-03-21"),  # dots, white space around
    ("1977-00-00", "1977-00-00"),  # day and month unknown: the domain allows it
    ("1977-03-00", "1977-03-00"),  # day unknown
    ("00/03/1977", "1977-03-00"),  # French, day unknown
    ("2024-02-29", "2024-02-29"),  # a leap day
    (dt.date(1977, 3, 21), "1977-03-21"),  # a date picker's value
    (BirthDate.from_partial(1977, 3), "1977-03-00"),  # a BirthDate given by the program
]

typed_refused = [
    "1975-02-31",  # 31 February: the stored BirthDate keeps it as a lunar date
    "1975-13-01",  # month 13: idem
    "1975-02-35",  # day 35: idem
    "31/02/1975",  # French, impossible day
    "2023-02-29",  # not a leap year
    "2999-01-01",  # in the future
    "1800-01-01",  # more than 130 years ago
    "1975",  # not a date
    "",  # nothing typed
    BirthDate.from_insi("1975-02-35"),  # an exceptional BirthDate given by the program
    19750221,  # not text
    {"value": "1975-02-21"},  # the object form of stored dates is not typed
]


@pytest.mark.parametrize(("typed", "written"), typed_accepted, ids=repr)
def test_typed_birth_date_reads_what_people_type(typed: object, written: str) -> None:
    form = Form(born=typed)  # type: ignore[arg-type]
    assert type(form.born) is BirthDate
    assert not form.born.exceptional
    assert form.model_dump(mode="json") == {"born": written}
    assert Form.model_validate_json(form.model_dump_json()) == form


@pytest.mark.parametrize("typed", typed_refused, ids=repr)
def test_typed_birth_date_refuses_impossible_dates(typed: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Form(born=typed)  # type: ignore[arg-type]
    (error,) = caught.value.errors()
    assert error["type"] == "invalid_trait"
    assert error["msg"].endswith(".")


@pytest.mark.parametrize("typed", ["1975-02-31", "1975-13-01"])
def test_the_stored_birth_date_keeps_what_the_typed_one_refuses(typed: str) -> None:
    assert Record(born=typed).born.exceptional  # type: ignore[arg-type]


def test_typed_birth_date_is_public_and_masks_its_input() -> None:
    import ins

    assert ins.TypedBirthDate is TypedBirthDate
    with pytest.raises(ValidationError) as caught:
        Form(born="284052A32102552")  # type: ignore[arg-type]
    assert "284052A32102552" not in str(caught.value.errors())
