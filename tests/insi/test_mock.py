"""MockInsi beyond the contract: the registry, matching decisions, faults, log, threads."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from ins._identifiers import Ins
from ins._traits import Traits
from ins.errors import InvalidTrait
from ins.insi import (
    AnomalyCode,
    InsiCode,
    InsiFault,
    InsiTimeout,
    InsiUnavailable,
    TraitsSearch,
    VerifyRequest,
    VitaleSearch,
    WireIns,
)
from ins.insi.mock import MockInsi
from ins.nir import calc_key

NIR_OID = "1.2.250.1.213.1.4.8"


def letters(number: int) -> str:
    """A distinct upper-case name for each number (base 26)."""
    text = ""
    while True:
        number, digit = divmod(number, 26)
        text = chr(65 + digit) + text
        if number == 0:
            return "P" + text


def person(number: int) -> tuple[Traits, Ins]:
    body = f"1{number % 90 + 10:02d}0{number % 9 + 1}63220{number % 999 + 1:03d}"
    traits = Traits(
        birth_name=letters(number),
        first_names="JEAN PAUL",
        sex="M",
        birth_date=f"19{number % 90 + 10:02d}-0{number % 9 + 1}-15",
        birthplace="63220",
    )
    return traits, Ins(body + calc_key(body), NIR_OID)


def changed(traits: Traits, changes: dict[str, Any]) -> Traits:
    return Traits(**(dict(traits) | changes))


def search(traits: Traits, first_names: str = "JEAN", **changes: Any) -> TraitsSearch:
    fields: dict[str, Any] = {
        "birth_name": traits.birth_name,
        "first_names": first_names,
        "sex": traits.sex,
        "birth_date": traits.birth_date,
    }
    return TraitsSearch(**(fields | changes))


def test_empty_mock_finds_nobody() -> None:
    mock = MockInsi()
    traits, _ = person(1)
    assert len(mock) == 0
    assert mock.search_by_traits(search(traits)).code is InsiCode.NOT_FOUND


def test_with_test_identities_holds_every_person() -> None:
    assert len(MockInsi.with_test_identities()) == 10  # 9 INSi test persons + ANS test patient


def test_add_returns_what_a_search_returns() -> None:
    mock = MockInsi()
    traits, ins = person(7)
    added = mock.add(traits, ins)
    assert added.ins == ins
    assert mock.search_by_traits(search(traits)) == added


def test_add_normalises_the_traits() -> None:
    mock = MockInsi()
    _, ins = person(3)
    traits = Traits(birth_name="García", first_names="Zoé", sex="F", birth_date="1990-05-04")
    added = mock.add(traits, ins)
    assert added.individual is not None
    assert added.individual.returned_traits.birth_name == "GARCIA"
    request = TraitsSearch(birth_name="GARCIA", first_names="ZOE", sex="F", birth_date="1990-05-04")
    assert mock.search_by_traits(request).code is InsiCode.OK


def test_add_refuses_an_unknown_sex() -> None:
    traits, ins = person(3)
    with pytest.raises(InvalidTrait, match="M and F"):
        MockInsi().add(changed(traits, {"sex": "I"}), ins)


def test_add_keeps_a_bad_key_verbatim() -> None:
    mock = MockInsi()
    traits, _ = person(5)
    added = mock.add(traits, ("181036322045660", NIR_OID), history=[("281036322045610", NIR_OID)])
    assert [a.code for a in added.anomalies] == [AnomalyCode.KEY_MISMATCH] * 2
    assert mock.search_by_traits(search(traits)).ins is None


def test_add_with_history_and_prenom() -> None:
    mock = MockInsi()
    traits, ins = person(11)
    _, old = person(12)
    added = mock.add(
        traits, ins, history=[old, WireIns("1234567890123", None, None)], tiq_first_name="JEAN"
    )
    assert added.individual is not None
    assert [h.ins for h in added.individual.history] == [old, None]
    assert added.individual.returned_traits.first_name == "JEAN"
    # a former matricule finds the person with a carte Vitale
    vitale = VitaleSearch(individual_matricule=str(old.matricule), birth_date=traits.birth_date)
    assert mock.search_with_vitale(vitale).individual == added.individual


def test_homonyms_give_several_then_the_birthplace_or_first_name_decides() -> None:
    mock = MockInsi()
    traits, ins = person(20)
    _, other = person(21)
    mock.add(traits, ins)
    mock.add(changed(traits, {"birthplace": "2A004", "first_names": "JEAN LUC"}), other)
    assert mock.search_by_traits(search(traits)).code is InsiCode.SEVERAL
    assert mock.search_by_traits(search(traits, birthplace="2A004")).ins == other
    assert mock.search_by_traits(search(traits, "JEAN PAUL")).ins == ins


def test_special_search_overrides_persons() -> None:
    mock = MockInsi()
    traits, ins = person(30)
    mock.add(traits, ins)
    mock.add_special_search(traits.birth_name, "M", traits.birth_date.isoformat(), "01")
    assert mock.search_by_traits(search(traits)).code is InsiCode.NOT_FOUND


def test_vitale_holder_and_twins() -> None:
    mock = MockInsi()
    holder_traits, holder = person(40)
    twin_one, first = person(41)
    twin_two, second = person(42)
    born = {"birth_date": "2015-03-03"}
    mock.add(holder_traits, holder)
    mock.add(changed(twin_one, born), first, holder_matricule=str(holder.matricule))
    mock.add(
        changed(twin_two, born),
        second,
        holder_matricule=str(holder.matricule),
        birth_rank=2,
    )
    by_holder = VitaleSearch(holder_matricule=str(holder.matricule), birth_date="2015-03-03")
    assert mock.search_with_vitale(by_holder).ins == first
    assert (
        mock.search_with_vitale(VitaleSearch(**(dict(by_holder) | {"birth_rank": 2}))).ins == second
    )
    assert (
        mock.search_with_vitale(VitaleSearch(**(dict(by_holder) | {"birth_rank": 3}))).code == "01"
    )


def test_call_log_records_requests_results_and_errors() -> None:
    mock = MockInsi.with_test_identities()
    request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    ok = mock.search_by_traits(request)
    mock.fail_next("timeout")
    with pytest.raises(InsiTimeout):
        mock.search_by_traits(request)
    answer = mock.verify(Ins("275126322074974", NIR_OID), Traits(**dict(request)))
    calls = mock.calls
    assert [(c.operation, c.request, c.result) for c in calls[:1]] == [
        ("search_by_traits", request, ok)
    ]
    assert isinstance(calls[1].error, InsiTimeout)
    assert calls[1].result is None
    assert calls[2].operation == "verify"
    assert calls[2].request == VerifyRequest(
        ins=Ins("275126322074974", NIR_OID), traits=Traits(**dict(request))
    )
    assert calls[2].result == answer  # the inner searches are not logged
    assert len(calls) == 3
    mock.clear_calls()
    assert mock.calls == ()


def test_verify_can_fail_like_a_search() -> None:
    mock = MockInsi.with_test_identities()
    mock.fail_next("desir_1020")
    traits = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    with pytest.raises(InsiFault, match="desir_1020"):
        mock.verify(Ins("275126322074974", NIR_OID), traits)


def test_queued_faults_come_in_order_then_always_then_random() -> None:
    mock = MockInsi.with_test_identities()
    request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    mock.fail_always("unavailable")
    mock.fail_next("insi_102")
    mock.fail_next(InsiFault("custom", subcode="siram_7", code="x_1"), times=2)
    raised = []
    for _ in range(4):
        with pytest.raises((InsiFault, InsiUnavailable)) as error:
            mock.search_by_traits(request)
        raised.append(getattr(error.value, "code", None))
    assert raised == ["insi_102", "x_1", "x_1", "insi_unavailable"]
    # each call gets its own exception object
    errors = [call.error for call in mock.calls]
    assert errors[1] is not errors[2]
    mock.clear_faults()
    mock.fail_randomly("timeout", probability=1.0, seed=1)
    with pytest.raises(InsiTimeout):
        mock.search_by_traits(request)
    mock.fail_randomly("timeout", probability=0.0, seed=1)
    assert mock.search_by_traits(request).code is InsiCode.OK


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda mock: mock.fail_next("nope"), "Unknown INSi fault code 'nope'"),
        (lambda mock: mock.fail_next("timeout", times=0), "at least 1"),
        (lambda mock: mock.fail_randomly("timeout", probability=1.5, seed=0), "between 0 and 1"),
    ],
)
def test_bad_fault_plans(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call(MockInsi())


def test_threads_searching_and_adding() -> None:
    mock = MockInsi.with_test_identities()
    threads, per_thread = 8, 150
    errors: list[BaseException] = []
    adrun = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    barrier = threading.Barrier(threads)

    def work(offset: int) -> None:
        try:
            barrier.wait()
            for number in range(offset, offset + per_thread):
                traits, ins = person(number)
                mock.add(traits, ins)
                assert mock.search_by_traits(search(traits, "JEAN PAUL")).code in ("00", "02")
                assert mock.search_by_traits(adrun).code is InsiCode.OK
        except BaseException as error:  # reported below
            errors.append(error)

    workers = [threading.Thread(target=work, args=(i * per_thread,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert len(mock) == 10 + threads * per_thread  # no lost update
    assert mock.call_count == 2 * threads * per_thread
    for number in range(threads * per_thread):  # every person is still found
        traits, _ = person(number)
        assert mock.search_by_traits(search(traits, "JEAN PAUL")).code is InsiCode.OK


def test_call_log_never_shows_a_matricule() -> None:
    mock = MockInsi.with_test_identities()
    traits = Traits(
        birth_name="ECETINSI",
        first_names="PIERRE-ALAIN MURIEL FLORIANT",
        sex="M",
        birth_date="2009-07-14",
    )
    mock.search_by_traits(search(traits, "PIERRE-ALAIN"))
    mock.search_with_vitale(
        VitaleSearch(individual_matricule="209076322083439", birth_date="2009-07-14")
    )
    mock.verify(Ins("209076322083439", NIR_OID), traits)
    shown = repr(mock.calls)
    for matricule in ("109076322083489", "209076322083439", "209066322012355"):
        assert matricule not in shown
    assert "10907**********" in shown
