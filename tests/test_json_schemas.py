"""The JSON schemas of the pydantic-aware types of ``ins`` (ADR 0110).

In ``validation`` mode a schema describes every form the type accepts (what a form or an API
client may send), in ``serialization`` mode exactly what ``model_dump(mode="json")`` writes. Each
schema is checked with an independent validator (``jsonschema``) against what the types really
accept and write, for generated values; descriptions are plain Markdown (no reST role, no
cross-reference of the API pages, no doctest).
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from pydantic import PydanticSchemaGenerationError, TypeAdapter

import ins
from ins import (
    BirthDate,
    BirthplaceCode,
    DocumentPolicy,
    Identity,
    IdentityDocument,
    Ins,
    Nir,
    Oid,
    Sex,
    Traits,
    TypedBirthDate,
)
from ins.insi import TraitsSearch
from ins.testing import strategies as ins_st

# The value types and records whose schemas are checked example by example.
TYPES = [
    Nir,
    BirthplaceCode,
    BirthDate,
    TypedBirthDate,
    Sex,
    Oid,
    Ins,
    Traits,
    DocumentPolicy,
    Identity,
]


def name(kind: Any) -> str:
    return getattr(kind, "__name__", "TypedBirthDate")


def schema(kind: Any, mode: str) -> dict[str, Any]:
    return TypeAdapter(kind).json_schema(mode=mode)  # type: ignore[arg-type]


def validator(kind: Any, mode: str) -> Draft202012Validator:
    return Draft202012Validator(
        schema(kind, mode), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def resolved(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node`, or the definition it refers to."""
    if "$ref" in node:
        return root["$defs"][node["$ref"].rsplit("/", 1)[1]]  # type: ignore[no-any-return]
    return node


def dumped(kind: Any, value: object) -> Any:
    """What a model writes for `value`, as a JSON document read back."""
    return json.loads(TypeAdapter(kind).dump_json(value))


@pytest.mark.parametrize("kind", TYPES, ids=name)
def test_every_example_of_the_validation_schema_is_accepted(kind: Any) -> None:
    examples = schema(kind, "validation").get("examples", [])
    if kind in (Nir, BirthplaceCode, BirthDate, TypedBirthDate, Ins):  # the others show no example
        assert examples
    for example in examples:
        validator(kind, "validation").validate(example)
        TypeAdapter(kind).validate_json(json.dumps(example))


@pytest.mark.parametrize("kind", TYPES, ids=name)
def test_every_example_of_the_serialization_schema_is_written_as_is(kind: Any) -> None:
    for example in schema(kind, "serialization").get("examples", []):
        validator(kind, "serialization").validate(example)
        assert dumped(kind, TypeAdapter(kind).validate_json(json.dumps(example))) == example


# What people type, and what the validation schemas used to refuse though the types accept it.
typed = [
    (Nir, "2 84 05 2A 321 025 52"),  # grouped as printed on a card
    (Nir, " 2.84.05.2a.321.025.52 "),  # dots, lower-case Corsica, white space around
    (Nir, "2-95-10-99-126-111-93"),  # hyphens, born abroad
    (BirthplaceCode, " 2a004"),  # lower case, white space
    (BirthDate, "31/12/1975"),  # French layout
    (BirthDate, "1/2/1975"),  # one-digit day and month
    (BirthDate, "31.12.1975"),  # dots
    (BirthDate, "00/00/1975"),  # unknown day and month
    (BirthDate, " 1977-02-35 "),  # a lunar date INSi may return, stored verbatim
    (BirthDate, {"value": "1977-02-01", "day_known": False, "exceptional": True}),
    (TypedBirthDate, " 1/2/1975"),
    (TypedBirthDate, "00/00/1975"),
    (Ins, {"matricule": "2 79 03 51 215 189 89", "oid": "urn:oid:1.2.250.1.213.1.4.10"}),
    (Ins, {"matricule": "279035121518989", "oid": " URN:OID:1.2.250.1.213.1.4.8 "}),
    (DocumentPolicy, {"high_trust": ["pa", " ECN ", "cims"]}),  # any case
]


@pytest.mark.parametrize(("kind", "value"), typed, ids=repr)
def test_what_is_typed_is_described(kind: Any, value: object) -> None:
    TypeAdapter(kind).validate_json(json.dumps(value))
    validator(kind, "validation").validate(value)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Nir, "2 84 05 2A 321 025 52"),  # typed forms are read, never written
        (BirthDate, "31/12/1975"),
        (TypedBirthDate, "31/12/1975"),
        (TypedBirthDate, "1975-02-35"),  # read as stored data, never written as typed
        (BirthplaceCode, "2a004"),
        (Ins, {"matricule": "279035121518989", "oid": "urn:oid:1.2.250.1.213.1.4.10"}),
    ],
    ids=repr,
)
def test_typed_forms_are_not_what_is_written(kind: Any, value: object) -> None:
    with pytest.raises(SchemaError):
        validator(kind, "serialization").validate(value)


@pytest.mark.parametrize("word", ["homme", "1", "Féminin", " f ", "2", "inconnu", "I"])
def test_traits_sex_is_read_from_words(word: str) -> None:
    document = {"birth_name": "A", "first_names": "B", "sex": word, "birth_date": "31/12/1975"}
    Traits.model_validate_json(json.dumps(document))
    validator(Traits, "validation").validate(document)
    with pytest.raises(SchemaError):
        validator(Traits, "serialization").validate(document)


def test_traits_schema_in_both_modes() -> None:
    typed = {
        "birth_name": "adrun",
        "first_names": "Zoé",
        "sex": "femme",
        "birth_date": "31/12/1975",
        "birthplace": " 63220 ",
    }
    validator(Traits, "validation").validate(typed)
    traits = Traits.model_validate_json(json.dumps(typed))
    written = json.loads(traits.model_dump_json())
    assert written["sex"] == "F"
    assert written["birth_date"] == "1975-12-31"
    validator(Traits, "serialization").validate(written)
    read = Traits.model_json_schema(mode="validation")["properties"]
    write = Traits.model_json_schema(mode="serialization")
    assert "homme" in read["sex"]["description"]
    assert "enum" not in read["sex"]
    assert resolved(write, write["properties"]["sex"])["enum"] == ["M", "F", "I"]
    assert write["properties"]["birth_date"]["anyOf"][0]["pattern"] == (
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    )


def test_an_insi_request_refuses_the_unknown_sex_in_its_schema_too() -> None:
    document = {"birth_name": "A", "first_names": "B", "birth_date": "1975-12-31"}
    validator(TraitsSearch, "validation").validate({**document, "sex": "homme"})
    description = schema(TraitsSearch, "validation")["properties"]["sex"]["description"]
    assert "inconnu" not in description
    assert "I) is refused" in description


def test_a_normalisation_result_is_never_read_from_json() -> None:
    read = schema(ins.NormalizedTraits, "validation")
    assert resolved(read, read["properties"]["fields"]["additionalProperties"])["not"] == {}
    write = schema(ins.NormalizedTraits, "serialization")
    fields = resolved(write, write["properties"]["fields"]["additionalProperties"])
    assert fields["required"][0] == "original"


# Serialisation: what is written always matches the serialization schema, and is read back.

_SERIALIZATION = {kind: validator(kind, "serialization") for kind in TYPES}
_VALIDATION = {kind: validator(kind, "validation") for kind in TYPES}


def _written_and_read_back(kind: Any, value: object) -> None:
    written = dumped(kind, value)
    _SERIALIZATION[kind].validate(written)
    _VALIDATION[kind].validate(written)  # what is written is accepted
    assert TypeAdapter(kind).validate_python(written) == value


@given(st.sampled_from(["key", "standard", "strict"]).flatmap(lambda s: ins_st.nirs(strictness=s)))
def test_nirs_are_written_as_described(number: Nir) -> None:
    written = dumped(Nir, number)
    _SERIALIZATION[Nir].validate(written)  # a Nir parsed at key level too


@given(ins_st.nirs(), st.sampled_from([" ", ".", "-", ""]), st.booleans())
def test_typed_nirs_are_described(number: Nir, separator: str, lower: bool) -> None:
    text = ins.nir.format(number, separator=separator)
    text = text.lower() if lower else text
    _VALIDATION[Nir].validate(text)
    assert TypeAdapter(Nir).validate_python(text) == number


@given(ins_st.birthplaces())
def test_birthplaces_are_written_as_described(place: BirthplaceCode) -> None:
    _written_and_read_back(BirthplaceCode, place)


_lunar_dates = st.builds(
    lambda year, month, day: BirthDate.from_insi(f"{year:04d}-{month:02d}-{day:02d}"),
    st.integers(1, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
)
# Dates the program builds field by field: the ISO text cannot always carry them.
_built_dates = st.builds(
    BirthDate,
    st.dates(),
    month_known=st.booleans(),
    day_known=st.booleans(),
    exceptional=st.booleans(),
    raw=st.none() | st.sampled_from(["1977-02-35", "31/12/1975", "0000-01-01", "garbage"]),
)


@given(st.one_of(ins_st.birth_dates(), _lunar_dates, _built_dates))
def test_birth_dates_are_written_as_described(date: BirthDate) -> None:
    written = dumped(BirthDate, date)
    _SERIALIZATION[BirthDate].validate(written)
    _VALIDATION[BirthDate].validate(written)
    again = TypeAdapter(BirthDate).validate_python(written)
    assert (again, again.exceptional) == (date, date.exceptional)


@given(ins_st.birth_dates())
def test_typed_birth_dates_are_written_as_described(date: BirthDate) -> None:
    _written_and_read_back(TypedBirthDate, date)


@given(ins_st.birth_dates(), st.sampled_from(["/", ".", "-"]), st.booleans())
def test_french_birth_dates_are_described(date: BirthDate, separator: str, pad: bool) -> None:
    day, month = date.day or 0, date.month or 0
    text = separator.join(
        [f"{day:02d}" if pad else str(day), f"{month:02d}" if pad else str(month), f"{date.year}"]
    )
    _VALIDATION[BirthDate].validate(text)
    _VALIDATION[TypedBirthDate].validate(text)
    assert TypeAdapter(BirthDate).validate_python(text).same_known_parts(date)
    assert TypeAdapter(TypedBirthDate).validate_python(text).same_known_parts(date)


@given(st.sampled_from(list(Sex)), st.sampled_from(list(Oid)))
def test_codes_are_written_as_described(sex: Sex, oid: Oid) -> None:
    _written_and_read_back(Sex, sex)
    _written_and_read_back(Oid, oid)


@given(st.sets(st.sampled_from([d for d in IdentityDocument if d is not IdentityDocument.OTHER])))
def test_document_policies_are_written_as_described(documents: set[IdentityDocument]) -> None:
    _written_and_read_back(DocumentPolicy, DocumentPolicy(high_trust=frozenset(documents)))


def test_a_policy_with_other_is_refused_by_its_schema_too() -> None:
    with pytest.raises(SchemaError):
        _VALIDATION[DocumentPolicy].validate({"high_trust": ["OTHER"]})


@given(ins_st.ins_identifiers())
def test_ins_identifiers_are_written_as_described(identifier: Ins) -> None:
    _written_and_read_back(Ins, identifier)


@given(ins_st.traits())
def test_traits_are_written_as_described(traits: Traits) -> None:
    _written_and_read_back(Traits, traits)


@given(ins_st.identities())
def test_identities_are_written_as_described(identity: Identity) -> None:
    written = dumped(Identity, identity)
    _SERIALIZATION[Identity].validate(written)


# Descriptions: plain Markdown wherever they come from (class docstrings, our own texts).

_MODULES = ["ins", "ins.nir", "ins.insi", "ins.insi.soap", "ins.interop", "ins.audit"]
_RAW = re.compile(r"``|:(?:class|func|meth|attr|mod|data|exc|obj|ref):`|>>>|```|\]\[")


def _pydantic_types() -> Iterator[tuple[str, Any]]:
    seen: set[int] = set()
    for name in _MODULES:
        module = importlib.import_module(name)
        for attribute in module.__all__:
            kind = getattr(module, attribute)
            if not isinstance(kind, type) or id(kind) in seen:
                continue
            seen.add(id(kind))
            try:
                TypeAdapter(kind).json_schema()
            except PydanticSchemaGenerationError:  # errors, protocols, clients...
                pass
            else:
                yield f"{name}.{attribute}", kind


def _descriptions(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _descriptions(item)


_PUBLIC = dict(_pydantic_types())


def test_the_survey_finds_the_types() -> None:
    assert {"ins.Nir", "ins.BirthDate", "ins.Traits", "ins.insi.InsiResult"} <= set(_PUBLIC)


@pytest.mark.parametrize("mode", ["validation", "serialization"])
@pytest.mark.parametrize("name", sorted(_PUBLIC))
def test_descriptions_are_plain_markdown(name: str, mode: str) -> None:
    for description in _descriptions(schema(_PUBLIC[name], mode)):
        assert not _RAW.search(description), description
