"""Build an [`InsiResult`][ins.insi.InsiResult] from the values INSi sent, finding anomalies.

The mock and the SOAP parser both go through [`make_result`][ins.insi.make_result], so that a result
is the same whether it was computed in memory or read from XML. Every value is kept verbatim
(docs/domain/traits.md#storage-of-insi-traits); what cannot become an [`Ins`][ins.Ins] or
[`Traits`][ins.Traits] is listed as an [`Anomaly`][ins.insi.Anomaly]
(docs/domain/insi.md#anomalies):

- `key_mismatch`: the key (`Cle`) does not verify;
- `invalid_matricule`: the number is not a NIR/NIA at the `standard` level, or has no key;
- `unknown_oid`: the OID is missing, unknown, or a legacy INS-C one;
- `trait_not_insi_form` / `missing_trait`: a `TIQ` value is not in INSi form, or absent.

Any anomaly leaves the individual without `ins` (a failed retrieval, never stored as an INS).

```pycon
>>> result = make_result(
...     "00",
...     active=WireIns("1810363220456", "60", "1.2.250.1.213.1.4.8"),
...     tiq=ReturnedTraits(birth_name="HERMANN", first_names="GATIEN", sex="M",
...                        birth_date="1981-03-24", birthplace="63220"),
... )
>>> result.ins is None, [anomaly.code.value for anomaly in result.anomalies]
(True, ['key_mismatch'])

```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate
from ins._identifiers import Ins
from ins._names import is_valid_insi_name
from ins._records import masked_repr
from ins._sex import Sex
from ins._traits import Traits
from ins.errors import InsError, InvalidComponent, InvalidKey, mask
from ins.insi._errors import InsiError
from ins.insi._results import (
    LABELS,
    Anomaly,
    AnomalyCode,
    HistoricIns,
    Individual,
    InsiCode,
    InsiResult,
    ReturnedTraits,
)

__all__ = ["WireIns", "make_result"]


class WireIns(NamedTuple):
    """An `INSACTIF`/`INSHISTO` element as sent: 13-char number, key, OID, dates."""

    number: str
    key: str | None
    oid: str | None
    start: dt.date | None = None
    end: dt.date | None = None

    def __repr__(self) -> str:
        return masked_repr(self)


def make_result(
    code: InsiCode | str,
    /,
    *,
    label: str | None = None,
    active: WireIns | None = None,
    history: Sequence[WireIns] = (),
    tiq: ReturnedTraits | None = None,
) -> InsiResult:
    """The result for these wire values; `label` defaults to the official one for `code`.

    Raises [`InsiError`][ins.insi.InsiError] when the values cannot form a result at all (an
    unknown code, `00` without `INSACTIF` or `TIQ`, an individual with another code).
    """
    try:
        insi_code = InsiCode(code)
    except ValueError:
        raise InsiError(f"INSi answered the unknown result code {code!r}.") from None
    if insi_code is not InsiCode.OK:
        if active is not None or tiq is not None:
            raise InsiError(f"INSi answered code {insi_code.value} with an individual.")
        return InsiResult(code=insi_code, label=LABELS[insi_code] if label is None else label)
    if active is None or tiq is None:
        raise InsiError("INSi answered code 00 without INSACTIF and TIQ.")
    anomalies: list[Anomaly] = []
    active_ins = _ins(active, "INSACTIF", anomalies)
    historic = tuple(
        HistoricIns(
            matricule_as_returned=entry.number + (entry.key or ""),
            oid_as_returned=entry.oid,
            ins=_ins(entry, f"INSHISTO[{index}]", anomalies),
            start=entry.start,
            end=entry.end,
        )
        for index, entry in enumerate(history, start=1)
    )
    traits = _traits(tiq, anomalies)
    individual = Individual(
        ins=None if anomalies else active_ins,
        matricule_as_returned=active.number + (active.key or ""),
        oid_as_returned=active.oid,
        start=active.start,
        end=active.end,
        history=historic,
        traits=traits,
        returned_traits=tiq,
    )
    return InsiResult(
        code=insi_code,
        label=LABELS[insi_code] if label is None else label,
        individual=individual,
        anomalies=tuple(anomalies),
    )


def _ins(entry: WireIns, where: str, anomalies: list[Anomaly], /) -> Ins | None:
    shown = mask(entry.number + (entry.key or ""))
    if not entry.key:
        anomalies.append(
            Anomaly(
                code=AnomalyCode.INVALID_MATRICULE,
                where=where,
                message=f"{where}: the matricule {shown} came without its key.",
            )
        )
        return None
    if entry.oid is None:
        anomalies.append(
            Anomaly(
                code=AnomalyCode.UNKNOWN_OID,
                where=where,
                message=f"{where}: the matricule {shown} came without its OID.",
            )
        )
        return None
    try:
        return Ins(entry.number + entry.key, entry.oid)
    except InvalidKey as error:
        code = AnomalyCode.KEY_MISMATCH
        message = error.message
    except InvalidComponent as error:
        code = (
            AnomalyCode.UNKNOWN_OID if error.component == "oid" else AnomalyCode.INVALID_MATRICULE
        )
        message = error.message
    except InsError as error:
        code = AnomalyCode.INVALID_MATRICULE
        message = error.message
    anomalies.append(Anomaly(code=code, where=where, message=f"{where}: {message}"))
    return None


_TIQ_NAMES = {
    "birth_name": "NomNaissance",
    "first_name": "Prenom",
    "first_names": "ListePrenom",
    "sex": "Sexe",
    "birth_date": "DateNaissance",
    "birthplace": "LieuNaissance",
}


def _traits(tiq: ReturnedTraits, anomalies: list[Anomaly], /) -> Traits | None:
    first_len = len(anomalies)

    def flag(field: str, code: AnomalyCode, problem: str) -> None:
        where = f"TIQ/{_TIQ_NAMES[field]}"
        anomalies.append(Anomaly(code=code, where=where, message=f"{where}: {problem}"))

    first_names = tiq.first_names if tiq.first_names is not None else tiq.first_name
    for field, value in (("birth_name", tiq.birth_name), ("first_names", first_names)):
        if value is None:
            flag(field, AnomalyCode.MISSING_TRAIT, "the element is missing.")
        elif not is_valid_insi_name(value, profile=field):
            flag(field, AnomalyCode.TRAIT_NOT_INSI_FORM, "the value is not in INSi form.")
    if tiq.first_name is not None and not is_valid_insi_name(tiq.first_name, profile="first_names"):
        flag("first_name", AnomalyCode.TRAIT_NOT_INSI_FORM, "the value is not in INSi form.")
    sex: Sex | None = None
    if tiq.sex is None:
        flag("sex", AnomalyCode.MISSING_TRAIT, "the element is missing.")
    elif tiq.sex in ("M", "F"):
        sex = Sex(tiq.sex)
    else:
        flag("sex", AnomalyCode.TRAIT_NOT_INSI_FORM, "INSi sexes are M and F.")
    birth_date: BirthDate | None = None
    if tiq.birth_date is None:
        flag("birth_date", AnomalyCode.MISSING_TRAIT, "the element is missing.")
    else:
        try:
            birth_date = BirthDate.from_insi(tiq.birth_date)
        except InsError as error:
            flag("birth_date", AnomalyCode.TRAIT_NOT_INSI_FORM, error.message)
    birthplace: BirthplaceCode | None = None
    if tiq.birthplace is not None:
        try:
            birthplace = BirthplaceCode(tiq.birthplace)
        except InsError as error:
            flag("birthplace", AnomalyCode.TRAIT_NOT_INSI_FORM, error.message)
        else:
            if birthplace != tiq.birthplace:
                flag("birthplace", AnomalyCode.TRAIT_NOT_INSI_FORM, "the code is not in INSi form.")
    if (
        len(anomalies) > first_len
        or tiq.birth_name is None
        or first_names is None
        or sex is None
        or birth_date is None
    ):
        return None
    # Every field was checked above: Traits accepts them (its own rules are looser).
    return Traits(
        birth_name=tiq.birth_name,
        first_names=first_names,
        sex=sex,
        birth_date=birth_date,
        birthplace=birthplace,
    )
