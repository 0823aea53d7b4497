"""Every public function of the core, given a value of the wrong type (issue 15, ADR 0103).

The rule: data (what a function reads: a number, a name, a date, a code) of any type gets the
``ins`` error of that value with a sentence (``A birth date must be text, not int.``); a
predicate (``is_valid``, ``is_valid_insi_name``, ``is_coherent_first_name``) answers False; a
keyword option of the wrong type or value raises a ``ValueError`` with a sentence (an ``ins``
error for the options the identity records). Never a bare ``TypeError``, ``AttributeError``,
``KeyError`` or ``IndexError`` from deep inside. Records (``Traits``, ``Identity``...) are
pydantic models and raise ``ValidationError`` (ADR 0003): they are checked in
``test_records.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

import ins
from ins import (
    BirthDate,
    BirthplaceCode,
    DocumentPolicy,
    Identity,
    IdentityDocument,
    InsError,
    Oid,
    Sex,
    Traits,
    nir,
)
from ins.errors import mask, mask_text

WRONG: list[Any] = [
    pytest.param(None, id="None"),
    pytest.param(123, id="int"),
    pytest.param(1.5, id="float"),
    pytest.param(True, id="bool"),
    pytest.param(b"284052A32102552", id="bytes"),
    pytest.param(["A"], id="list"),
    pytest.param({"a": 1}, id="dict"),
    pytest.param(object(), id="object"),
    pytest.param(float("nan"), id="nan"),
]
TRAITS = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
AT = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)

DATA: list[Any] = [
    # (call with the wrong value in one data argument), id = the function and the argument
    pytest.param(nir.compact, id="nir.compact"),
    pytest.param(nir.calc_key, id="nir.calc_key"),
    pytest.param(nir.validate, id="nir.validate"),
    pytest.param(nir.format, id="nir.format"),
    pytest.param(nir.parse, id="nir.parse"),
    pytest.param(ins.Nir, id="Nir"),
    pytest.param(BirthplaceCode, id="BirthplaceCode"),
    pytest.param(BirthDate, id="BirthDate(value)"),
    pytest.param(BirthDate.parse, id="BirthDate.parse"),
    pytest.param(BirthDate.from_insi, id="BirthDate.from_insi"),
    pytest.param(BirthDate.from_partial, id="BirthDate.from_partial(year)"),
    pytest.param(lambda value: BirthDate.from_partial(1977, value), id="from_partial(month)"),
    pytest.param(lambda value: BirthDate.from_partial(1977, 3, value), id="from_partial(day)"),
    pytest.param(
        lambda value: BirthDate.parse("1977-03-21").same_known_parts(value),
        id="BirthDate.same_known_parts",
    ),
    pytest.param(ins.oldest_birth_date, id="oldest_birth_date"),
    pytest.param(Oid.parse, id="Oid.parse"),
    pytest.param(Oid, id="Oid()"),
    pytest.param(lambda value: ins.Ins(value, Oid.NIR), id="Ins(matricule)"),
    pytest.param(lambda value: ins.Ins("275126322074974", value), id="Ins(oid)"),
    pytest.param(Sex.parse, id="Sex.parse"),
    pytest.param(Sex, id="Sex()"),
    pytest.param(ins.normalize_birth_name, id="normalize_birth_name"),
    pytest.param(ins.normalize_first_names, id="normalize_first_names"),
    pytest.param(ins.first_first_name, id="first_first_name"),
    pytest.param(ins.comparison_form, id="comparison_form"),
    pytest.param(ins.normalize_traits, id="normalize_traits"),
    pytest.param(lambda value: ins.compare_traits(value, TRAITS), id="compare_traits(local)"),
    pytest.param(lambda value: ins.compare_traits(TRAITS, value), id="compare_traits(ref)"),
    pytest.param(lambda value: ins.check_consistency(value, TRAITS), id="check_consistency(n)"),
    pytest.param(
        lambda value: ins.check_consistency("275126322074974", value), id="check_consistency(t)"
    ),
    pytest.param(ins.check_attributes, id="check_attributes"),
    pytest.param(lambda value: ins.check_attributes([value]), id="check_attributes([x])"),
    pytest.param(
        lambda value: ins.compute_status(ins_retrieved=value, identity_checked=False),
        id="compute_status(ins_retrieved)",
    ),
    pytest.param(
        lambda value: ins.compute_status(
            ins_retrieved=False, identity_checked=False, attributes=value
        ),
        id="compute_status(attributes)",
    ),
    pytest.param(IdentityDocument.parse, id="IdentityDocument.parse"),
    pytest.param(DocumentPolicy.only, id="DocumentPolicy.only"),
    pytest.param(lambda value: DocumentPolicy.default().without(value), id="without"),
    pytest.param(lambda value: DocumentPolicy.default().is_high_trust(value), id="is_high_trust"),
    pytest.param(lambda value: DocumentPolicy.default().trust(value), id="trust"),
    pytest.param(ins.require_qualified, id="require_qualified"),
    pytest.param(
        lambda value: Identity(traits=TRAITS).apply_insi_result(value), id="apply_insi_result"
    ),
    pytest.param(
        lambda value: Identity(traits=TRAITS).apply_document_check(value, coherent=True),
        id="apply_document_check(document)",
    ),
    pytest.param(
        lambda value: Identity(traits=TRAITS).apply_vitale_app(value, TRAITS),
        id="apply_vitale_app(ins)",
    ),
    pytest.param(
        lambda value: Identity(traits=TRAITS).apply_verification(value),
        id="apply_verification",
    ),
    pytest.param(lambda value: Identity(traits=TRAITS).with_attribute(value), id="with_attribute"),
    pytest.param(
        lambda value: Identity(traits=TRAITS).without_attribute(value), id="without_attribute"
    ),
    pytest.param(lambda value: Identity(traits=TRAITS).edit_traits(sex=value), id="edit(sex)"),
    pytest.param(
        lambda value: Identity(traits=TRAITS).edit_traits(birth_date=value), id="edit(date)"
    ),
    pytest.param(lambda value: Identity.replay(value, ()), id="Identity.replay(traits)"),
    pytest.param(lambda value: Identity.replay(TRAITS, value), id="Identity.replay(events)"),
    pytest.param(mask, id="errors.mask"),
    pytest.param(mask_text, id="errors.mask_text"),
]


@pytest.mark.parametrize("value", WRONG)
@pytest.mark.parametrize("call", DATA)
def test_data_of_the_wrong_type_gets_the_ins_error(
    call: Callable[[Any], object], value: object
) -> None:
    try:
        call(value)
    except InsError as error:
        _is_a_sentence(str(error))
    # Some calls accept some of these values (an int birth year, a list of codes): fine.


PREDICATES: list[Any] = [
    pytest.param(nir.is_valid, id="nir.is_valid"),
    pytest.param(ins.is_valid_insi_name, id="is_valid_insi_name"),
    pytest.param(lambda value: ins.is_coherent_first_name(value, "ZOE"), id="coherent(name)"),
    pytest.param(lambda value: ins.is_coherent_first_name("ZOE", value), id="coherent(list)"),
    pytest.param(lambda value: ins.is_coherent_first_name("ZOE", [value]), id="coherent([x])"),
]


@pytest.mark.parametrize("value", WRONG)
@pytest.mark.parametrize("call", PREDICATES)
def test_a_predicate_answers_false(call: Callable[[Any], bool], value: object) -> None:
    assert call(value) is False


OPTIONS: list[Any] = [
    # (call with the wrong value in one keyword option)
    pytest.param(lambda value: nir.validate("275126322074974", strictness=value), id="strictness"),
    pytest.param(lambda value: nir.is_valid("275126322074974", strictness=value), id="is_valid"),
    pytest.param(
        lambda value: nir.validate("2751263220749", allow_missing_key=value), id="missing_key"
    ),
    pytest.param(lambda value: nir.format("275126322074974", separator=value), id="separator"),
    pytest.param(lambda value: BirthDate.parse("1977-03-21", today=value), id="today"),
    pytest.param(lambda value: ins.normalize_birth_name("A", policy=value), id="name policy"),
    pytest.param(lambda value: ins.normalize_traits(TRAITS, policy=value), id="traits policy"),
    pytest.param(lambda value: ins.is_valid_insi_name("A", profile=value), id="profile"),
    pytest.param(
        lambda value: Identity(traits=TRAITS).apply_document_check("PA", coherent=value),
        id="coherent",
    ),
    pytest.param(
        lambda value: Identity(traits=TRAITS).apply_document_check(
            "PA", coherent=True, policy=value
        ),
        id="document policy",
    ),
    pytest.param(
        lambda value: Identity(traits=TRAITS).apply_document_check(
            "PA", coherent=True, valid_until=value
        ),
        id="valid_until",
    ),
    pytest.param(lambda value: Identity(traits=TRAITS).with_attribute("HOMA", at=value), id="at"),
    pytest.param(
        lambda value: Identity(traits=TRAITS).edit_traits(
            during_document_check=value, used_name="X"
        ),
        id="during_document_check",
    ),
    pytest.param(
        lambda value: (
            Identity(traits=TRAITS)
            .apply_document_check("PA", coherent=True, at=AT)
            .withdraw_document_check(reason=value)
        ),
        id="reason",
    ),
    pytest.param(lambda value: DocumentPolicy.default().choices(include_other=value), id="other"),
]


@pytest.mark.parametrize("value", WRONG)
@pytest.mark.parametrize("call", OPTIONS)
def test_an_option_of_the_wrong_type_gets_a_value_error(
    call: Callable[[Any], object], value: object
) -> None:
    try:
        call(value)
    except ValueError as error:
        _is_a_sentence(str(error))
    # Some options accept some of these values (True for a boolean option): fine.


def _is_a_sentence(message: str) -> None:
    """Words that end with a full stop (a sentence may start with a code or a value)."""
    assert len(message.split()) >= 4, message
    assert message.rstrip().endswith("."), message


@pytest.mark.parametrize(
    ("call", "words"),
    [
        # the three of the issue, and their neighbours
        (lambda: BirthDate.from_partial(None), "year of a birth date must be an integer"),  # type: ignore[arg-type]
        (lambda: ins.comparison_form(object()), "must be text"),  # type: ignore[arg-type]
        (lambda: ins.oldest_birth_date("2026-01-01"), "must be a date"),  # type: ignore[arg-type]
        (lambda: mask(None), "must be text"),  # type: ignore[arg-type]
    ],
)
def test_the_messages_say_what_was_expected(call: Callable[[], object], words: str) -> None:
    with pytest.raises(InsError, match=words):
        call()


def test_is_coherent_first_name_with_a_number_is_false() -> None:
    assert ins.is_coherent_first_name("A", 123) is False  # type: ignore[arg-type]


def test_today_may_be_a_datetime() -> None:
    """A datetime is a date: ``today=datetime.now()`` is read as its date."""
    assert BirthDate.parse("2026-01-05", today=dt.datetime(2026, 1, 5, 23, 59)).year == 2026
