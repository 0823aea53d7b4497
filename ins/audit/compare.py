"""`ins audit --compare previous.json`: is the identity base getting better since last time?

A previous audit is the output of `ins audit --json` (ADR 0092). It is read with care: a file
that is not such an output (another JSON, an error output, a CSV, a huge or endless file) is
refused with a sentence (`PreviousAuditError`), never half-read. `compare` gives the
change of every indicator and of every finding code found in either audit, and whether it is
better or worse: the qualification rate and QUAL rows should rise; errors, warnings, groups and
each code's rows should fall; the number of rows and the other statuses are neither.

```pycon
>>> from ins.audit.indicators import Indicators
>>> before = Indicators(rows=10, status_counts={"QUAL": 4}, qualification_rate=0.4,
...     duplicate_groups=2, collision_groups=0, findings_by_code={"collision": 2})
>>> after = Indicators(rows=10, status_counts={"QUAL": 5}, qualification_rate=0.5,
...     duplicate_groups=1, collision_groups=0, findings_by_code={})
>>> for change in compare(before, after):
...     if change.changed:
...         print(change.name, change.before, change.after, change.better)
status_counts.QUAL 4 5 True
qualification_rate 0.4 0.5 True
duplicate_groups 2 1 True
findings_by_code.collision 2 0 True

```
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ins.audit.indicators import SEVERITIES, Indicators
from ins.audit.labels import Language, code_text
from ins.audit.report import CODES, STATUSES
from ins.audit.texts import STATUS_LABELS, integer, percent, signed, text
from ins.errors import InvalidFormat

__all__ = ["MAX_BYTES", "Change", "PreviousAudit", "PreviousAuditError", "compare", "load_previous"]

MAX_BYTES = 1 << 20
"""A `--json` output is a few kilobytes: a larger file is not one (and is not read whole)."""

_RISING = frozenset({"qualification_rate", "status_counts.QUAL"})
_NEUTRAL = frozenset({"rows"} | {f"status_counts.{s}" for s in STATUSES if s != "QUAL"})
_COUNTS = ("rows", "duplicate_groups", "collision_groups")


class PreviousAuditError(InvalidFormat):
    """The file given to `--compare` is not the `--json` output of a previous audit."""

    code = "invalid_previous_audit"


@dataclass(frozen=True, slots=True)
class PreviousAudit:
    """A previous audit: its indicators, the file's name, and its reference date if known."""

    indicators: Indicators
    name: str
    reference_date: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One indicator before and after (`None`: unknown in the older output); `better` is
    True, False, or None when the change is neither (or nothing changed)."""

    name: str
    before: float | None
    after: float | None
    better: bool | None

    @property
    def changed(self) -> bool:
        """Whether the value moved (an unknown value counts as moved)."""
        return self.before != self.after

    def label(self, lang: Language, /) -> str:
        """The indicator's name for people."""
        kind, _, part = self.name.partition(".")
        if kind == "status_counts":
            return f"{text(lang, 'status')} {part} ({STATUS_LABELS[lang][part]})"
        if kind == "findings_by_severity":
            return text(lang, f"{part}_findings")
        if kind == "findings_by_code":
            return f"{code_text(part, lang).label} ({part})"
        return text(lang, self.name)

    def shown(self, value: float | None, lang: Language, /) -> str:
        """`value` (`before` or `after`) as people read it."""
        if value is None:
            return text(lang, "unknown")
        return (
            percent(value, lang) if self.name == "qualification_rate" else integer(int(value), lang)
        )

    def delta(self, lang: Language, /) -> str:
        """The change with its sign (points for the rate), or `?` when a side is unknown."""
        if self.before is None or self.after is None:
            return "?"
        if self.name == "qualification_rate":
            points = signed(100 * (self.after - self.before), lang, decimals=1)
            return f"{points} {text(lang, 'points')}"
        return signed(self.after - self.before, lang)


def compare(before: Indicators, after: Indicators, /) -> list[Change]:
    """Every indicator and every code of either audit, in a stable order (codes: errors then
    warnings, most rows now first)."""
    old, new = before.flat(), after.flat()
    codes = {name for name in (*old, *new) if name.startswith("findings_by_code.")}
    for name in codes:
        old.setdefault(name, 0)
        new.setdefault(name, 0)

    def order(name: str) -> tuple[int, float, str]:
        code = name.partition(".")[2]
        return (SEVERITIES.index(CODES.get(code, "error")), -(new[name] or 0), code)

    names = [name for name in new if name not in codes] + sorted(codes, key=order)
    return [_change(name, old[name], new[name]) for name in names]


def _change(name: str, before: float | None, after: float | None, /) -> Change:
    if before is None or after is None or before == after or name in _NEUTRAL:
        return Change(name, before, after, None)
    rising = name in _RISING
    return Change(name, before, after, (after > before) == rising)


def load_previous(path: str | os.PathLike[str], /) -> PreviousAudit:
    """Read the `--json` output at `path`; raise `PreviousAuditError` with a sentence
    when it cannot be read or is not such an output."""
    shown = os.fspath(path)
    try:
        # Non-blocking: opening a FIFO without a writer would wait forever (no effect on files).
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise PreviousAuditError(
                    f"The previous audit {shown!r} is not a regular file: give the file written "
                    "by ins audit --json."
                )
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise PreviousAuditError(
            f"Cannot read the previous audit {shown!r}: {error.strerror or error}."
        ) from None
    if len(raw) > MAX_BYTES:
        raise PreviousAuditError(
            f"The previous audit {shown!r} is larger than 1 MiB: it is not an output of "
            "ins audit --json."
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PreviousAuditError(
            f"The previous audit {shown!r} is not JSON: give the output of ins audit --json."
        ) from None
    indicators = _indicators(data, shown)
    given = data.get("input")
    reference = given.get("reference_date") if isinstance(given, dict) else None
    return PreviousAudit(
        indicators, Path(shown).name, reference if isinstance(reference, str) else None
    )


def _no_constant(name: str, /) -> object:
    raise ValueError(f"{name} is not a number JSON allows.")


def _indicators(data: object, shown: str, /) -> Indicators:
    if isinstance(data, dict) and "error" in data and "rows" not in data:
        raise PreviousAuditError(
            f"The previous audit {shown!r} is the output of an audit that failed: compare with "
            "the output of an audit that ran to its end."
        )
    wanted = (*_COUNTS, "status_counts", "qualification_rate", "findings_by_code")
    missing = [key for key in wanted if not isinstance(data, dict) or key not in data]
    if missing or not isinstance(data, dict):
        raise PreviousAuditError(
            f"The previous audit {shown!r} is not an output of ins audit --json: it lacks "
            f"{', '.join(missing)}."
        )
    counts = {key: _count(data[key], key, shown) for key in _COUNTS}
    statuses = _counts(data["status_counts"], "status_counts", shown)
    if set(statuses) != set(STATUSES):
        raise _wrong(shown, "status_counts", "an object with exactly PROV, RECUP, VALI, QUAL")
    rate = data["qualification_rate"]
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
        raise _wrong(shown, "qualification_rate", "a number from 0 to 1")
    severity = data.get("findings_by_severity")
    by_severity = None if severity is None else _counts(severity, "findings_by_severity", shown)
    if by_severity is not None and not set(by_severity) <= set(SEVERITIES):
        raise _wrong(shown, "findings_by_severity", "an object with error and warning")
    return Indicators(
        rows=counts["rows"],
        status_counts=statuses,
        qualification_rate=float(rate),
        duplicate_groups=counts["duplicate_groups"],
        collision_groups=counts["collision_groups"],
        findings_by_code=_counts(data["findings_by_code"], "findings_by_code", shown),
        findings_by_severity=by_severity,
        rows_with_errors=_optional_count(data, "rows_with_errors", shown),
        rows_with_warnings=_optional_count(data, "rows_with_warnings", shown),
    )


def _wrong(shown: str, key: str, expected: str, /) -> PreviousAuditError:
    return PreviousAuditError(
        f"The previous audit {shown!r} is not an output of ins audit --json: {key} should be "
        f"{expected}."
    )


def _count(value: Any, key: str, shown: str, /) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _wrong(shown, key, "a whole number of 0 or more")
    return value


def _optional_count(data: Mapping[str, Any], key: str, shown: str, /) -> int | None:
    value = data.get(key)
    return None if value is None else _count(value, key, shown)


def _counts(value: Any, key: str, shown: str, /) -> dict[str, int]:
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and 0 < len(name) <= 100 for name in value
    ):
        raise _wrong(shown, key, "an object of names and whole numbers")
    return {name: _count(count, f"{key}.{name}", shown) for name, count in value.items()}
