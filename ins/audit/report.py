"""The result of a patient-file audit: counts, indicators and findings, mergeable across shards.

Indicators (issue 9): rows per recorded status (exactly PROV, RECUP, VALI, QUAL; an empty or unknown
status counts as PROV), the qualification rate (rows recorded QUAL / all rows, as recorded, ADR
0063), rows affected per finding code, the numbers of duplicate and collision groups, and the
findings themselves (every row of a group gets a finding naming the group).

Reports of shards merge ([`AuditReport.merge`][ins.audit.AuditReport.merge]). Duplicates are
searched inside a block of equal birth date and sex, so shards partitioned by that blocking key
merge into exactly the report of one pass. Collisions depend on the matricule, not on the
blocking key: the report keeps a small index `matricule@oid -> rows` and finds collisions after
the merge.

```pycon
>>> report = AuditReport.empty()
>>> report.rows, report.qualification_rate, report.status_counts["QUAL"]
(0, 0.0, 0)

```
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any, NamedTuple

from ins.audit.collisions import CollisionEntry, CollisionGroup, collision_groups
from ins.audit.duplicates import Entry
from ins.audit.privacy import conceal
from ins.errors import mask

__all__ = ["CODES", "STATUSES", "AuditFinding", "AuditReport", "CollisionIndex"]

STATUSES = ("PROV", "RECUP", "VALI", "QUAL")

# Every finding code with its severity. "error": the record is wrong or unusable as it is;
# "warning": worth a look, may be legitimate (docs/domain/nir.md#consistency-with-the-traits).
CODES: Mapping[str, str] = {
    "row_malformed": "error",
    "unknown_status": "error",
    "unknown_attribute": "error",
    "forbidden_attributes": "error",
    "status_with_doubt": "error",
    "trait_invalid": "error",
    "trait_not_insi_form": "error",
    "first_name_incoherent": "error",
    "birth_date_invalid": "error",
    "birth_date_implausible": "warning",
    "matricule_invalid": "error",
    "matricule_not_ins": "error",
    "oid_invalid": "error",
    "ins_without_qualification": "error",
    "missing_ins": "error",
    "sex_mismatch": "warning",
    "year_mismatch": "warning",
    "month_mismatch": "warning",
    "birthplace_mismatch": "warning",
    "corsica_before_1976": "warning",
    "unknown_birthplace": "warning",
    "potential_duplicate": "warning",
    "collision": "error",
}


CollisionIndex = dict[str, "Entry | list[Entry]"]
"""`"matricule@oid"` -> the row holding it (`ins.audit.duplicates.Entry`), or the rows in
a list: one object per row, shared with the duplicate search."""


def _entries(value: Entry | list[Entry], /) -> list[Entry]:
    return value if isinstance(value, list) else [value]


def _shared(index: CollisionIndex, /) -> dict[str, list[CollisionEntry]]:
    """The keys of the index held by several rows, with their traits (the others cannot
    collide)."""
    return {
        key: [(row[0], row[1], (row[2], row[4], row[5], row[6], row[7])) for row in value]
        for key, value in index.items()
        if isinstance(value, list)
    }


class AuditFinding(NamedTuple):
    """One finding on one row: stable `code`, `severity`, a sentence, and its group if any.

    `row` is the 1-based position of the record in the input (the header is not counted);
    `detail` carries the `ins` error code for `matricule_invalid`.
    """

    row: int
    local_id: str
    code: str
    severity: str
    message: str
    group: str | None = None
    detail: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The finding as a JSON-ready dict."""
        return self._asdict()


class AuditReport:
    """Counts and findings of an audit; build it with `audit_rows` / `audit_csv`."""

    __slots__ = ("__dict__", "_collision_index", "_row_findings", "_status_counts", "rows")

    def __init__(
        self,
        *,
        rows: int,
        status_counts: Mapping[str, int],
        row_findings: Iterable[AuditFinding],
        collision_index: CollisionIndex,
    ) -> None:
        self.rows = rows
        self._status_counts = {status: int(status_counts.get(status, 0)) for status in STATUSES}
        self._row_findings = tuple(row_findings)
        self._collision_index = collision_index

    @classmethod
    def empty(cls) -> AuditReport:
        """The report of a file without rows (the neutral element of `merge`)."""
        return cls(rows=0, status_counts={}, row_findings=(), collision_index={})

    @property
    def status_counts(self) -> dict[str, int]:
        """Rows per recorded status: exactly the keys PROV, RECUP, VALI, QUAL."""
        return dict(self._status_counts)

    @property
    def qualification_rate(self) -> float:
        """Rows recorded QUAL divided by all rows (0.0 for no rows)."""
        return self._status_counts["QUAL"] / self.rows if self.rows else 0.0

    @cached_property
    def findings(self) -> tuple[AuditFinding, ...]:
        """Every finding, by row then code: per-row checks, duplicates and collisions."""
        return tuple(
            sorted(
                self._unordered, key=lambda finding: (finding.row, finding.code, finding.message)
            )
        )

    def unordered_findings(self) -> tuple[AuditFinding, ...]:
        """The findings in no particular order: what counting needs, without the sort of
        [`findings`][ins.audit.AuditReport.findings] (about 0.3 s of a million-row report)."""
        return self._unordered

    @cached_property
    def _unordered(self) -> tuple[AuditFinding, ...]:
        return (*self._row_findings, *self._collision_findings())

    @cached_property
    def findings_by_code(self) -> dict[str, int]:
        """For each code found, the number of rows that have it."""
        rows_of: dict[str, set[int]] = {}
        for finding in self._unordered:
            rows_of.setdefault(finding.code, set()).add(finding.row)
        return {code: len(rows_of[code]) for code in sorted(rows_of)}

    @cached_property
    def duplicate_groups(self) -> int:
        """Number of groups of potential duplicates."""
        return len(
            {f.group for f in self._row_findings if f.code == "potential_duplicate" and f.group}
        )

    @property
    def collision_groups(self) -> int:
        """Number of matricules written on records whose traits differ."""
        return len(self._collisions)

    @cached_property
    def _collisions(self) -> tuple[CollisionGroup, ...]:
        # Searched once, for the count and for the findings.
        return tuple(collision_groups(_shared(self._collision_index)))

    def has_errors(self) -> bool:
        """True when at least one finding has the severity `error`."""
        return any(finding.severity == "error" for finding in self._unordered)

    def _collision_findings(self) -> list[AuditFinding]:
        findings: list[AuditFinding] = []
        for group in self._collisions:
            local_ids = [conceal(local_id) for local_id in group.local_ids]
            shown = ", ".join(repr(local_id) for local_id in local_ids[:10])
            more = f" and {len(group.rows) - 10} more" if len(group.rows) > 10 else ""
            # The OID and the local ids come from the file: a matricule typed there is masked.
            message = conceal(
                f"Collision {group.group_id}: the matricule {mask(group.matricule)} (OID "
                f"{group.oid or 'missing'}) is written on {len(group.rows)} records whose traits "
                f"differ (local ids {shown}{more})."
            )
            findings.extend(
                AuditFinding(
                    row, local_id, "collision", CODES["collision"], message, group.group_id
                )
                for row, local_id in zip(group.rows, local_ids, strict=True)
            )
        return findings

    def merge(self, other: AuditReport, /) -> AuditReport:
        """The report of both inputs, whose rows must be disjoint.

        Equal to a single pass when the two inputs hold different blocking keys (birth date, sex):
        see `docs/audit.md` (processes, and the Dask path of `ins.audit.dask`).
        """
        return AuditReport.merge_all((self, other))

    @classmethod
    def merge_all(cls, reports: Iterable[AuditReport], /) -> AuditReport:
        """The merge of many reports at once (linear, unlike merging them one by one)."""
        rows = 0
        status_counts = dict.fromkeys(STATUSES, 0)
        findings: list[AuditFinding] = []
        index: CollisionIndex = {}
        for report in reports:
            rows += report.rows
            for status in STATUSES:
                status_counts[status] += report._status_counts[status]
            findings.extend(report._row_findings)
            if not index:
                # Lists are shared, never mutated: a key seen again gets a new list below.
                index = dict(report._collision_index)
                continue
            for key, entries in report._collision_index.items():
                seen = index.get(key)
                index[key] = entries if seen is None else _entries(seen) + _entries(entries)
        return cls(
            rows=rows, status_counts=status_counts, row_findings=findings, collision_index=index
        )

    def to_json(self, *, findings: bool = False) -> dict[str, Any]:
        """The indicators as a JSON-ready dict; with `findings=True`, the findings too."""
        data: dict[str, Any] = {
            "rows": self.rows,
            "status_counts": self.status_counts,
            "qualification_rate": self.qualification_rate,
            "findings_by_code": self.findings_by_code,
            "duplicate_groups": self.duplicate_groups,
            "collision_groups": self.collision_groups,
        }
        if findings:
            data["findings"] = [finding.to_dict() for finding in self.findings]
        return data

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AuditReport):
            return NotImplemented
        return (
            self.rows == other.rows
            and self._status_counts == other._status_counts
            and self.findings == other.findings
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"AuditReport(rows={self.rows}, qualification_rate={self.qualification_rate:.3f}, "
            f"findings={len(self.findings)}, duplicate_groups={self.duplicate_groups}, "
            f"collision_groups={self.collision_groups})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Reports travel between processes (`--jobs`): the counts, the findings and the index,
        # not what a report computes from them. (Packing the index into one string bought 1%
        # of a million-row `ins audit` on 2026-12-06, 7.90 s against 7.98 s: removed.)
        return (
            _rebuild,
            (self.rows, self._status_counts, self._row_findings, self._collision_index),
        )


def _rebuild(
    rows: int,
    status_counts: dict[str, int],
    row_findings: tuple[AuditFinding, ...],
    collision_index: CollisionIndex,
) -> AuditReport:
    return AuditReport(
        rows=rows,
        status_counts=status_counts,
        row_findings=row_findings,
        collision_index=collision_index,
    )
