"""Identity documents and devices ("dispositifs d'identité") and which of them a structure trusts.

Checking the traits against a **high-trust** document or device makes an identity VALI (or QUAL
with an INS). The codes are those of the FR Core 3.0.0-ballot INS value set
`fr-core-vs-mode-validation-identity-ins` plus `IE` (other eIDAS means of substantial or high
level) and `OTHER` for anything else (driving licence, carte Vitale alone...), which is never high
trust (docs/domain/documents.md; sources: FR Core, regional identity-vigilance networks).

Each document has a default trust: `high`, or `conditional` for the RNIV 2024 special cases that
count only in a given situation (direct EHPAD admission, a minor with a parent's document...). A
structure decides which documents it accepts with a [`DocumentPolicy`][ins.DocumentPolicy]; the
default accepts every high and conditional document. No document is ever preselected:
[`DocumentPolicy.choices`][ins.DocumentPolicy.choices] lists them in alphabetical order of their
label, with no default, for a user-facing list.

```pycon
>>> IdentityDocument.PASSPORT.label
'Passeport'
>>> policy = DocumentPolicy.default()
>>> policy.is_high_trust("PA"), policy.is_high_trust(IdentityDocument.OTHER)
(True, False)
>>> DocumentPolicy.only(["PA", "CN"]).is_high_trust("CS")
False

```
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import ConfigDict, WithJsonSchema, field_validator

from ins._pydantic import CodeEnum, as_pydantic_error
from ins._records import Record
from ins.errors import InsError, StatusError

__all__ = ["DocumentPolicy", "DocumentTrust", "IdentityDocument"]


class DocumentTrust(CodeEnum):
    """How much a document proves, before a structure's own policy."""

    HIGH = "high"
    CONDITIONAL = "conditional"
    LOW = "low"


class IdentityDocument(CodeEnum):
    """The document or device the traits were checked against; values are FR Core codes."""

    IDENTITY_CARD = "CN"
    PASSPORT = "PA"
    RESIDENCE_PERMIT = "CS"
    ELECTRONIC_IDENTITY_CARD = "eCN"
    LA_POSTE_DIGITAL_IDENTITY = "IN"
    VITALE_APP = "AV"
    FAMILY_RECORD_AND_VITALE_CARD = "LECV"
    BIRTH_CERTIFICATE_EXTRACT = "AN"
    PARENTS_FAMILY_RECORD = "LE"
    TRAVEL_DOCUMENT_FOREIGN_MINOR = "CC"
    CIMS = "CIMS"
    BIRTH_CERTIFICATE_AND_VITALE_CARD = "ANCV"
    OTHER_EIDAS_MEANS = "IE"
    OTHER = "OTHER"

    @classmethod
    def parse(cls, value: IdentityDocument | str, /) -> IdentityDocument:
        """The document for a code; the case does not matter (`"ecn"` is `eCN`).

        ```pycon
        >>> IdentityDocument.parse("ecn")
        <IdentityDocument.ELECTRONIC_IDENTITY_CARD: 'eCN'>

        ```
        """
        if isinstance(value, IdentityDocument):
            return value
        if isinstance(value, str):
            found = _BY_FOLDED_CODE.get(value.strip().casefold())
            if found is not None:
                return found
        shown = repr(value) if len(repr(value)) <= 30 else repr(value)[:30] + "..."
        raise StatusError(
            f"{shown} is not an identity document code: use one of "
            f"{', '.join(document.value for document in cls)}."
        )

    @property
    def label(self) -> str:
        """A French label for user-facing lists."""
        return _INFO[self][0]

    @property
    def default_trust(self) -> DocumentTrust:
        """The trust of the document before any structure policy."""
        return _INFO[self][1]

    @property
    def condition(self) -> str | None:
        """For a conditional document, the situation in which it counts as high trust."""
        return _INFO[self][2]


_H, _C, _L = DocumentTrust.HIGH, DocumentTrust.CONDITIONAL, DocumentTrust.LOW
_INFO: dict[IdentityDocument, tuple[str, DocumentTrust, str | None]] = {
    IdentityDocument.IDENTITY_CARD: (
        "Carte nationale d'identité",
        _C,
        "an identity card of a national of the EU, the EEA, Switzerland, Monaco, Andorra, "
        "San Marino or the Vatican",
    ),
    IdentityDocument.PASSPORT: ("Passeport", _H, None),
    IdentityDocument.RESIDENCE_PERMIT: ("Titre de séjour", _H, None),
    IdentityDocument.ELECTRONIC_IDENTITY_CARD: (
        "Carte nationale d'identité électronique",
        _H,
        None,
    ),
    IdentityDocument.LA_POSTE_DIGITAL_IDENTITY: ("Identité Numérique La Poste", _H, None),
    IdentityDocument.VITALE_APP: ("Application carte Vitale", _H, None),
    IdentityDocument.FAMILY_RECORD_AND_VITALE_CARD: (
        "Livret de famille et carte Vitale avec photo",
        _C,
        "a direct admission to a nursing home (EHPAD)",
    ),
    IdentityDocument.BIRTH_CERTIFICATE_EXTRACT: (
        "Extrait d'acte de naissance",
        _C,
        "a minor, together with a high-trust document of a parent",
    ),
    IdentityDocument.PARENTS_FAMILY_RECORD: (
        "Livret de famille des parents",
        _C,
        "a minor, together with a high-trust document of a parent",
    ),
    IdentityDocument.TRAVEL_DOCUMENT_FOREIGN_MINOR: (
        "Document de circulation pour étranger mineur",
        _C,
        "a foreign minor",
    ),
    IdentityDocument.CIMS: (
        "Dispositif CIMS",
        _C,
        "the case FR Core 3.0.0-ballot codes CIMS (its definition was not readable in the "
        "sources used: confirm it with your identity-vigilance unit)",
    ),
    IdentityDocument.BIRTH_CERTIFICATE_AND_VITALE_CARD: (
        "Extrait d'acte de naissance et carte Vitale avec photo",
        _C,
        "a direct admission to a nursing home (EHPAD)",
    ),
    IdentityDocument.OTHER_EIDAS_MEANS: (
        "Autre identification électronique eIDAS (niveau substantiel ou élevé)",
        _H,
        None,
    ),
    IdentityDocument.OTHER: ("Autre document (non haut niveau de confiance)", _L, None),
}

_BY_FOLDED_CODE = {document.value.casefold(): document for document in IdentityDocument}


def _parse_documents(value: object, /, *, allow_other: bool = False) -> frozenset[IdentityDocument]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise StatusError("high_trust must be a collection of identity document codes.")
    documents = frozenset(IdentityDocument.parse(item) for item in value)
    if IdentityDocument.OTHER in documents and not allow_other:
        raise StatusError("OTHER (a document outside the RNIV list) can never count as high trust.")
    return documents


def _high_trust_input_schema() -> dict[str, object]:
    """What `DocumentPolicy.high_trust` reads (`validation` mode, ADR 0110): the codes in any
    case, white space around, `OTHER` refused."""
    codes = [document.value for document in IdentityDocument if document.value != "OTHER"]
    any_case = "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in code) for code in codes)
    return {
        "title": "High Trust",
        "type": "array",
        "description": (
            "The codes of the documents accepted as high trust, in any case, white space "
            f"around ignored: {', '.join(codes)}. OTHER is refused."
        ),
        "items": {"type": "string", "pattern": rf"^\s*(?:{any_case})\s*$"},
        "examples": [["CN", "PA"], ["pa", "ecn"]],
    }


class DocumentPolicy(Record):
    """The documents a structure accepts as high trust (configurable, frozen).

    `OTHER` can never be accepted: a document outside the RNIV list is not high trust. Build
    one with `default`, `only` or `without`, which raise
    [`StatusError`][ins.StatusError]; `DocumentPolicy(high_trust=...)` validates like any
    pydantic model (a `ValidationError` whose type is `status_error`).

    ```pycon
    >>> DocumentPolicy.default().without(["CIMS"]).is_high_trust("CIMS")
    False
    >>> DocumentPolicy.only(["OTHER"])
    Traceback (most recent call last):
    ...
    ins.errors.StatusError: OTHER (a document outside the RNIV list) can never count as high trust.

    ```
    """

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    high_trust: Annotated[
        frozenset[IdentityDocument],
        WithJsonSchema(_high_trust_input_schema(), mode="validation"),
    ]

    @field_validator("high_trust", mode="before")
    @classmethod
    def _validate_documents(cls, value: object) -> frozenset[IdentityDocument]:
        try:
            return _parse_documents(value)
        except InsError as error:
            raise as_pydantic_error(error) from None

    @classmethod
    def default(cls) -> DocumentPolicy:
        """Every document whose default trust is high or conditional (all but `OTHER`)."""
        return cls(high_trust=frozenset(d for d in IdentityDocument if d.default_trust != _L))

    @classmethod
    def only(cls, documents: Iterable[IdentityDocument | str], /) -> DocumentPolicy:
        """A policy that accepts exactly these documents."""
        return cls(high_trust=_parse_documents(documents))

    def without(self, documents: Iterable[IdentityDocument | str], /) -> DocumentPolicy:
        """This policy minus some documents (e.g. a structure that does not accept `IN`)."""
        removed = _parse_documents(documents, allow_other=True)
        return DocumentPolicy(high_trust=self.high_trust - removed)

    def is_high_trust(self, document: IdentityDocument | str, /) -> bool:
        """True when the structure accepts this document as high trust."""
        return IdentityDocument.parse(document) in self.high_trust

    def trust(self, document: IdentityDocument | str, /) -> DocumentTrust:
        """`high` when accepted by this policy, else `low`."""
        return _H if self.is_high_trust(document) else _L

    def choices(self, *, include_other: bool = True) -> tuple[tuple[str, str], ...]:
        """(code, label) pairs for a user-facing list: accepted documents, then `OTHER`.

        The order is alphabetical by label so that no document is favoured, and nothing is
        preselected: the user must pick one.

        ```pycon
        >>> DocumentPolicy.only(["PA", "CN"]).choices()  # doctest: +NORMALIZE_WHITESPACE
        (('CN', "Carte nationale d'identité"), ('PA', 'Passeport'),
         ('OTHER', 'Autre document (non haut niveau de confiance)'))

        ```
        """
        accepted = sorted(self.high_trust, key=lambda document: (document.label, document.value))
        pairs = [(document.value, document.label) for document in accepted]
        if include_other:
            pairs.append((IdentityDocument.OTHER.value, IdentityDocument.OTHER.label))
        return tuple(pairs)
