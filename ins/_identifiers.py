"""INS identifiers: a matricule (NIR or NIA) and the OID of its assigning authority.

A matricule never travels without its OID, which alone tells a NIR from a NIA and production
from test data (docs/domain/ins.md#oids, [FRCORE], [PADOA], [ANS-HL7]):

=====================  ==============  =================
OID                    kind            FHIR type code
=====================  ==============  =================
1.2.250.1.213.1.4.8    NIR             `INS-NIR`
1.2.250.1.213.1.4.9    NIA             `INS-NIA`
1.2.250.1.213.1.4.10   NIR test        `INS-NIR-TEST`
1.2.250.1.213.1.4.11   NIR demo        `INS-NIR-DEMO`
=====================  ==============  =================

The legacy INS-C OIDs (`.4.2`, `.4.6`, `.4.7`) are recognised and refused with their own
message; any other OID is refused too (`InvalidComponent`, component `oid`).

```pycon
>>> ins = Ins("1 09 07 63 220 888 35", "urn:oid:1.2.250.1.213.1.4.9")
>>> ins
Ins(matricule='10907**********', oid='1.2.250.1.213.1.4.9')
>>> ins.is_nia, ins.kind, ins.oid.fhir_type_code
(True, <InsKind.NIA: 'NIA'>, 'INS-NIA')
>>> Ins("279035121518989", "1.2.250.1.213.1.4.2")
Traceback (most recent call last):
...
ins.errors.InvalidComponent: The OID 1.2.250.1.213.1.4.2 is the legacy INS-C (production), ...

```
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, WithJsonSchema

from ins._pydantic import CodeEnum, as_pydantic_error
from ins._records import Record
from ins.errors import InsError, InvalidComponent, mask
from ins.nir import Nir

__all__ = ["LEGACY_INS_C_OID", "LEGACY_INS_C_OIDS", "Ins", "InsKind", "Oid"]

LEGACY_INS_C_OID = "1.2.250.1.213.1.4.2"
"""The OID of the former computed INS (INS-C): recognised, never accepted as an INS."""

LEGACY_INS_C_OIDS = (LEGACY_INS_C_OID, "1.2.250.1.213.1.4.6", "1.2.250.1.213.1.4.7")
"""INS-C production, test and demo OIDs (IHE France Annexe N): all refused."""

_LEGACY_NAMES = dict(zip(LEGACY_INS_C_OIDS, ("production", "test", "demo"), strict=True))
_URN = "urn:oid:"
_NOT_GIVEN: Any = object()  # tells Ins(matricule, None) from Ins(matricule)
_MAX_OID_INPUT = 64  # longer text is no OID: refused before any work


class InsKind(CodeEnum):
    """What an INS identifier is, from its OID."""

    NIR = "NIR"
    NIA = "NIA"
    TEST = "NIR-TEST"
    DEMO = "NIR-DEMO"


class Oid(CodeEnum):
    """The four OIDs under which an INS matricule is valid."""

    NIR = "1.2.250.1.213.1.4.8"
    NIA = "1.2.250.1.213.1.4.9"
    NIR_TEST = "1.2.250.1.213.1.4.10"
    NIR_DEMO = "1.2.250.1.213.1.4.11"

    @classmethod
    def parse(cls, text: str, /) -> Oid:
        """Read an OID, with or without `urn:oid:`; refuse INS-C and unknown OIDs.

        ```pycon
        >>> Oid.parse(" urn:oid:1.2.250.1.213.1.4.10 ")
        <Oid.NIR_TEST: '1.2.250.1.213.1.4.10'>

        ```
        """
        if isinstance(text, cls):
            return text
        if not isinstance(text, str):
            raise InvalidComponent(
                f"An OID must be given as text, not {type(text).__name__}.", component="oid"
            )
        if len(text) > _MAX_OID_INPUT:
            raise InvalidComponent(
                f"This text of {len(text)} characters is not an INS OID: use "
                "1.2.250.1.213.1.4.8 (NIR), .9 (NIA), .10 (NIR test) or .11 (NIR demo).",
                component="oid",
            )
        value = text.strip()
        if value.lower().startswith(_URN):
            value = value[len(_URN) :]
        if value in _LEGACY_NAMES:
            raise InvalidComponent(
                f"The OID {value} is the legacy INS-C ({_LEGACY_NAMES[value]}), abandoned for "
                "the INS: an INS-C is never accepted as an INS.",
                component="oid",
            )
        try:
            return cls(value)
        except ValueError:
            raise InvalidComponent(
                f"{value!r} is not an INS OID: use 1.2.250.1.213.1.4.8 (NIR), .9 (NIA), "
                ".10 (NIR test) or .11 (NIR demo).",
                component="oid",
            ) from None

    @property
    def kind(self) -> InsKind:
        """NIR, NIA, test or demo."""
        return _KINDS[self]

    @property
    def fhir_type_code(self) -> str:
        """The FR Core `identifier.type` code: `INS-NIR`, `INS-NIA`, ..."""
        return f"INS-{_KINDS[self].value}"


_KINDS = {
    Oid.NIR: InsKind.NIR,
    Oid.NIA: InsKind.NIA,
    Oid.NIR_TEST: InsKind.TEST,
    Oid.NIR_DEMO: InsKind.DEMO,
}


# What the oid field of Ins reads (Oid.parse): validation mode of its JSON schema (ADR 0110).
_OID_INPUT_SCHEMA = {
    "title": "Oid",
    "type": "string",
    "description": (
        "One of the four INS OIDs: 1.2.250.1.213.1.4.8 (NIR), .9 (NIA), .10 (NIR test) or .11 "
        "(NIR demo), with or without the urn:oid: prefix in any case, white space around "
        "ignored; written without the prefix."
    ),
    "pattern": r"^\s*(?:[uU][rR][nN]:[oO][iI][dD]:)?1\.2\.250\.1\.213\.1\.4\.(?:8|9|10|11)\s*$",
    "maxLength": _MAX_OID_INPUT,
    "examples": ["1.2.250.1.213.1.4.8", "urn:oid:1.2.250.1.213.1.4.10"],
}


def _pydantic(parse: Any) -> BeforeValidator:
    """Run an `ins` parser inside pydantic, reporting the `ins` code as the error type."""

    def run(value: Any) -> Any:
        try:
            return parse(value)
        except InsError as error:
            raise as_pydantic_error(error) from None

    return BeforeValidator(run)


class Ins(Record):
    """An INS identifier: a 15-character matricule with a valid key and one of the four OIDs.

    `Ins(matricule, oid)` validates the matricule at `standard` level and raises the
    `ins` error (never a pydantic one). As a pydantic field it validates from
    `{"matricule": ..., "oid": ...}` with the `ins` code as the error type.

    ```pycon
    >>> from pydantic import BaseModel
    >>> class Patient(BaseModel):
    ...     ins: Ins
    >>> patient = Patient.model_validate(
    ...     {"ins": {"matricule": "279035121518989", "oid": "1.2.250.1.213.1.4.10"}})
    >>> patient.ins.is_test, patient.model_dump_json()
    (True, '{"ins":{"matricule":"279035121518989","oid":"1.2.250.1.213.1.4.10"}}')

    ```
    """

    model_config = ConfigDict(
        frozen=True,
        hide_input_in_errors=True,
        json_schema_extra={
            "description": "INS identifier: a NIR or NIA matricule (15 characters, key checked) "
            "and the OID of its assigning authority.",
            "examples": [{"matricule": "279035121518989", "oid": "1.2.250.1.213.1.4.10"}],
        },
    )

    matricule: Annotated[Nir, _pydantic(Nir)]
    oid: Annotated[Oid, _pydantic(Oid.parse), WithJsonSchema(_OID_INPUT_SCHEMA, mode="validation")]

    def __init__(
        self, matricule: str = _NOT_GIVEN, oid: Oid | str = _NOT_GIVEN, /, **fields: Any
    ) -> None:
        if matricule is _NOT_GIVEN and oid is _NOT_GIVEN:
            # Keywords: a plain pydantic validation (pydantic calls this way for a field, a
            # dict or JSON), whose ValidationError carries the ins code as the error type.
            super().__init__(**fields)
            return
        if oid is _NOT_GIVEN or fields:
            raise TypeError("Ins takes the matricule and the OID: Ins(matricule, oid).")
        # Positional: the ins error itself, as for every value type of ins (None included).
        super().__init__(matricule=Nir(matricule), oid=Oid.parse(oid))

    def __repr_args__(self) -> Any:
        return [("matricule", mask(self.matricule)), ("oid", self.oid.value)]

    @property
    def kind(self) -> InsKind:
        """NIR, NIA, test or demo, from the OID."""
        return self.oid.kind

    @property
    def is_nia(self) -> bool:
        """True under the NIA OID (the digits cannot tell a NIA from a NIR)."""
        return self.oid is Oid.NIA

    @property
    def is_test(self) -> bool:
        """True for the test and demonstration OIDs (`.10` and `.11`): fictitious persons."""
        return self.oid in (Oid.NIR_TEST, Oid.NIR_DEMO)
