"""Row by row checks of a patient file, and the small state the cross-row checks need.

Each row is checked with the library's own rules (NIR: domain.md 2.6; consistency: 2.7; INS and
OID: 3.1; traits: 4; statuses and attributes: 5) and gets findings with stable codes (the list and
severities are :data:`ins.audit.report.CODES`). For the cross-row checks only small tuples of
normalised values are kept: one per row in the block of its (birth date, sex), and one per row with
a 15-character matricule in the collision index (ADR 0060).

>>> import datetime as dt
>>> from ins.audit.columns import Columns
>>> header = ["local_id", "birth_name", "first_names", "sex", "birth_date", "status"]
>>> auditor = RowAuditor(Columns.resolve(header, None), today=dt.date(2026, 1, 1))
>>> auditor.add(1, ["P1", "Dupont", "Jean", "M", "01/02/1980", "QUAL"])
>>> [finding.code for finding in auditor.report().findings]
['missing_ins', 'trait_not_insi_form']
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence

from ins import nir
from ins.audit.columns import FIELDS, Columns
from ins.audit.duplicates import CollisionEntry, DuplicateIndex
from ins.audit.report import CODES, STATUSES, AuditFinding, AuditReport
from ins.audit.values import (
    DOUBT,
    blocking_key,
    coherent_first_name,
    consistency_prefix,
    read_attributes,
    read_birth_date,
    read_birth_name,
    read_first_names,
    read_oid,
    read_place,
    read_sex,
    remember,
)
from ins.birthplace import BirthplaceCode
from ins.dates import BirthDate
from ins.errors import InsError, NotAnInsMatricule
from ins.names import is_valid_insi_name
from ins.sex import Sex
from ins.status import IdentityAttribute
from ins.traits import Traits, check_consistency

__all__ = ["RowAuditor", "blocking_key"]


class RowAuditor:
    """Checks rows one by one and keeps what the report and the cross-row checks need."""

    def __init__(self, columns: Columns, /, *, today: dt.date) -> None:
        self._width = width = columns.width
        # An absent field reads the empty string appended after the last column.
        self._getter = operator.itemgetter(
            *(width if columns.index[field] is None else columns.index[field] for field in FIELDS)
        )
        self._has_oid_column = columns.index["oid"] is not None
        # Required columns: always present in the header.
        self._date_column = columns.index["birth_date"] or 0
        self._sex_column = columns.index["sex"] or 0
        self._today = today
        self._rows = 0
        self._status_counts = dict.fromkeys(STATUSES, 0)
        self._findings: list[AuditFinding] = []
        self._duplicates = DuplicateIndex()
        self._collisions: dict[str, list[CollisionEntry]] = {}
        self._birth_names: dict[str, tuple[str | None, str]] = {}
        self._first_names: dict[str, tuple[str | None, str]] = {}
        self._dates: dict[str, tuple[BirthDate | None, str, str]] = {}

    def fields(self, values: Sequence[str], /) -> list[str]:
        """The 13 fields of a row in the order of ``FIELDS`` (absent ones empty), stripped."""
        width = self._width
        if len(values) == width:
            padded = [*values, ""]
        else:
            padded = [*values[:width], *[""] * (width + 1 - min(len(values), width))]
        return list(map(str.strip, self._getter(padded)))

    def _read_date(self, text: str, /) -> tuple[BirthDate | None, str, str]:
        found = self._dates.get(text)
        if found is None:
            found = remember(self._dates, text, read_birth_date(text, self._today))
        return found

    def partition(self, values: Sequence[str], /) -> str:
        """The text a shard is chosen from: the blocking key when it can be read, else raw."""
        size = len(values)
        date_text = values[self._date_column].strip() if self._date_column < size else ""
        sex_text = values[self._sex_column].strip() if self._sex_column < size else ""
        date, iso, _ = self._read_date(date_text)
        sex, sex_value = read_sex(sex_text)
        if date is None or sex is None:
            return f"{date_text}|{sex_text}"
        return f"{iso}|{sex_value}"

    def add(self, row: int, values: Sequence[str], /) -> None:
        """Check one row (``row`` is its 1-based number in the input)."""
        (
            local_id,
            birth_name,
            first_names,
            first_first_name,
            _used_name,
            _used_first_name,
            sex_text,
            date_text,
            place_text,
            matricule,
            oid_text,
            status_text,
            attributes_text,
        ) = self.fields(values)
        findings = self._findings

        def report(code: str, message: str, detail: str | None = None) -> None:
            findings.append(AuditFinding(row, local_id, code, CODES[code], message, None, detail))

        self._rows += 1
        if len(values) != self._width:
            report(
                "row_malformed",
                f"Row {row} has {len(values)} fields where the header has {self._width}.",
            )
        if not local_id:
            report("row_malformed", f"Row {row} has no local id.")

        status = status_text.upper() or "PROV"
        if status not in self._status_counts:
            shown = status if len(status) <= 10 else status[:10] + "..."
            report("unknown_status", f"Unknown status {shown!r}: counted as PROV.")
            status = "PROV"
        self._status_counts[status] += 1
        attributes: frozenset[IdentityAttribute] = frozenset()
        if attributes_text:
            attributes, code, message = read_attributes(attributes_text)
            if code:
                report(code, message)
        if attributes_text and attributes & DOUBT and status != "PROV":
            report(
                "status_with_doubt",
                f"A doubtful or fictive identity must be PROV, and this one is {status}.",
            )

        name, message = None, "empty"
        if birth_name:
            found = self._birth_names.get(birth_name)
            if found is None:
                found = remember(self._birth_names, birth_name, read_birth_name(birth_name))
            name, message = found
        if name is None:
            report("trait_invalid", f"Birth name: {message}" if birth_name else "No birth name.")
        firsts, message = None, "empty"
        if first_names:
            found = self._first_names.get(first_names)
            if found is None:
                found = remember(self._first_names, first_names, read_first_names(first_names))
            firsts, message = found
        if firsts is None:
            report("trait_invalid", f"First names: {message}" if first_names else "No first names.")
        sex, sex_value = read_sex(sex_text)
        if sex is None:
            shown = sex_text if len(sex_text) <= 10 else sex_text[:10] + "..."
            report("trait_invalid", f"Sex {shown!r} is not M, F or I.")
        birth_date, iso = None, ""
        if date_text:
            birth_date, iso, message = self._read_date(date_text)
            if birth_date is None:
                report(iso, message)  # iso holds the finding code
        else:
            report("birth_date_invalid", "No birth date.")
        place, shortcut, message = None, False, ""
        if place_text:
            place, shortcut, message = read_place(place_text)
            if place is None:
                report("trait_invalid", f"Birthplace: {message}")
        if (
            first_first_name
            and firsts is not None
            and not coherent_first_name(first_first_name, firsts, self._first_names)
        ):
            report(
                "first_name_incoherent",
                "The first first name is not the first of the first names (nor a start of "
                "the list).",
            )

        compacted = matricule
        oid, oid_error = read_oid(oid_text) if oid_text else ("", "")
        if matricule:
            compacted = matricule.replace(" ", "").replace(".", "").replace("-", "").upper()
            prefix = ""
            if shortcut and birth_date is not None and place is not None:
                prefix = consistency_prefix(sex_value, iso, place)
            if (prefix and compacted.startswith(prefix) and nir.is_valid(compacted)) or not (
                self._check_matricule(
                    compacted, sex=sex, birth_date=birth_date, place=place, report=report
                )
            ):
                if oid_error:
                    report("oid_invalid", oid_error)
                elif not oid_text and self._has_oid_column:
                    report("oid_invalid", "A matricule is stored without its OID.")
                if status in ("PROV", "VALI"):
                    report(
                        "ins_without_qualification",
                        f"A matricule is stored on a {status} identity: only RECUP and QUAL "
                        "identities carry the INS.",
                    )
            else:
                # An NNP or MIG number is not an INS at all: nothing more to say about it.
                compacted = ""
        elif status in ("RECUP", "QUAL"):
            report("missing_ins", f"A {status} identity has no matricule.")
        if status in ("RECUP", "QUAL"):
            # Normalisation leaves a name in INSi form unchanged: the check is then already done.
            wrong = [
                what
                for what, bad in (
                    ("birth name", name != birth_name and not is_valid_insi_name(birth_name)),
                    (
                        "first names",
                        firsts != first_names
                        and not is_valid_insi_name(first_names, profile="first_names"),
                    ),
                    ("sex", sex_text not in ("M", "F")),
                )
                if bad
            ]
            if wrong:
                report(
                    "trait_not_insi_form",
                    f"A {status} identity must keep the traits as INSi returned them; the "
                    f"{' and '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not in INSi form.",
                )

        if name is not None and firsts is not None and sex is not None and birth_date is not None:
            self._duplicates.add((iso, sex_value), (row, local_id, name, firsts))
        if len(compacted) == 15:
            traits = (
                name if name is not None else birth_name.upper(),
                firsts.split(" ", 1)[0] if firsts else first_names.upper(),
                sex_value or sex_text.upper(),
                iso if birth_date is not None else date_text,
                str(place) if place is not None else place_text.upper(),
            )
            self._collisions.setdefault(f"{compacted}@{oid}", []).append((row, local_id, traits))

    def _check_matricule(
        self,
        matricule: str,
        /,
        *,
        sex: Sex | None,
        birth_date: BirthDate | None,
        place: BirthplaceCode | None,
        report: Callable[..., None],
    ) -> bool:
        """Report what is wrong with the matricule; True when it is an NNP/MIG number."""
        if not nir.is_valid(matricule):
            try:
                nir.validate(matricule)
            except NotAnInsMatricule as error:
                report("matricule_not_ins", error.message)
                return True
            except InsError as error:
                report("matricule_invalid", error.message, error.code)
                return False
        if sex is None or birth_date is None:
            return False
        traits = Traits.model_construct(
            birth_name="", first_names="", sex=sex, birth_date=birth_date, birthplace=place
        )
        for finding in check_consistency(matricule, traits):
            report(finding.code, finding.message)
        return False

    def report(self) -> AuditReport:
        """The report of the rows added so far (duplicates searched now); add no row after it,
        the report shares the auditor's collision index."""
        findings = list(self._findings)
        for group in self._duplicates.groups():
            shown = ", ".join(repr(local_id) for local_id in dict.fromkeys(group.local_ids))
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
                for row, local_id in zip(group.rows, group.local_ids, strict=True)
            )
        return AuditReport(
            rows=self._rows,
            status_counts=self._status_counts,
            row_findings=findings,
            collision_index=self._collisions,
        )
