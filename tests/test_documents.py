"""Identity documents, their default trust and the structure's policy (docs/domain/documents.md)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ins._documents import DocumentPolicy, DocumentTrust, IdentityDocument
from ins.errors import StatusError

# Code -> default trust, from the FR Core 3.0.0-ballot INS value set, IE and OTHER.
DEFAULT_TRUST = [
    ("CN", DocumentTrust.CONDITIONAL),  # only for EU/EEA/CH/MC/AD/SM/VA nationals
    ("PA", DocumentTrust.HIGH),  # passport
    ("CS", DocumentTrust.HIGH),  # residence permit
    ("eCN", DocumentTrust.HIGH),  # electronic identity card
    ("IN", DocumentTrust.HIGH),  # La Poste digital identity (eIDAS substantial)
    ("AV", DocumentTrust.HIGH),  # Appli carte Vitale
    ("LECV", DocumentTrust.CONDITIONAL),  # direct EHPAD admission only
    ("AN", DocumentTrust.CONDITIONAL),  # a minor, with a parent's document
    ("LE", DocumentTrust.CONDITIONAL),  # a minor, with a parent's document
    ("CC", DocumentTrust.CONDITIONAL),  # a foreign minor
    ("CIMS", DocumentTrust.CONDITIONAL),  # definition not readable: confirm locally
    ("ANCV", DocumentTrust.CONDITIONAL),  # direct EHPAD admission only
    ("IE", DocumentTrust.HIGH),  # other eIDAS means, substantial or high
    ("OTHER", DocumentTrust.LOW),  # driving licence, carte Vitale alone...: never high trust
]


def test_the_enum_is_exactly_the_value_set_plus_ie_and_other() -> None:
    assert [document.value for document in IdentityDocument] == [code for code, _ in DEFAULT_TRUST]


@pytest.mark.parametrize(("code", "trust"), DEFAULT_TRUST)
def test_default_trust_and_label(code: str, trust: DocumentTrust) -> None:
    document = IdentityDocument(code)
    assert document.default_trust is trust
    assert document.label  # every document has a label for user-facing lists
    assert (document.condition is not None) is (trust is DocumentTrust.CONDITIONAL)


@pytest.mark.parametrize(
    ("text", "document"),
    [
        ("PA", IdentityDocument.PASSPORT),  # exact code
        (" ecn ", IdentityDocument.ELECTRONIC_IDENTITY_CARD),  # case and spaces do not matter
        ("Other", IdentityDocument.OTHER),  # same for OTHER
        (IdentityDocument.VITALE_APP, IdentityDocument.VITALE_APP),  # already a member
    ],
)
def test_parse(text: str, document: IdentityDocument) -> None:
    assert IdentityDocument.parse(text) is document


@pytest.mark.parametrize(
    "value",
    [
        "PC",  # driving licence: a FR Core 2.x code, not in the INS value set; use OTHER
        "",  # empty
        None,  # not text
        "X" * 100,  # junk is shortened in the message
    ],
)
def test_parse_refuses_unknown_codes(value: object) -> None:
    with pytest.raises(StatusError, match="is not an identity document code") as caught:
        IdentityDocument.parse(value)  # type: ignore[arg-type]
    assert len(caught.value.message) < 200


def test_default_policy_accepts_all_but_other() -> None:
    policy = DocumentPolicy.default()
    assert policy.high_trust == frozenset(IdentityDocument) - {IdentityDocument.OTHER}
    assert policy.trust("PA") is DocumentTrust.HIGH
    assert policy.trust("OTHER") is DocumentTrust.LOW


def test_policy_is_configurable() -> None:
    strict = DocumentPolicy.only(["PA", "cn", IdentityDocument.RESIDENCE_PERMIT])
    assert strict.is_high_trust("CN")
    assert not strict.is_high_trust("IN")
    assert strict.trust("IN") is DocumentTrust.LOW
    narrower = strict.without(["CN"])
    assert narrower.high_trust == {IdentityDocument.PASSPORT, IdentityDocument.RESIDENCE_PERMIT}
    assert strict.is_high_trust("CN")  # frozen: `without` returned a new policy
    with pytest.raises(ValidationError):
        strict.high_trust = frozenset()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        (["OTHER"], "can never count as high trust"),  # OTHER is never high trust
        (["PA", "PC"], "'PC' is not an identity document code"),  # unknown code
        ("PA", "collection of identity document codes"),  # a bare string is not a collection
        (7, "collection of identity document codes"),  # not iterable
    ],
)
def test_policy_refuses_bad_configuration_with_an_ins_error(
    documents: object, message: str
) -> None:
    with pytest.raises(StatusError, match=message):
        DocumentPolicy.only(documents)  # type: ignore[arg-type]
    # Built directly it validates as a pydantic model, with the ins code as the error type.
    with pytest.raises(ValidationError, match=message) as raised:
        DocumentPolicy(high_trust=documents)  # type: ignore[arg-type]
    assert raised.value.errors()[0]["type"] == "status_error"


def test_policy_validation_from_data_reports_the_ins_code() -> None:
    assert DocumentPolicy.model_validate({"high_trust": ["PA"]}).is_high_trust("PA")
    with pytest.raises(ValidationError) as caught:
        DocumentPolicy.model_validate({"high_trust": ["OTHER"]})
    assert caught.value.errors()[0]["type"] == "status_error"


def test_policy_round_trips_through_json() -> None:
    policy = DocumentPolicy.only(["PA", "eCN"])
    assert DocumentPolicy.model_validate_json(policy.model_dump_json()) == policy


def test_choices_preselect_nothing_and_favour_no_document() -> None:
    choices = DocumentPolicy.default().choices()
    codes = [code for code, _ in choices]
    assert codes[-1] == "OTHER"
    labels = [label for _, label in choices[:-1]]
    assert labels == sorted(labels)  # alphabetical, not "passport first"
    assert set(codes) == {document.value for document in IdentityDocument}
    assert all(isinstance(pair, tuple) and len(pair) == 2 for pair in choices)  # no default flag
    assert "OTHER" not in dict(DocumentPolicy.default().choices(include_other=False))


def test_choices_follow_the_policy() -> None:
    assert DocumentPolicy.only(["PA"]).choices(include_other=False) == (("PA", "Passeport"),)
