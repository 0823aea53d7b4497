"""``--compare``: reading a previous ``--json`` output with care, and the change of everything."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ins.audit import audit_rows
from ins.audit.compare import (
    MAX_BYTES,
    Change,
    PreviousAudit,
    PreviousAuditError,
    compare,
    load_previous,
)
from ins.audit.indicators import SEVERITIES, Indicators
from ins.audit.report import CODES, STATUSES

TODAY = dt.date(2026, 1, 1)
ROWS = [
    {
        "local_id": "1",
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "31/12/1975",
        "status": "QUAL",
    },
    {
        "local_id": "2",
        "birth_name": "ADRUN",
        "first_names": "ZOE",
        "sex": "F",
        "birth_date": "1975-12-31",
        "status": "",
    },
    {
        "local_id": "3",
        "birth_name": "MARTIN",
        "first_names": "LEA",
        "sex": "F",
        "birth_date": "31/02/1990",
        "status": "VALI",
    },
]


def _current() -> Indicators:
    return Indicators.of(audit_rows(ROWS, today=TODAY))


def _json(found: Indicators) -> dict[str, Any]:
    """What ``ins audit --json`` prints for these indicators (see tests/audit/test_cli.py)."""
    return {
        "rows": found.rows,
        "status_counts": dict(found.status_counts),
        "qualification_rate": found.qualification_rate,
        "findings_by_code": dict(found.findings_by_code),
        "duplicate_groups": found.duplicate_groups,
        "collision_groups": found.collision_groups,
        **found.extra_json(),
        "input": {"file": "export.csv", "reference_date": "2026-01-01"},
    }


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_previous_output_reads_back_as_it_was(tmp_path: Path) -> None:
    found = _current()
    previous = load_previous(_write(tmp_path / "before.json", _json(found)))
    assert previous == PreviousAudit(found, "before.json", "2026-01-01")
    assert not any(change.changed for change in compare(previous.indicators, found))


def test_an_output_of_an_older_ins_reads_with_unknown_figures(tmp_path: Path) -> None:
    # Before the severity figures existed, --json had six keys only.
    data = {
        k: v
        for k, v in _json(_current()).items()
        if k not in ("input", "rows_with_errors", "rows_with_warnings", "findings_by_severity")
    }
    previous = load_previous(_write(tmp_path / "old.json", data))
    assert previous.indicators.rows_with_errors is None
    assert previous.reference_date is None
    changes = {c.name: c for c in compare(previous.indicators, _current())}
    unknown = changes["rows_with_errors"]
    assert (unknown.before, unknown.after, unknown.better) == (None, 2, None)
    assert unknown.delta("fr") == "?"
    assert unknown.shown(None, "fr") == "inconnu"
    assert changes["rows"].changed is False


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    # PowerShell's "> file" writes UTF-8 with a mark (or UTF-16: refused below).
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_json(_current())).encode())
    assert load_previous(path).indicators.rows == 3


def _base() -> dict[str, Any]:
    return _json(_current())


refused = [
    pytest.param(b"rows;status\n1;QUAL\n", "is not JSON", id="a CSV file"),
    pytest.param(b"\xff\xfe{\x00}\x00", "is not JSON", id="UTF-16, as PowerShell 5 writes"),
    pytest.param(b"\x1f\x8b\x08\x00", "is not JSON", id="a gzip file"),
    pytest.param(b"", "is not JSON", id="an empty file"),
    pytest.param(b"[" * 100_000, "is not JSON", id="nesting too deep for the parser"),
    pytest.param(b"[1, 2]", "lacks rows", id="a JSON list"),
    pytest.param(b'{"valid": true}', "lacks rows, duplicate_groups", id="another JSON object"),
    pytest.param(
        b'{"error": {"code": "invalid_audit_input", "message": "x"}}',
        "audit that failed",
        id="the output of a failed audit",
    ),
]


@pytest.mark.parametrize(("content", "expected"), refused)
def test_refused_contents(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "previous.json"
    path.write_bytes(content)
    with pytest.raises(PreviousAuditError, match=expected) as raised:
        load_previous(path)
    assert raised.value.code == "invalid_previous_audit"
    assert raised.value.message.endswith(".")


def _with(**changes: Any) -> dict[str, Any]:
    data = _base()
    for key, value in changes.items():
        if value is _DROP:
            del data[key]
        else:
            data[key] = value
    return data


_DROP = object()

wrong_values = [
    pytest.param(_with(rows=-1), "rows should be a whole number", id="negative rows"),
    pytest.param(_with(rows=True), "rows should be a whole number", id="a boolean is not a count"),
    pytest.param(_with(rows=3.0), "rows should be a whole number", id="a float is not a count"),
    pytest.param(_with(rows="3"), "rows should be a whole number", id="a string is not a count"),
    pytest.param(_with(qualification_rate=1.5), "from 0 to 1", id="a rate above 1"),
    pytest.param(_with(qualification_rate="50%"), "from 0 to 1", id="a rate as text"),
    pytest.param(_with(qualification_rate=True), "from 0 to 1", id="a rate as a boolean"),
    pytest.param(
        _with(status_counts={"PROV": 1}), "exactly PROV, RECUP, VALI, QUAL", id="statuses missing"
    ),
    pytest.param(
        _with(status_counts={"PROV": 1, "RECUP": 0, "VALI": 0, "QUAL": 0, "X": 1}),
        "exactly PROV",
        id="a status too many",
    ),
    pytest.param(_with(status_counts=[1, 2]), "an object of names", id="statuses as a list"),
    pytest.param(_with(findings_by_code={"": 1}), "an object of names", id="an empty code name"),
    pytest.param(
        _with(findings_by_code={"collision": -2}),
        "findings_by_code.collision should be",
        id="a negative count of rows",
    ),
    pytest.param(
        _with(findings_by_severity={"info": 1}), "error and warning", id="an unknown severity"
    ),
    pytest.param(_with(rows_with_errors=-1), "rows_with_errors", id="a negative optional count"),
    pytest.param(_with(collision_groups=_DROP), "lacks collision_groups", id="a key missing"),
]


@pytest.mark.parametrize(("data", "expected"), wrong_values)
def test_refused_values(tmp_path: Path, data: dict[str, Any], expected: str) -> None:
    with pytest.raises(PreviousAuditError, match=expected):
        load_previous(_write(tmp_path / "previous.json", data))


def test_not_a_number_is_refused(tmp_path: Path) -> None:
    # Python's json reads NaN and Infinity, which JSON does not allow.
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(_base()).replace('"collision_groups": 0', '"collision_groups": NaN'))
    with pytest.raises(PreviousAuditError, match="is not JSON"):
        load_previous(path)


def test_a_large_file_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    with path.open("wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: cheap to make
    with pytest.raises(PreviousAuditError, match="larger than 1 MiB"):
        load_previous(path)


def test_what_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PreviousAuditError, match="Cannot read the previous audit"):
        load_previous(tmp_path / "missing.json")
    with pytest.raises(PreviousAuditError, match=r"Cannot read|not a regular file"):
        load_previous(tmp_path)  # a directory
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # without a writer: opening it the usual way would wait forever
    with pytest.raises(PreviousAuditError, match="not a regular file"):
        load_previous(fifo)


directions = [
    pytest.param("qualification_rate", 0.4, 0.5, True, id="a higher rate is better"),
    pytest.param("status_counts.QUAL", 5, 4, False, id="fewer qualified rows is worse"),
    pytest.param("status_counts.PROV", 5, 9, None, id="provisional rows: neither"),
    pytest.param("rows", 10, 12, None, id="the size of the base: neither"),
    pytest.param("rows_with_errors", 3, 1, True, id="fewer rows with errors is better"),
    pytest.param("findings_by_severity.warning", 3, 4, False, id="more warnings is worse"),
    pytest.param("collision_groups", 2, 2, None, id="no change: neither"),
    pytest.param("findings_by_code.collision", 0, 2, False, id="a new code is worse"),
]


@pytest.mark.parametrize(("name", "before", "after", "better"), directions)
def test_better_or_worse(name: str, before: float, after: float, better: bool | None) -> None:
    from ins.audit.compare import _change

    assert _change(name, before, after).better is better


def test_every_indicator_and_code_of_either_audit() -> None:
    before = Indicators(
        rows=10,
        status_counts={"QUAL": 4},
        qualification_rate=0.4,
        duplicate_groups=2,
        collision_groups=0,
        findings_by_code={"collision": 2, "year_mismatch": 1},
    )
    after = Indicators.of(audit_rows(ROWS, today=TODAY))
    names = [change.name for change in compare(before, after)]
    assert names[:5] == [
        "rows",
        "status_counts.PROV",
        "status_counts.RECUP",
        "status_counts.VALI",
        "status_counts.QUAL",
    ]
    codes = [name.partition(".")[2] for name in names if name.startswith("findings_by_code.")]
    # Errors first (most rows now first), then warnings: gone codes stay, at 0.
    assert codes == [
        "birth_date_invalid",
        "missing_ins",
        "collision",
        "potential_duplicate",
        "year_mismatch",
    ]
    assert len(names) == len(set(names))


labels = [
    pytest.param("status_counts.QUAL", "fr", "Statut QUAL (qualifiée)", id="a status"),
    pytest.param("findings_by_severity.error", "en", "Errors", id="a severity"),
    pytest.param(
        "findings_by_code.collision", "fr", "Collision de matricule (collision)", id="a code"
    ),
    pytest.param("qualification_rate", "en", "Qualification rate (QUAL)", id="an indicator"),
]


@pytest.mark.parametrize(("name", "lang", "expected"), labels)
def test_labels(name: str, lang: str, expected: str) -> None:
    assert Change(name, 1, 2, None).label(lang) == expected  # type: ignore[arg-type]


def test_deltas() -> None:
    assert Change("qualification_rate", 0.471, 0.497, True).delta("fr") == "+2,6 points"
    assert Change("rows", 98_000, 100_000, None).delta("en") == "+2,000"
    assert Change("rows", 98_000, 100_000, None).shown(100_000, "fr") == "100 000"
    assert Change("qualification_rate", 0.5, 0.5, None).shown(0.5, "en") == "50.0%"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=8)
    ),
    max_leaves=30,
)
counts = st.integers(min_value=0, max_value=10**6)
# Each key right or wrong: the whole range from a valid output to a near miss.
near_misses = st.fixed_dictionaries(
    {
        "rows": counts | json_values,
        "status_counts": st.fixed_dictionaries(dict.fromkeys(STATUSES, counts)) | json_values,
        "qualification_rate": st.floats(min_value=0, max_value=1) | json_values,
        "findings_by_code": st.dictionaries(st.sampled_from(sorted(CODES)), counts) | json_values,
        "duplicate_groups": counts | json_values,
        "collision_groups": counts | json_values,
    },
    optional={
        "findings_by_severity": st.fixed_dictionaries(dict.fromkeys(SEVERITIES, counts))
        | json_values,
        "rows_with_errors": counts | json_values,
        "input": st.fixed_dictionaries({"reference_date": st.text(max_size=10)}) | json_values,
    },
)
VALID_WITH_ODD_INPUT = json.dumps({**_json(_current()), "input": []}).encode()


def _load(content: bytes) -> PreviousAudit | PreviousAuditError:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "previous.json"
        path.write_bytes(content)
        try:
            return load_previous(path)
        except PreviousAuditError as error:
            return error


@given(
    st.binary(max_size=300)
    | json_values.map(lambda v: json.dumps(v).encode())
    | near_misses.map(lambda v: json.dumps(v).encode())
)
@example(VALID_WITH_ODD_INPUT)
def test_any_content_is_read_or_refused_with_a_sentence(content: bytes) -> None:
    outcome = _load(content)
    if isinstance(outcome, PreviousAuditError):
        assert outcome.message.startswith("The previous audit")
        assert outcome.message.endswith(".")
    else:
        changes = compare(outcome.indicators, _current())  # what is read can be compared
        assert {change.name for change in changes} >= {"rows", "qualification_rate"}
