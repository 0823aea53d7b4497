"""The registry behind the mock: one registration, its result built once, matricules masked."""

from __future__ import annotations

from ins.insi import InsiCode, ReturnedTraits, TraitsSearch, WireIns
from ins.insi.mock import Registry

ACTIVE = WireIns("2751263220749", "74", "1.2.250.1.213.1.4.8")
FORMER = WireIns("2751263220750", "45", "1.2.250.1.213.1.4.8")
TIQ = ReturnedTraits(birth_name="ADRUN", first_names="ZOE ANNE", sex="F", birth_date="1975-12-31")


def test_the_registered_person_gives_the_result_searches_answer() -> None:
    registry = Registry()
    person = registry.register(active=ACTIVE, history=[FORMER], tiq=TIQ)
    assert len(registry) == 1
    found = registry.search_by_traits(
        TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
    )
    assert found.code is InsiCode.OK
    assert found is person.result()  # built once, at the first search, then shared


def test_a_registered_person_masks_its_matricule() -> None:
    person = Registry().register(active=ACTIVE, history=[FORMER], tiq=TIQ)
    shown = repr(person)
    assert "275126322074974" not in shown
    assert "2751263220750" not in shown
    assert shown == "RegisteredPerson(active=27512**********, former=1)"
