"""The admin API of the mock INSi server: JSON endpoints under `/_admin/` (ADR 0071).

With `admin=True` a test drives the running server from any language: read and clear the history of
the calls it answered ([`CallHistory`][ins.insi.server.CallHistory], matricules masked), add
persons in the JSON format of `ins/data/insi_test_identities.json`
([`add_persons`][ins.insi.server.add_persons]), plan faults
([`plan_fault`][ins.insi.server.plan_fault]) and reset everything.
[`persons_factory`][ins.insi.server.persons_factory] builds the mock a server starts from out of
such a file (`--persons`).

```pycon
>>> from ins.insi.mock import MockInsi
>>> insi = MockInsi()
>>> plan_fault(insi, {"fault": "insi_102", "times": 2})
{'fault': 'insi_102', 'mode': 'next', 'times': 2}

```
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, Protocol

from ins.errors import InsError, InvalidFormat, mask_text
from ins.insi._errors import InsiError, InsiFault
from ins.insi.mock._faults import make_fault
from ins.insi.mock._insi import MockInsi
from ins.insi.mock._seed import parse_identities
from ins.insi.server._admin_guard import admin_refusal, has_a_body
from ins.insi.server._reply import Incoming, Reply

__all__ = [
    "ADMIN_PREFIX",
    "MAX_FAULT_TIMES",
    "MAX_PERSONS",
    "AdminTarget",
    "CallHistory",
    "add_persons",
    "answer_admin",
    "persons_factory",
    "plan_fault",
]

ADMIN_PREFIX = "/_admin/"
#: Most persons (and special searches) the admin API lets a mock hold: a test needs a few,
#: and each costs about 2 kB (a million would be 2 GB).
MAX_PERSONS = 100_000
#: Most calls one fault rule may plan (`times`).
MAX_FAULT_TIMES = 1_000_000
_MAX_SEED = 2**64 - 1
_MAX_TEXT = 1000  # characters of a custom fault's member


class CallHistory:
    """The last requests the server answered, for the admin API; matricules masked. Bounded."""

    def __init__(self, *, limit: int = 1000) -> None:
        self._lock = threading.Lock()
        self._entries: deque[dict[str, object]] = deque(maxlen=limit)
        self._count = 0

    def add(self, entry: dict[str, object], /) -> None:
        """Record one request (numbered from 1 since the last `clear`)."""
        with self._lock:
            self._count += 1
            self._entries.append({"n": self._count, **entry})

    def snapshot(self) -> list[dict[str, object]]:
        """The recorded requests, oldest first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget every request and restart the numbering."""
        with self._lock:
            self._entries.clear()
            self._count = 0


_ADMIN_ROUTES: dict[str, tuple[str, ...]] = {
    "/": ("GET",),
    "/calls": ("GET", "DELETE"),
    "/persons": ("POST",),
    "/faults": ("POST", "DELETE"),
    "/reset": ("POST",),
}


class AdminTarget(Protocol):
    """What the admin API acts on: the running server (see
    [`InsiServer`][ins.insi.server.InsiServer])."""

    insi: MockInsi
    history: CallHistory
    #: What every admin request must carry: `Authorization: Bearer` this token.
    admin_token: str

    @property
    def url(self) -> str:
        """The SOAP endpoint."""
        ...

    def reset(self) -> None:
        """Back to the starting persons, no planned fault, an empty history."""
        ...


def answer_admin(server: AdminTarget, incoming: Incoming, route: str, /) -> Reply:
    """Answer one admin request: `route` is the path after `/_admin`.

    A request that may not use the admin API (its host, origin, token or body: see
    `_admin_guard`) is refused before anything else.
    """
    refusal = admin_refusal(incoming, token=server.admin_token, url=server.url)
    if refusal is not None:
        return refusal
    methods = _ADMIN_ROUTES.get(route)
    if methods is None:
        return Reply.json(HTTPStatus.NOT_FOUND, {"error": f"No admin endpoint {route[:100]!r}."})
    if incoming.method not in methods:
        return Reply.json(
            HTTPStatus.METHOD_NOT_ALLOWED,
            {"error": f"Use {' or '.join(methods)} on {ADMIN_PREFIX}{route.strip('/')}."},
            allow=", ".join(methods),
        )
    payload: Any = None
    if incoming.method == "POST":
        # An empty POST (``curl -X POST URL``, no Content-Length) is as good as ``{}``.
        body = incoming.read_body() if has_a_body(incoming) else b""
        if isinstance(body, Reply):
            return body
        try:
            payload = json.loads(body or b"{}")
        except (ValueError, RecursionError):  # RecursionError: absurdly nested arrays
            return Reply.json(HTTPStatus.BAD_REQUEST, {"error": "The body is not valid JSON."})
    try:
        answer = _admin_action(server, incoming.method, route, payload)
    except (InsError, InsiError, ValueError, KeyError, TypeError) as error:
        return Reply.json(HTTPStatus.BAD_REQUEST, {"error": mask_text(str(error).strip('"'))})
    return Reply.json(HTTPStatus.OK, answer)


def _admin_action(server: AdminTarget, method: str, route: str, payload: Any, /) -> object:
    insi = server.insi
    if route == "/":
        return {
            "endpoint": server.url,
            "persons": len(insi),
            "routes": {
                f"{ADMIN_PREFIX}{name.strip('/')}": list(methods)
                for name, methods in _ADMIN_ROUTES.items()
            },
        }
    if route == "/calls":
        if method == "DELETE":
            server.history.clear()
            return {"calls": []}
        return {"calls": server.history.snapshot()}
    if route == "/persons":
        added = add_persons(insi, payload)
        return {"added": added, "persons": len(insi)}
    if route == "/faults":
        if method == "DELETE":
            insi.clear_faults()
            return {"faults": "cleared"}
        return {"planned": plan_fault(insi, payload)}
    server.reset()
    return {"reset": True, "persons": len(server.insi)}


def plan_fault(insi: MockInsi, rule: Any, /) -> dict[str, object]:
    """Plan a fault from its JSON rule (ADR 0071); returns the rule as understood.

    `{"fault": "insi_102", "mode": "next", "times": 2}`, ``{"fault": "desir_1020", "mode":
    "every"}` or `{"fault": "timeout", "mode": "probability", "probability": 0.1, "seed": 7}``.
    `fault` is a code of `KNOWN_FAULTS`, `"timeout"`, `"unavailable"` or an object with
    `subcode`, `code` and optionally `severity`, `soap_code`, `reason`, `detail`.
    """
    if not isinstance(rule, dict):
        raise ValueError("A fault rule is a JSON object with at least a 'fault' member.")
    unknown = set(rule) - {"fault", "mode", "times", "probability", "seed"}
    if unknown:
        names = mask_text(", ".join(sorted(str(name) for name in unknown)))
        raise ValueError(f"Unknown member(s) in the fault rule: {names}.")
    fault = _fault_from_json(rule.get("fault"))
    mode = rule.get("mode", "next")
    if mode == "next":
        times = _integer(rule.get("times", 1), "times", MAX_FAULT_TIMES)
        insi.fail_next(fault, times=times)
        return {"fault": _fault_name(fault), "mode": mode, "times": times}
    if mode == "every":
        insi.fail_always(fault)
        return {"fault": _fault_name(fault), "mode": mode}
    if mode == "probability":
        probability = rule.get("probability")
        if isinstance(probability, bool) or not isinstance(probability, int | float):
            raise ValueError("'probability' must be a number between 0 and 1.")
        seed = _integer(rule.get("seed", 0), "seed", _MAX_SEED, lowest=0)
        insi.fail_randomly(fault, probability=float(probability), seed=seed)
        return {"fault": _fault_name(fault), "mode": mode, "probability": probability, "seed": seed}
    raise ValueError(f"Unknown mode {_shown(mode)}: use 'next', 'every' or 'probability'.")


def _integer(value: object, name: str, highest: int, /, *, lowest: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name!r} must be an integer, not {_shown(value)}.")
    if not lowest <= value <= highest:
        raise ValueError(f"{name!r} must be between {lowest} and {highest}, not {_shown(value)}.")
    return value


def _shown(value: object, /) -> str:
    """`value` for a message: short, and never a long text or number in full."""
    text = mask_text(repr(value))
    return text if len(text) <= 30 else text[:30] + "..."


def _fault_from_json(value: object, /) -> InsiError | str:
    if isinstance(value, str):
        make_fault(value)  # raises for an unknown name
        return value
    if isinstance(value, dict):
        members = {"subcode", "code", "severity", "soap_code", "reason", "detail"}
        if not {"subcode", "code"} <= set(value) <= members or not all(
            isinstance(item, str) and len(item) <= _MAX_TEXT for item in value.values()
        ):
            raise ValueError(
                f"A custom fault is an object of strings (at most {_MAX_TEXT} characters each) "
                "with 'subcode' and 'code' and optionally 'severity', 'soap_code' (Sender or "
                "Receiver), 'reason', 'detail'."
            )
        if value.get("soap_code", "Receiver") not in {"Sender", "Receiver"}:
            raise ValueError("'soap_code' must be 'Sender' or 'Receiver'.")
        return InsiFault(
            value.get("reason", "Erreur simulée."),
            subcode=value["subcode"],
            code=value["code"],
            severity=value.get("severity", "fatal"),
            soap_code=value.get("soap_code", "Receiver"),
            detail=value.get("detail", ""),
        )
    raise ValueError(
        "'fault' must be a known fault code, 'timeout', 'unavailable' or a custom fault object."
    )


def _fault_name(fault: InsiError | str, /) -> str:
    return fault if isinstance(fault, str) else getattr(fault, "code", type(fault).__name__)


# -- persons in the JSON format of ins/data/insi_test_identities.json --------------------


def add_persons(insi: MockInsi, data: Any, /, *, max_persons: int = MAX_PERSONS) -> int:
    """Register the persons (and special searches) of `data`; returns the number of persons.

    `data` has the shape of `ins/data/insi_test_identities.json` (read by
    [`ins.insi.mock.parse_identities`][ins.insi.mock.parse_identities]), or is a bare list of
    persons. Everything is checked before anything is registered, including that the mock then
    holds at most `max_persons` persons and special searches.
    """
    if isinstance(data, list):
        data = {"persons": data}
    if not isinstance(data, dict) or not isinstance(data.get("persons", []), list):
        raise InvalidFormat("Persons come as a list, or as an object with a 'persons' list.")
    seed = parse_identities(data)
    held = len(insi) + insi.registry.special_search_count
    if held + len(seed.persons) + len(seed.special_searches) > max_persons:
        raise InvalidFormat(
            f"The mock holds {held} persons and special searches; adding "
            f"{len(seed.persons) + len(seed.special_searches)} would pass the limit of "
            f"{max_persons}: reset it first."
        )
    for person in seed.persons:
        insi.register(active=person.active, history=person.history, tiq=person.tiq)
    for special in seed.special_searches:
        insi.add_special_search(*special)
    return len(seed.persons)


def persons_factory(path: str, /) -> Callable[[], MockInsi]:
    """A factory of mocks holding the persons of the JSON file at `path` (read and checked
    once, now)."""
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    if not isinstance(data, dict) or not isinstance(data.get("persons", []), list):
        raise InvalidFormat(f"{path}: persons come as an object with a 'persons' list.")
    seed = parse_identities(data)
    return lambda: MockInsi.with_identities(seed)
