"""Patient-file audit ("audit de la base d'identités"): identity-vigilance indicators at scale.

For a whole identity base (a CSV export or any iterable of rows): rows per status, the
qualification rate, per-row anomalies with stable codes, potential duplicates and matricule
collisions, in bounded memory and linear time; reports of shards merge (issue 9, docs/domain/nir.md,
docs/domain/ins.md, docs/domain/traits.md, docs/domain/status.md). Guide: `docs/audit.md`.

Importing `ins.audit` is cheap: the checking machinery loads on first use.

```pycon
>>> import datetime as dt
>>> from ins.audit import audit_rows
>>> report = audit_rows(
...     [{"local_id": "7", "birth_name": "ADRUN", "first_names": "ZOE", "sex": "F",
...       "birth_date": "31/12/1975", "status": "VALI"}],
...     today=dt.date(2026, 1, 1),
... )
>>> report.status_counts, report.findings
({'PROV': 0, 'RECUP': 0, 'VALI': 1, 'QUAL': 0}, ())

```
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ins.audit.columns import FIELDS, REQUIRED, parse_mapping
    from ins.audit.csvio import AuditInputError, detect_encoding
    from ins.audit.engine import audit_csv, audit_rows
    from ins.audit.known_pairs import read_known_pairs
    from ins.audit.report import CODES, AuditFinding, AuditReport

__all__ = [
    "CODES",
    "FIELDS",
    "REQUIRED",
    "AuditFinding",
    "AuditInputError",
    "AuditReport",
    "audit_csv",
    "audit_rows",
    "detect_encoding",
    "parse_mapping",
    "read_known_pairs",
]

_HOME = {
    "CODES": "report",
    "FIELDS": "columns",
    "REQUIRED": "columns",
    "AuditFinding": "report",
    "AuditInputError": "csvio",
    "AuditReport": "report",
    "audit_csv": "engine",
    "audit_rows": "engine",
    "detect_encoding": "csvio",
    "parse_mapping": "columns",
    "read_known_pairs": "known_pairs",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'ins.audit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"ins.audit.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
