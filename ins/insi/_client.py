"""The port every INSi client implements: [`InsiClient`][ins.insi.InsiClient] (docs/domain/insi.md).

Vendor code depends on this protocol, never on a transport:
[`ins.insi.mock.MockInsi`][ins.insi.mock.MockInsi] answers in memory,
[`ins.insi.soap.SoapInsi`][ins.insi.soap.SoapInsi] speaks SOAP over a
[`ins.insi.soap.Transport`][ins.insi.soap.Transport]. The same contract test suite runs on both.

```pycon
>>> from ins.insi.mock import MockInsi
>>> isinstance(MockInsi(), InsiClient)
True

```
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ins._identifiers import Ins
from ins._traits import Traits
from ins.insi._requests import TraitsSearch, VitaleSearch
from ins.insi._results import InsiResult, Verification

__all__ = ["InsiClient", "SearchClient"]


@runtime_checkable
class SearchClient(Protocol):
    """What the certification strategy needs: the search by traits alone."""

    def search_by_traits(self, request: TraitsSearch, /) -> InsiResult:
        """One `rechercherInsAvecTraitsIdentite` call."""
        ...


@runtime_checkable
class InsiClient(SearchClient, Protocol):
    """An INSi teleservice: two searches and the verification.

    Each method raises [`ins.insi.InsiFault`][ins.insi.InsiFault] for a SOAP Fault and
    [`ins.insi.InsiUnavailable`][ins.insi.InsiUnavailable] (or
    [`InsiTimeout`][ins.insi.InsiTimeout]) when the service cannot be reached; a result code
    `01`/`02` is a result, not an error.
    """

    def search_with_vitale(self, request: VitaleSearch, /) -> InsiResult:
        """One `rechercherInsAvecCarteVitale` call."""
        ...

    def verify(self, ins: Ins, traits: Traits, /) -> Verification:
        """Check a stored INS against the traits (docs/domain/insi.md#verification)."""
        ...
