"""Fault injection for the in-memory INSi: what the next calls should fail with.

A [`FaultPlan`][ins.insi.mock.FaultPlan] holds, in order of precedence, faults for the next calls (a
queue), a fault for every call, and a fault drawn with a probability from a seeded generator, so
that a test with a seed is reproducible. A fault is an [`InsiError`][ins.insi.InsiError] instance
or a name: a code of `KNOWN_FAULTS` (docs/domain/insi.md#technical-faults), `"timeout"` or
`"unavailable"`. Each call gets a fresh copy of the error. Thread-safe. The queue holds one entry
per planned fault and its count, so `fail_next(fault, times=10**8)` costs no more memory than
`times=1` (it took 830 MB when each call had its entry).

```pycon
>>> plan = FaultPlan()
>>> plan.fail_next("desir_1020")
>>> plan.draw().code, plan.draw()
('desir_1020', None)

```
"""

from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import dataclass

from ins.errors import mask_text
from ins.insi._errors import InsiError, InsiTimeout, InsiUnavailable, known_fault

__all__ = ["FaultPlan", "make_fault"]


def make_fault(fault: InsiError | str, /) -> InsiError:
    """The error for `fault` (an instance is returned as is)."""
    if isinstance(fault, InsiError):
        return fault
    if fault == "timeout":
        return InsiTimeout("INSi did not answer within the time-out (simulated).")
    if fault == "unavailable":
        return InsiUnavailable("INSi could not be reached (simulated).")
    try:
        return known_fault(fault)
    except KeyError as error:
        raise ValueError(mask_text(f"{error.args[0]} Or use 'timeout' or 'unavailable'.")) from None


def _fresh(error: InsiError, /) -> InsiError:
    # A new instance each time: one exception object raised in several threads would share
    # (and keep growing) its traceback.
    copy = error.__class__.__new__(error.__class__)
    copy.__dict__.update(error.__dict__)
    copy.args = error.args
    return copy


@dataclass(slots=True)
class _Planned:
    """A fault for the next calls, and how many calls it still has to fail."""

    error: InsiError
    left: int


class FaultPlan:
    """The faults to inject; see the module docstring."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: deque[_Planned] = deque()
        self._always: InsiError | None = None
        self._random: tuple[InsiError, float, random.Random] | None = None

    def fail_next(self, fault: InsiError | str, /, *, times: int = 1) -> None:
        """Make the next `times` calls fail with `fault` (queued after earlier ones)."""
        if isinstance(times, bool) or not isinstance(times, int):
            raise ValueError(f"times must be an integer, not {type(times).__name__}.")
        if times < 1:
            raise ValueError(f"times must be at least 1, not {times}.")
        error = make_fault(fault)
        with self._lock:
            self._next.append(_Planned(error, times))

    def fail_always(self, fault: InsiError | str, /) -> None:
        """Make every call fail with `fault` until `clear`."""
        error = make_fault(fault)
        with self._lock:
            self._always = error

    def fail_randomly(self, fault: InsiError | str, /, *, probability: float, seed: int) -> None:
        """Make each call fail with `fault` with `probability`, drawn from `seed`."""
        if not 0.0 <= probability <= 1.0:
            raise ValueError(f"probability must be between 0 and 1, not {probability}.")
        error = make_fault(fault)
        with self._lock:
            self._random = (error, probability, random.Random(seed))  # noqa: S311 (simulation)

    def clear(self) -> None:
        """Remove every planned fault."""
        with self._lock:
            self._next.clear()
            self._always = None
            self._random = None

    def draw(self) -> InsiError | None:
        """The error the current call must raise, or `None`; consumes a queued fault."""
        with self._lock:
            if self._next:
                planned = self._next[0]
                planned.left -= 1
                if not planned.left:
                    self._next.popleft()
                return _fresh(planned.error)
            if self._always is not None:
                return _fresh(self._always)
            if self._random is not None:
                error, probability, generator = self._random
                if generator.random() < probability:
                    return _fresh(error)
            return None
