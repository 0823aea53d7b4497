"""Results of the INSi teleservice, as frozen records (the requests are in `_requests`).

One result, [`InsiResult`][ins.insi.InsiResult]: the code (`CodeCR`), the label exactly as returned
(`LibelleCR`), the [`Individual`][ins.insi.Individual] when one identity was found, and the
[`Anomaly`][ins.insi.Anomaly] list. Everything INSi returns is kept verbatim
(docs/domain/traits.md#storage-of-insi-traits); a returned matricule whose key does not verify,
or traits not in INSi form, are anomalies and the individual then carries no [`Ins`][ins.Ins]
(docs/domain/insi.md#anomalies). Results are built by
[`ins.insi.make_result`][ins.insi.make_result], for the mock and the SOAP parser alike.

```pycon
>>> result = InsiResult(code="01", label=LABELS[InsiCode.NOT_FOUND])
>>> result.code, result.ins
(<InsiCode.NOT_FOUND: '01'>, None)

```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Self

from pydantic import ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from ins._identifiers import Ins
from ins._pydantic import CodeEnum
from ins._records import Record
from ins._traits import Traits
from ins.errors import mask

__all__ = [
    "LABELS",
    "Anomaly",
    "AnomalyCode",
    "HistoricIns",
    "Individual",
    "InsiCode",
    "InsiResult",
    "ReturnedTraits",
    "Verification",
    "VerificationReason",
]


class InsiCode(CodeEnum):
    """`CodeCR` of a search (docs/domain/insi.md#result-codes)."""

    OK = "00"
    NOT_FOUND = "01"
    SEVERAL = "02"


#: `LibelleCR` INSi sends with each code, exact and unaccented (docs/domain/insi.md#result-codes).
LABELS: dict[InsiCode, str] = {
    InsiCode.OK: "OK",
    InsiCode.NOT_FOUND: "Aucune identite trouvee",
    InsiCode.SEVERAL: "Plusieurs identites trouvees",
}


class _Record(Record):
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True, extra="forbid")


class AnomalyCode(CodeEnum):
    """What is wrong in a result (the result is kept, but yields no INS)."""

    KEY_MISMATCH = "key_mismatch"
    INVALID_MATRICULE = "invalid_matricule"
    UNKNOWN_OID = "unknown_oid"
    TRAIT_NOT_INSI_FORM = "trait_not_insi_form"
    MISSING_TRAIT = "missing_trait"


class Anomaly(_Record):
    """One anomaly of a result: `where` names the element (`INSACTIF`, `TIQ/Sexe`...)."""

    code: AnomalyCode
    where: str
    message: str


class HistoricIns(_Record):
    """A matricule as INSi returned it (`INSHISTO`), with its `Ins` when it is valid."""

    matricule_as_returned: str
    oid_as_returned: str | None
    ins: Ins | None
    start: dt.date | None = None
    end: dt.date | None = None

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, mask(value) if name == "matricule_as_returned" else value


class ReturnedTraits(_Record):
    """`TIQ` exactly as returned (`None`: the element was absent)."""

    birth_name: str | None = None
    first_name: str | None = None
    first_names: str | None = None
    sex: str | None = None
    birth_date: str | None = None
    birthplace: str | None = None


class Individual(_Record):
    """`INDIVIDU`: the active INS (`INSACTIF`), its history and the traits (`TIQ`).

    `ins` is `None` whenever the result lists an anomaly; `traits` is `None` when the
    returned traits cannot form [`Traits`][ins.Traits] (see the anomalies).
    """

    ins: Ins | None
    matricule_as_returned: str
    oid_as_returned: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    history: tuple[HistoricIns, ...] = ()
    traits: Traits | None
    returned_traits: ReturnedTraits

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, mask(value) if name == "matricule_as_returned" else value


class InsiResult(_Record):
    """`RESULTAT` of a search. `individual` is present exactly when `code` is `00`."""

    code: InsiCode
    label: str
    individual: Individual | None = None
    anomalies: tuple[Anomaly, ...] = ()

    @model_validator(mode="after")
    def _check_individual(self) -> Self:
        if (self.code is InsiCode.OK) != (self.individual is not None):
            raise PydanticCustomError(
                "invalid_result", "A result carries an individual exactly when its code is 00."
            )
        return self

    @property
    def ins(self) -> Ins | None:
        """The INS found: set only for code `00` without any anomaly."""
        return None if self.individual is None else self.individual.ins


class VerificationReason(CodeEnum):
    """Why a verification said OK or KO (docs/domain/insi.md#verification)."""

    CONFIRMED = "confirmed"
    REPLACED = "replaced"
    NOT_FOUND = "not_found"
    SEVERAL = "several"
    OTHER_MATRICULE = "other_matricule"
    TRAITS_DIFFER = "traits_differ"
    ANOMALY = "anomaly"


class Verification(_Record):
    """The answer of a verification: OK/KO, why, the underlying result, the new active INS.

    `new_active` is set when the stored matricule is now in the history: it replaces the
    stored one (reason `replaced`).
    """

    ok: bool
    reason: VerificationReason
    result: InsiResult
    new_active: Ins | None = None
