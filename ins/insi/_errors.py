"""Errors of the INSi teleservice: technical faults, time-outs, unavailability.

These are not [`ins.errors.InsError`][ins.InsError] (bad input): the request was fine, the service
was not. A SOAP 1.2 Fault of INSi carries a `Subcode` `siram_NN` and a `Detail/siram:Erreur` with
a `code` and a `severite` (docs/domain/insi.md#technical-faults);
[`InsiFault`][ins.insi.InsiFault] keeps the three. [`known_fault`][ins.insi.known_fault] builds
the faults that the public sources name, so that a test can inject exactly what INSi sends.
Messages never carry a full matricule (they go through
[`ins.errors.mask_text`][ins.errors.mask_text]). The classes are documented, and show in
tracebacks, as `ins.insi.InsiError` and so on: their public home.

```pycon
>>> fault = known_fault("insi_102")
>>> fault.subcode, fault.code, fault.soap_code
('siram_40', 'insi_102', 'Receiver')
>>> isinstance(fault, InsiError), isinstance(fault, ValueError)
(True, False)

```
"""

from __future__ import annotations

from typing import NamedTuple

from ins.errors import mask_text

__all__ = [
    "KNOWN_FAULTS",
    "ActionMismatch",
    "ForbiddenDeclaration",
    "InsiError",
    "InsiFault",
    "InsiTimeout",
    "InsiUnavailable",
    "KnownFault",
    "known_fault",
]


class InsiError(Exception):
    """Base class of the failures of the INSi teleservice (or of its answer); `code` is stable."""

    code: str = "insi_error"

    def __init__(self, message: str, /) -> None:
        self.message = mask_text(message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class ActionMismatch(InsiError):
    """A request envelope whose `wsa:Action` names the other search than its body holds."""

    code = "action_mismatch"


class ForbiddenDeclaration(InsiError):
    """An XML document that declares a document type or entities (XXE, entity expansion)."""

    code = "forbidden_declaration"


class InsiFault(InsiError):
    """A SOAP Fault returned by INSi (HTTP 500).

    `soap_code` is `Sender` or `Receiver`; `subcode` the `siram_NN` value (prefix
    removed); `code` the `siram:Erreur/@code` (`insi_102`, `desir_550`...); `severity`
    its `severite` exactly as sent (INSi sends `fatal` where the schema lists `fatale`);
    `reason` the SOAP `Reason` text and `detail` the `siram:Erreur` text.
    """

    def __init__(
        self,
        message: str,
        /,
        *,
        subcode: str,
        code: str,
        severity: str = "fatal",
        soap_code: str = "Receiver",
        detail: str = "",
        message_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = self.message
        # Every field may come from the network or a test's JSON: none may show a matricule
        # (the message id is the request's, kept as sent to relate the two).
        self.subcode = mask_text(subcode)
        self.code = mask_text(code)
        self.severity = mask_text(severity)
        self.soap_code = mask_text(soap_code)
        self.detail = mask_text(detail)
        self.message_id = message_id

    def __str__(self) -> str:
        return f"INSi fault {self.subcode}/{self.code} ({self.severity}): {self.message}"

    def __repr__(self) -> str:
        return f"InsiFault(subcode={self.subcode!r}, code={self.code!r}, message={self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InsiFault):
            return NotImplemented
        return _fields(self) == _fields(other)

    def __hash__(self) -> int:
        return hash(_fields(self))


def _fields(fault: InsiFault) -> tuple[str | None, ...]:
    return (
        fault.message,
        fault.subcode,
        fault.code,
        fault.severity,
        fault.soap_code,
        fault.detail,
        fault.message_id,
    )


class InsiUnavailable(InsiError):
    """INSi could not be reached or did not answer a usable SOAP message (network, HTTP)."""

    code = "insi_unavailable"


class InsiTimeout(InsiUnavailable):
    """INSi did not answer in time."""

    code = "insi_timeout"


class KnownFault(NamedTuple):
    """A fault named by the public sources (ADR 0043, 0058), as INSi sends it.

    `severity` is the `severite` INSi writes (`fatal`, outside the schema's list, for
    `siram_40`), `lang` the `xml:lang` of its `Reason` text (ADR 0058).
    """

    subcode: str
    soap_code: str
    reason: str
    detail: str
    severity: str = "erreur"
    lang: str = "fr"


_UNAVAILABLE = (
    "Le service est temporairement inaccessible. Veuillez renouveler votre demande "
    "ultérieurement. Si le problème persiste, contactez l'éditeur du progiciel ou votre "
    "responsable informatique."
)
_NOT_AUTHORISED = (
    "L'accès par ce progiciel au service n'est pas autorisé. Contactez l'éditeur du progiciel "
    "ou votre responsable informatique."
)

#: Faults by `siram:Erreur/@code`, checked against the faults captured from the INSi test
#: platform (ADR 0058): `desir_550` (`siram_100`, `severite="erreur"`, `xml:lang="fr"`)
#: and `insi_102` (`siram_40`, `severite="fatal"`, `xml:lang="en"`). The others take the
#: values of their family: `desir_500` and `DESIR_560` those of `desir_550`, `desir_1020`
#: those of `insi_102`. `DESIR_560` is published without its subcode: we use `siram_100`,
#: the access-refusal family of `desir_500`/`desir_550` (ADR 0043).
KNOWN_FAULTS: dict[str, KnownFault] = {
    "desir_550": KnownFault(
        "siram_100", "Sender", _NOT_AUTHORISED, "Numéro d'autorisation du logiciel inconnu."
    ),
    "desir_500": KnownFault(
        "siram_100",
        "Sender",
        _NOT_AUTHORISED,
        "Le logiciel n'est pas autorisé à accéder au service.",
    ),
    "DESIR_560": KnownFault(
        "siram_100",
        "Sender",
        "Vous ne disposez pas des droits suffisants pour accéder à ce service.",
        "Droits insuffisants (certificat).",
    ),
    "insi_102": KnownFault(
        "siram_40",
        "Receiver",
        _UNAVAILABLE,
        "L'appel au service de recherche avec les traits d'identité renvoie une erreur technique.",
        severity="fatal",
        lang="en",
    ),
    "desir_1020": KnownFault(
        "siram_40",
        "Receiver",
        _UNAVAILABLE,
        "Le service est temporairement indisponible.",
        severity="fatal",
        lang="en",
    ),
}


def known_fault(code: str, /, *, message_id: str | None = None) -> InsiFault:
    """The [`InsiFault`][ins.insi.InsiFault] INSi sends for `code` (a key of `KNOWN_FAULTS`).

    ```pycon
    >>> fault = known_fault("desir_550")
    >>> fault.detail, fault.severity
    ("Numéro d'autorisation du logiciel inconnu.", 'erreur')
    >>> known_fault("nope")
    Traceback (most recent call last):
    ...
    KeyError: "Unknown INSi fault code 'nope': use one of desir_550, desir_500, ..."

    ```
    """
    try:
        known = KNOWN_FAULTS[code]
    except KeyError:
        names = ", ".join(KNOWN_FAULTS)
        raise KeyError(
            mask_text(f"Unknown INSi fault code {code!r}: use one of {names}.")
        ) from None
    return InsiFault(
        known.reason,
        subcode=known.subcode,
        code=code,
        severity=known.severity,
        soap_code=known.soap_code,
        detail=known.detail,
        message_id=message_id,
    )


# Their public home, for tracebacks, reprs and the docs (they are defined in this private module).
for _error in (
    ActionMismatch,
    ForbiddenDeclaration,
    InsiError,
    InsiFault,
    InsiTimeout,
    InsiUnavailable,
):
    _error.__module__ = "ins.insi"
