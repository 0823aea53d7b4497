"""Birth dates ("date de naissance"), complete, partial or "lunar" (docs/domain/birth-dates.md).

A [`BirthDate`][ins.BirthDate] always has a calendar `value`. When the day or month is unknown, the
value is completed by the rule of the INS guide (day unknown -> 01; month unknown -> 01; both
unknown -> 31 December) and `estimated` is true; `month_known` and `day_known` say which
parts are real, and comparisons ignore the others. Dates INSi returns are kept verbatim in
`raw`; when one is not a calendar date (`1977-02-35`, IHE PAM's "lunar" dates) it is
`exceptional`.

[`BirthDate.parse`][ins.BirthDate.parse] reads what a person types (ISO `1977-03-21`, French
`21/03/1977`, `00` for an unknown part) and refuses impossible, future and over-130-year-old
dates; [`BirthDate.from_insi`][ins.BirthDate.from_insi] reads what INSi returns and never refuses
a well-formed one. As pydantic fields, `BirthDate` reads stored data (lunar dates kept) and
[`TypedBirthDate`][ins.TypedBirthDate] what a person types in a form (read by `parse`).

```pycon
>>> BirthDate.parse("21/03/1977").value
datetime.date(1977, 3, 21)
>>> partial = BirthDate.parse("1977-00-00")
>>> partial.value, partial.estimated
(datetime.date(1977, 12, 31), True)
>>> lunar = BirthDate.from_insi("1977-02-35")
>>> lunar.value, lunar.exceptional, lunar.raw
(datetime.date(1977, 2, 1), True, '1977-02-35')

```
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from ins._pydantic import as_pydantic_error
from ins._records import masking
from ins.errors import InsError, InvalidTrait

__all__ = ["MAX_AGE_YEARS", "BirthDate", "TypedBirthDate", "oldest_birth_date"]

#: A birth date typed more than this many years before today is refused
#: (docs/domain/birth-dates.md#plausibility).
MAX_AGE_YEARS = 130

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FRENCH = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")


def _shown(text: str) -> str:
    """The text for a message: a date has at most 10 characters; longer input (a matricule
    typed in the wrong field?) is not echoed."""
    return repr(text) if len(text) <= 10 else f"A text of {len(text)} characters"


def _error(message: str) -> InvalidTrait:
    return InvalidTrait(message, trait="birth_date")


def _complete(year: int, month: int | None, day: int | None) -> dt.date:
    """The completion rule of docs/domain/birth-dates.md#completion-rule (Guide INS EXI ID 11)."""
    if month is None and day is None:
        return dt.date(year, 12, 31)
    return dt.date(year, month or 1, day or 1)


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A birth date: `value` plus what is known of it (see the module documentation).

    Build it with `parse`, `from_partial`, `from_insi` or from a
    `datetime.date`: `BirthDate(date(1977, 3, 21))`. As a pydantic field it accepts a
    `date`, an ISO or French string (read as stored data: never judged against today, lunar
    dates kept) and serialises to its ISO text (`raw` when there is one).
    """

    value: dt.date
    month_known: bool = True
    day_known: bool = True
    exceptional: bool = False
    raw: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.value, dt.date) or isinstance(self.value, dt.datetime):
            raise _error(f"A birth date value must be a date, not {type(self.value).__name__}.")

    @property
    def estimated(self) -> bool:
        """True when the day or the month was completed by the rule (not known)."""
        return not (self.month_known and self.day_known)

    @property
    def year(self) -> int:
        """The year (always known)."""
        return self.value.year

    @property
    def month(self) -> int | None:
        """The month when known, else `None`."""
        return self.value.month if self.month_known else None

    @property
    def day(self) -> int | None:
        """The day when known, else `None`."""
        return self.value.day if self.day_known else None

    def isoformat(self) -> str:
        """`raw` when there is one, else `YYYY-MM-DD` with `00` for unknown parts.

        ```pycon
        >>> BirthDate.from_partial(1977, 3).isoformat()
        '1977-03-00'

        ```
        """
        if self.raw is not None:
            return self.raw
        return f"{self.year:04d}-{self.month or 0:02d}-{self.day or 0:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    @classmethod
    def from_partial(cls, year: int, month: int | None = None, day: int | None = None) -> BirthDate:
        """A date of which the month or day may be unknown (`None` or `0`).

        ```pycon
        >>> BirthDate.from_partial(1977, day=21).value
        datetime.date(1977, 1, 21)

        ```
        """
        return cls._from_parts(year, month, day, raw=None)

    @classmethod
    def _from_parts(
        cls, year: int, month: int | None, day: int | None, /, *, raw: str | None
    ) -> BirthDate:
        for part, what in ((year, "year"), (month, "month"), (day, "day")):
            if (part is not None or what == "year") and (
                not isinstance(part, int) or isinstance(part, bool)
            ):
                shown = repr(part) if len(repr(part)) <= 30 else type(part).__name__
                raise _error(f"The {what} of a birth date must be an integer, not {shown}.")
        month, day = month or None, day or None
        if not 1 <= year <= 9999:
            raise _error(f"The year {year} is not a valid year of birth.")
        if month is not None and not 1 <= month <= 12:
            raise _error(f"The month {month} does not exist: use 1 to 12, or 0 when unknown.")
        if day is not None:
            last = calendar.monthrange(year, month)[1] if month is not None else 31
            if not 1 <= day <= last:
                raise _error(f"The day {day} does not exist in {_month_name(year, month)}.")
        return cls(
            _complete(year, month, day),
            month_known=month is not None,
            day_known=day is not None,
            raw=raw,
        )

    @classmethod
    def parse(cls, text: str, /, *, today: dt.date | None = None) -> BirthDate:
        """Read a birth date that a person typed: ISO or `DD/MM/YYYY`, `00` when unknown.

        Refuses impossible days, dates in the future (for a partial date: whose earliest
        possible day is in the future) and dates more than 130 years before `today`
        (default: the current date). Text in the ISO form is kept in `raw`, as typed (a
        partial `1977-00-00` stays `1977-00-00`); the French layout is not, since `raw` is
        the ISO text that `isoformat` returns.

        ```pycon
        >>> BirthDate.parse(" 1977-00-00 ").raw
        '1977-00-00'
        >>> BirthDate.parse("1977-02-30")
        Traceback (most recent call last):
        ...
        ins.errors.InvalidTrait: The day 30 does not exist in February 1977.
        >>> BirthDate.parse("2030-01-01", today=dt.date(2026, 1, 1))
        Traceback (most recent call last):
        ...
        ins.errors.InvalidTrait: The birth date 2030-01-01 is in the future.

        ```
        """
        if today is not None and not isinstance(today, dt.date):
            raise ValueError(f"today must be a date, not {type(today).__name__}.")
        date = cls._read(text)
        today = dt.date.today() if today is None else today
        if isinstance(today, dt.datetime):
            today = today.date()
        earliest = dt.date(date.year, date.month or 1, date.day or 1)
        if earliest > today:
            raise _error(f"The birth date {date.isoformat()} is in the future.")
        latest_month = date.month or 12
        latest = dt.date(
            date.year, latest_month, date.day or calendar.monthrange(date.year, latest_month)[1]
        )
        if latest < oldest_birth_date(today):
            raise _error(
                f"The birth date {date.isoformat()} is more than {MAX_AGE_YEARS} years ago: "
                "check the year."
            )
        return date

    @classmethod
    def _read(cls, text: str) -> BirthDate:
        if not isinstance(text, str):
            raise _error(f"A birth date must be text, not {type(text).__name__}.")
        stripped = text.strip()
        if match := _ISO.fullmatch(stripped):
            year, month, day = (int(part) for part in match.groups())
            # The ISO text is kept, as for a stored date: "1977-00-00" must stay readable as typed.
            return cls._from_parts(year, month, day, raw=stripped)
        if match := _FRENCH.fullmatch(stripped):
            day, month, year = (int(part) for part in match.groups())
            return cls.from_partial(year, month, day)
        raise _error(
            f"{_shown(stripped)} is not a birth date: write it as 1977-03-21 or 21/03/1977 "
            "(00 for an unknown day or month)."
        )

    @classmethod
    def from_insi(cls, text: str, /) -> BirthDate:
        """Read a date as INSi returns it (`YYYY-MM-DD`, digits), keeping it verbatim in `raw`.

        A part that does not exist (month outside 01-12, day not in the month, `00`) counts
        as unknown and is completed; the date is then `exceptional` (not a calendar date).

        ```pycon
        >>> BirthDate.from_insi("1977-13-05").value
        datetime.date(1977, 1, 5)

        ```
        """
        if not isinstance(text, str) or (match := _ISO.fullmatch(text)) is None:
            shown = _shown(text) if isinstance(text, str) else f"A {type(text).__name__}"
            raise _error(f"{shown} is not an INSi birth date: INSi sends YYYY-MM-DD.")
        year, month, day = (int(part) for part in match.groups())
        if year == 0:
            raise _error(f"The year 0000 of {text!r} is not a year of birth.")
        known_month: int | None = month if 1 <= month <= 12 else None
        last = calendar.monthrange(year, known_month or 1)[1] if known_month else 31
        known_day: int | None = day if 1 <= day <= last else None
        value = _complete(year, known_month, known_day)
        return cls(
            value,
            month_known=known_month is not None,
            day_known=known_day is not None,
            exceptional=(known_month, known_day) != (month, day),
            raw=text,
        )

    def same_known_parts(self, other: BirthDate, /) -> bool:
        """True when the year, and the month and day known on both sides, are equal.

        ```pycon
        >>> BirthDate.parse("1977-03-00").same_known_parts(BirthDate.parse("1977-03-21"))
        True

        ```
        """
        if not isinstance(other, BirthDate):
            raise _error(f"A birth date compares with a BirthDate, not {type(other).__name__}.")
        if self.year != other.year:
            return False
        if self.month_known and other.month_known and self.value.month != other.value.month:
            return False
        both_days = self.day_known and other.day_known and self.month_known and other.month_known
        return not (both_days and self.value.day != other.value.day)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler, /
    ) -> core_schema.CoreSchema:
        # Errors report the typed text masked (ADR 0104), in any model that holds a BirthDate.
        return masking(
            core_schema.no_info_plain_validator_function(
                _validate,
                serialization=core_schema.plain_serializer_function_ser_schema(_serialize),
            )
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler, /
    ) -> JsonSchemaValue:
        """What a field accepts (`validation` mode) or writes (`serialization`), ADR 0110."""
        if handler.mode == "validation":
            return _INPUT_SCHEMA
        return _OUTPUT_SCHEMA


def _object_schema(*, required: list[str]) -> JsonSchemaValue:
    """The object form of a date the ISO text cannot carry (see `_serialize`)."""
    return {
        "type": "object",
        "properties": {
            "value": {"type": "string", "format": "date", "description": "The calendar value."},
            "month_known": {"type": "boolean"},
            "day_known": {"type": "boolean"},
            "exceptional": {"type": "boolean"},
            "raw": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        "required": required,
    }


_INPUT_SCHEMA: JsonSchemaValue = {
    "title": "BirthDate",
    "description": (
        "Birth date as stored or typed: ISO YYYY-MM-DD or French DD/MM/YYYY (one or two digits "
        "for the day and month; / . or - between the parts), 00 for an unknown day or month, "
        "white space around ignored. An ISO date that is not a calendar date (1977-02-35, "
        "as INSi may return it) is kept as an exceptional date; a French one must exist. "
        "Also the object form written for dates that the ISO text cannot carry."
    ),
    "anyOf": [
        {
            "type": "string",
            "pattern": (
                r"^\s*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4})\s*$"
            ),
        },
        _object_schema(required=["value"]),
    ],
    "examples": ["1977-03-21", "21/03/1977", "1977-03-00", "00/00/1977", "1977-02-35"],
}

_OUTPUT_SCHEMA: JsonSchemaValue = {
    "title": "BirthDate",
    "description": (
        "Birth date YYYY-MM-DD, 00 for an unknown day or month, or the date INSi returned "
        "verbatim (possibly not a calendar date, such as 1977-02-35); the object form when the "
        "text cannot carry the date."
    ),
    "anyOf": [
        {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        _object_schema(required=["value", "month_known", "day_known", "exceptional", "raw"]),
    ],
    "examples": ["1977-03-21", "1977-03-00", "1977-02-35"],
}


class _Typed:
    """The pydantic marker of [`TypedBirthDate`][ins.TypedBirthDate] (ADR 0111)."""

    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler, /
    ) -> core_schema.CoreSchema:
        return masking(
            core_schema.no_info_plain_validator_function(
                _validate_typed,
                serialization=core_schema.plain_serializer_function_ser_schema(BirthDate.isoformat),
            )
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler, /
    ) -> JsonSchemaValue:
        if handler.mode == "validation":
            return dict(_TYPED_INPUT_SCHEMA)
        return dict(_TYPED_OUTPUT_SCHEMA)

    def __repr__(self) -> str:
        return "TypedBirthDate"


TypedBirthDate = Annotated[BirthDate, _Typed()]
"""A birth date typed by a person, as a pydantic field type: the value is a
[`BirthDate`][ins.BirthDate], read by [`BirthDate.parse`][ins.BirthDate.parse].

ISO `1977-03-21` or French `21/03/1977`, `00` for an unknown day or month; a date that does
not exist (`1977-02-30`, `1977-13-01`), is in the future or is more than 130 years old is
refused with the error type `invalid_trait`. Use it on the model of a form; store the date, and
what INSi returns, in a `BirthDate` field, which keeps lunar dates (ADR 0111).

```pycon
>>> from pydantic import BaseModel, ValidationError
>>> class Form(BaseModel):
...     birth_date: TypedBirthDate
>>> Form(birth_date="31/12/1975").model_dump_json()
'{"birth_date":"1975-12-31"}'
>>> try:
...     Form(birth_date="1975-02-31")
... except ValidationError as error:
...     print(error.errors()[0]["type"], error.errors()[0]["msg"])
invalid_trait The day 31 does not exist in February 1975.

```
"""

_TYPED_PATTERN = r"^[0-9]{4}-(?:0[0-9]|1[0-2])-(?:[0-2][0-9]|3[01])$"

_TYPED_INPUT_SCHEMA: JsonSchemaValue = {
    "title": "TypedBirthDate",
    "type": "string",
    "description": (
        "Birth date as a person types it: ISO YYYY-MM-DD or French DD/MM/YYYY (one or two "
        "digits for the day and month; / . or - between the parts), 00 for an unknown day or "
        "month, white space around ignored. A date that does not exist, is in the future or "
        "is more than 130 years old is refused."
    ),
    "pattern": (r"^\s*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4})\s*$"),
    "examples": ["1977-03-21", "21/03/1977", "1977-03-00", "00/03/1977"],
}

_TYPED_OUTPUT_SCHEMA: JsonSchemaValue = {
    "title": "TypedBirthDate",
    "type": "string",
    "description": "Birth date YYYY-MM-DD, a calendar date; 00 for an unknown day or month.",
    "pattern": _TYPED_PATTERN,
    "examples": ["1977-03-21", "1977-03-00"],
}


def _validate_typed(value: Any) -> BirthDate:
    """Pydantic input of a form: text (or a date, or a `BirthDate` given by the program) read
    as typed, so impossible, future and too old dates are refused."""
    try:
        if isinstance(value, BirthDate):
            return BirthDate.parse(value.isoformat())
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return BirthDate.parse(value.isoformat())
        if isinstance(value, str):
            return BirthDate.parse(value)
    except InsError as error:
        raise as_pydantic_error(error) from None
    raise PydanticCustomError(
        "invalid_trait", "A typed birth date must be text like 21/03/1977 or 1977-03-21."
    )


def _validate(value: Any) -> BirthDate:
    """Pydantic input: stored data, so lunar dates are kept and today is not consulted."""
    try:
        if isinstance(value, BirthDate):
            return value
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return BirthDate(value)
        if isinstance(value, str):
            return _from_stored_text(value.strip())
        if isinstance(value, Mapping):
            return _from_mapping(value)
    except InsError as error:
        raise as_pydantic_error(error) from None
    raise PydanticCustomError(
        "invalid_trait", "A birth date must be a date or text like 1977-03-21."
    )


def _from_stored_text(text: str) -> BirthDate:
    match = _ISO.fullmatch(text)
    if match is None:
        return BirthDate._read(text)
    year, month, day = (int(part) for part in match.groups())
    try:
        date = BirthDate.from_partial(year, month, day)
    except InsError:
        return BirthDate.from_insi(text)  # a lunar date, stored verbatim
    return replace(date, raw=text)


def _from_mapping(value: Mapping[str, Any]) -> BirthDate:
    try:
        return BirthDate(
            dt.date.fromisoformat(str(value["value"])),
            month_known=bool(value.get("month_known", True)),
            day_known=bool(value.get("day_known", True)),
            exceptional=bool(value.get("exceptional", False)),
            raw=None if value.get("raw") is None else str(value["raw"]),
        )
    except (KeyError, ValueError) as error:
        raise _error(f"A birth date mapping needs a 'value' in ISO form ({error}).") from None


def _serialize(date: BirthDate) -> str | dict[str, object]:
    """Dumped form: the ISO text when reading it back gives the same date, else every field."""
    text = date.isoformat()
    if _ISO.fullmatch(text):
        try:
            if _from_stored_text(text) == date:
                return text
        except InsError:  # a raw text given by the program that no longer reads
            pass
    return {
        "value": date.value.isoformat(),
        "month_known": date.month_known,
        "day_known": date.day_known,
        "exceptional": date.exceptional,
        "raw": date.raw,
    }


def _month_name(year: int, month: int | None) -> str:
    if month is None:
        return "any month"
    return f"{calendar.month_name[month]} {year}"


def oldest_birth_date(today: dt.date, /) -> dt.date:
    """The earliest birth date a person can type on `today`: `MAX_AGE_YEARS` years before.

    ```pycon
    >>> oldest_birth_date(dt.date(2024, 2, 29))
    datetime.date(1894, 2, 28)

    ```
    """
    if not isinstance(today, dt.date):
        raise _error(f"today must be a date, not {type(today).__name__}.")
    year = today.year - MAX_AGE_YEARS
    if year < dt.MINYEAR:  # a "today" in the first centuries: no date is too old
        return dt.date.min
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February
        return today.replace(year=year, day=28)
