"""The row checks of a patient file, and the cross-row indexes they fill.

`RowChecker.check` reads one row: each value through the audit's cached readers
(`ins.audit.values`), then the checks that combine them (status against matricule,
matricule against traits, INSi form of a qualified identity), each adding its findings with a
stable code (`ins.audit.report.CODES`). For the cross-row checks it keeps one small tuple
per row, an `Entry`: in the block of its (birth date, sex) for the duplicate search
(ADR 0060), and under `matricule@oid` in the collision index when the row holds a
15-character matricule. `RowChecker.report` searches the duplicates and builds the report.

```pycon
>>> import datetime as dt
>>> from ins.audit.columns import Columns
>>> header = ["local_id", "birth_name", "first_names", "sex", "birth_date", "status"]
>>> checker = RowChecker(Columns.resolve(header, None), today=dt.date(2026, 1, 1))
>>> checker.check(1, ["P1", "Dupont", "Jean", "M", "01/02/1980", "QUAL"])
>>> [finding.code for finding in checker.report().findings]
['missing_ins', 'trait_not_insi_form']

```
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from ins import nir
from ins._traits import Traits, check_consistency
from ins.audit.columns import FIELDS, Columns
from ins.audit.duplicates import DuplicateIndex, Entry
from ins.audit.privacy import conceal
from ins.audit.report import CODES, STATUSES, AuditFinding, AuditReport, CollisionIndex
from ins.audit.values import (
    Date,
    Name,
    Place,
    Readings,
    Sex,
    Status,
    coherent_first_name,
    date_reader,
    read_birth_name,
    read_first_names,
    read_oid,
    read_place,
    read_sex,
    read_status,
)
from ins.errors import InsError, NotAnInsMatricule

__all__ = ["CHECKED", "RowChecker"]

# The fields the checks read, in this order (the used name and first name are not checked).
CHECKED = tuple(field for field in FIELDS if field not in ("used_name", "used_first_name"))

_CARRY_INS = ("RECUP", "QUAL")  # the statuses whose identity carries the INS


class RowChecker:
    """Checks rows one by one and keeps what the report and the cross-row checks need."""

    def __init__(
        self,
        columns: Columns,
        /,
        *,
        today: dt.date,
        known_pairs: Mapping[str, AbstractSet[str]] | None = None,
    ) -> None:
        self._width = width = columns.width
        # An absent column reads the empty string appended after the last one.
        self._get = operator.itemgetter(
            *(width if (index := columns.index[field]) is None else index for field in CHECKED)
        )
        self._complete = all(columns.index[field] is not None for field in CHECKED)
        self._has_oid_column = columns.index["oid"] is not None
        self.date_column = columns.index["birth_date"] or 0  # required: always present
        self._matricule_column = columns.index["matricule"]
        # The matricules of the rows of other shards, compacted (`elsewhere`, `report`).
        self._elsewhere: set[str] = set()
        # The audit's own caches, keyed on the stripped text of a column.
        self.dates: Readings[str, Date] = Readings(date_reader(today))
        self._names: Readings[str, Name] = Readings(read_birth_name)
        self._first_names: Readings[str, Name] = Readings(read_first_names)
        self._places: Readings[str, Place] = Readings(read_place)
        self._sexes: Readings[str, Sex] = Readings(read_sex)
        self._oids: Readings[str, tuple[str, str]] = Readings(read_oid)
        self._statuses: Readings[tuple[str, str], Status] = Readings(_read_status)
        # What the report needs.
        self._status_counts = dict.fromkeys(STATUSES, 0)
        self._findings: list[AuditFinding] = []
        self._duplicates = DuplicateIndex(known_pairs)
        self._blocks = self._duplicates.blocks
        self._collisions: CollisionIndex = {}

    def _add(
        self, row: int, local_id: str, code: str, message: str, detail: str | None = None, /
    ) -> None:
        # A matricule typed in any column stays masked (ins.audit.privacy).
        self._findings.append(
            AuditFinding(row, conceal(local_id), code, CODES[code], conceal(message), None, detail)
        )

    def _padded(self, values: Sequence[str], /) -> list[str]:
        """A row cut or padded to the header's width, plus the empty text absent columns read."""
        width = self._width
        return [*values[:width], *[""] * (width + 1 - min(len(values), width))]

    def report_lines(self, row: int, values: Sequence[str], first: int, last: int, /) -> None:
        """Report a row that spans the lines `first` to `last` of the file."""
        local_id = self._get(self._padded(values))[0].strip()
        self._add(
            row,
            local_id,
            "row_malformed",
            f"Row {row} spans lines {first} to {last} of the file: a quote opened in it is not "
            f"closed, or a value holds a line break; these {last - first + 1} lines are read as "
            "one row.",
        )

    def check(self, row: int, values: Sequence[str], /) -> None:
        """Check one row (`row` is its 1-based number in the input).

        Most rows need no finding: the checks below first test what the cached readings say
        and leave the building of findings to the `_report_*` methods.
        """
        size, width = len(values), self._width
        if size != width or not self._complete:
            values = self._padded(values)
        (
            local_id,
            birth_name,
            first_names,
            first_first_name,
            sex_text,
            date_text,
            place_text,
            matricule,
            oid_text,
            status_text,
            attributes_text,
        ) = map(str.strip, self._get(values))

        # Each value on its own, read once per audit.
        status = self._statuses[status_text, attributes_text]
        self._status_counts[status.status] += 1
        name = self._names[birth_name]
        firsts = self._first_names[first_names]
        sex = self._sexes[sex_text]
        date = self.dates[date_text]
        place = self._places[place_text]
        in_block = not (name.problem or firsts.problem or sex.problem or date.code)
        if not (in_block and local_id and size == width) or status.findings or place.problem:
            self._report_values(row, local_id, size, status, (name, firsts, sex, date, place))
        if (
            first_first_name
            and first_first_name != firsts.first  # typed as the first of the list: coherent
            and firsts.value is not None
            and not coherent_first_name(
                self._first_names[first_first_name], firsts.value, first_first_name
            )
        ):
            self._add(
                row,
                local_id,
                "first_name_incoherent",
                "The first first name is not the first of the first names (nor a start of the "
                "list).",
            )

        # The values together: the matricule against the status and the traits.
        at = ""  # the row's key in the collision index
        if matricule:
            compact = nir_compact(matricule)
            oid, oid_problem = self._oids[oid_text]
            plain = (
                status.carries_ins
                and not oid_problem
                and _is_plain_ins(compact, sex.digit + date.year_month, place.nir_part)
            )
            if not plain and self._report_matricule(
                row,
                local_id,
                compact=compact,
                oid_text=oid_text,
                status=status.status,
                traits=(sex, date, place),
            ):
                compact = ""  # an NNP or MIG number is not an INS: nothing more about it
            if len(compact) == 15:
                at = f"{compact}@{oid}"
        elif status.carries_ins:
            self._add(row, local_id, "missing_ins", f"A {status.status} identity has no matricule.")
        if status.carries_ins and not (name.insi_form and firsts.insi_form and sex.insi_form):
            self._report_insi_form(row, local_id, status.status, (name, firsts, sex))

        # The cross-row indexes: the block of the row, and its matricule.
        if in_block or at:
            entry: Entry = (
                row,
                local_id,
                name.trait,
                firsts.value or "",
                firsts.trait,
                sex.trait,
                date.trait,
                place.trait,
                at[:15] if status.status == "QUAL" else "",  # its INS proves who it is
                status.homonyms,
            )
            if in_block:
                self._blocks[date.iso, sex.value].append(entry)
            if at and (seen := self._collisions.setdefault(at, entry)) is not entry:
                if isinstance(seen, list):  # a matricule on three rows or more
                    seen.append(entry)
                else:
                    self._collisions[at] = [seen, entry]

    def _report_values(
        self,
        row: int,
        local_id: str,
        size: int,
        status: Status,
        readings: tuple[Name, Name, Sex, Date, Place],
        /,
    ) -> None:
        """The findings of the row's shape and of its values on their own."""
        if size != self._width:
            message = f"Row {row} has {size} fields where the header has {self._width}."
            self._add(row, local_id, "row_malformed", message)
        if not local_id:
            self._add(row, local_id, "row_malformed", f"Row {row} has no local id.")
        for code, message in status.findings:
            self._add(row, local_id, code, message)
        name, firsts, sex, date, place = readings
        for problem in (name.problem, firsts.problem, sex.problem, place.problem):
            if problem:
                self._add(row, local_id, "trait_invalid", problem)
        if date.code:
            self._add(row, local_id, date.code, date.problem)

    def _report_matricule(
        self,
        row: int,
        local_id: str,
        /,
        *,
        compact: str,
        oid_text: str,
        status: str,
        traits: tuple[Sex, Date, Place],
    ) -> bool:
        """The findings of a stored matricule: its validity, its consistency with the traits,
        its OID and its status. True when it is an NNP or MIG number (its only finding)."""
        add = self._add
        sex, date, place = traits
        if not _is_plain_ins(compact, sex.digit + date.year_month, place.nir_part):
            if not nir.is_valid(compact):
                try:
                    nir.validate(compact)
                except NotAnInsMatricule as error:
                    add(row, local_id, "matricule_not_ins", error.message)
                    return True
                except InsError as error:
                    add(row, local_id, "matricule_invalid", error.message, error.code)
            elif sex.sex is not None and date.date is not None:
                known = Traits.model_construct(
                    birth_name="",
                    first_names="",
                    sex=sex.sex,
                    birth_date=date.date,
                    birthplace=place.place,
                )
                for finding in check_consistency(compact, known):
                    add(row, local_id, finding.code, finding.message)
        problem = self._oids[oid_text][1]
        if problem and (oid_text or self._has_oid_column):
            add(row, local_id, "oid_invalid", problem)
        if status not in _CARRY_INS:
            add(
                row,
                local_id,
                "ins_without_qualification",
                f"A matricule is stored on a {status} identity: only RECUP and QUAL "
                "identities carry the INS.",
            )
        return False

    def _report_insi_form(
        self, row: int, local_id: str, status: str, traits: tuple[Name, Name, Sex], /
    ) -> None:
        """A RECUP or QUAL identity whose traits are not as INSi returns them."""
        name, firsts, sex = traits
        wrong = [
            what
            for what, right in (
                ("birth name", name.insi_form),
                ("first names", firsts.insi_form),
                ("sex", sex.insi_form),
            )
            if not right
        ]
        self._add(
            row,
            local_id,
            "trait_not_insi_form",
            f"A {status} identity must keep the traits as INSi returned them; the "
            f"{' and '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not in INSi form.",
        )

    def elsewhere(self, rows: Iterable[Sequence[str]], /) -> None:
        """Note the matricules of rows that another shard checks (see `report`), compacted as
        the collision keys are, and cut to 16 characters (one more than a key: a longer one
        still matches none), so that a file of long values does not stay in memory."""
        column = self._matricule_column
        if column is not None:
            typed = [values[column] for values in rows if column < len(values)]
            self._elsewhere.update(
                [text if text.isdigit() else nir_compact(text.strip())[:16] for text in typed]
            )

    def report(self, *, for_merge: bool = False) -> AuditReport:
        """The report of the rows checked so far (duplicates searched now); check no row after
        it: the report shares the checker's collision index.

        `for_merge=True`: the report of a shard, sent to the process that merges it with the
        reports of the other shards of the file. Its collision index keeps only the matricules
        that may collide: written on two rows of the shard, or on a row of another shard (noted
        by `elsewhere`); the others are held by one row of the file. Sending only those bought
        8% to 14% of a million-row `ins audit` (13% over nine alternated runs: 8.01 s against
        9.21 s), and 10% at 300 000 rows, 2026-12-06 (docs/audit-performance.md).
        """
        index = self._collisions
        if for_merge:
            elsewhere = self._elsewhere
            index = {
                key: entries
                for key, entries in index.items()
                if isinstance(entries, list) or key[:15] in elsewhere
            }
        findings = list(self._findings)
        for group in self._duplicates.groups():
            local_ids = [conceal(local_id) for local_id in group.local_ids]
            shown = ", ".join(repr(local_id) for local_id in dict.fromkeys(local_ids))
            rules = ", ".join(group.rules)
            message = (
                f"Potential duplicate {group.group_id}: local ids {shown} ({rules})."
                if len(group.rows) <= 10
                else f"Potential duplicate {group.group_id}: {len(group.rows)} records ({rules})."
            )
            findings.extend(
                AuditFinding(
                    row,
                    local_id,
                    "potential_duplicate",
                    CODES["potential_duplicate"],
                    message,
                    group.group_id,
                )
                for row, local_id in zip(group.rows, local_ids, strict=True)
            )
        return AuditReport(
            rows=sum(self._status_counts.values()),  # one status per row
            status_counts=self._status_counts,
            row_findings=findings,
            collision_index=index,
        )


def _is_plain_ins(compact: str, head: str, place: str, /) -> bool:
    """True for the common matricule that needs no finding: 15 ASCII digits starting with
    `head` (sex digit, year and month the traits give) then `place` (a birthplace that
    allows it, see `values.read_place`), a right key and an order number other than 000.
    `check_consistency` has nothing to say about it, and `nir.is_valid` checks nothing more
    (ADR 0064). The key is right when `(N % 9700 - 97) % 99 == 0`: for 15 digits
    `N = 100 * body + key` and `N % 9700 = 100 * (body % 97) + key`, so this holds exactly
    when `body % 97 + key == 97` (a test compares it with `nir.calc_key`)."""
    return (
        len(compact) == 15
        and len(head) == 5
        and bool(place)
        and compact.startswith(head)
        and compact.startswith(place, 5)
        and compact.isdigit()
        and compact.isascii()
        and compact[10:13] != "000"
        and (int(compact) % 9700 - 97) % 99 == 0
    )


def _read_status(texts: tuple[str, str], /) -> Status:
    return read_status(*texts)


def nir_compact(matricule: str, /) -> str:
    """A stripped matricule without spaces, dots and hyphens, in upper case (`nir.compact`
    without its length check: the audit reports a long one through `nir.validate`)."""
    if matricule.isdigit():  # the common case
        return matricule
    return matricule.replace(" ", "").replace(".", "").replace("-", "").upper()
