"""Verification of a stored INS with INSi, modelled as "search by the traits and compare".

INSi has a verification operation (WS_INS3 in vendor SDKs) whose schema is not public
(docs/domain/insi.md#verification). Until it is, [`verify_by_search`][ins.insi.verify_by_search]
runs the certification search ([`ins.insi.search_ins`][ins.insi.search_ins]) with the stored
traits and compares (ADR 0041):

- `confirmed` (OK): the stored matricule comes back as the active one, traits coherent;
- `replaced` (OK): the stored matricule is now in the history; `new_active` is the INS that
  replaces it (the old one goes to the history);
- `not_found`, `several`, `other_matricule`, `traits_differ`, `anomaly` (KO).

```pycon
>>> from ins.insi.mock import MockInsi
>>> from ins import Ins
>>> from ins import Traits
>>> insi = MockInsi.with_test_identities()
>>> traits = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> answer = insi.verify(Ins("275126322074974", "1.2.250.1.213.1.4.8"), traits)
>>> answer.ok, answer.reason.value
(True, 'confirmed')

```
"""

from __future__ import annotations

from ins._identifiers import Ins
from ins._traits import Traits, compare_traits
from ins.insi._client import SearchClient
from ins.insi._results import InsiCode, InsiResult, Verification, VerificationReason
from ins.insi._strategy import search_ins

__all__ = ["verification_from_result", "verify_by_search"]


def verify_by_search(client: SearchClient, ins: Ins, traits: Traits, /) -> Verification:
    """Verify `ins` against `traits` with searches by traits on `client`."""
    return verification_from_result(ins, traits, search_ins(client, traits).result)


def verification_from_result(ins: Ins, traits: Traits, result: InsiResult, /) -> Verification:
    """Compare the outcome of a search by `traits` with the stored `ins`."""
    if result.code is InsiCode.NOT_FOUND:
        return Verification(ok=False, reason=VerificationReason.NOT_FOUND, result=result)
    if result.code is InsiCode.SEVERAL:
        return Verification(ok=False, reason=VerificationReason.SEVERAL, result=result)
    individual = result.individual
    if individual is None or individual.ins is None or individual.traits is None:
        return Verification(ok=False, reason=VerificationReason.ANOMALY, result=result)
    if not compare_traits(traits, individual.traits).coherent:
        return Verification(ok=False, reason=VerificationReason.TRAITS_DIFFER, result=result)
    if individual.ins.matricule == ins.matricule:
        return Verification(ok=True, reason=VerificationReason.CONFIRMED, result=result)
    if any(
        old.ins is not None and old.ins.matricule == ins.matricule for old in individual.history
    ):
        return Verification(
            ok=True, reason=VerificationReason.REPLACED, result=result, new_active=individual.ins
        )
    return Verification(ok=False, reason=VerificationReason.OTHER_MATRICULE, result=result)
