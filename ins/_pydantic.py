"""Pydantic v2 hooks shared by the validated string types and the code enumerations of `ins`.

A validated value of `ins` *is* a `str` (`Nir`, `BirthplaceCode`...). Inheriting from
`PydanticStr` lets it be a field of a pydantic model: validation calls the class, an
`ins` error becomes a pydantic error whose type is the `ins` code (`invalid_key`...) and
whose input is masked (ADR 0104), serialisation gives a plain string, and the JSON schema is
a string with a title, a description, a pattern and examples: in `validation` mode it
describes every form the class accepts (`json_input`), in `serialization` mode exactly the
form it writes (ADR 0110). `CodeEnum` is the base of the
enumerations of codes (`Sex`, `Oid`, `IdentityStatus`...): a value that is not one of
their codes raises [`InvalidFormat`][ins.InvalidFormat] with a masked sentence, and as a pydantic
field their errors report masked inputs.

The hooks import pydantic when pydantic calls them, not before: the NIR verbs and types
([`ins.nir`][ins.nir]) load without pydantic, which cuts their start-up by about 40%
(`python -X importtime`, 2026-12-05: `ins.nir.is_valid` 58-65 ms of imports instead of
93-109 ms).

Descriptions in the JSON schemas are plain Markdown (`plain_description`): the
cross-references and doctests of the docstrings they come from are left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from ins.errors import InsError, InvalidFormat, InvalidTrait, mask_text

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationError
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import PydanticCustomError, core_schema

__all__ = [
    "CodeEnum",
    "PydanticStr",
    "as_pydantic_error",
    "plain_description",
    "plain_descriptions",
    "trait_error",
]

# mkdocstrings cross-references, [`text`][target] or [text][target]: the text is kept.
_CROSS_REFERENCE = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_FENCE = re.compile(r"^[ \t]*```[^\n]*\n.*?^[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL)


def plain_description(text: str, /) -> str:
    """A docstring as the description of a JSON schema: cross-references become their text,
    and fenced examples (doctests) are left out.

    ```pycon
    >>> plain_description("Read by [`parse`][ins.BirthDate.parse], see [the guide][guide].")
    'Read by `parse`, see the guide.'

    ```
    """
    text = _FENCE.sub("", text)
    text = _CROSS_REFERENCE.sub(r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def plain_descriptions(json: JsonSchemaValue, handler: GetJsonSchemaHandler, /) -> JsonSchemaValue:
    """`json` (a schema or a `$ref` to one) with its description made plain."""
    target = handler.resolve_ref_schema(json)
    if isinstance(target.get("description"), str):
        target["description"] = plain_description(target["description"])
    return json


def as_pydantic_error(error: InsError, /) -> PydanticCustomError:
    """The pydantic error that carries `error`'s code as its type and its sentence as message."""
    from pydantic_core import PydanticCustomError  # noqa: PLC0415 - see the module docstring

    # Braces would be read as template fields by pydantic: double them.
    return PydanticCustomError(error.code, error.message.replace("{", "{{").replace("}", "}}"))


def trait_error(error: ValidationError, /, *, whole: str = "traits") -> InvalidTrait:
    """The [`InvalidTrait`][ins.InvalidTrait] for the first error of a validation of traits (or of
    an INSi request): what a function that builds such a record raises, instead of pydantic's
    error, so that its callers catch one `ins` error. `whole` names the trait of an error
    about the record as a whole."""
    first = error.errors(include_input=False)[0]
    field = ".".join(str(part) for part in first["loc"]) or whole
    message = first["msg"] if first["msg"].endswith(".") else first["msg"] + "."
    return InvalidTrait(f"Trait {field}: {message}", trait=field)


class PydanticStr(str):
    """Mixin for `str` subclasses whose constructor validates and raises `InsError`."""

    __slots__ = ()

    json_title: ClassVar[str] = ""
    json_description: ClassVar[str] = ""
    json_pattern: ClassVar[str] = ""
    json_examples: ClassVar[tuple[str, ...]] = ()
    #: What validation accepts where it differs from what serialisation writes: keys of the
    #: schema in `validation` mode (`description`, `pattern`, `examples`, `maxLength`...), a
    #: `None` value removing the key. Empty: the class accepts the form it writes.
    json_input: ClassVar[Mapping[str, object]] = {}

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler, /
    ) -> core_schema.CoreSchema:
        from pydantic_core import PydanticCustomError, core_schema  # noqa: PLC0415

        from ins._records import validation_error  # noqa: PLC0415 - pydantic is loaded now

        def validate(value: Any) -> Any:
            if isinstance(value, cls):
                return value
            if not isinstance(value, str):
                raise PydanticCustomError(
                    "invalid_format",
                    f"A {cls.__name__} must be given as a string, not {type(value).__name__}.",
                )
            try:
                return cls(value)
            except InsError as error:
                raise validation_error(error, value, title=cls.__name__) from None

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="always"),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler, /
    ) -> JsonSchemaValue:
        json: JsonSchemaValue = {"type": "string", "title": cls.json_title or cls.__name__}
        if cls.json_description:
            json["description"] = cls.json_description
        if cls.json_pattern:
            json["pattern"] = cls.json_pattern
        if cls.json_examples:
            json["examples"] = list(cls.json_examples)
        if handler.mode == "validation":
            json.update(
                (key, list(value) if isinstance(value, tuple) else value)
                for key, value in cls.json_input.items()
            )
        return {key: value for key, value in json.items() if value is not None}


class CodeEnum(StrEnum):
    """Base of the enumerations of codes: see the module docstring.

    ```pycon
    >>> from ins import Sex
    >>> Sex("284052A32102552")
    Traceback (most recent call last):
    ...
    ins.errors.InvalidFormat: '28405**********' is not a code of Sex: use one of M, F, I.

    ```
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        shown = mask_text(repr(value))
        shown = shown if len(shown) <= 40 else shown[:40] + "..."
        codes = ", ".join(member.value for member in cls)
        raise InvalidFormat(f"{shown} is not a code of {cls.__name__}: use one of {codes}.")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler, /
    ) -> core_schema.CoreSchema:
        from ins._records import masking  # noqa: PLC0415 - pydantic is loaded now

        return masking(handler(source))

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler, /
    ) -> JsonSchemaValue:
        return plain_descriptions(handler(schema), handler)
