"""Requests to the INSi teleservice: the two searches and the verification input.

[`TraitsSearch`][ins.insi.TraitsSearch] ("RECSANSVITALE", search by the INS traits) and
[`VitaleSearch`][ins.insi.VitaleSearch] ("RECVITALE", search with a carte Vitale: the card lists
one or more beneficiaries, the user picks one, see [`VitaleCard`][ins.insi.VitaleCard]). A
request cannot be built with traits outside the INSi character set
(docs/domain/traits.md#insi-character-set), as INSi would refuse it: pydantic's `ValidationError`
with the type `invalid_trait`, or [`ins.errors.InvalidTrait`][ins.InvalidTrait] from
[`TraitsSearch.from_traits`][ins.insi.TraitsSearch.from_traits] and `revalidated`. Matricules are
masked in every `repr`.

```pycon
>>> request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> request.birth_date, request.birthplace
('1975-12-31', None)
>>> TraitsSearch(birth_name="Adrun", first_names="ZOE", sex="F", birth_date="1975-12-31")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for TraitsSearch
birth_name
  The birth name is not in INSi form (...): normalise it first. [type=invalid_trait]

```
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Self, TypeVar

from pydantic import (
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate
from ins._identifiers import Ins
from ins._names import is_valid_insi_name
from ins._pydantic import as_pydantic_error, trait_error
from ins._records import Record
from ins._sex import Sex, sex_input_schema
from ins._traits import Traits
from ins.errors import InsError, InvalidTrait, mask
from ins.nir import Nir

__all__ = [
    "TraitsSearch",
    "VerifyRequest",
    "VitaleBeneficiary",
    "VitaleCard",
    "VitaleSearch",
    "revalidated",
]

_LUNAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Record(Record):
    model_config = ConfigDict(frozen=True, hide_input_in_errors=True, extra="forbid")


class _Request(_Record):
    """A request validates like any pydantic model: a `ValidationError` whose error type is the
    `ins` code (`invalid_trait`...).
    [`TraitsSearch.from_traits`][ins.insi.TraitsSearch.from_traits] and the SOAP layer, which
    build requests from other values, raise [`InvalidTrait`][ins.InvalidTrait] instead."""


def _insi_name(value: object, profile: str, label: str) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("invalid_trait", f"The {label} must be text.")
    if not is_valid_insi_name(value, profile=profile):
        raise PydanticCustomError(
            "invalid_trait",
            f"The {label} is not in INSi form (upper-case A-Z, space, apostrophe, hyphen): "
            "normalise it first.",
        )
    return value


def _lunar_date(value: object) -> str:
    if isinstance(value, dt.date | BirthDate):
        # BirthDate: what INSi said verbatim, or 00 for the unknown parts of a partial date.
        value = value.isoformat()
    if not isinstance(value, str) or not _LUNAR_DATE.fullmatch(value):
        raise PydanticCustomError(
            "invalid_trait", "The birth date must be written YYYY-MM-DD with digits."
        )
    return value


def _insi_sex(value: object) -> Sex:
    try:
        sex = value if isinstance(value, Sex) else Sex.parse(str(value))
    except InsError as error:
        raise as_pydantic_error(error) from None
    if sex is Sex.UNKNOWN:
        raise PydanticCustomError(
            "invalid_trait", "INSi only knows the sexes M and F: an unknown sex cannot be sent."
        )
    return sex


class TraitsSearch(_Request):
    """A search by traits ("RECSANSVITALE"), traits already in INSi form.

    `first_names` is what goes in `Prenom`: one first name, or several separated by single
    spaces (the last call of the certification strategy sends the whole list,
    docs/domain/insi.md#certification-search-strategy).
    """

    birth_name: str
    first_names: str
    sex: Annotated[Sex, WithJsonSchema(sex_input_schema(unknown=False), mode="validation")]
    birth_date: str = Field(description="YYYY-MM-DD; 00 parts allowed (DateLunaire).")
    birthplace: BirthplaceCode | None = None

    @field_validator("birth_name", mode="before")
    @classmethod
    def _check_birth_name(cls, value: object) -> str:
        return _insi_name(value, "birth_name", "birth name")

    @field_validator("first_names", mode="before")
    @classmethod
    def _check_first_names(cls, value: object) -> str:
        return _insi_name(value, "first_names", "first name")

    @field_validator("sex", mode="before")
    @classmethod
    def _check_sex(cls, value: object) -> Sex:
        return _insi_sex(value)

    @field_validator("birth_date", mode="before")
    @classmethod
    def _check_birth_date(cls, value: object) -> str:
        return _lunar_date(value)

    @classmethod
    def from_traits(
        cls, traits: Traits, /, *, first_names: str | None = None, with_birthplace: bool = False
    ) -> TraitsSearch:
        """The request for `traits` (in INSi form), sending `first_names` (default: all).

        Raises [`InvalidTrait`][ins.InvalidTrait] when a trait is not in INSi form.
        """
        try:
            return cls(
                birth_name=traits.birth_name,
                first_names=traits.first_names if first_names is None else first_names,
                sex=traits.sex,
                birth_date=traits.birth_date,
                birthplace=traits.birthplace if with_birthplace else None,
            )
        except ValidationError as error:
            raise trait_error(error, whole="request") from None


class VitaleSearch(_Request):
    """A search with a carte Vitale ("RECVITALE") for the beneficiary the user picked.

    `individual_matricule` is the beneficiary's own NIR ("MatriculeIndividu"),
    `holder_matricule` the card holder's ("MatriculeOD", ouvrant droit); at least one is
    needed. `birth_rank` ("RangNaissance") tells twins apart.
    """

    individual_matricule: Nir | None = None
    holder_matricule: Nir | None = None
    birth_name: str | None = None
    birth_date: str
    birth_rank: int = Field(default=1, ge=1, le=9)

    @field_validator("birth_name", mode="before")
    @classmethod
    def _check_birth_name(cls, value: object) -> str | None:
        return None if value is None else _insi_name(value, "birth_name", "birth name")

    @field_validator("birth_date", mode="before")
    @classmethod
    def _check_birth_date(cls, value: object) -> str:
        return _lunar_date(value)

    @model_validator(mode="after")
    def _check_matricule(self) -> Self:
        if self.individual_matricule is None and self.holder_matricule is None:
            raise PydanticCustomError(
                "invalid_trait",
                "A carte Vitale search needs the beneficiary's or the holder's matricule.",
            )
        return self

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, mask(value) if name and name.endswith("matricule") and value else value


_AnyRequest = TypeVar("_AnyRequest", "TraitsSearch", "VitaleSearch")


def revalidated(request: _AnyRequest, /) -> _AnyRequest:
    """`request` checked again, so that one made with `model_construct` (or altered) is
    refused as INSi would refuse it; raises [`InvalidTrait`][ins.InvalidTrait]."""
    try:
        return type(request).model_validate(dict(request))
    except ValidationError as error:
        raise trait_error(error, whole="request") from None


class VerifyRequest(_Record):
    """What a verification sends: the stored INS and the traits
    (docs/domain/insi.md#verification)."""

    ins: Ins
    traits: Traits


class VitaleBeneficiary(_Record):
    """One person on a carte Vitale: the holder or one of the holder's beneficiaries."""

    matricule: Nir | None = None
    birth_name: str | None = None
    first_name: str | None = None
    birth_date: str
    birth_rank: int = Field(default=1, ge=1, le=9)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, mask(value) if name == "matricule" and value else value


class VitaleCard(_Record):
    """What a carte Vitale reader returns: the holder's matricule and the beneficiaries."""

    holder_matricule: Nir
    beneficiaries: tuple[VitaleBeneficiary, ...] = Field(min_length=1)

    def search_for(self, index: int, /) -> VitaleSearch:
        """The request for the beneficiary at `index` (0-based), as the user picked it."""
        if not 0 <= index < len(self.beneficiaries):
            raise InvalidTrait(
                f"The card lists {len(self.beneficiaries)} beneficiaries: index {index} is "
                "not one of them.",
                trait="beneficiary",
            )
        chosen = self.beneficiaries[index]
        return VitaleSearch(
            individual_matricule=chosen.matricule,
            holder_matricule=self.holder_matricule,
            birth_name=chosen.birth_name,
            birth_date=chosen.birth_date,
            birth_rank=chosen.birth_rank,
        )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            yield name, mask(value) if name == "holder_matricule" else value
