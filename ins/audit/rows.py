"""Row by row checks of a patient file, and the small state the cross-row checks need.

Each row is checked with the library's own rules (NIR: domain.md 2.6; consistency: 2.7; INS and
OID: 3.1; traits: 4; statuses and attributes: 5) and gets findings with stable codes (the list and
severities are :data:`ins.audit.report.CODES`). For the cross-row checks only normalised values
are kept: a small tuple per row in the block of its (birth date, sex), and a packed string per row
with a 15-character matricule in the collision index (ADR 0060). Each distinct value is read once
per audit through bounded caches, and a row without finding creates no finding object (ADR 0064).

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
import functools
from collections.abc import Callable, Sequence

from ins import nir
from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate
from ins._names import is_valid_insi_name
from ins._sex import Sex
from ins._traits import Traits, check_consistency
from ins.audit.columns import Columns
from ins.audit.duplicates import DuplicateIndex
from ins.audit.fields import FieldReader, pad
from ins.audit.report import (
    CODES,
    FIELD_SEPARATOR,
    STATUSES,
    AuditFinding,
    AuditReport,
    CollisionIndex,
    file_row,
)
from ins.audit.values import (
    blocking_key,
    coherent_first_name,
    read_birth_name_entry,
    read_first_names_entry,
    read_oid,
    read_place_entry,
    read_status,
    remember,
)
from ins.errors import InsError, NotAnInsMatricule

__all__ = ["RowAuditor", "blocking_key"]

_is_valid = nir.is_valid  # bound once: the row check calls it on most rows


def _not_insi_form(
    name: str | None, firsts: str | None, birth_name: str, first_names: str, sex_text: str, /
) -> list[str]:
    """The traits of a RECUP or QUAL row that are not as INSi returns them."""
    return [
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


class RowAuditor(FieldReader):
    """Checks rows one by one and keeps what the report and the cross-row checks need.

    The hot path (ADR 0064): every pure check of a value is looked up in a bounded cache keyed on
    its text, so that each distinct value is read once per audit; a row without finding creates
    no finding object, only its two small cross-row tuples.
    """

    def __init__(self, columns: Columns, /, *, today: dt.date) -> None:
        super().__init__(columns, today=today)
        self._status_counts = dict.fromkeys(STATUSES, 0)
        self._findings: list[AuditFinding] = []
        self._duplicates = DuplicateIndex()
        self._blocks = self._duplicates.blocks
        self._collisions: CollisionIndex = {}

    def _report(
        self, row: int, local_id: str, code: str, message: str, detail: str | None = None
    ) -> None:
        self._findings.append(AuditFinding(row, local_id, code, CODES[code], message, None, detail))

    def add(self, row: int, values: Sequence[str], /) -> None:
        """Check one row (``row`` is its 1-based number in the input)."""
        width = self._width
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
        ) = map(
            str.strip,
            self._getter(
                (values if self._complete else [*values, ""])
                if len(values) == width
                else pad(values, width)
            ),
        )
        report = self._report
        if len(values) != width:
            report(
                row,
                local_id,
                "row_malformed",
                f"Row {row} has {len(values)} fields where the header has {width}.",
            )
        if not local_id:
            report(row, local_id, "row_malformed", f"Row {row} has no local id.")

        status, status_findings = read_status(status_text, attributes_text)
        self._status_counts[status] += 1
        for code, message in status_findings:
            report(row, local_id, code, message)

        cache = self._birth_names
        name_found = cache.get(birth_name)
        if name_found is None:
            name_found = remember(cache, birth_name, read_birth_name_entry(birth_name))
        name = name_found[0]
        if name is None:
            report(row, local_id, "trait_invalid", name_found[1])
        firsts_cache = self._first_names
        firsts_found = firsts_cache.get(first_names)
        if firsts_found is None:
            firsts_found = remember(firsts_cache, first_names, read_first_names_entry(first_names))
        firsts, message, first_first = firsts_found
        if firsts is None:
            report(row, local_id, "trait_invalid", message)
        key = (date_text, sex_text)
        date_sex = self._date_sex.get(key)
        if date_sex is None:
            date_sex = remember(self._date_sex, key, self._read_date_sex(date_text, sex_text))
        sex, sex_value, sex_message, birth_date, iso, date_code, message, head, block = date_sex
        if sex is None:
            report(row, local_id, "trait_invalid", sex_message)
        if date_code:
            report(row, local_id, date_code, message)
        place, shortcut, plain_place = None, False, ""
        if place_text:
            place_found = self._places.get(place_text)
            if place_found is None:
                place_found = remember(self._places, place_text, read_place_entry(place_text))
            place, shortcut, message, plain_place = place_found
            if place is None:
                report(row, local_id, "trait_invalid", message)
        if first_first_name and firsts is not None:
            found = firsts_cache.get(first_first_name)
            if found is None:
                found = remember(
                    firsts_cache, first_first_name, read_first_names_entry(first_first_name)
                )
            if not coherent_first_name(first_first_name, found[0], firsts):
                report(
                    row,
                    local_id,
                    "first_name_incoherent",
                    "The first first name is not the first of the first names (nor a start of "
                    "the list).",
                )

        compacted = matricule
        if matricule:
            if not matricule.isdigit():  # digits are already compact
                compacted = matricule.replace(" ", "").replace(".", "").replace("-", "").upper()
            # The consistency shortcut: the matricule starts with consistency_prefix(sex, date,
            # place), positions 1-10 as the traits give them (ADR 0064).
            if (
                shortcut
                and head
                and compacted.startswith(head)
                and compacted.startswith(plain_place, 5)
                and _is_valid(compacted)
            ) or not self._check_matricule(
                compacted,
                sex=sex,
                birth_date=birth_date,
                place=place,
                report=functools.partial(report, row, local_id),
            ):
                oid, oid_error = read_oid(oid_text) if oid_text else ("", "")
                if oid_error:
                    report(row, local_id, "oid_invalid", oid_error)
                elif not oid_text and self._has_oid_column:
                    report(row, local_id, "oid_invalid", "A matricule is stored without its OID.")
                if status in ("PROV", "VALI"):
                    report(
                        row,
                        local_id,
                        "ins_without_qualification",
                        f"A matricule is stored on a {status} identity: only RECUP and QUAL "
                        "identities carry the INS.",
                    )
                if len(compacted) == 15:
                    traits = (
                        name if name is not None else birth_name.upper(),
                        first_first if first_first is not None else first_names.upper(),
                        sex_value or sex_text.upper(),
                        iso if birth_date is not None else date_text,
                        plain_place if place is not None else place_text.upper(),
                    )
                    # report.pack_entry, inlined.
                    packed = FIELD_SEPARATOR.join((str(row), local_id, *traits))
                    collisions = self._collisions
                    at = f"{compacted}@{oid}"
                    if packed.count(FIELD_SEPARATOR) != 6:  # a value holds U+001F: kept as a tuple
                        file_row(collisions, at, (row, local_id, traits))
                    elif (seen := collisions.setdefault(at, packed)) is not packed:
                        if isinstance(seen, list):
                            seen.append(packed)
                        else:
                            collisions[at] = [seen, packed]
            # else: an NNP or MIG number is not an INS at all: nothing more to say about it.
        elif status in ("RECUP", "QUAL"):
            report(row, local_id, "missing_ins", f"A {status} identity has no matricule.")
        if (
            status in ("RECUP", "QUAL")
            and (name != birth_name or firsts != first_names or sex_text not in ("M", "F"))
            and (wrong := _not_insi_form(name, firsts, birth_name, first_names, sex_text))
        ):
            # Normalisation leaves a name in INSi form unchanged: the check is then already done.
            report(
                row,
                local_id,
                "trait_not_insi_form",
                f"A {status} identity must keep the traits as INSi returned them; the "
                f"{' and '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not in INSi form.",
            )

        if block is not None and name is not None and firsts is not None:
            # DuplicateIndex.add, inlined.
            entries_of_block = self._blocks.get(block)
            if entries_of_block is None:
                self._blocks[block] = [(row, local_id, name, firsts)]
            else:
                entries_of_block.append((row, local_id, name, firsts))

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

    def collision_keys(self) -> list[str]:
        """The keys of the collision index so far, in the order :meth:`report` keeps them."""
        return list(self._collisions)

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
            rows=sum(self._status_counts.values()),  # one status per row
            status_counts=self._status_counts,
            row_findings=findings,
            collision_index=self._collisions,
        )
