"""Auditing rows by batches: the checks of :class:`~ins.audit.rows.RowAuditor`, column by column.

A patient file repeats its values (first names, birth dates, statuses, OIDs), and most of its rows
have no finding. :meth:`BatchAuditor.add_rows` takes a batch of rows and reads each column at
once: every distinct text of a column is checked once (through the same caches as the row
checks), and the rows holding a text that needs a finding are found with the standard library's
C loops (``map``, ``itertools.compress``), not a Python loop per field (ADR 0064, decision 11).

Only the rows that may need a finding go through :meth:`RowAuditor.add`, the row-by-row
reference; a *clean* row is one for which ``add`` would report nothing, and the batch only files
it for the cross-row checks, exactly as ``add`` would. Every condition below is therefore
conservative: a row is sent to ``add`` whenever one of its values is doubtful, so the report is
the same as the row-by-row one (a property test checks it on messy rows).

>>> import datetime as dt
>>> from ins.audit.columns import Columns
>>> header = ["local_id", "birth_name", "first_names", "sex", "birth_date", "status"]
>>> auditor = BatchAuditor(Columns.resolve(header, None), today=dt.date(2026, 1, 1))
>>> auditor.add_rows(range(1, 3), [["P1", "DUPONT", "JEAN", "M", "01/02/1980", "PROV"],
...                                ["P2", "Dupont", "Jean", "M", "1980-02-01", "QUAL"]])
>>> [(finding.row, finding.code) for finding in auditor.report().findings]
[(1, 'potential_duplicate'), (2, 'missing_ins'), (2, 'potential_duplicate'), \
(2, 'trait_not_insi_form')]
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import weakref
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from itertools import compress, count, repeat

from ins.audit.column_cache import (
    NO_PREFIX,
    Blocks,
    ColumnCache,
    Date,
    Sex,
    read_coherence_column,
    read_first_names_column,
    read_name_column,
    read_sex_column,
    read_status_column,
)
from ins.audit.columns import Columns
from ins.audit.report import FIELD_SEPARATOR, BlockEntry, file_row
from ins.audit.rows import RowAuditor
from ins.audit.values import read_oid

__all__ = ["BATCH_SIZE", "BatchAuditor"]

BATCH_SIZE = 2048  # rows per batch: enough for the C loops, few enough to stay in the CPU caches

_INS_STATUSES = frozenset({"RECUP", "QUAL"})


class BatchAuditor(RowAuditor):
    """A :class:`RowAuditor` that also checks rows by batches (:meth:`add_rows`)."""

    def __init__(self, columns: Columns, /, *, today: dt.date) -> None:
        super().__init__(columns, today=today)
        # The readers that need this auditor reach it through a weak proxy: a bound method
        # would make a reference cycle, and the auditor's millions of objects would wait for
        # the cyclic collector instead of going as soon as the audit drops it.
        me = weakref.proxy(self)
        self._names: ColumnCache[str, str] = ColumnCache(read_name_column)
        self._firsts: ColumnCache[str, tuple[str, str]] = ColumnCache(read_first_names_column)
        self._birth_dates: ColumnCache[str, Date] = ColumnCache(
            functools.partial(BatchAuditor._batch_date, me)
        )
        self._sexes: ColumnCache[str, Sex] = ColumnCache(read_sex_column)
        self._birthplaces: ColumnCache[str, tuple[str, str]] = ColumnCache(
            functools.partial(BatchAuditor._batch_place, me)
        )
        self._statuses: ColumnCache[tuple[str, str], str] = ColumnCache(read_status_column)
        self._oids: ColumnCache[str, str] = ColumnCache(
            functools.partial(BatchAuditor._batch_oid, me)
        )
        self._coherence: ColumnCache[tuple[str, str], tuple[bool]] = ColumnCache(
            read_coherence_column
        )

    # What a batch needs of each distinct text: (value, bad, odd); values are never false.

    def _batch_date(self, text: str, /) -> tuple[Date, bool, bool]:
        stripped = text.strip()
        iso = self._plain_date(stripped)
        if iso is not None:
            return (iso, iso[2:4] + iso[5:7], Blocks(iso, self._blocks)), False, False
        birth_date, iso, _ = self._read_date(stripped) if stripped else (None, "", "")
        if birth_date is None:
            return ("", NO_PREFIX, Blocks("", {})), True, False
        month = iso[2:4] + iso[5:7] if iso[5:7] != "00" else NO_PREFIX
        return (iso, month, Blocks(iso, self._blocks)), False, False

    def _batch_place(self, text: str, /) -> tuple[tuple[str, str], bool, bool]:
        stripped = text.strip()
        if not stripped:
            return ("", NO_PREFIX), False, False
        place, shortcut, _, plain = self.place_entry(stripped)
        # The batch checks the key of a matricule itself (add_rows): only for a place of five
        # ASCII digits outside department 00, where nir.is_valid has nothing else to refuse.
        fast = shortcut and plain.isdigit() and plain.isascii() and plain[:2] != "00"
        return (plain, plain if fast else NO_PREFIX), place is None, False

    def _batch_oid(self, text: str, /) -> tuple[str, bool, bool]:
        # A wrong OID is "odd": it needs a finding only on the rows given to flag() (with a
        # matricule).
        stripped = text.strip()
        if not stripped:
            return "@", False, self._has_oid_column
        bare, error = read_oid(stripped)
        return "@" + bare, False, bool(error)

    def add_rows(self, numbers: Sequence[int], rows: Sequence[Sequence[str]], /) -> None:
        """Check a batch of rows; ``numbers`` are their 1-based numbers in the input.

        The report is the same as with :meth:`add` called on each row in turn.
        """
        size = len(rows)
        if not size:
            return
        width = self._width
        slow: set[int] = set()
        table: Sequence[Sequence[str]] = rows
        if any(len(values) != width for values in rows):  # malformed rows go to add()
            slow.update(i for i, values in enumerate(rows) if len(values) != width)
            table = [values if len(values) == width else [""] * width for values in rows]
        columns = list(zip(*table, strict=True))
        columns.append(("",) * size)  # what an absent column reads
        (
            local_ids,
            birth_names,
            first_names,
            first_first_names,
            sexes,
            dates,
            places,
            matricules,
            oids,
            statuses,
            attributes,
        ) = (columns[i] for i in self._indexes)

        lids = list(map(str.strip, local_ids))
        slow.update(compress(count(), map(operator.not_, lids)))
        if FIELD_SEPARATOR in "".join(
            lids
        ):  # a local id that cannot be packed: add() keeps it apart
            slow.update(i for i, lid in enumerate(lids) if FIELD_SEPARATOR in lid)
        mats = list(map(str.strip, matricules))
        has_mat = list(map(bool, mats))

        status_keys = list(zip(statuses, attributes, strict=True))
        status_of = self._statuses.look_up(status_keys)
        self._statuses.flag(slow, status_keys, [False] * size)
        carries_ins = list(map(_INS_STATUSES.__contains__, status_of))
        # A matricule belongs on RECUP and QUAL rows only, and they must have one.
        slow.update(compress(count(), map(operator.ne, carries_ins, has_mat)))

        names = self._names.look_up(birth_names)
        self._names.flag(slow, birth_names, carries_ins)
        firsts = self._firsts.look_up(first_names)
        self._firsts.flag(slow, first_names, carries_ins)
        birth_dates = self._birth_dates.look_up(dates)
        self._birth_dates.flag(slow, dates, carries_ins)
        sex_of = self._sexes.look_up(sexes)
        self._sexes.flag(slow, sexes, carries_ins)
        birthplaces = self._birthplaces.look_up(places)
        self._birthplaces.flag(slow, places, carries_ins)
        oid_suffixes = self._oids.look_up(oids)
        self._oids.flag(slow, oids, has_mat)  # an OID only matters beside a matricule
        first_first = list(map(operator.itemgetter(1), firsts))
        # A first first name written as the first of the normalised first names is coherent;
        # the others are read with the first names (domain.md 4.3).
        other = list(map(operator.ne, first_first_names, first_first))
        if any(compress(first_first_names, other)):
            with_first = list(map(operator.and_, other, map(bool, first_first_names)))
            pairs = list(
                zip(
                    compress(first_first_names, with_first),
                    compress(first_names, with_first),
                    strict=True,
                )
            )
            self._coherence.look_up(pairs)
            incoherent = self._coherence.bad
            if incoherent and not incoherent.isdisjoint(pairs):
                slow.update(
                    compress(compress(count(), with_first), map(incoherent.__contains__, pairs))
                )

        sex_values = list(map(operator.itemgetter(0), sex_of))
        isos = list(map(operator.itemgetter(0), birth_dates))
        self._check_matricules(slow, mats, has_mat, sex_of, birth_dates, places=birthplaces)

        clean = [True] * size
        for i in slow:
            clean[i] = False
        self._status_count(compress(status_of, clean))
        # The rows kept for the cross-row checks, as add() keeps them (in bulk: the order of the
        # rows in a block or a collision list does not change the report).
        entries = list(
            zip(
                compress(numbers, clean),
                compress(lids, clean),
                compress(names, clean),
                compress(map(operator.itemgetter(0), firsts), clean),
                compress(first_first, clean),
                compress(sex_values, clean),
                compress(isos, clean),
                compress(map(operator.itemgetter(0), birthplaces), clean),
                strict=True,
            )
        )
        blocks = map(
            operator.getitem,
            compress(map(operator.itemgetter(2), birth_dates), clean),
            compress(sex_values, clean),
        )
        deque(map(list.append, blocks, entries), maxlen=0)  # type: ignore[arg-type]
        self._file_collisions(clean, has_mat, entries, mats, oid_suffixes)
        add = self.add
        for i in sorted(slow):
            add(numbers[i], rows[i])

    def _status_count(self, statuses: Iterable[str], /) -> None:
        counts = self._status_counts
        for status, rows_counted in Counter(statuses).items():
            counts[status] += rows_counted

    @staticmethod
    def _check_matricules(
        slow: set[int],
        mats: list[str],
        has_mat: list[bool],
        sex_of: list[Sex],
        birth_dates: list[Date],
        /,
        *,
        places: list[tuple[str, str]],
    ) -> None:
        """Send to add() the rows whose matricule needs more than add()'s consistency shortcut.

        The shortcut holds for 15 ASCII digits starting with the sex digit, year and month the
        traits give, then a known birthplace of five digits outside Corsica and department 00.
        Such a number is what ``nir.is_valid`` accepts when its order number is not ``000`` and
        its key is right: both are checked here, in C loops.
        """
        prefixes = map(
            operator.add,
            map(
                operator.add,
                map(operator.itemgetter(1), sex_of),
                map(operator.itemgetter(1), birth_dates),
            ),
            map(operator.itemgetter(1), places),
        )
        digits = map(operator.and_, map(str.isdigit, mats), map(str.isascii, mats))
        fifteen = map(operator.eq, map(len, mats), repeat(15))
        fast = list(
            map(
                operator.and_,
                map(str.startswith, mats, prefixes),
                map(operator.and_, digits, fifteen),
            )
        )
        slow.update(compress(count(), map(operator.gt, has_mat, fast)))
        candidates = list(compress(mats, fast))
        # The key is right when (N % 9700 - 97) % 99 == 0 (see below): one int(), no slices.
        wrong_keys = map(
            operator.mod,
            map(
                operator.sub,
                map(operator.mod, map(int, candidates), repeat(9700)),
                repeat(97),
            ),
            repeat(99),
        )
        right = map(
            operator.and_,
            map(operator.not_, wrong_keys),
            map(operator.ne, map(str.__getitem__, candidates, repeat(_ORDER)), repeat("000")),
        )
        slow.update(compress(compress(count(), fast), map(operator.not_, right)))

    def _file_collisions(
        self,
        clean: list[bool],
        has_mat: list[bool],
        entries: list[BlockEntry],
        mats: list[str],
        oid_suffixes: list[str],
        /,
    ) -> None:
        """File the clean rows with a matricule in the collision index, as add() would
        (``entries`` are the clean rows')."""
        with_mat = list(map(operator.and_, clean, has_mat))
        if not any(with_mat):
            return
        ats = list(map(operator.add, compress(mats, with_mat), compress(oid_suffixes, with_mat)))
        kept = list(compress(entries, compress(has_mat, clean)))
        collisions = self._collisions
        fresh = dict(zip(ats, kept, strict=True))
        shared = fresh.keys() & collisions.keys()
        if len(fresh) != len(ats):  # a matricule twice in the batch
            shared.update(at for at, times in Counter(ats).items() if times > 1)
        for at in shared:
            del fresh[at]
        collisions.update(fresh)
        for at, entry in compress(zip(ats, kept, strict=True), map(shared.__contains__, ats)):
            file_row(collisions, at, entry)


_ORDER = slice(10, 13)

# The key rule in one int(): for 15 digits N = 100 * body + key, with b = body % 97 (0 to 96)
# and the key k (0 to 99), N % 9700 = 100 * b + k (100 * body % 9700 = 100 * b, and
# 100 * b + k < 9700). So N % 9700 - 97 = 99 * b + (b + k - 97), where b + k - 97 lies from -97
# to 98 and its only multiple of 99 is 0: (N % 9700 - 97) % 99 == 0 exactly when b + k == 97,
# the NIR key rule (key = 97 - body % 97). A test compares both on random digits.
