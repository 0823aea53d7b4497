"""The search strategy expected at certification ("stratégie de recherche",
docs/domain/insi.md#certification-search-strategy).

With several birth first names: one call per first name in order, then one call with the whole
list (only with two names or more); stop at the first `00` or technical error. On `02`, the
same call is repeated with the birthplace when one is known, then the search goes on. The
outcome is the first `00`, otherwise the last `02`, otherwise the last `01`, with every
attempt made [PADOA].

The traits are first normalised to INSi form (docs/domain/traits.md#characters-outside-the-set,
policy `reject`): what cannot be sent raises [`ins.errors.InsError`][ins.InsError] before any
call. A technical error ([`ins.insi.InsiError`][ins.insi.InsiError]) propagates, with a note
giving the attempts made so far.

```pycon
>>> from ins.insi.mock import MockInsi
>>> from ins import Traits
>>> insi = MockInsi.with_test_identities()
>>> outcome = search_ins(insi, Traits(birth_name="Tchitchi", first_names="Ola Catarina Bella",
...                                   sex="F", birth_date="1936-06-21"))
>>> for attempt in outcome.attempts:
...     print(attempt.request.first_names, attempt.result.code.value)
OLA 01
CATARINA 00

```
"""

from __future__ import annotations

from pydantic import ConfigDict

from ins._identifiers import Ins
from ins._records import Record
from ins._traits import Traits, normalize_traits
from ins.insi._client import SearchClient
from ins.insi._errors import InsiError
from ins.insi._requests import TraitsSearch
from ins.insi._results import InsiCode, InsiResult

__all__ = ["SearchAttempt", "SearchOutcome", "search_ins"]


class SearchAttempt(Record):
    """One call made by the strategy and its result."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    request: TraitsSearch
    result: InsiResult


class SearchOutcome(Record):
    """The outcome of [`search_ins`][ins.insi.search_ins]: the retained result and every attempt,
    in order."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    result: InsiResult
    attempts: tuple[SearchAttempt, ...]

    @property
    def ins(self) -> Ins | None:
        """The INS found (code `00` without anomaly), else `None`."""
        return self.result.ins


def search_ins(client: SearchClient, traits: Traits, /) -> SearchOutcome:
    """Search `traits` on `client` as certification expects (see the module docstring)."""
    normalized = normalize_traits(traits).normalized
    names = normalized.first_names.split(" ")
    queries = [*names, normalized.first_names] if len(names) > 1 else names
    attempts: list[SearchAttempt] = []

    def call(first_names: str, *, with_birthplace: bool) -> InsiResult:
        request = TraitsSearch.from_traits(
            normalized, first_names=first_names, with_birthplace=with_birthplace
        )
        try:
            result = client.search_by_traits(request)
        except InsiError as error:
            error.add_note(f"The certification search stopped after {len(attempts)} attempts.")
            raise
        attempts.append(SearchAttempt(request=request, result=result))
        return result

    for first_names in queries:
        result = call(first_names, with_birthplace=False)
        if result.code is InsiCode.SEVERAL and normalized.birthplace is not None:
            result = call(first_names, with_birthplace=True)
        if result.code is InsiCode.OK:
            return SearchOutcome(result=result, attempts=tuple(attempts))
    several = [attempt.result for attempt in attempts if attempt.result.code is InsiCode.SEVERAL]
    retained = several[-1] if several else attempts[-1].result
    return SearchOutcome(result=retained, attempts=tuple(attempts))
