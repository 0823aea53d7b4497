"""The INSi contract: what every INSi client must answer for the public test persons.

Not collected by itself: a test module subclasses :class:`ContractSuite` and defines the
``client`` fixture, built on the ``mock`` fixture (a fresh ``MockInsi.with_test_identities()``)::

    from insi_contract import ContractSuite

    class TestOverHttp(ContractSuite):
        @pytest.fixture
        def client(self, mock):
            with serve(mock) as url:          # whatever puts `mock` behind the client
                yield SoapInsi(HttpTransport(url))

Expected values are written from the facts of the shared test-person file
(docs/domain/insi.md#test-persons, [PADOA]), not computed from the shipped copy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import pytest

from ins._identifiers import Ins
from ins._traits import Traits
from ins.errors import InvalidTrait
from ins.insi import (
    KNOWN_FAULTS,
    AnomalyCode,
    InsiClient,
    InsiCode,
    InsiFault,
    InsiTimeout,
    InsiUnavailable,
    TraitsSearch,
    VerificationReason,
    VitaleSearch,
    search_ins,
)
from ins.insi.mock import MockInsi

NIR_OID = "1.2.250.1.213.1.4.8"


class Person(NamedTuple):
    birth_name: str
    first_names: str
    sex: str
    birth_date: str
    birthplace: str | None
    matricule: str  # 15 characters, as published
    oid: str
    history: tuple[tuple[str, dt.date | None, dt.date | None], ...] = ()
    tiq_first_name: str | None = None
    key_verifies: bool = True


PERSONS = {
    # plain case
    "ADRUN": Person("ADRUN", "ZOE", "F", "1975-12-31", "63220", "275126322074974", NIR_OID),
    # Corsica 2A, a birthplace code that is not in today's COG; no Prenom element in TIQ
    "ADRTROIS-F": Person(
        "ADRTROIS", "DOMINIQUE", "F", "1997-02-26", "2A020", "297022A02077878", NIR_OID
    ),
    # Corsica 2B
    "ADRTROIS-M": Person(
        "ADRTROIS", "TOUSSAINT", "M", "1960-01-01", "2B020", "160012B02077713", NIR_OID
    ),
    # the document lists OLA first: INSi's list is CATARINA BELLA
    "TCHITCHI": Person(
        "TCHITCHI", "CATARINA BELLA", "F", "1936-06-21", "63220", "236066322083656", NIR_OID
    ),
    # two first names
    "NESSI": Person(
        "NESSI", "MICHELANGELO ANTHONY", "M", "2010-08-07", "63220", "110086322083060", NIR_OID
    ),
    # two former matricules, the first with DateDeb later than DateFin as published
    "ECETINSI": Person(
        "ECETINSI",
        "PIERRE-ALAIN MURIEL FLORIANT",
        "M",
        "2009-07-14",
        "63220",
        "109076322083489",
        NIR_OID,
        (
            ("209076322083439", dt.date(2019, 3, 1), dt.date(2019, 2, 28)),
            ("209066322012355", None, None),
        ),
    ),
    # a NIA (OID .4.9)
    "PROVISOIRE": Person(
        "PROVISOIRE",
        "MATRICULE",
        "M",
        "2009-07-01",
        "63220",
        "109076322088835",
        "1.2.250.1.213.1.4.9",
        tiq_first_name="MATRICULE",
    ),
    # the history repeats the active matricule
    "CORSE": Person(
        "CORSE",
        "ANTHONY",
        "M",
        "1980-03-02",
        "2B020",
        "180032B02040123",
        NIR_OID,
        (("180032B02040123", None, None),),
        tiq_first_name="ANTHONY",
    ),
    # published keys that do not verify (76 and 26 expected): never an INS
    "HERMANN": Person(
        "HERMANN",
        "GATIEN",
        "M",
        "1981-03-24",
        "63220",
        "181036322045660",
        NIR_OID,
        (("281036322045610", None, None),),
        tiq_first_name="GATIEN",
        key_verifies=False,
    ),
    # the ANS test patient (test OID .4.10), no birthplace
    "PAT-TROIS": Person(
        "PAT-TROIS", "DOMINIQUE", "F", "1979-03-28", None, "279035121518989", "1.2.250.1.213.1.4.10"
    ),
}


class VerifyCase(NamedTuple):
    ins: str
    person: str
    changes: dict[str, str]
    ok: bool
    reason: str
    new_active: str | None = None


def request_for(person: Person, first_names: str | None = None, **changes: Any) -> TraitsSearch:
    fields: dict[str, Any] = {
        "birth_name": person.birth_name,
        "first_names": person.first_names.split(" ")[0] if first_names is None else first_names,
        "sex": person.sex,
        "birth_date": person.birth_date,
    }
    return TraitsSearch(**(fields | changes))


def traits_of(person: Person, **changes: Any) -> Traits:
    fields: dict[str, Any] = {
        "birth_name": person.birth_name,
        "first_names": person.first_names,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "birthplace": person.birthplace,
    }
    return Traits(**(fields | changes))


class ContractSuite:
    """Every test person and special search; subclasses provide the ``client`` fixture."""

    @pytest.fixture
    def mock(self) -> MockInsi:
        return MockInsi.with_test_identities()

    @pytest.fixture
    def client(self, mock: MockInsi) -> InsiClient:
        raise NotImplementedError("A contract test module defines the `client` fixture.")

    # -- every test person -------------------------------------------------------------------

    @pytest.mark.parametrize("name", sorted(PERSONS))
    def test_person_is_found_by_first_first_name(self, client: InsiClient, name: str) -> None:
        person = PERSONS[name]
        result = client.search_by_traits(request_for(person))
        assert result.code is InsiCode.OK
        assert result.label == "OK"
        individual = result.individual
        assert individual is not None
        assert individual.matricule_as_returned == person.matricule
        assert individual.oid_as_returned == person.oid
        history = [(h.matricule_as_returned, h.start, h.end) for h in individual.history]
        assert history == list(person.history)
        returned = individual.returned_traits
        assert (returned.birth_name, returned.first_names, returned.sex) == (
            person.birth_name,
            person.first_names,
            person.sex,
        )
        assert (returned.birth_date, returned.birthplace, returned.first_name) == (
            person.birth_date,
            person.birthplace,
            person.tiq_first_name,
        )
        assert individual.traits is not None
        assert individual.traits.first_names == person.first_names
        if person.key_verifies:
            assert result.anomalies == ()
            assert individual.ins == Ins(person.matricule, person.oid)
            assert [h.ins for h in individual.history] == [
                Ins(matricule, person.oid) for matricule, _, _ in person.history
            ]
        else:
            assert individual.ins is None
            assert result.ins is None
            assert [a.code for a in result.anomalies] == [AnomalyCode.KEY_MISMATCH] * 2
            assert [a.where for a in result.anomalies] == ["INSACTIF", "INSHISTO[1]"]
            assert person.matricule not in repr(result)

    @pytest.mark.parametrize("name", sorted(PERSONS))
    def test_person_is_found_by_the_strategy(self, client: InsiClient, name: str) -> None:
        person = PERSONS[name]
        outcome = search_ins(client, traits_of(person))
        assert outcome.result.code is InsiCode.OK
        assert len(outcome.attempts) == 1
        assert outcome.attempts[0].request.first_names == person.first_names.split(" ")[0]

    @pytest.mark.parametrize(
        ("name", "first_names", "code"),
        [
            ("NESSI", "MICHELANGELO ANTHONY", "00"),  # the whole list
            ("NESSI", "ANTHONY", "00"),  # any element of the list
            ("NESSI", "ANTHONY MICHELANGELO", "01"),  # not a run from the start
            ("ECETINSI", "PIERRE-ALAIN MURIEL", "00"),  # a run from the start
            ("ECETINSI", "MURIEL FLORIANT", "01"),  # a run, but not from the start
            ("ECETINSI", "PIERRE", "01"),  # part of a hyphenated compound
            ("TCHITCHI", "OLA", "01"),  # the document's first name, unknown to INSi
            ("TCHITCHI", "BELLA", "00"),  # second element
        ],
    )
    def test_first_name_matching(
        self, client: InsiClient, name: str, first_names: str, code: str
    ) -> None:
        result = client.search_by_traits(request_for(PERSONS[name], first_names))
        assert result.code == code

    @pytest.mark.parametrize(
        ("change", "code"),
        [
            ({"birthplace": "63220"}, "00"),  # the right birthplace
            ({"birthplace": "63113"}, "01"),  # another birthplace
            ({"sex": "M"}, "01"),  # another sex
            ({"birth_date": "1975-12-30"}, "01"),  # another birth date
            ({"birth_name": "ADRUNN"}, "01"),  # another birth name: exact matching
        ],
    )
    def test_other_traits_must_be_equal(
        self, client: InsiClient, change: dict[str, str], code: str
    ) -> None:
        result = client.search_by_traits(request_for(PERSONS["ADRUN"], **change))
        assert result.code == code

    def test_corsica_birthplace_is_matched(self, client: InsiClient) -> None:
        request = request_for(PERSONS["ADRTROIS-F"], birthplace="2A020")
        assert client.search_by_traits(request).code is InsiCode.OK

    def test_herman_for_hermann_is_the_documented_gap(self, client: InsiClient) -> None:
        # CNAM matched HERMAN to HERMANN (fuzzy): the mock matches exactly
        # (docs/domain/insi.md#matching-in-the-mock).
        request = request_for(PERSONS["HERMANN"], birth_name="HERMAN")
        assert client.search_by_traits(request).code is InsiCode.NOT_FOUND

    # -- special searches --------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("first_names", "birthplace"),
        [("LEONARDO", None), ("LEONARDO", "99127"), ("LEONARDODINO DICAPRIO BUFFALO", None)],
    )
    def test_de_vinci_gives_several(
        self, client: InsiClient, first_names: str, birthplace: str | None
    ) -> None:
        request = TraitsSearch(
            birth_name="DE VINCI",
            first_names=first_names,
            sex="M",
            birth_date="2014-02-01",
            birthplace=birthplace,
        )
        result = client.search_by_traits(request)
        assert (result.code, result.label) == (InsiCode.SEVERAL, "Plusieurs identites trouvees")
        assert result.individual is None

    def test_houilles_gives_none_whatever_the_first_names(self, client: InsiClient) -> None:
        traits = Traits(
            birth_name="HOUILLES",
            first_names="PIERRE PAUL JACQUES",
            sex="M",
            birth_date="1993-01-27",
            birthplace="75056",
        )
        outcome = search_ins(client, traits)
        assert [a.request.first_names for a in outcome.attempts] == [
            "PIERRE",
            "PAUL",
            "JACQUES",
            "PIERRE PAUL JACQUES",
        ]
        assert {a.result.label for a in outcome.attempts} == {"Aucune identite trouvee"}
        assert outcome.result.code is InsiCode.NOT_FOUND

    def test_de_vinci_retries_with_the_birthplace(self, client: InsiClient) -> None:
        traits = Traits(
            birth_name="DE VINCI",
            first_names="LEONARDO",
            sex="M",
            birth_date="2014-02-01",
            birthplace="99127",
        )
        outcome = search_ins(client, traits)
        assert [a.request.birthplace for a in outcome.attempts] == [None, "99127"]
        assert outcome.result.code is InsiCode.SEVERAL

    def test_tchitchi_document_first_names(self, client: InsiClient) -> None:
        outcome = search_ins(
            client, traits_of(PERSONS["TCHITCHI"], first_names="OLA CATARINA BELLA")
        )
        steps = [(a.request.first_names, a.result.code.value) for a in outcome.attempts]
        assert steps == [("OLA", "01"), ("CATARINA", "00")]
        assert outcome.ins == Ins("236066322083656", NIR_OID)

    # -- carte Vitale ------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            # the beneficiary's own matricule and birth date
            ({"individual_matricule": "275126322074974", "birth_date": "1975-12-31"}, "275126"),
            # a former matricule finds the person, with the new active one
            ({"individual_matricule": "209076322083439", "birth_date": "2009-07-14"}, "109076"),
            # the holder's matricule, the holder being the person
            ({"holder_matricule": "160012B02077713", "birth_date": "1960-01-01"}, "160012"),
            # the right matricule with another birth date
            ({"individual_matricule": "275126322074974", "birth_date": "1975-12-30"}, None),
            # a matricule nobody has
            ({"individual_matricule": "184127645108946", "birth_date": "1984-12-01"}, None),
        ],
    )
    def test_search_with_vitale(
        self, client: InsiClient, fields: dict[str, str], expected: str | None
    ) -> None:
        result = client.search_with_vitale(VitaleSearch(**fields))
        if expected is None:
            assert result.code is InsiCode.NOT_FOUND
        else:
            assert result.individual is not None
            assert result.individual.matricule_as_returned.startswith(expected)

    # -- verification ------------------------------------------------------------------------

    @pytest.mark.parametrize(
        "case",
        [
            # the stored INS is the active one
            VerifyCase("275126322074974", "ADRUN", {}, True, "confirmed"),
            # the stored INS is now historic: replaced by the active one
            VerifyCase("209076322083439", "ECETINSI", {}, True, "replaced", "109076322083489"),
            # another person's INS with these traits
            VerifyCase("279035121518989", "ADRUN", {}, False, "other_matricule"),
            # INSi knows nobody with these traits
            VerifyCase("275126322074974", "ADRUN", {"birth_name": "NOBODY"}, False, "not_found"),
            # traits found but not coherent: another birthplace
            VerifyCase("275126322074974", "ADRUN", {"birthplace": "99100"}, False, "traits_differ"),
        ],
        ids=lambda case: case.reason,
    )
    def test_verify(self, client: InsiClient, case: VerifyCase) -> None:
        oid = "1.2.250.1.213.1.4.10" if case.ins.startswith("279035") else NIR_OID
        answer = client.verify(Ins(case.ins, oid), traits_of(PERSONS[case.person], **case.changes))
        assert (answer.ok, answer.reason) == (case.ok, VerificationReason(case.reason))
        expected = None if case.new_active is None else Ins(case.new_active, NIR_OID)
        assert answer.new_active == expected

    def test_verify_de_vinci_is_ko_several(self, client: InsiClient) -> None:
        traits = Traits(
            birth_name="DE VINCI", first_names="LEONARDO", sex="M", birth_date="2014-02-01"
        )
        answer = client.verify(Ins("275126322074974", NIR_OID), traits)
        assert (answer.ok, answer.reason) == (False, VerificationReason.SEVERAL)

    def test_verify_hermann_is_ko_anomaly(self, client: InsiClient) -> None:
        answer = client.verify(Ins("181036322045676", NIR_OID), traits_of(PERSONS["HERMANN"]))
        assert (answer.ok, answer.reason) == (False, VerificationReason.ANOMALY)

    # -- faults ------------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("code", "subcode", "soap_code"),
        [
            ("desir_550", "siram_100", "Sender"),  # unknown software authorisation number
            ("desir_500", "siram_100", "Sender"),  # software not authorised
            ("DESIR_560", "siram_100", "Sender"),  # insufficient rights (certificate)
            ("insi_102", "siram_40", "Receiver"),  # technical error of the search
            ("desir_1020", "siram_40", "Receiver"),  # service temporarily unavailable
        ],
    )
    def test_each_fault_surfaces_with_its_codes(
        self, mock: MockInsi, client: InsiClient, code: str, subcode: str, soap_code: str
    ) -> None:
        size = len(mock)
        mock.fail_next(code)
        with pytest.raises(InsiFault) as raised:
            client.search_by_traits(request_for(PERSONS["ADRUN"]))
        fault = raised.value
        assert (fault.code, fault.subcode, fault.soap_code, fault.severity) == (
            code,
            subcode,
            soap_code,
            KNOWN_FAULTS[code].severity,  # as captured: erreur (siram_100), fatal (siram_40)
        )
        assert len(mock) == size
        # next call only: the following one is answered
        assert client.search_by_traits(request_for(PERSONS["ADRUN"])).code is InsiCode.OK

    @pytest.mark.parametrize(
        ("fault", "error"), [("timeout", InsiTimeout), ("unavailable", InsiUnavailable)]
    )
    def test_unavailability(
        self, mock: MockInsi, client: InsiClient, fault: str, error: type[Exception]
    ) -> None:
        mock.fail_always(fault)
        for _ in range(3):
            with pytest.raises(error):
                client.search_with_vitale(
                    VitaleSearch(individual_matricule="275126322074974", birth_date="1975-12-31")
                )
        mock.clear_faults()
        assert client.search_by_traits(request_for(PERSONS["ADRUN"])).code is InsiCode.OK

    def test_faults_stop_the_strategy(self, mock: MockInsi, client: InsiClient) -> None:
        mock.fail_next("insi_102", times=2)
        with pytest.raises(InsiFault) as raised:
            search_ins(client, traits_of(PERSONS["NESSI"]))
        assert raised.value.code == "insi_102"
        assert len(mock.calls) == 1

    def test_random_faults_are_reproducible(self, mock: MockInsi, client: InsiClient) -> None:
        def pattern() -> list[bool]:
            mock.fail_randomly("desir_1020", probability=0.5, seed=7)
            failed = []
            for _ in range(20):
                try:
                    client.search_by_traits(request_for(PERSONS["ADRUN"]))
                except InsiFault:
                    failed.append(True)
                else:
                    failed.append(False)
            return failed

        first = pattern()
        assert first == pattern()
        assert 0 < sum(first) < 20

    def test_request_outside_the_insi_set_is_refused(self, client: InsiClient) -> None:
        bypassed = TraitsSearch.model_construct(
            birth_name="Adrun", first_names="ZOE", sex="F", birth_date="1975-12-31", birthplace=None
        )
        with pytest.raises(InvalidTrait):
            client.search_by_traits(bypassed)
