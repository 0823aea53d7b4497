"""Identity transitions (docs/domain/status.md#transitions) from every status, illegal requests, log
and explanation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pydantic import ValidationError

from ins._documents import DocumentPolicy, IdentityDocument
from ins._events import EventKind, Outcome
from ins._identifiers import Ins, Oid
from ins._identity import Identity, require_qualified, utc_now
from ins._status import IdentityAttribute, IdentityStatus
from ins._traits import Traits
from ins.errors import InvalidTrait, NotQualified, StatusError
from ins.insi import (
    InsiResult,
    ReturnedTraits,
    Verification,
    VerificationReason,
    WireIns,
    make_result,
)

PROV, RECUP, VALI, QUAL = (
    IdentityStatus.PROV,
    IdentityStatus.RECUP,
    IdentityStatus.VALI,
    IdentityStatus.QUAL,
)
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
MATRICULE = "275126322074974"  # ADRUN ZOE, INSi test platform (fictitious)
OLD_MATRICULE = "181036322045676"  # a generated number, used as a former matricule
INS = Ins(MATRICULE, Oid.NIR)
OLD_INS = Ins(OLD_MATRICULE, Oid.NIR)

# What the front desk typed: lower case and accents are fine, INSi's traits replace them.
LOCAL = Traits(
    birth_name="Adrun",
    first_names="Zoé",
    sex="F",
    birth_date="1975-12-31",
    birthplace="63220",
    used_name="MARTIN",
)
TIQ = ReturnedTraits(
    birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31", birthplace="63220"
)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def result(
    *, key: str = "74", tiq: ReturnedTraits = TIQ, history: tuple[WireIns, ...] = ()
) -> InsiResult:
    return make_result(
        "00", active=WireIns("2751263220749", key, Oid.NIR.value), tiq=tiq, history=history
    )


FOUND = result(history=(WireIns("1810363220456", "76", Oid.NIR.value),))
NOT_FOUND = make_result("01")
SEVERAL = make_result("02")
OTHER_PERSON = result(tiq=TIQ.model_copy(update={"birth_name": "ADRDEUX"}))
KEY_MISMATCH = result(key="75")
LUNAR = result(tiq=TIQ.model_copy(update={"birth_date": "1975-12-35"}))
VITALE_TRAITS = Traits(
    birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31", birthplace="63220"
)


def verification(ok: bool, reason: VerificationReason, new: Ins | None = None) -> Verification:
    return Verification(ok=ok, reason=reason, result=FOUND, new_active=new)


# One identity per starting status, built through the transitions themselves.
def _prov() -> Identity:
    return Identity(traits=LOCAL)


def _recup() -> Identity:
    return _prov().apply_insi_result(FOUND, at=at(1))


def _vali() -> Identity:
    return _prov().apply_document_check("PA", coherent=True, at=at(1))


def _qual() -> Identity:
    return _vali().apply_insi_result(FOUND, at=at(2))


def _dout() -> Identity:  # was QUAL: the document check is kept, the INS dropped
    return _qual().with_attribute("DOUT", at=at(3))


def _fict() -> Identity:
    return _prov().with_attribute("FICT", at=at(3))


def _homa_recup() -> Identity:
    return _recup().with_attribute("HOMA", at=at(3))


START: dict[str, Callable[[], Identity]] = {
    "PROV": _prov,
    "RECUP": _recup,
    "VALI": _vali,
    "QUAL": _qual,
    "DOUT": _dout,
    "FICT": _fict,
    "HOMA": _homa_recup,
}

Step = Callable[[Identity], Identity]
T = dt.timedelta
LATER = at(10)

TRANSITIONS: dict[str, Step] = {
    "insi 00 coherent": lambda i: i.apply_insi_result(FOUND, at=LATER),
    "insi 00 incoherent": lambda i: i.apply_insi_result(OTHER_PERSON, at=LATER),
    "insi 01": lambda i: i.apply_insi_result(NOT_FOUND, at=LATER),
    "insi 02": lambda i: i.apply_insi_result(SEVERAL, at=LATER),
    "insi key mismatch": lambda i: i.apply_insi_result(KEY_MISMATCH, at=LATER),
    "insi exceptional date": lambda i: i.apply_insi_result(LUNAR, at=LATER),
    "document high coherent": lambda i: i.apply_document_check("CN", coherent=True, at=LATER),
    "document low trust": lambda i: i.apply_document_check("OTHER", coherent=True, at=LATER),
    "document incoherent": lambda i: i.apply_document_check("PA", coherent=False, at=LATER),
    "document withdrawn": lambda i: i.withdraw_document_check(reason="Forged.", at=LATER),
    "vitale app": lambda i: i.apply_vitale_app(INS, VITALE_TRAITS, at=LATER),
    "verification ok": lambda i: i.apply_verification(
        verification(True, VerificationReason.CONFIRMED), at=LATER
    ),
    "verification new active": lambda i: i.apply_verification(
        verification(True, VerificationReason.REPLACED, OLD_INS), at=LATER
    ),
    "verification failed": lambda i: i.apply_verification(
        verification(False, VerificationReason.TRAITS_DIFFER), at=LATER
    ),
    "set DOUT": lambda i: i.with_attribute(IdentityAttribute.DOUTEUSE, at=LATER),
    "set FICT": lambda i: i.with_attribute("FICT", at=LATER),
    "set HOMD": lambda i: i.with_attribute("HOMD", at=LATER),
    "remove DOUT": lambda i: i.without_attribute("DOUT", at=LATER),
    "remove HOMA": lambda i: i.without_attribute("HOMA", at=LATER),
    "edit strict": lambda i: i.edit_traits(birth_name="ADRUM", at=LATER),
    "edit strict during check": lambda i: i.edit_traits(
        first_names="ZOE MARIE", during_document_check=True, at=LATER
    ),
    "edit complementary": lambda i: i.edit_traits(used_name="DURAND", at=LATER),
}

E = StatusError
# transition -> expected status (or StatusError) from PROV, RECUP, VALI, QUAL, DOUT, FICT, HOMA.
# DOUT started as QUAL (document kept); HOMA is a RECUP homonym.
EXPECTED: dict[str, tuple[object, ...]] = {
    "insi 00 coherent": (RECUP, RECUP, QUAL, QUAL, E, E, RECUP),  # I := yes
    "insi 00 incoherent": (PROV, RECUP, VALI, QUAL, E, E, RECUP),  # no change, recorded
    "insi 01": (PROV, RECUP, VALI, QUAL, E, E, RECUP),  # no change, recorded
    "insi 02": (PROV, RECUP, VALI, QUAL, E, E, RECUP),  # no change, recorded
    "insi key mismatch": (PROV, RECUP, VALI, QUAL, E, E, RECUP),  # failed retrieval
    "insi exceptional date": (PROV, RECUP, VALI, QUAL, E, E, RECUP),  # never RECUP/QUAL
    "document high coherent": (VALI, QUAL, VALI, QUAL, PROV, PROV, QUAL),  # C := yes
    "document low trust": (PROV, RECUP, VALI, QUAL, PROV, PROV, RECUP),  # recorded only
    "document incoherent": (PROV, RECUP, VALI, QUAL, PROV, PROV, RECUP),  # recorded only
    "document withdrawn": (E, E, PROV, RECUP, PROV, E, E),  # C := no, I kept
    "vitale app": (QUAL, QUAL, QUAL, QUAL, E, E, QUAL),  # I and C := yes
    "verification ok": (E, RECUP, E, QUAL, E, E, RECUP),  # needs a stored INS
    "verification new active": (E, RECUP, E, QUAL, E, E, RECUP),  # matricule replaced
    "verification failed": (E, PROV, E, VALI, E, E, PROV),  # I := no
    "set DOUT": (PROV, PROV, PROV, PROV, E, E, PROV),  # already DOUT; FICT+DOUT refused
    "set FICT": (PROV, PROV, PROV, PROV, E, E, E),  # fictive combines with nothing
    "set HOMD": (PROV, RECUP, VALI, QUAL, PROV, E, E),  # HOMA+HOMD refused
    "remove DOUT": (E, E, E, E, VALI, E, E),  # recomputed: I stays no, C kept
    "remove HOMA": (E, E, E, E, E, E, RECUP),  # only where it is set
    "edit strict": (PROV, PROV, PROV, PROV, PROV, PROV, PROV),  # I := no, C := no
    "edit strict during check": (PROV, PROV, VALI, VALI, PROV, PROV, PROV),  # C kept
    "edit complementary": (PROV, RECUP, VALI, QUAL, PROV, PROV, RECUP),  # no effect
}

CASES = [
    pytest.param(name, start, expected, id=f"{name} from {start}")
    for name, row in EXPECTED.items()
    for start, expected in zip(START, row, strict=True)
]


def test_the_table_covers_every_transition() -> None:
    assert set(EXPECTED) == set(TRANSITIONS)


def test_starting_identities_have_the_intended_status() -> None:
    statuses = {name: build().status for name, build in START.items()}
    assert statuses == {
        "PROV": PROV,
        "RECUP": RECUP,
        "VALI": VALI,
        "QUAL": QUAL,
        "DOUT": PROV,
        "FICT": PROV,
        "HOMA": RECUP,
    }


@pytest.mark.parametrize(("name", "start", "expected"), CASES)
def test_transition_from_every_status(name: str, start: str, expected: object) -> None:
    before = START[start]()
    snapshot = before.model_dump_json()
    if expected is E:
        with pytest.raises(StatusError) as caught:
            TRANSITIONS[name](before)
        assert caught.value.message.endswith(".")
        assert before.model_dump_json() == snapshot  # the record is unchanged
        return
    after = TRANSITIONS[name](before)
    assert after.status is expected
    assert before.model_dump_json() == snapshot  # immutable
    assert len(after.events) == len(before.events) + 1
    event = after.events[-1]
    assert event.status_before is before.status
    assert event.status_after is expected
    assert event.at == LATER
    assert event.reason
    # the invariants hold after every transition
    assert (after.ins is not None) is (expected in (RECUP, QUAL))
    assert not (after.attributes & {IdentityAttribute.DOUTEUSE, IdentityAttribute.FICTIVE}) or (
        expected is PROV
    )
    assert Identity.replay(after.initial_traits, after.events) == after


def test_retrieval_stores_insi_traits_verbatim_and_the_history() -> None:
    identity = _prov().apply_insi_result(FOUND, at=at(1))
    assert identity.ins == INS
    assert identity.traits.birth_name == "ADRUN"  # INSi's form replaces what was typed
    assert identity.traits.first_names == "ZOE"
    assert identity.traits.used_name == "MARTIN"  # complementary traits stay local
    assert [h.ins for h in identity.ins_history] == [OLD_INS]
    event = identity.events[-1]
    assert event.kind is EventKind.INSI_RESULT
    assert event.outcome is Outcome.RETRIEVED
    assert event.payload.insi_code == "00"
    assert event.payload.previous_traits == LOCAL
    assert identity.initial_traits == LOCAL


@pytest.mark.parametrize(
    ("insi_result", "outcome", "detail"),
    [
        (NOT_FOUND, Outcome.NOT_FOUND, ()),  # 01
        (SEVERAL, Outcome.SEVERAL, ()),  # 02
        (OTHER_PERSON, Outcome.INCOHERENT, ("birth_name",)),  # the differing trait is recorded
        (KEY_MISMATCH, Outcome.ANOMALY, ("key_mismatch",)),  # the anomaly code is recorded
        (LUNAR, Outcome.EXCEPTIONAL_BIRTH_DATE, ()),  # cannot reach RECUP/QUAL
    ],
)
def test_results_that_change_nothing_are_recorded(
    insi_result: InsiResult, outcome: Outcome, detail: tuple[str, ...]
) -> None:
    identity = _prov().apply_insi_result(insi_result, at=at(1))
    event = identity.events[-1]
    assert event.outcome is outcome
    assert event.payload.changed + event.payload.anomalies == detail
    assert identity.ins is None
    assert identity.traits == LOCAL
    assert event.payload.ins is None  # a failed retrieval is never stored


def test_exceptional_birth_date_is_explained() -> None:
    identity = _vali().apply_insi_result(LUNAR, at=at(5))
    assert identity.status is VALI
    assert "exceptional birth date" in identity.explain()
    assert "retrieve the INS" not in identity.explain()


def test_warning_when_insi_is_called_for_a_provisional_identity_without_a_document() -> None:
    warned = _prov().apply_insi_result(FOUND, at=at(1)).events[-1]
    assert warned.warning is not None
    assert "RECO PP 03" in warned.warning
    assert "Warning:" in warned.describe()
    # a document checked in the same step (even a low-trust one): no warning
    checked_first = _prov().apply_document_check("OTHER", coherent=True, at=at(1))
    assert checked_first.apply_insi_result(FOUND, at=at(1)).events[-1].warning is None
    # an identity that is already validated: no warning
    assert _vali().apply_insi_result(FOUND, at=at(2)).events[-1].warning is None
    # a provisional identity whose last event is not a document check: warning
    later = checked_first.edit_traits(used_name="X", at=at(2))
    assert later.apply_insi_result(NOT_FOUND, at=at(3)).events[-1].warning is not None


def test_document_evidence_is_stored_with_its_validity_and_never_expires() -> None:
    identity = _prov().apply_document_check(
        "eCN", coherent=True, valid_until=dt.date(2027, 6, 1), at=at(1)
    )
    evidence = identity.document_check
    assert evidence is not None
    assert evidence.document is IdentityDocument.ELECTRONIC_IDENTITY_CARD
    assert evidence.valid_until == dt.date(2027, 6, 1)
    assert evidence.checked_at == at(1)
    assert identity.events[-1].warning is None
    years_later = identity.edit_traits(used_name="X", at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert years_later.status is VALI  # no automatic downgrade (docs/domain/status.md#transitions)


def test_an_expired_document_is_accepted_with_a_warning() -> None:
    identity = _prov().apply_document_check(
        "PA", coherent=True, valid_until=dt.date(2025, 1, 1), at=at(1)
    )
    assert identity.status is VALI
    assert (
        identity.events[-1].warning == "The document had expired on 2025-01-01 when it was checked."
    )


def test_the_structure_policy_decides_what_is_high_trust() -> None:
    policy = DocumentPolicy.default().without(["CN"])
    identity = _prov().apply_document_check("CN", coherent=True, policy=policy, at=at(1))
    assert identity.status is PROV
    assert identity.events[-1].outcome is Outcome.LOW_TRUST
    assert identity.events[-1].payload.document is not None
    assert identity.events[-1].payload.document.trust == "low"


def test_an_incoherent_document_suggests_the_doubtful_attribute() -> None:
    event = _prov().apply_document_check("PA", coherent=False, at=at(1)).events[-1]
    assert event.outcome is Outcome.DOCUMENT_INCOHERENT
    assert "DOUT" in event.reason


def test_doubtful_drops_the_ins_but_keeps_it_in_the_log() -> None:
    identity = _dout()
    assert identity.ins is None
    assert identity.ins_history == ()
    event = identity.events[-1]
    assert event.payload.ins == INS
    assert event.payload.ins_history
    assert "DOUT" in identity.explain()
    restored = identity.without_attribute("DOUT", at=at(4))
    assert restored.status is VALI
    assert restored.ins is None  # I stays no until a new INSi call
    assert restored.apply_insi_result(FOUND, at=at(5)).status is QUAL


def test_vitale_app_qualifies_and_records_the_av_device() -> None:
    identity = _prov().apply_vitale_app(INS, VITALE_TRAITS, at=at(1))
    assert identity.status is QUAL
    assert identity.document_check is not None
    assert identity.document_check.document is IdentityDocument.VITALE_APP
    assert identity.traits.used_name == "MARTIN"
    assert identity.ins_history == ()


def test_vitale_app_with_an_exceptional_birth_date_does_not_store_the_ins() -> None:
    lunar = VITALE_TRAITS.model_copy(update={"birth_date": LUNAR.individual.traits.birth_date})  # type: ignore[union-attr]
    identity = _prov().apply_vitale_app(INS, lunar, at=at(1))
    assert identity.status is VALI
    assert identity.ins is None
    assert identity.events[-1].outcome is Outcome.EXCEPTIONAL_BIRTH_DATE
    assert "exceptional birth date" in identity.explain()
    assert Identity.replay(identity.initial_traits, identity.events) == identity


def test_verification_with_a_new_active_matricule_moves_the_old_one_to_the_history() -> None:
    no_history = Verification(
        ok=True, reason=VerificationReason.REPLACED, result=NOT_FOUND, new_active=OLD_INS
    )
    identity = _recup().apply_verification(no_history, at=at(5))
    assert identity.ins == OLD_INS
    assert identity.ins_history[0].ins == INS
    from_insi = _recup().apply_verification(
        verification(True, VerificationReason.REPLACED, OLD_INS), at=at(5)
    )
    assert from_insi.ins_history == FOUND.individual.history  # type: ignore[union-attr]
    assert from_insi.events[-1].outcome is Outcome.REPLACED


def test_verification_confirming_the_same_matricule_changes_nothing() -> None:
    same = verification(True, VerificationReason.CONFIRMED, INS)
    identity = _qual().apply_verification(same, at=at(5))
    assert identity.events[-1].outcome is Outcome.CONFIRMED
    assert identity.ins == INS


def test_failed_verification_records_why_and_the_dropped_ins() -> None:
    event = _qual().apply_verification(verification(False, VerificationReason.NOT_FOUND)).events[-1]
    assert event.outcome is Outcome.FAILED
    assert event.payload.verification_reason == "not_found"
    assert event.payload.ins == INS


def test_manual_edits() -> None:
    edited = _qual().edit_traits(birth_name="ADRUM", sex="F", at=at(5))
    event = edited.events[-1]
    assert event.payload.changed == ("birth_name",)  # sex was given but did not change
    assert event.payload.ins == INS  # what the edit voided
    assert edited.document_check is None
    during = _prov().edit_traits(birth_name="ADRUM", during_document_check=True, at=at(5))
    assert during.events[-1].warning == "No high-trust document check is on record: record it too."
    unchanged = _qual().edit_traits(birth_name="ADRUN", at=at(5))
    assert unchanged.status is QUAL
    assert unchanged.events[-1].outcome is Outcome.UNCHANGED


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({}, StatusError, "at least one trait"),  # nothing to edit
        ({"nickname": "Z"}, StatusError, "nickname is not a trait"),  # unknown field
        ({"birth_date": "1975-13-01"}, InvalidTrait, "month 13"),  # typed: no lunar date
        ({"birth_date": "2999-01-01"}, InvalidTrait, "future"),  # typed: judged against today
        ({"birth_date": dt.date(2999, 1, 1)}, InvalidTrait, "future"),  # a date object too
        ({"birth_name": ""}, InvalidTrait, "Trait birth_name"),  # empty
        ({"sex": "x"}, InvalidTrait, "not a sex"),  # invalid value, the ins error itself
        ({"during_document_check": "yes"}, StatusError, "True or False"),  # not a bool
    ],
)
def test_bad_edits_raise(changes: dict[str, object], error: type[Exception], message: str) -> None:
    identity = _recup()
    with pytest.raises(error, match=message):
        identity.edit_traits(**changes)  # type: ignore[arg-type]
    assert identity.status is RECUP


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda i: i.apply_insi_result("00"), "is an InsiResult"),
        (lambda i: i.apply_verification(FOUND), "is a Verification"),
        (lambda i: i.apply_vitale_app("275126322074974", VITALE_TRAITS), "must be an Ins"),
        (lambda i: i.apply_vitale_app(INS, {"birth_name": "X"}), "must be Traits"),
        (lambda i: i.apply_document_check("PC", coherent=True), "not an identity document"),
        (lambda i: i.apply_document_check("PA", coherent="yes"), "True or False"),
        (lambda i: i.apply_document_check("PA", coherent=True, policy={"PA"}), "DocumentPolicy"),
        (
            lambda i: i.apply_document_check("PA", coherent=True, valid_until="2030-01-01"),
            "must be a date",
        ),
        (lambda i: i.withdraw_document_check(reason="  "), "Say why"),
        (lambda i: i.with_attribute("XX"), "not an identity attribute"),
        (lambda i: i.apply_insi_result(FOUND, at=dt.datetime(2026, 1, 5)), "timezone-aware"),
        (lambda i: i.apply_insi_result(FOUND, at=at(-60)), "before the previous event"),
    ],
)
def test_bad_requests_raise_status_error(call: Step, message: str) -> None:
    identity = _recup()
    with pytest.raises(StatusError, match=message):
        call(identity)


def test_timestamps_come_from_the_injected_clock_in_utc() -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    identity = Identity(traits=LOCAL, clock=lambda: dt.datetime(2026, 3, 1, 10, 0, tzinfo=paris))
    identity = identity.apply_document_check("PA", coherent=True)
    assert identity.events[-1].at == dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    assert identity.events[-1].at.tzinfo is dt.UTC
    naive = Identity(traits=LOCAL, clock=lambda: dt.datetime(2026, 3, 1))
    with pytest.raises(StatusError, match="timezone-aware"):
        naive.with_attribute("HOMA")
    assert utc_now().tzinfo is dt.UTC
    assert Identity(traits=LOCAL).with_attribute("HOMA").events[-1].at.tzinfo is dt.UTC


def test_only_qualified_shares_the_ins() -> None:
    assert require_qualified(_qual()) == INS
    assert _qual().can_share_ins
    for build in (_prov, _recup, _vali, _dout, _fict):
        identity = build()
        assert not identity.can_share_ins
        with pytest.raises(NotQualified) as caught:
            require_qualified(identity)
        assert caught.value.code == "not_qualified"
        assert MATRICULE not in caught.value.message
        assert "not QUAL" in caught.value.message
    with pytest.raises(NotQualified, match="Only an Identity"):
        require_qualified(INS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "fragments"),
    [
        (_prov, ["PROV", "retrieve the INS through INSi and check a high-trust document"]),
        (_recup, ["RECUP", "retrieved through INSi on 2026-01-05", "check a high-trust document"]),
        (_vali, ["VALI", "(Passeport) on 2026-01-05", "retrieve the INS through INSi."]),
        (_qual, ["QUAL", "may be used to reference and share health data"]),
        (_dout, ["PROV", "marked identité douteuse (DOUT)", "remove the attribute"]),
        (_fict, ["marked identité fictive (FICT)"]),
        (_homa_recup, ["RECUP", "homonyme (HOMA): stay vigilant"]),
    ],
)
def test_explain(build: Callable[[], Identity], fragments: list[str]) -> None:
    sentence = build().explain()
    for fragment in fragments:
        assert fragment in sentence
    assert MATRICULE not in sentence


def test_a_record_made_with_model_construct_explains_without_dates() -> None:
    # model_construct is pydantic's trusted-data escape hatch (ADR 0105): no check, no log.
    identity = Identity.model_construct(traits=VITALE_TRAITS, ins=INS)
    assert identity.status is RECUP
    assert "retrieved through INSi and" in identity.explain()


def test_privacy_of_reprs_and_descriptions() -> None:
    identity = _dout()
    shown = repr(identity) + str(identity) + "".join(e.describe() for e in identity.events)
    assert MATRICULE not in shown
    assert OLD_MATRICULE not in shown
    assert "27512**********" in repr(identity.events[-1].payload)


def test_json_round_trip_keeps_the_record() -> None:
    identity = _dout().without_attribute("DOUT", at=at(9)).apply_insi_result(FOUND, at=at(9))
    again = Identity.model_validate_json(identity.model_dump_json())
    assert again == identity
    assert again.status is QUAL
    assert "clock" not in identity.model_dump()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ins": INS, "attributes": ["DOUT"]}, "keeps no INS"),  # DOUT drops the INS
        ({"attributes": ["FICT", "DOUT"]}, "both fictive"),  # forbidden combination
        ({"ins_history": FOUND.individual.history}, "no matricule history"),  # type: ignore[union-attr]
        ({"ins": INS, "traits": LUNAR.individual.traits}, "exceptional"),  # type: ignore[union-attr]
        (
            {
                "document_check": _prov()
                .apply_document_check("OTHER", coherent=True)
                .events[-1]
                .payload.document
            },
            "coherent and of high trust",
        ),
        ({"events": _recup().events}, "last event's status"),  # a log that is not this record
        ({"status": "QUAL"}, "status"),  # the status is never set
    ],
)
def test_records_that_break_the_rules_are_refused(fields: dict[str, object], message: str) -> None:
    data: dict[str, object] = {"traits": VITALE_TRAITS, **fields}
    with pytest.raises(ValidationError, match=message) as raised:
        Identity(**data)
    assert raised.value.errors()[0]["type"] in {"status_error", "extra_forbidden"}


def test_identity_equality() -> None:
    assert _prov() == Identity(traits=LOCAL, clock=lambda: T0)  # the clock is not compared
    assert _prov() != _vali()
    assert _prov() != "PROV"
    assert len({_qual(), _qual(), _prov()}) == 2  # hashable, consistently with ==


def test_replay_refuses_a_log_that_does_not_fit() -> None:
    events = _qual().events
    with pytest.raises(StatusError, match="does not replay"):
        Identity.replay(LOCAL, events[1:])  # the INSi event alone gives RECUP, not QUAL
    with pytest.raises(StatusError, match="Event records"):
        Identity.replay(LOCAL, ["event"])  # type: ignore[list-item]
    reversed_log = (events[1], events[0])
    with pytest.raises(StatusError):
        Identity.replay(LOCAL, reversed_log)
    stripped = events[1].model_copy(
        update={"payload": events[1].payload.model_copy(update={"ins": None})}
    )
    with pytest.raises(StatusError, match="no INS in its payload"):
        Identity.replay(LOCAL, (events[0], stripped))
    out_of_order = events[1].model_copy(update={"at": T0})
    with pytest.raises(StatusError, match="events must be in order"):
        Identity.replay(LOCAL, (events[0], out_of_order))
    doubtful = _prov().with_attribute("FICT", at=T0).events
    with pytest.raises(StatusError, match="INSi is refused"):
        Identity.replay(LOCAL, (*doubtful, _recup().events[0]))


def test_replay_with_a_clock() -> None:
    identity = _qual()
    again = Identity.replay(identity.initial_traits, identity.events, clock=lambda: at(60))
    assert again == identity
    assert again.with_attribute("HOMA").events[-1].at == at(60)


def test_event_times_must_be_aware() -> None:
    event = _vali().events[-1]
    with pytest.raises(ValueError, match="timezone-aware"):
        event.model_validate({**event.model_dump(), "at": dt.datetime(2026, 1, 5)})
    assert event.describe().startswith("2026-01-05T09:01:00+00:00 document_check (checked)")


def test_an_edited_birth_date_is_stored_as_typed() -> None:
    edited = _qual().edit_traits(birth_date=dt.date(1975, 12, 30), at=at(5))
    assert edited.traits.birth_date.value == dt.date(1975, 12, 30)
    assert edited.status is PROV
    partial = _prov().edit_traits(birth_date="1975-00-00", at=at(5))
    assert partial.traits.birth_date.estimated


def test_validation_from_data_reports_the_status_error_code() -> None:
    data = {"traits": VITALE_TRAITS.model_dump(), "attributes": ["FICT", "DOUT"]}
    with pytest.raises(ValidationError) as caught:
        Identity.model_validate(data)
    assert caught.value.errors()[0]["type"] == "status_error"
    assert MATRICULE not in str(caught.value)
