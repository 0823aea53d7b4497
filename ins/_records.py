"""The pydantic base of the records of `ins`, and masked validation errors (ADR 0104).

Pydantic puts the offending value in every error it reports: `ValidationError.errors()` and
`.json()` (what FastAPI returns in a 422) carry an `input`, even with
`hide_input_in_errors`, which only keeps it out of the message. A matricule typed in the
wrong field (a sex, an OID, a name) would travel back in that `input`. So:

- every record of `ins` derives from `Record`: frozen, input hidden from messages, its `repr` and
  `str` masked with [`ins.errors.mask_text`][ins.errors.mask_text], and a validator around its
  validation that reports every error again with its `input` (and message) masked;
- the value types (`Nir`, `BirthplaceCode`, `BirthDate`, the enums) report masked inputs
  themselves, through `masked_errors`, so that a vendor's own model holding them does too.

```pycon
>>> from pydantic import ValidationError
>>> from ins import Traits
>>> try:
...     Traits(birth_name="A", first_names="B", sex="284052A32102552", birth_date="2000-01-01")
... except ValidationError as error:
...     print(error.errors()[0]["input"])
28405**********

```
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, GetJsonSchemaHandler, ValidationError, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from ins._pydantic import plain_descriptions
from ins.errors import InsError, mask_text

__all__ = [
    "Record",
    "mask_input",
    "masked_errors",
    "masked_repr",
    "masking",
    "validation_error",
]


def mask_input(value: object, /) -> object:
    """`value` with every matricule-looking text masked, for the `input` of an error.

    Texts are masked; numbers that read as a matricule become their masked text; mappings,
    lists and tuples are masked item by item; any other object whose `repr` shows a matricule
    becomes that `repr`, masked.

    ```pycon
    >>> mask_input({"sex": "284052A32102552", "n": [284052132102552, 3]})
    {'sex': '28405**********', 'n': ['28405**********', 3]}

    ```
    """
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, bytes | bytearray):  # a JSON document that did not parse
        return mask_text(bytes(value).decode("utf-8", "replace"))
    if isinstance(value, Mapping):
        return {mask_input(key): mask_input(item) for key, item in value.items()}
    if type(value) is tuple:
        return tuple(mask_input(item) for item in value)
    if isinstance(value, list | tuple | set | frozenset):
        return [mask_input(item) for item in value]
    text = repr(value)
    masked = mask_text(text)
    return value if masked == text else masked


def masked_repr(value: tuple[Any, ...], /) -> str:
    """The `repr` of a named tuple, masked: what its `__repr__` returns.

    ```pycon
    >>> from ins.insi import WireIns
    >>> WireIns("2840521321025", "52", None)
    WireIns(number='28405********', key='52', oid=None, start=None, end=None)

    ```
    """
    fields = getattr(value, "_fields", ())
    shown = ", ".join(f"{name}={item!r}" for name, item in zip(fields, value, strict=True))
    return mask_text(f"{type(value).__name__}({shown})")


def masked_errors(error: ValidationError, /) -> ValidationError:
    """`error` again, each line with its `input` and message masked (type, location and
    context kept). Raised inside a validator, pydantic places its lines under the field."""
    details: list[InitErrorDetails] = []
    for line in error.errors():
        message = mask_text(line["msg"]).replace("{", "{{").replace("}", "}}")
        context = line.get("ctx")
        if context is not None:
            context = {name: mask_input(item) for name, item in context.items()}
        detail: InitErrorDetails = {
            "type": PydanticCustomError(line["type"], message, context),
            "loc": tuple(
                mask_text(part) if isinstance(part, str) else part for part in line["loc"]
            ),
            "input": mask_input(line["input"]),
        }
        details.append(detail)
    return ValidationError.from_exception_data(error.title, details, hide_input=True)


def validation_error(error: InsError, value: object, /, *, title: str) -> ValidationError:
    """The validation error of a value type: `error`'s code as type, its sentence as
    message, `value` masked as input."""
    message = error.message.replace("{", "{{").replace("}", "}}")
    detail: InitErrorDetails = {
        "type": PydanticCustomError(error.code, message),
        "loc": (),
        "input": mask_input(value),
    }
    return ValidationError.from_exception_data(title, [detail], hide_input=True)


def _reraise_masked(value: Any, handler: Callable[[Any], Any], /) -> Any:
    try:
        return handler(value)
    except ValidationError as error:
        raise masked_errors(error) from None


def masking(schema: core_schema.CoreSchema, /) -> core_schema.CoreSchema:
    """`schema`, reporting its errors with masked inputs (a wrap validator around it)."""
    return core_schema.no_info_wrap_validator_function(_reraise_masked, schema)


class Record(BaseModel):
    """Base of the records of `ins`: frozen, and no error, `repr` or `str` of it shows a
    matricule (see the module docstring)."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    @model_validator(mode="wrap")
    @classmethod
    def _masked_errors(cls, value: Any, handler: Callable[[Any], Any]) -> Any:
        return _reraise_masked(value, handler)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """As pydantic's, with the input of a document that is not JSON masked too (pydantic
        reports it before any validator runs)."""
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            raise masked_errors(error) from None

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """As pydantic's, with masked inputs (see `model_validate_json`)."""
        try:
            return super().model_validate_strings(obj, **options)
        except ValidationError as error:
            raise masked_errors(error) from None

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler, /
    ) -> JsonSchemaValue:
        """Pydantic's schema, its description (the docstring) without cross-references or
        doctests (ADR 0110)."""
        return plain_descriptions(handler(schema), handler)

    def __repr__(self) -> str:
        return mask_text(super().__repr__())

    def __str__(self) -> str:
        return mask_text(super().__str__())
