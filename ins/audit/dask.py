"""The audit of an export too large for one machine, on a Dask cluster (the `dask` extra).

`audit_dataframe` takes a `dask.dataframe.DataFrame` of the export's columns (text, rows
in file order, as `dd.read_csv(path, dtype=str, keep_default_na=False)` reads them) and:

1. numbers the rows as the file does (1 for the first row after the header, blank lines
   skipped), from the length of each partition;
2. on the workers, reads each row's birth date as the audit does and moves the rows so that
   one partition holds every row of a birth date: a block of duplicates (equal birth date and
   sex) is never split (ADR 0060), as with `audit_csv(..., jobs=N)`;
3. audits each partition on its worker (`RowChecker`, the checks of `audit_csv`);
4. merges the reports with `AuditReport.merge_all`, which finds the collisions that cross
   partitions (one matricule on two birth dates).

The report is the one `audit_csv` gives for the same file (the tests compare them on a
`distributed.LocalCluster`). Importing `ins.audit` never imports Dask: only this module does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import dask.dataframe as dd
import pandas as pd

from ins.audit.checks import RowChecker
from ins.audit.columns import Columns
from ins.audit.engine import partition_key, shard_of, without_cyclic_gc
from ins.audit.known_pairs import KnownPairs, by_local_id
from ins.audit.report import AuditReport
from ins.audit.values import Readings, date_reader

__all__ = ["audit_dataframe"]

_ROW = "__ins_row"  # the row number column added to the data frame
_SHARD = "__ins_shard"  # the partition of the row, drawn from its birth date


def audit_dataframe(
    df: dd.DataFrame,
    /,
    *,
    mapping: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    known_pairs: KnownPairs | None = None,
    partitions: int | None = None,
) -> AuditReport:
    """The audit report of `df`, computed on the Dask cluster in use (module docstring).

    `mapping`, `today` and `known_pairs` are those of `audit_csv`; `partitions` is the
    number of partitions audited apart (default: those of `df`). Raises `AuditInputError`
    when the columns lack a required field.
    """
    names = [str(name) for name in df.columns]
    columns = Columns.resolve(names, mapping)  # a missing column fails here, before any work
    today = today or dt.date.today()
    count = partitions or df.npartitions
    lengths = df.map_partitions(len).compute()  # type: ignore[no-untyped-call]
    starts = [1]
    for length in lengths:
        starts.append(starts[-1] + int(length))
    date_column = names[columns.index["birth_date"] or 0]
    meta = df._meta.assign(**{_ROW: pd.Series(dtype="int64"), _SHARD: pd.Series(dtype="int64")})
    placed = df.map_partitions(  # type: ignore[no-untyped-call]
        _place, starts, date_column, (today, count), meta=meta
    )
    shuffled = placed.shuffle(on=_SHARD, npartitions=count)
    reports = shuffled.map_partitions(
        _audit_partition,
        names,
        columns,
        (today, by_local_id(known_pairs or ())),
        meta=pd.Series([], dtype=object),
    ).compute()
    with without_cyclic_gc():
        return AuditReport.merge_all(list(reports))


def _place(
    frame: pd.DataFrame,
    starts: Sequence[int],
    date_column: str,
    judged: tuple[dt.date, int],
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Number the rows of one partition, and draw the partition each row goes to."""
    today, count = judged
    number = partition_info["number"] if partition_info is not None else 0
    dates = Readings(date_reader(today))
    shards: dict[str, int] = {}
    texts = [_text(value) for value in frame[date_column].tolist()]
    for text in texts:
        if text not in shards:
            shards[text] = shard_of(partition_key(text, dates), count)
    first = starts[number]
    return frame.assign(
        **{
            _ROW: range(first, first + len(frame)),
            _SHARD: [shards[text] for text in texts],
        }
    )


def _audit_partition(
    frame: pd.DataFrame,
    names: list[str],
    columns: Columns,
    settings: tuple[dt.date, Mapping[str, AbstractSet[str]]],
) -> pd.Series:
    """The report of one partition, as a series of one object."""
    today, known = settings
    checker = RowChecker(columns, today=today, known_pairs=known)
    with without_cyclic_gc():
        numbers = frame[_ROW].tolist()
        rows = frame[names].to_numpy(dtype=object).tolist()
        for number, values in zip(numbers, rows, strict=True):
            checker.check(int(number), [_text(value) for value in values])
        report = checker.report()
    return pd.Series([report], dtype=object)


def _text(value: object, /) -> str:
    """A cell as text: a missing value (`None`, `NaN`) is the empty text."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return ""
    return str(value)
