"""The fields of a patient-file row as the row checks read them: columns and per-audit caches.

:class:`FieldReader` is the part of :class:`~ins.audit.rows.RowAuditor` that knows where each
checked field sits in a row and holds the audit's own bounded caches, keyed on the stripped text
(ADR 0064): birth names and first names (read by the row check itself), and the readers of birth
dates (judged against the audit's date), (birth date, sex) pairs and birthplaces. Each distinct
value is read once per audit; the batch checks read dates and birthplaces through it too.

>>> import datetime as dt
>>> from ins.audit.columns import Columns
>>> columns = Columns.resolve(["local_id", "birth_name", "first_names", "sex", "birth_date"], None)
>>> reader = FieldReader(columns, today=dt.date(2026, 1, 1))
>>> reader.date_partition(" 01/02/1980"), reader.date_partition("1980-02-00")
('1980-02-01', '1980-02-00')
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence

from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate, oldest_birth_date
from ins._sex import Sex
from ins.audit.columns import FIELDS, Columns
from ins.audit.values import (
    matricule_head,
    read_birth_date,
    read_place_entry,
    read_sex,
    remember,
)

__all__ = ["CHECKED", "DateSex", "FieldReader", "pad"]

# What a row check needs of its (birth date, sex) pair, cached per audit: sex, its value and its
# finding message; birth date, its ISO text, its finding code and message; the matricule head
# these traits give (sex digit, year, month: "" when unknown); the blocking key, or None.
DateSex = tuple[Sex | None, str, str, BirthDate | None, str, str, str, str, tuple[str, str] | None]


# The fields the row checks read, in this order (the used name and first name are not checked).
CHECKED = tuple(field for field in FIELDS if field not in ("used_name", "used_first_name"))


def pad(values: Sequence[str], width: int, /) -> list[str]:
    """A row cut or padded to ``width`` fields, plus the empty field absent columns read."""
    return [*values[:width], *[""] * (width + 1 - min(len(values), width))]


class FieldReader:
    """Where the checked fields of a row are, and the cached readers of its dated values."""

    def __init__(self, columns: Columns, /, *, today: dt.date) -> None:
        self._width = width = columns.width
        # An absent field reads the empty string appended after the last column.
        self._indexes = tuple(
            width if (index := columns.index[field]) is None else index for field in CHECKED
        )
        self._getter = operator.itemgetter(*self._indexes)
        self._has_oid_column = columns.index["oid"] is not None
        # When every checked column is present, a row of the header's width is read as it is.
        self._complete = all(columns.index[field] is not None for field in CHECKED)
        # Required columns: always present in the header.
        self._date_column = columns.index["birth_date"] or 0
        self._sex_column = columns.index["sex"] or 0
        self._today = today
        self._oldest = oldest_birth_date(today)
        # The audit's own caches (bounded by ``remember``), keyed on the stripped text.
        self._birth_names: dict[str, tuple[str | None, str]] = {}
        self._first_names: dict[str, tuple[str | None, str, str | None]] = {}
        self._dates: dict[str, tuple[BirthDate | None, str, str]] = {}
        self._places: dict[str, tuple[BirthplaceCode | None, bool, str, str]] = {}
        self._date_sex: dict[tuple[str, str], DateSex] = {}

    def _read_date(self, text: str, /) -> tuple[BirthDate | None, str, str]:
        found = self._dates.get(text)
        if found is None:
            iso = self._plain_date(text)
            found = remember(
                self._dates,
                text,
                (BirthDate(dt.date.fromisoformat(iso)), iso, "")
                if iso is not None
                else read_birth_date(text, self._today),
            )
        return found

    def _plain_date(self, text: str, /) -> str | None:
        """The ISO text of a complete date written ``DD/MM/YYYY`` or ``YYYY-MM-DD`` that
        ``BirthDate.parse`` accepts (not in the future, at most 130 years old), or ``None`` for
        anything else, left to it. Most dates of a file, read without ``BirthDate.parse`` (a
        property test compares the two)."""
        if len(text) != 10 or not text.isascii():  # DD/MM/YYYY or YYYY-MM-DD
            return None
        if text[2] == "/" == text[5]:
            day, month, year = text[:2], text[3:5], text[6:]
        elif text[4] == "-" == text[7]:
            year, month, day = text[:4], text[5:7], text[8:]
        else:
            return None
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            return None
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:  # 00 for an unknown part, or a day that does not exist
            return None
        return value.isoformat() if self._oldest <= value <= self._today else None

    # A row cache read by the batch checks too (text stripped).

    def place_entry(self, text: str, /) -> tuple[BirthplaceCode | None, bool, str, str]:
        """The birthplace code, whether it allows the consistency shortcut, its finding message
        and its plain text."""
        found = self._places.get(text)
        if found is None:
            found = remember(self._places, text, read_place_entry(text))
        return found

    def _read_date_sex(self, date_text: str, sex_text: str, /) -> DateSex:
        """What the row check needs of a (birth date, sex) pair: see :data:`DateSex`."""
        sex, sex_value = read_sex(sex_text)
        sex_message = ""
        if sex is None:
            shown = sex_text if len(sex_text) <= 10 else sex_text[:10] + "..."
            sex_message = f"Sex {shown!r} is not M, F or I."
        if date_text:
            birth_date, iso, date_message = self._read_date(date_text)
            date_code = "" if birth_date is not None else iso  # iso holds the finding code
            iso = iso if birth_date is not None else ""
        else:
            birth_date, iso, date_code, date_message = (
                None,
                "",
                "birth_date_invalid",
                "No birth date.",
            )
        head = matricule_head(sex_value, iso) if birth_date is not None else ""
        block = (iso, sex_value) if sex is not None and birth_date is not None else None
        return sex, sex_value, sex_message, birth_date, iso, date_code, date_message, head, block

    def birth_date_texts(self, rows: Sequence[Sequence[str]], /) -> list[str]:
        """The raw birth date of each row (``""`` when a short row has none)."""
        column = self._date_column
        if all(len(values) == self._width for values in rows):
            return list(map(operator.itemgetter(column), rows))
        return [values[column] if column < len(values) else "" for values in rows]

    def date_partition(self, text: str, /) -> str:
        """What a shard of ``audit_csv(..., shard=...)`` is drawn from: the ISO birth date, or
        the stripped text when it is not a date (such a row is in no block)."""
        stripped = text.strip()
        date, iso, _ = self._read_date(stripped)
        return iso if date is not None else stripped
