"""`ins.insi`: the INSi teleservice ("téléservice INSi") — the port, its requests and results.

This package holds what every INSi client shares: the port [`InsiClient`][ins.insi.InsiClient], the
requests ([`TraitsSearch`][ins.insi.TraitsSearch], [`VitaleSearch`][ins.insi.VitaleSearch],
[`VitaleCard`][ins.insi.VitaleCard]), the results ([`InsiResult`][ins.insi.InsiResult],
[`Individual`][ins.insi.Individual], [`HistoricIns`][ins.insi.HistoricIns],
[`Anomaly`][ins.insi.Anomaly], [`Verification`][ins.insi.Verification]), the errors the service
can fail with ([`InsiError`][ins.insi.InsiError], [`InsiFault`][ins.insi.InsiFault],
[`InsiUnavailable`][ins.insi.InsiUnavailable], [`InsiTimeout`][ins.insi.InsiTimeout]) and the
certification search strategy ([`search_ins`][ins.insi.search_ins]). Three packages build on it,
one per role:

- [`ins.insi.soap`][ins.insi.soap]: the INSi wire format (SOAP 1.2) —
  [`SoapInsi`][ins.insi.soap.SoapInsi] over a transport
  ([`HttpTransport`][ins.insi.soap.HttpTransport],
  [`MockTransport`][ins.insi.soap.MockTransport]), and
  [`SoapEndpoint`][ins.insi.soap.SoapEndpoint], any client behind that format;
- [`ins.insi.mock`][ins.insi.mock]: [`MockInsi`][ins.insi.mock.MockInsi], an INSi in memory, seeded
  with the public test persons, with fault injection;
- [`ins.insi.server`][ins.insi.server]: the mock as a network service (`python -m ins.insi serve`).

```pycon
>>> from ins import Traits
>>> from ins.insi.mock import MockInsi
>>> outcome = search_ins(MockInsi.with_test_identities(),
...                      Traits(birth_name="Nessi", first_names="Michelangelo Anthony", sex="M",
...                             birth_date="2010-08-07"))
>>> outcome.result.code, outcome.result.individual.traits.first_names
(<InsiCode.OK: '00'>, 'MICHELANGELO ANTHONY')

```
"""

from __future__ import annotations

from ins.insi._client import InsiClient, SearchClient
from ins.insi._errors import (
    KNOWN_FAULTS,
    ActionMismatch,
    ForbiddenDeclaration,
    InsiError,
    InsiFault,
    InsiTimeout,
    InsiUnavailable,
    KnownFault,
    known_fault,
)
from ins.insi._requests import (
    TraitsSearch,
    VerifyRequest,
    VitaleBeneficiary,
    VitaleCard,
    VitaleSearch,
)
from ins.insi._results import (
    LABELS,
    Anomaly,
    AnomalyCode,
    HistoricIns,
    Individual,
    InsiCode,
    InsiResult,
    ReturnedTraits,
    Verification,
    VerificationReason,
)
from ins.insi._strategy import SearchAttempt, SearchOutcome, search_ins
from ins.insi._verification import verification_from_result, verify_by_search
from ins.insi._wire import WireIns, make_result

__all__ = [
    "KNOWN_FAULTS",
    "LABELS",
    "ActionMismatch",
    "Anomaly",
    "AnomalyCode",
    "ForbiddenDeclaration",
    "HistoricIns",
    "Individual",
    "InsiClient",
    "InsiCode",
    "InsiError",
    "InsiFault",
    "InsiResult",
    "InsiTimeout",
    "InsiUnavailable",
    "KnownFault",
    "ReturnedTraits",
    "SearchAttempt",
    "SearchClient",
    "SearchOutcome",
    "TraitsSearch",
    "Verification",
    "VerificationReason",
    "VerifyRequest",
    "VitaleBeneficiary",
    "VitaleCard",
    "VitaleSearch",
    "WireIns",
    "known_fault",
    "make_result",
    "search_ins",
    "verification_from_result",
    "verify_by_search",
]
