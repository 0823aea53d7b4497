"""An in-memory INSi ("téléservice INSi" simulator) for tests, demos and offline development.

[`MockInsi`][ins.insi.mock.MockInsi] implements [`ins.insi.InsiClient`][ins.insi.InsiClient]. Seeded
by [`MockInsi.with_test_identities`][ins.insi.mock.MockInsi.with_test_identities] with the public
INSi test persons and special searches (docs/domain/insi.md#test-persons,
`ins/data/insi_test_identities.json`), it answers as the test platform does: `01` for HOUILLES,
`02` for DE VINCI, the NIA, the history, the Corsica codes, and a result with a `key_mismatch`
anomaly for HERMANN. It matches exactly, so the published case that searched `HERMAN` for
`HERMANN` (fuzzy matching at CNAM) gives `01` here: a known gap.

The persons live in a [`ins.insi.mock.Registry`][ins.insi.mock.Registry] (`.registry`), which holds
the matching rules (docs/domain/insi.md#matching-in-the-mock, ADR 0040) and indexes every lookup:
a search costs the same with a thousand or a million persons. The mock adds what a service does
around it: it refuses a request outside the INSi character set, injects faults, and logs every
call.

Fault injection (`fail_next`, `fail_always`, `fail_randomly`), the call log
(`calls`) and every method are safe to use from several threads. The call log keeps the
last `max_calls` calls (1 000 by default, about 1.3 MB, as many as the mock server's history):
a mock serving a long test run, or the mock INSi server, does not grow without end;
`call_count` counts them all.

```pycon
>>> from ins.insi import TraitsSearch
>>> insi = MockInsi.with_test_identities()
>>> request = TraitsSearch(birth_name="DE VINCI", first_names="LEONARDO", sex="M",
...                        birth_date="2014-02-01")
>>> insi.search_by_traits(request).label
'Plusieurs identites trouvees'
>>> insi.fail_next("insi_102")
>>> insi.search_by_traits(request)
Traceback (most recent call last):
...
ins.insi.InsiFault: INSi fault siram_40/insi_102 (fatal): Le service est ...
>>> for call in insi.calls:
...     print(call.operation, "failed" if call.error else "answered")
search_by_traits answered
search_by_traits failed

```
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from ins._identifiers import Ins
from ins._traits import Traits
from ins.insi._errors import InsiError
from ins.insi._requests import TraitsSearch, VerifyRequest, VitaleSearch, revalidated
from ins.insi._results import InsiCode, InsiResult, ReturnedTraits, Verification
from ins.insi._strategy import search_ins
from ins.insi._verification import verification_from_result
from ins.insi._wire import WireIns
from ins.insi.mock._faults import FaultPlan
from ins.insi.mock._registry import Registry
from ins.insi.mock._seed import SeedData, load_test_identities, wire_ins, wire_traits

__all__ = ["MAX_CALLS", "Call", "MockInsi"]

#: How many calls a `MockInsi` keeps in its log by default.
MAX_CALLS = 1000

_Answer = TypeVar("_Answer", InsiResult, Verification)
_TraitsKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Call:
    """One call made to the mock: the operation, the request, and the result or the error."""

    operation: str
    request: TraitsSearch | VitaleSearch | VerifyRequest
    result: InsiResult | Verification | None
    error: InsiError | None


class MockInsi:
    """An in-memory INSi; see the module docstring. `MockInsi()` starts empty.

    `max_calls` is how many calls `calls` keeps (the oldest are forgotten first).
    """

    def __init__(self, *, max_calls: int = MAX_CALLS) -> None:
        if isinstance(max_calls, bool) or not isinstance(max_calls, int) or max_calls < 1:
            raise ValueError(f"max_calls must be a positive integer, not {max_calls!r}.")
        self._lock = threading.Lock()
        self._calls: deque[Call] = deque(maxlen=max_calls)
        self._count = 0
        self.registry = Registry()
        self.faults = FaultPlan()

    @classmethod
    def with_test_identities(cls, *, max_calls: int = MAX_CALLS) -> MockInsi:
        """A mock holding every public INSi test person and special search
        (docs/domain/insi.md#test-persons)."""
        return cls.with_identities(load_test_identities(), max_calls=max_calls)

    @classmethod
    def with_identities(cls, data: SeedData, /, *, max_calls: int = MAX_CALLS) -> MockInsi:
        """A mock holding `data` (see
        [`ins.insi.mock.parse_identities`][ins.insi.mock.parse_identities])."""
        mock = cls(max_calls=max_calls)
        for person in data.persons:
            mock.register(active=person.active, history=person.history, tiq=person.tiq)
        for special in data.special_searches:
            mock.add_special_search(*special)
        return mock

    # -- registry ----------------------------------------------------------------------------

    def add(
        self,
        traits: Traits,
        ins: Ins | tuple[str, str],
        /,
        *,
        history: Sequence[Ins | tuple[str, str] | WireIns] = (),
        tiq_first_name: str | None = None,
        holder_matricule: str | None = None,
        birth_rank: int = 1,
    ) -> InsiResult:
        """Register a person; returns the result a matching search gives.

        `traits` are normalised to INSi form (an impossible one raises
        [`ins.errors.InvalidTrait`][ins.InvalidTrait]); `ins` may be a `(matricule, oid)` pair kept
        verbatim, so that a person whose key does not verify can be registered too.
        """
        return self.registry.register(
            active=wire_ins(ins),
            history=[entry if isinstance(entry, WireIns) else wire_ins(entry) for entry in history],
            tiq=wire_traits(traits, first_name=tiq_first_name),
            holder_matricule=holder_matricule,
            birth_rank=birth_rank,
        ).result()

    def register(
        self,
        *,
        active: WireIns,
        history: Sequence[WireIns],
        tiq: ReturnedTraits,
        holder_matricule: str | None = None,
        birth_rank: int = 1,
    ) -> None:
        """Register a person from the values INSi returns for them, kept verbatim.

        Nothing is checked here: a search that finds the person answers what
        [`ins.insi.make_result`][ins.insi.make_result] makes of these values, anomalies included;
        the result is built at that first search, so that bulk loading stays cheap.
        """
        self.registry.register(
            active=active,
            history=history,
            tiq=tiq,
            holder_matricule=holder_matricule,
            birth_rank=birth_rank,
        )

    def add_special_search(
        self, birth_name: str, sex: str, birth_date: str, code: InsiCode | str, /
    ) -> None:
        """Answer `code` to any search with this birth name, sex and birth date."""
        self.registry.add_special_search(birth_name, sex, birth_date, code)

    def __len__(self) -> int:
        """The number of registered persons."""
        return len(self.registry)

    # -- fault injection and call log --------------------------------------------------------

    def fail_next(self, fault: InsiError | str, /, *, times: int = 1) -> None:
        """Make the next `times` calls fail (see
        [`ins.insi.mock.FaultPlan`][ins.insi.mock.FaultPlan])."""
        self.faults.fail_next(fault, times=times)

    def fail_always(self, fault: InsiError | str, /) -> None:
        """Make every call fail until `clear_faults` (an outage)."""
        self.faults.fail_always(fault)

    def fail_randomly(self, fault: InsiError | str, /, *, probability: float, seed: int) -> None:
        """Make each call fail with `probability`, reproducibly from `seed`."""
        self.faults.fail_randomly(fault, probability=probability, seed=seed)

    def clear_faults(self) -> None:
        """Remove every planned fault."""
        self.faults.clear()

    @property
    def calls(self) -> tuple[Call, ...]:
        """The last `max_calls` calls, oldest first (a snapshot)."""
        with self._lock:
            return tuple(self._calls)

    @property
    def call_count(self) -> int:
        """How many calls were made since the start or the last `clear_calls`."""
        with self._lock:
            return self._count

    def clear_calls(self) -> None:
        """Forget the call log and restart the count."""
        with self._lock:
            self._calls.clear()
            self._count = 0

    # -- InsiClient --------------------------------------------------------------------------

    def search_by_traits(self, request: TraitsSearch, /) -> InsiResult:
        """Search by traits; a request that bypassed validation is refused like INSi does."""
        checked = revalidated(request)
        return self._serve(
            "search_by_traits", checked, lambda: self.registry.search_by_traits(checked)
        )

    def search_with_vitale(self, request: VitaleSearch, /) -> InsiResult:
        """Search with the carte Vitale data of the beneficiary the user picked."""
        checked = revalidated(request)
        return self._serve(
            "search_with_vitale", checked, lambda: self.registry.search_with_vitale(checked)
        )

    def verify(self, ins: Ins, traits: Traits, /) -> Verification:
        """Verify `ins`: search by `traits` and compare (docs/domain/insi.md#verification, one
        logged call)."""

        request = VerifyRequest(ins=ins, traits=traits)
        return self._serve(
            "verify",
            request,
            lambda: verification_from_result(ins, traits, search_ins(self.registry, traits).result),
        )

    def _serve(
        self,
        operation: str,
        request: TraitsSearch | VitaleSearch | VerifyRequest,
        answer: Callable[[], _Answer],
    ) -> _Answer:
        error = self.faults.draw()
        result = answer() if error is None else None
        with self._lock:
            self._calls.append(Call(operation, request, result, error))
            self._count += 1
        if error is not None:
            raise error
        return cast("_Answer", result)
