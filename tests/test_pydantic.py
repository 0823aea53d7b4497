"""``ins._pydantic.PydanticStr``: the pydantic hooks of the validated strings of ``ins``.

The public types (``Nir``, ``BirthplaceCode``...) all set a description, a pattern and examples;
a subclass that sets none of them must still give a valid, minimal JSON schema.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from ins._pydantic import PydanticStr
from ins.errors import InvalidFormat


class Code(PydanticStr):
    """Three upper-case letters; no JSON title, description, pattern or examples."""

    __slots__ = ()

    def __new__(cls, value: str, /) -> Code:
        if len(value) != 3 or not value.isupper():
            raise InvalidFormat(f"A code is three capital letters; {value!r} is not.")
        return super().__new__(cls, value)


class Titled(Code):
    """The same, with every JSON option set."""

    __slots__ = ()

    json_title = "Code à trois lettres"
    json_description = "Three capital letters."
    json_pattern = "^[A-Z]{3}$"
    json_examples = ("ABC", "XYZ")


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    plain: Code
    titled: Titled


def test_schema_without_options_is_a_titled_string() -> None:
    schema = Record.model_json_schema()["properties"]["plain"]
    assert schema == {"type": "string", "title": "Code"}


def test_schema_with_every_option() -> None:
    schema = Record.model_json_schema()["properties"]["titled"]
    assert schema == {
        "type": "string",
        "title": "Code à trois lettres",
        "description": "Three capital letters.",
        "pattern": "^[A-Z]{3}$",
        "examples": ["ABC", "XYZ"],
    }


def test_validation_and_serialisation() -> None:
    record = Record.model_validate({"plain": "ABC", "titled": "XYZ"})
    assert type(record.plain) is Code
    assert type(record.titled) is Titled
    assert record.model_dump() == {"plain": "ABC", "titled": "XYZ"}
    assert type(record.model_dump()["plain"]) is str


def test_an_instance_is_kept_as_it_is() -> None:
    code = Code("ABC")
    assert Record(plain=code, titled=Titled("XYZ")).plain is code


@pytest.mark.parametrize(
    ("value", "error_type"),
    [
        ("abc", "invalid_format"),  # the class refuses it: the ins code is the error type
        (123, "invalid_format"),  # not a string at all
    ],
)
def test_errors_carry_the_ins_code(value: object, error_type: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Record.model_validate({"plain": value, "titled": "XYZ"})
    (error,) = raised.value.errors()
    assert error["type"] == error_type
    assert error["loc"] == ("plain",)
    assert error["msg"].endswith(".")
