"""``ins.insi``: the INSi teleservice — client port, in-memory mock, search strategy, SOAP.

- :mod:`ins.insi.models`: requests (:class:`TraitsSearch`, :class:`VitaleSearch`) and results
  (:class:`InsiResult`, :class:`Individual`, :class:`HistoricIns`, :class:`Anomaly`,
  :class:`Verification`);
- :class:`InsiClient`: the port; :class:`MockInsi` answers in memory, :class:`SoapInsi` over a
  transport (:mod:`ins.insi.soap`, :mod:`ins.insi.http`);
- :func:`search_ins`: the certification search strategy (domain.md 6.4);
- :class:`InsiError`, :class:`InsiFault`, :class:`InsiUnavailable`: what the service can fail
  with.

>>> from ins.insi import MockInsi, search_ins
>>> from ins import Traits
>>> outcome = search_ins(MockInsi.with_test_identities(),
...                      Traits(birth_name="Nessi", first_names="Michelangelo Anthony", sex="M",
...                             birth_date="2010-08-07"))
>>> outcome.result.code, outcome.result.individual.traits.first_names
(<InsiCode.OK: '00'>, 'MICHELANGELO ANTHONY')
"""

from __future__ import annotations

from ins.insi.client import InsiClient
from ins.insi.errors import InsiError, InsiFault, InsiTimeout, InsiUnavailable, known_fault
from ins.insi.mock import Call, MockInsi
from ins.insi.models import (
    Anomaly,
    AnomalyCode,
    HistoricIns,
    Individual,
    InsiCode,
    InsiResult,
    ReturnedTraits,
    TraitsSearch,
    Verification,
    VerificationReason,
    VerifyRequest,
    VitaleBeneficiary,
    VitaleCard,
    VitaleSearch,
)
from ins.insi.soap import MockTransport, SoapInsi, SoftwareIdentity, Transport
from ins.insi.strategy import SearchAttempt, SearchOutcome, search_ins

__all__ = [
    "Anomaly",
    "AnomalyCode",
    "Call",
    "HistoricIns",
    "Individual",
    "InsiClient",
    "InsiCode",
    "InsiError",
    "InsiFault",
    "InsiResult",
    "InsiTimeout",
    "InsiUnavailable",
    "MockInsi",
    "MockTransport",
    "ReturnedTraits",
    "SearchAttempt",
    "SearchOutcome",
    "SoapInsi",
    "SoftwareIdentity",
    "TraitsSearch",
    "Transport",
    "Verification",
    "VerificationReason",
    "VerifyRequest",
    "VitaleBeneficiary",
    "VitaleCard",
    "VitaleSearch",
    "known_fault",
    "search_ins",
]
