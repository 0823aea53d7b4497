"""The persons an in-memory INSi knows, indexed, and how a search matches them (ADR 0040).

A [`Registry`][ins.insi.mock.Registry] answers searches without faults nor call log (that is
[`ins.insi.mock.MockInsi`][ins.insi.mock.MockInsi]'s job). Matching
(docs/domain/insi.md#matching-in-the-mock): same birth name, sex and birth date (the index key);
the requested first name(s) equal to one element of the list or to a run of elements from its
start; a given birthplace equal; several matches give `02`. A special search (birth name, sex,
birth date) answers its code before any person. With a carte Vitale: the beneficiary's matricule
(active or former) and the birth date; or else the holder's matricule, the birth date and the
birth rank.

Every lookup goes through a dictionary, so the cost of a search does not grow with the number of
persons; registration is cheap (the result of a person is built at the first search that finds
them). One lock guards the indexes.

```pycon
>>> from ins.insi import ReturnedTraits, TraitsSearch
>>> from ins.insi import WireIns
>>> registry = Registry()
>>> person = registry.register(
...     active=WireIns("2751263220749", "74", "1.2.250.1.213.1.4.8"),
...     history=(),
...     tiq=ReturnedTraits(birth_name="ADRUN", first_names="ZOE ANNE", sex="F",
...                        birth_date="1975-12-31"),
... )
>>> registry.search_by_traits(TraitsSearch(birth_name="ADRUN", first_names="ZOE ANNE", sex="F",
...                                        birth_date="1975-12-31")).code
<InsiCode.OK: '00'>

```
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ins.errors import mask
from ins.insi._requests import TraitsSearch, VitaleSearch
from ins.insi._results import LABELS, InsiCode, InsiResult, ReturnedTraits
from ins.insi._wire import WireIns, make_result

__all__ = ["RegisteredPerson", "Registry"]

_TraitsKey = tuple[str, str, str]


@dataclass(slots=True, eq=False, repr=False)
class RegisteredPerson:
    """A registered person as the indexes hold them (see
    [`Registry.register`][ins.insi.mock.Registry.register])."""

    active: WireIns
    history: tuple[WireIns, ...]
    tiq: ReturnedTraits
    first_names: frozenset[str]  # each element, and each run of elements from the start
    numbers: tuple[str, ...]  # 13-character active and historic matricules
    holder: str | None
    birth_rank: int
    cached: InsiResult | None = None

    def __repr__(self) -> str:
        matricule = mask(self.active.number + (self.active.key or ""))
        return f"RegisteredPerson(active={matricule}, former={len(self.history)})"

    def result(self) -> InsiResult:
        """The result for this person, built at the first match (registration stays cheap)."""
        if self.cached is None:  # two threads may both build it: same value, no harm
            self.cached = make_result(
                InsiCode.OK, active=self.active, history=self.history, tiq=self.tiq
            )
        return self.cached


class Registry:
    """Persons and special searches, indexed; see the module docstring."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_traits: dict[_TraitsKey, list[RegisteredPerson]] = {}
        self._by_number: dict[str, list[RegisteredPerson]] = {}
        self._by_holder: dict[str, list[RegisteredPerson]] = {}
        self._special: dict[_TraitsKey, InsiResult] = {}
        self._count = 0

    def __len__(self) -> int:
        """The number of registered persons."""
        return self._count

    @property
    def special_search_count(self) -> int:
        """The number of special searches (answered with a fixed code)."""
        return len(self._special)

    def register(
        self,
        *,
        active: WireIns,
        history: Sequence[WireIns],
        tiq: ReturnedTraits,
        holder_matricule: str | None = None,
        birth_rank: int = 1,
    ) -> RegisteredPerson:
        """Register a person from the values INSi returns for them, kept verbatim.

        The result a search that finds the person answers is built at the first such search (bulk
        loading stays cheap), or by
        [`RegisteredPerson.result`][ins.insi.mock.RegisteredPerson.result].
        """
        names = (tiq.first_names or tiq.first_name or "").split(" ")
        person = RegisteredPerson(
            active=active,
            history=tuple(history),
            tiq=tiq,
            first_names=frozenset(" ".join(names[:end]) for end in range(1, len(names) + 1))
            | set(names),
            numbers=tuple(dict.fromkeys(entry.number for entry in (active, *history))),
            holder=None if holder_matricule is None else holder_matricule[:13],
            birth_rank=birth_rank,
        )
        key = (tiq.birth_name or "", tiq.sex or "", tiq.birth_date or "")
        with self._lock:
            self._by_traits.setdefault(key, []).append(person)
            for number in person.numbers:
                self._by_number.setdefault(number, []).append(person)
            if person.holder is not None:
                self._by_holder.setdefault(person.holder, []).append(person)
            self._count += 1
        return person

    def add_special_search(
        self, birth_name: str, sex: str, birth_date: str, code: InsiCode | str, /
    ) -> None:
        """Answer `code` to any search with this birth name, sex and birth date."""
        result = make_result(code)
        with self._lock:
            self._special[(birth_name, sex, birth_date)] = result

    def search_by_traits(self, request: TraitsSearch, /) -> InsiResult:
        """The answer to a search by traits (no fault, no log)."""
        key = (request.birth_name, request.sex.value, request.birth_date)
        with self._lock:
            special = self._special.get(key)
            candidates = tuple(self._by_traits.get(key, ()))
        if special is not None:
            return special
        return _pick(
            person
            for person in candidates
            if request.first_names in person.first_names
            and (request.birthplace is None or request.birthplace == person.tiq.birthplace)
        )

    def search_with_vitale(self, request: VitaleSearch, /) -> InsiResult:
        """The answer to a search with a carte Vitale (no fault, no log)."""
        with self._lock:
            if request.individual_matricule is not None:
                found = self._by_number.get(request.individual_matricule[:13], ())
                rank_matters = False
            else:
                number = (request.holder_matricule or "")[:13]
                found = (*self._by_holder.get(number, ()), *self._by_number.get(number, ()))
                rank_matters = True
            candidates = tuple({id(person): person for person in found}.values())
        return _pick(
            person
            for person in candidates
            if person.tiq.birth_date == request.birth_date
            and (not rank_matters or person.birth_rank == request.birth_rank)
        )


def _pick(matches: Iterable[RegisteredPerson], /) -> InsiResult:
    found = list(matches)
    if not found:
        return _NOT_FOUND
    if len(found) > 1:
        return _SEVERAL
    return found[0].result()


_NOT_FOUND = InsiResult(code=InsiCode.NOT_FOUND, label=LABELS[InsiCode.NOT_FOUND])
_SEVERAL = InsiResult(code=InsiCode.SEVERAL, label=LABELS[InsiCode.SEVERAL])
