"""INSi over SOAP 1.2: :class:`SoapInsi` implements the INSi client port over a :class:`Transport`.

The wire format lives in :mod:`ins.insi.envelopes` (requests) and :mod:`ins.insi.responses`
(``RESULTAT`` and SOAP Faults); this module re-exports them, so ``ins.insi.soap`` is the one
place to import the SOAP layer from (api.md "INSi").

A transport moves bytes and nothing else. Its one method is::

    def send(self, envelope: bytes, /, *, action: str) -> bytes

``envelope`` is the SOAP 1.2 request, ``action`` its WS-Addressing action (an HTTP transport
puts it in the ``action`` parameter of the ``application/soap+xml`` content type). It returns
the body of the response unparsed, a SOAP Fault (HTTP 500) included, and raises
:class:`~ins.insi.errors.InsiUnavailable` (or :class:`~ins.insi.errors.InsiTimeout`) when no
SOAP message came back. It should stop reading after ``MAX_BYTES + 1`` bytes: the client
refuses anything larger. :class:`MockTransport` answers from a :class:`~ins.insi.mock.MockInsi`
through the whole wire path, offline; ``ins.insi.http.HttpTransport`` talks to a real endpoint.

>>> from ins.insi.mock import MockInsi
>>> client = SoapInsi(MockTransport(MockInsi.with_test_identities()))
>>> request = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
>>> client.search_by_traits(request).ins
Ins(matricule='27512**********', oid='1.2.250.1.213.1.4.8')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from ins._identifiers import Ins
from ins._traits import Traits
from ins.errors import InsError
from ins.insi._xml import MAX_BYTES
from ins.insi.envelopes import (
    TRAITS_ACTION,
    UNREGISTERED,
    VITALE_ACTION,
    ParsedRequest,
    SoftwareIdentity,
    build_traits_request,
    build_vitale_request,
    parse_request,
)
from ins.insi.errors import InsiError, InsiFault, known_fault
from ins.insi.mock import MockInsi
from ins.insi.models import InsiResult, TraitsSearch, Verification, VitaleSearch
from ins.insi.responses import parse_result, render_fault, render_result
from ins.insi.searches import revalidated
from ins.insi.verification import verify_by_search

__all__ = [
    "MAX_BYTES",
    "TRAITS_ACTION",
    "VITALE_ACTION",
    "MockTransport",
    "ParsedRequest",
    "SoapInsi",
    "SoftwareIdentity",
    "Transport",
    "build_traits_request",
    "build_vitale_request",
    "parse_request",
    "parse_result",
    "render_fault",
    "render_result",
]


@runtime_checkable
class Transport(Protocol):
    """Moves one SOAP request and returns the response body (see the module docstring)."""

    def send(self, envelope: bytes, /, *, action: str) -> bytes:
        """Send ``envelope`` with the WS-Addressing ``action``; return the response body."""
        ...


class SoapInsi:
    """An INSi client over SOAP 1.2 (implements :class:`ins.insi.client.InsiClient`).

    ``software`` goes in ``ContexteLPS`` (set the IDAM number CNAM gave you);
    ``assertion`` is the XML put in ``wsse:Security`` (bytes, or a function called for each
    request, e.g. to fetch a fresh Pro Santé Connect assertion); ``None`` with mutual TLS.
    """

    def __init__(
        self,
        transport: Transport,
        /,
        *,
        software: SoftwareIdentity = UNREGISTERED,
        assertion: bytes | Callable[[], bytes] | None = None,
    ) -> None:
        self.transport = transport
        self.software = software
        self._assertion = assertion

    def _assertion_bytes(self) -> bytes | None:
        return self._assertion() if callable(self._assertion) else self._assertion

    def search_by_traits(self, request: TraitsSearch, /) -> InsiResult:
        """One ``rechercherInsAvecTraitsIdentite`` call."""
        checked = revalidated(request)  # a request that bypassed validation is refused
        envelope = build_traits_request(
            checked, software=self.software, assertion=self._assertion_bytes()
        )
        return parse_result(self.transport.send(envelope, action=TRAITS_ACTION))

    def search_with_vitale(self, request: VitaleSearch, /) -> InsiResult:
        """One ``rechercherInsAvecCarteVitale`` call."""
        checked = revalidated(request)
        envelope = build_vitale_request(
            checked, software=self.software, assertion=self._assertion_bytes()
        )
        return parse_result(self.transport.send(envelope, action=VITALE_ACTION))

    def verify(self, ins: Ins, traits: Traits, /) -> Verification:
        """Verify ``ins`` against ``traits``.

        The schema of INSi's verification operation is not public (domain.md 6.5): this runs
        the certification search by traits and compares (:mod:`ins.insi.verification`).
        """
        return verify_by_search(self, ins, traits)


class MockTransport:
    """A :class:`Transport` answering from a :class:`MockInsi`, through real XML both ways.

    A SOAP Fault of the mock comes back as a Fault envelope (what HTTP 500 carries); an
    unavailability or a time-out is raised, as a network transport does. A request that cannot
    be read, or whose traits are outside the INSi set, gets the fault INSi sent in that case
    (``siram_40``/``insi_102``, [PADOA]). ``.envelopes`` keeps every (request, response) pair.
    """

    def __init__(self, mock: MockInsi, /) -> None:
        self.mock = mock
        self.envelopes: list[tuple[bytes, bytes]] = []

    def send(self, envelope: bytes, /, *, action: str) -> bytes:
        """Answer ``envelope`` as INSi would; see the class docstring."""
        response = self._answer(envelope, action)
        self.envelopes.append((envelope, response))
        return response

    def _answer(self, envelope: bytes, action: str) -> bytes:
        try:
            parsed = parse_request(envelope)
        except (InsiError, InsError):
            return render_fault(known_fault("insi_102"))
        if parsed.action != action:
            return render_fault(known_fault("insi_102"), relates_to=parsed.message_id)
        try:
            if isinstance(parsed.request, TraitsSearch):
                result = self.mock.search_by_traits(parsed.request)
            else:
                result = self.mock.search_with_vitale(parsed.request)
        except InsiFault as fault:
            return render_fault(fault, relates_to=parsed.message_id)
        return render_result(result, relates_to=parsed.message_id)
