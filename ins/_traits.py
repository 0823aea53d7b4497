"""Civil-status traits ("traits stricts") and what can be checked about them.

[`Traits`][ins.Traits] holds the five INS traits (birth name, birth first names, sex, birth date,
birthplace) and the two complementary ones (used name, used first name), as given: the traits
INSi returns are stored verbatim (docs/domain/traits.md#storage-of-insi-traits), so no normalisation
happens on construction.

- [`normalize_traits`][ins.normalize_traits] normalises every name field to INSi form
(docs/domain/traits.md#normalisation-steps), one report;

- [`compare_traits`][ins.compare_traits] says whether local traits are coherent with those INSi
  returned, and which trait differs (docs/domain/traits.md#comparing-traits);
- [`check_consistency`][ins.check_consistency] compares a matricule with the traits
(docs/domain/nir.md#consistency-with-the-traits): warnings only.

```pycon
>>> traits = Traits(birth_name="García", first_names="Jean Christophe", sex="M",
...                 birth_date="1977-03-21", birthplace="63220")
>>> traits.first_first_name
'Jean'
>>> normalize_traits(traits).normalized.birth_name
'GARCIA'
>>> insi = Traits(birth_name="GARCIA", first_names="JEAN CHRISTOPHE PIERRE", sex="M",
...               birth_date="1977-03-21")
>>> compare_traits(traits, insi).coherent
True

```
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)

from ins._birthplace import BirthplaceCode
from ins._dates import BirthDate
from ins._first_names import comparison_form, first_first_name, is_coherent_first_name
from ins._identifiers import Ins
from ins._name_steps import MAX_INPUT
from ins._names import Normalized, normalize_birth_name, normalize_first_names
from ins._pydantic import as_pydantic_error, trait_error
from ins._records import Record
from ins._sex import Sex, sex_input_schema
from ins.errors import InsError, InvalidCharacter, InvalidTrait, mask, mask_text
from ins.nir import Nir

__all__ = [
    "STRICT_TRAITS",
    "Finding",
    "NormalizedTraits",
    "TraitComparison",
    "TraitDifference",
    "Traits",
    "check_consistency",
    "compare_traits",
    "normalize_traits",
]

_Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_INPUT, pattern=r"\S")]


def _blank_is_none(value: Any) -> Any:
    """An optional trait given as blank text (an empty CSV cell) is absent."""
    return None if isinstance(value, str) and not value.strip() else value


_Optional = BeforeValidator(_blank_is_none)


def _sex(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Sex):
        try:
            return Sex.parse(value)
        except InsError as error:
            raise as_pydantic_error(error) from None
    return value


#: The INS traits ("traits stricts"), by field name; editing one of them voids the INSi
#: retrieval (the others, used name and used first name, are complementary).
STRICT_TRAITS = ("birth_name", "first_names", "sex", "birth_date", "birthplace")


class Traits(Record):
    """The strict traits of a person, plus the complementary used name and used first name.

    `first_names` is ONE string, names separated by spaces, as INSi returns it
    (`PIERRE-ALAIN MURIEL`). `sex` accepts what [`ins.Sex.parse`][ins.Sex.parse] reads;
    `birth_date` a [`BirthDate`][ins.BirthDate], a `date` or ISO / French text;
    `birthplace` a COG code. The optional traits (birthplace, used name, used first name)
    given as blank text are absent (`None`).
    """

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    birth_name: _Name
    first_names: _Name
    sex: Annotated[
        Sex, BeforeValidator(_sex), WithJsonSchema(sex_input_schema(), mode="validation")
    ]
    birth_date: BirthDate
    birthplace: Annotated[BirthplaceCode | None, _Optional] = None
    used_name: Annotated[_Name | None, _Optional] = None
    used_first_name: Annotated[_Name | None, _Optional] = None

    @property
    def first_first_name(self) -> str:
        """The first element of `first_names` ("premier prénom de naissance")."""
        return first_first_name(self.first_names)


class Finding(Record):
    """Something worth a look: a stable `code`, a `severity` and a full-sentence message."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    code: str
    severity: Literal["warning", "error"] = "warning"
    message: str


class NormalizedTraits(Record):
    """What [`normalize_traits`][ins.normalize_traits] made of traits: the `normalized` traits and,
    per name field that is set, its [`Normalized`][ins.Normalized] result in `fields`."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    original: Traits
    normalized: Traits
    fields: dict[str, Normalized]

    @property
    def changed(self) -> bool:
        """True when any field changed."""
        return any(result.changed for result in self.fields.values())


_NAME_FIELDS: tuple[tuple[str, str], ...] = (
    ("birth_name", "birth_name"),
    ("first_names", "first_names"),
    ("used_name", "birth_name"),
    ("used_first_name", "first_names"),
)
_FIELD_LABEL = {
    "birth_name": "birth name",
    "first_names": "first names",
    "used_name": "used name",
    "used_first_name": "used first name",
}


def _as_traits(traits: Traits | Mapping[str, object]) -> Traits:
    if isinstance(traits, Traits):
        return traits
    if not isinstance(traits, Mapping):
        raise InvalidTrait(
            f"Traits must be a Traits or a mapping, not {type(traits).__name__}.", trait="traits"
        )
    try:
        return Traits.model_validate(traits)
    except ValidationError as error:
        raise trait_error(error) from None


def normalize_traits(
    traits: Traits | Mapping[str, object], /, *, policy: str = "reject"
) -> NormalizedTraits:
    """Normalise every name field of `traits` to INSi form, with one report.

    Sex, birth date and birthplace are already in their canonical form. An error names the
    field: `InvalidTrait.trait` is the field name.

    ```pycon
    >>> result = normalize_traits({"birth_name": "d’Artagnan", "first_names": "Charles",
    ...                            "sex": "homme", "birth_date": "1611-01-01"})
    >>> result.normalized.birth_name, result.normalized.first_names, result.changed
    ("D'ARTAGNAN", 'CHARLES', True)

    ```
    """
    original = _as_traits(traits)
    fields: dict[str, Normalized] = {}
    for field, profile in _NAME_FIELDS:
        value = getattr(original, field)
        if value is None:
            continue
        normalize = normalize_birth_name if profile == "birth_name" else normalize_first_names
        try:
            fields[field] = normalize(value, policy=policy)
        except InvalidCharacter as error:
            raise InvalidCharacter(
                _relabel(error.message, profile, field),
                character=error.character,
                position=error.position,
            ) from None
        except InvalidTrait as error:
            raise InvalidTrait(_relabel(error.message, profile, field), trait=field) from None
    normalized = original.model_copy(
        update={field: result.normalized for field, result in fields.items()}
    )
    return NormalizedTraits(original=original, normalized=normalized, fields=fields)


def _relabel(message: str, profile: str, field: str) -> str:
    return message.replace(_FIELD_LABEL[profile], _FIELD_LABEL[field], 1)


class TraitDifference(Record):
    """One trait that differs: its name, and both values as given."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    trait: str
    local: str
    reference: str

    @property
    def message(self) -> str:
        """A sentence for the user."""
        verb = "differ" if self.trait == "first_names" else "differs"
        return mask_text(
            f"The {_FIELD_LABEL.get(self.trait, self.trait.replace('_', ' '))} {verb}: "
            f"{self.local!r} locally, {self.reference!r} in the reference."
        )


class TraitComparison(Record):
    """Result of [`compare_traits`][ins.compare_traits]: `coherent` and the `differences` (in
    trait order)."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    differences: tuple[TraitDifference, ...] = ()

    @property
    def coherent(self) -> bool:
        """True when no trait differs."""
        return not self.differences

    @property
    def traits(self) -> tuple[str, ...]:
        """Names of the traits that differ."""
        return tuple(difference.trait for difference in self.differences)


def compare_traits(local: Traits, reference: Traits, /) -> TraitComparison:
    """Are `local` traits coherent with `reference` (what INSi returned)?
    (docs/domain/traits.md#comparing-traits)

    Names are compared after steps 1-4 of normalisation (accents, case, spacing do not count);
    the local first first name must be coherent with the reference list; sexes equal; birth
    dates equal on the parts known on both sides; birthplaces equal when both are known.

    ```pycon
    >>> insi = Traits(birth_name="TCHITCHI", first_names="CATARINA BELLA", sex="F",
    ...               birth_date="1936-06-21", birthplace="63220")
    >>> document = insi.model_copy(update={"first_names": "OLA CATARINA BELLA"})
    >>> compare_traits(document, insi).traits
    ('first_names',)

    ```
    """
    for which, value in (("local", local), ("reference", reference)):
        if not isinstance(value, Traits):
            raise InvalidTrait(
                f"The {which} traits must be Traits, not {type(value).__name__}.", trait="traits"
            )
    differences: list[TraitDifference] = []

    def differ(trait: str, mine: object, theirs: object) -> None:
        differences.append(TraitDifference(trait=trait, local=str(mine), reference=str(theirs)))

    if comparison_form(local.birth_name) != comparison_form(reference.birth_name):
        differ("birth_name", local.birth_name, reference.birth_name)
    if not is_coherent_first_name(local.first_first_name, reference.first_names):
        differ("first_names", local.first_names, reference.first_names)
    if local.sex != reference.sex:
        differ("sex", local.sex.value, reference.sex.value)
    if not local.birth_date.same_known_parts(reference.birth_date):
        differ("birth_date", local.birth_date, reference.birth_date)
    if (
        local.birthplace is not None
        and reference.birthplace is not None
        and local.birthplace != reference.birthplace
    ):
        differ("birthplace", local.birthplace, reference.birthplace)
    return TraitComparison(differences=tuple(differences))


def _warning(code: str, message: str) -> Finding:
    return Finding(code=code, severity="warning", message=message)


def _same_place(in_nir: str, in_traits: str) -> bool:
    """Equal, or a NIR place `20ccc` (Corsica before 1976) against `2Accc`/`2Bccc`."""
    if in_nir == in_traits:
        return True
    pair = {in_nir[:2], in_traits[:2]}
    return in_nir[2:] == in_traits[2:] and pair in ({"20", "2A"}, {"20", "2B"})


def check_consistency(matricule: Nir | Ins | str, traits: Traits, /) -> list[Finding]:
    """Compare a matricule with the traits (docs/domain/nir.md#consistency-with-the-traits): a list
    of warnings, maybe empty.

    The NIR can differ from the traits for legitimate reasons (order-number overflow, a
    birthplace code that changed, data entered before a correction), so nothing here is an
    error. Codes: `sex_mismatch`, `year_mismatch`, `month_mismatch`,
    `birthplace_mismatch`, `corsica_before_1976`, `unknown_birthplace`. Parts of an
    estimated birth date are not compared; an indeterminate sex (`I`) is not compared.
    `matricule` as text is validated at the `standard` level (an invalid one raises).

    ```pycon
    >>> traits = Traits(birth_name="ADRUN", first_names="ZOE", sex="F",
    ...                 birth_date="1975-12-31", birthplace="63220")
    >>> check_consistency("275126322074974", traits)
    []
    >>> findings = check_consistency("175116322074911", traits)
    >>> ", ".join(finding.code for finding in findings)
    'sex_mismatch, month_mismatch'

    ```
    """
    if isinstance(matricule, Ins):
        number = matricule.matricule
    elif isinstance(matricule, Nir):
        number = matricule
    else:
        number = Nir(matricule)
    if not isinstance(traits, Traits):
        raise InvalidTrait(f"Traits expected, not {type(traits).__name__}.", trait="traits")
    shown = mask(str(number))
    findings: list[Finding] = []
    if traits.sex is not Sex.UNKNOWN and number.sex != traits.sex:
        findings.append(
            _warning(
                "sex_mismatch",
                f"The matricule {shown} has sex digit {number.sex_digit} ({number.sex.value}) "
                f"but the traits say sex {traits.sex.value}.",
            )
        )
    date = traits.birth_date
    if number.year != date.year % 100:
        findings.append(
            _warning(
                "year_mismatch",
                f"The matricule {shown} has year {number.year:02d} but the birth date is in "
                f"{date.year}.",
            )
        )
    month = date.month
    if number.birth_month is not None and month is not None and number.birth_month != month:
        findings.append(
            _warning(
                "month_mismatch",
                f"The matricule {shown} has month {number.month_code} but the birth date "
                f"is in month {month:02d}.",
            )
        )
    nir_place = str(number)[5:10]
    if traits.birthplace is not None and not _same_place(nir_place, traits.birthplace):
        findings.append(
            _warning(
                "birthplace_mismatch",
                f"The matricule's birthplace part ({nir_place[:2]}...) differs from the "
                f"birthplace code {traits.birthplace}: possible after a code change or an "
                "order-number overflow; check the civil status.",
            )
        )
    if nir_place[:2] in ("2A", "2B") and date.year < 1976:
        findings.append(
            _warning(
                "corsica_before_1976",
                f"The matricule {shown} uses department {nir_place[:2]}, which exists since "
                f"1976, for a person born in {date.year} (Corsica was department 20).",
            )
        )
    if traits.birthplace is not None and traits.birthplace.name is None:
        findings.append(
            _warning(
                "unknown_birthplace",
                f"The birthplace code {traits.birthplace} is not in the shipped table: it "
                "may be a historic code; check it against the COG in force at the birth date.",
            )
        )
    return findings
