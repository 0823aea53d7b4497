"""The fuzz run over every parser of the core (ADR 0106): any input gets a value or the ``ins``
error, never another exception. Crashes found by this run stay as ``@example`` rows."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest
from fuzzing import FUZZ, as_json, json_values, mutated_text, near, texts
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

import ins
from ins import (
    BirthDate,
    BirthplaceCode,
    DocumentPolicy,
    Identity,
    IdentityDocument,
    Ins,
    InsError,
    Oid,
    Sex,
    Traits,
    nir,
)
from ins.errors import mask_text
from ins.testing.strategies import identities, nirs

STRICTNESS = st.sampled_from(["key", "standard", "strict"])


def _reported(error: ValidationError) -> None:
    """A refusal pydantic can report: lines, and JSON (what an API sends back)."""
    assert error.errors()
    assert error.json()


POLICY = st.sampled_from(["reject", "transliterate", "drop"])


def matricules() -> st.SearchStrategy[str]:
    """Any text, or a generated NIR changed a little (cut, spliced, retyped)."""
    return texts() | nirs().flatmap(lambda number: mutated_text(nir.format(number)))


@FUZZ
@given(text=matricules(), strictness=STRICTNESS, missing_key=st.booleans())
@example(text="2 84 05 2a 321 025 52", strictness="strict", missing_key=False)  # lower case
def test_nir_verbs(text: str, strictness: str, missing_key: bool) -> None:
    options: dict[str, Any] = {"strictness": strictness, "allow_missing_key": missing_key}
    valid = nir.is_valid(text, **options)
    assert isinstance(valid, bool)
    try:
        value = nir.validate(text, **options)
    except InsError:
        assert not valid
    else:
        assert valid
        assert len(value) == 15
        assert nir.parse(text, **options) == value
    for verb in (nir.compact, nir.calc_key, nir.format, ins.Nir):
        with contextlib.suppress(InsError):
            verb(text)
    assert nir.neighbour_family(text) in (None, "NNP", "MIG")


@FUZZ
@given(text=texts() | st.sampled_from([o.value for o in Oid]).flatmap(mutated_text))
def test_oid_parse(text: str) -> None:
    with contextlib.suppress(InsError):
        assert Oid.parse(text) in Oid


@FUZZ
@given(text=texts(max_size=20))
@example(text="١")  # Arabic-Indic one: was read as M (issue 15)
@example(text="２")  # full-width two: was read as F (issue 15)
@example(text="\ud800")  # found by the fuzz run: unidecode warned (an error under -W error)
def test_sex_parse(text: str) -> None:
    try:
        sex = Sex.parse(text)
    except InsError:
        return
    assert sex in Sex
    assert not any(char.isdigit() and not char.isascii() for char in text)


def dates() -> st.SearchStrategy[str]:
    return texts(max_size=30) | st.sampled_from(
        ["1977-03-21", "21/03/1977", "1977-00-00", "00/00/1977", "1977-02-35"]
    ).flatmap(mutated_text)


@FUZZ
@given(text=dates(), today=st.dates(min_value=dt.date(1, 1, 1)))
def test_birth_dates(text: str, today: dt.date) -> None:
    try:
        typed = BirthDate.parse(text, today=today)
    except InsError:
        pass
    else:  # what a person typed reads back the same from its ISO form
        assert BirthDate.parse(typed.isoformat(), today=today) == typed
    try:
        returned = BirthDate.from_insi(text)
    except InsError:
        pass
    else:  # what INSi returned is kept verbatim
        assert returned.isoformat() == text


@FUZZ
@given(
    year=st.integers() | st.none(),
    month=st.integers(-5, 20) | st.none(),
    day=st.integers(-5, 40) | st.none(),
)
@example(year=None, month=None, day=None)  # raised a bare TypeError (issue 15)
def test_birth_date_from_partial(year: int | None, month: int | None, day: int | None) -> None:
    with contextlib.suppress(InsError):
        BirthDate.from_partial(year, month, day)  # type: ignore[arg-type]


@FUZZ
@given(text=texts(max_size=12) | st.sampled_from(["63220", "2A004", "99126"]).flatmap(mutated_text))
def test_birthplace_code(text: str) -> None:
    try:
        code = BirthplaceCode(text)
    except InsError:
        return
    assert len(code) == 5
    assert code.name is None or isinstance(code.name, str)


@FUZZ
@given(text=texts(), policy=POLICY)
def test_name_normalisation(text: str, policy: str) -> None:
    for profile, normalize in (
        ("birth_name", ins.normalize_birth_name),
        ("first_names", ins.normalize_first_names),
    ):
        try:
            result = normalize(text, policy=policy)
        except InsError:
            continue
        assert ins.is_valid_insi_name(result.normalized, profile=profile)
        assert normalize(result.normalized, policy=policy).normalized == result.normalized
        assert all(0 <= change.position <= len(text) for change in result.changes)


@FUZZ
@given(name=texts(max_size=30), names=texts() | st.lists(texts(max_size=15), max_size=4))
@example(name="A", names=123)  # raised a bare TypeError (issue 15)
def test_first_names(name: str, names: Any) -> None:
    assert isinstance(ins.is_coherent_first_name(name, names), bool)
    for parse in (ins.comparison_form, ins.first_first_name):
        with contextlib.suppress(InsError):
            assert isinstance(parse(name), str)
    assert isinstance(ins.is_valid_insi_name(name), bool)


@FUZZ
@given(codes=st.lists(texts(max_size=6) | st.sampled_from(["DOUT", "FICT", "HOMA", "HOMD"])))
def test_status_inputs(codes: list[str]) -> None:
    for parse in (
        lambda: ins.check_attributes(codes),
        lambda: ins.compute_status(ins_retrieved=True, identity_checked=True, attributes=codes),
        lambda: DocumentPolicy.only(codes),
        lambda: [IdentityDocument.parse(code) for code in codes],
    ):
        with contextlib.suppress(InsError):
            parse()


TRAITS = {
    "birth_name": "ADRUN",
    "first_names": "ZOE",
    "sex": "F",
    "birth_date": "1975-12-31",
    "birthplace": "63220",
}


@FUZZ
@given(data=near(TRAITS) | json_values, policy=POLICY)
def test_traits(data: Any, policy: str) -> None:
    try:
        Traits.model_validate(data)
    except ValidationError as error:
        _reported(error)
    try:
        result = ins.normalize_traits(data, policy=policy)
    except InsError:
        return
    assert ins.compare_traits(result.normalized, result.original).coherent in (True, False)


@FUZZ
@given(text=texts(max_size=200) | nirs().flatmap(lambda number: mutated_text(f"NIR {number}")))
def test_mask_text(text: str) -> None:
    masked = mask_text(text)
    assert mask_text(masked) == masked  # nothing left to mask
    assert len(masked) == len(text)


@FUZZ
@given(identity=identities(), data=st.data())
def test_identity_json(identity: Identity, data: st.DataObject) -> None:
    """A stored identity altered by hand: a record that its log gives, or ValidationError."""
    dumped = identity.model_dump(mode="json")
    altered = data.draw(near(dumped) | st.just(dumped))
    try:
        again = Identity.model_validate_json(as_json(altered))
    except ValidationError as error:
        _reported(error)
        return
    assert Identity.replay(again.initial_traits, again.events) == again


@FUZZ
@given(data=near({"matricule": "275126322074974", "oid": Oid.NIR.value}) | json_values)
@example(data={"matricule": "\ud800", "oid": "1.2.250.1.213.1.4.8"})  # found: json() failed
def test_ins_from_json(data: Any) -> None:
    try:
        Ins.model_validate(data)
    except ValidationError as error:
        _reported(error)


@pytest.mark.parametrize("verb", ["check", "normalize"])
@FUZZ
@given(arguments=st.lists(texts(max_size=20) | st.sampled_from(["--json", "--oid", "--policy"])))
def test_the_command_line(verb: str, arguments: list[str]) -> None:
    import contextlib
    import io

    from ins.cli import main

    if verb == "normalize":
        arguments = ["--birth-name", *arguments]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main([verb, *arguments]) in (0, 1, 2)
