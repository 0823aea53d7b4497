"""No message, repr, log, report or error structure of ``ins`` shows a full matricule (issue 15).

The rule (ADR 0104): whatever field a matricule was typed in (a sex, an OID, a name, a fault
code, a file name...), what ``ins`` produces about it shows at most its first five characters.
Each row of ``ENTRY_POINTS`` calls one public function or constructor with a generated NIR (in
one of the forms people write it) in one of its parameters; the harness gathers everything the
call shows: the message, ``repr``, ``args`` and attributes of an exception and of its causes,
the ``errors()`` and ``json()`` of a pydantic error, every log record, what was printed, and the
``repr`` of what ``ins`` returned (plain data that the caller asked for, such as the compact
matricule that ``nir.validate`` returns or an export, is not a message). A case still failing
on this branch is marked ``xfail(strict=True)`` with the branch that fixes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import ins
from ins import (
    BirthDate,
    BirthplaceCode,
    DocumentPolicy,
    Identity,
    IdentityAttribute,
    IdentityDocument,
    IdentityStatus,
    Ins,
    Nir,
    Oid,
    Sex,
    Traits,
    nir,
)
from ins.errors import InsError, InvalidComponent, InvalidTrait
from ins.insi import (
    InsiError,
    InsiFault,
    ReturnedTraits,
    TraitsSearch,
    VitaleSearch,
    WireIns,
    known_fault,
    make_result,
    search_ins,
)
from ins.insi.mock import FaultPlan, MockInsi, make_fault, parse_identities, wire_ins
from ins.insi.server import CallHistory, Incoming, answer_admin, answer_soap, check_bind_host
from ins.insi.server import plan_fault as plan
from ins.insi.soap import (
    TRAITS_ACTION,
    HttpTransport,
    MockTransport,
    SoapEndpoint,
    SoapInsi,
    SoftwareIdentity,
    build_traits_request,
    parse_request,
    parse_result,
    render_fault,
)
from ins.testing.strategies import nirs

TRAITS = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
AT = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
TEST_INS = Ins("275126322074974", "1.2.250.1.213.1.4.8")


class Shown(str):
    """A text an entry point shows to people (a message, a report line): checked like a repr."""


# -- the forms of a matricule people type ---------------------------------------------------------

FORMS: dict[str, Callable[[str], str]] = {
    "compact": lambda number: number,
    "body": lambda number: number[:13],  # without its key
    "spaced": nir.format,  # 2 84 05 2A 321 025 52
    "dotted": lambda number: nir.format(number, separator="."),
    "lower-case": str.lower,  # 2a/2b for Corsica
    "after letters": lambda number: "NIR" + number,
    "one digit more": lambda number: number + "0",
}


def _body(number: str) -> str:
    return number[:13].upper()


def _leaks(text: str, number: str) -> bool:
    """True when ``text`` shows the 13 characters of ``number``, in any of its written forms."""
    flat = re.sub(r"[\s.\-]", "", text).upper()
    return _body(number) in flat


# -- gathering what a call shows ------------------------------------------------------------------


def _exception_texts(error: BaseException) -> Iterator[str]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        yield repr(current.args)
        yield repr(getattr(current, "__notes__", ""))
        yield repr({key: value for key, value in vars(current).items() if key != "__notes__"})
        if isinstance(current, ValidationError):
            yield repr(current.errors())
            yield current.json()
        # As a traceback shows it: the cause, or the context unless ``from None`` hid it.
        hidden = current.__suppress_context__
        current = current.__cause__ or (None if hidden else current.__context__)


def _result_texts(result: object) -> Iterator[str]:
    if isinstance(result, Shown):
        yield str(result)
        return
    if type(result).__module__.startswith("ins"):  # named tuples of ins included
        yield repr(result)
        if not isinstance(result, str):  # a Nir *is* its matricule: its str() is the data
            yield str(result)
    if isinstance(result, list | tuple):
        for item in result:
            yield from _result_texts(item)
    elif isinstance(result, dict):
        for item in result.values():
            yield from _result_texts(item)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def shown_by(call: Callable[[str], object], text: str) -> list[str]:
    """Everything ``call(text)`` shows: see the module docstring."""
    records = _Records()
    root = logging.getLogger()
    root.addHandler(records)
    level = root.level
    root.setLevel(logging.DEBUG)
    printed = io.StringIO()
    texts: list[str] = []
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            result = call(text)
        texts += _result_texts(result)
    except Exception as error:  # the point: whatever the call raises
        texts += _exception_texts(error)
    finally:
        root.removeHandler(records)
        root.setLevel(level)
    return [*texts, printed.getvalue(), *records.lines]


# -- the entry points -----------------------------------------------------------------------------

INTEROP = "fixed on the interop branch"


def _traits(**changes: object) -> dict[str, object]:
    return {**TRAITS.model_dump(mode="json", exclude={"used_name", "used_first_name"}), **changes}


def _identity() -> Identity:
    return Identity(traits=TRAITS).apply_document_check("PA", coherent=True, at=AT)


def _result_with(**tiq: str) -> object:
    returned = ReturnedTraits(
        **{**TRAITS.model_dump(mode="json", exclude={"used_name", "used_first_name"}), **tiq}
    )
    result = make_result("00", active=WireIns("2751263220749", "74", Oid.NIR.value), tiq=returned)
    return [result, Shown(" ".join(anomaly.message for anomaly in result.anomalies))]


def _envelope(**fields: str) -> bytes:
    body = build_traits_request(ADRUN, message_id=fields.get("message_id", "uuid:1")).decode()
    for tag in ("NomNaissance", "Prenom", "Sexe", "DateNaissance"):
        if tag in fields:
            body = re.sub(f"<recsans:{tag}>[^<]*<", f"<recsans:{tag}>{fields[tag]}<", body)
    if "idam" in fields:
        body = body.replace(">UNREGISTERED<", f">{fields['idam']}<")
    return body.encode()


def _response(**fields: str) -> bytes:
    result = make_result(
        "00",
        active=WireIns("2751263220749", "74", Oid.NIR.value),
        tiq=ReturnedTraits(
            **TRAITS.model_dump(mode="json", exclude={"used_name", "used_first_name"})
        ),
    )
    from ins.insi.soap import render_result

    body = render_result(result).decode()
    for tag, value in fields.items():
        body = re.sub(f"<insi:{tag}>[^<]*<", f"<insi:{tag}>{value}<", body, count=1)
    return body.encode()


def _incoming(method: str, body: bytes, **headers: str) -> Incoming:
    message = Message()
    message["Host"] = "127.0.0.1:1"
    message["Authorization"] = "Bearer privacy-tests-token"
    message["Content-Type"] = "application/json"
    message["Content-Length"] = str(len(body))
    for name, value in headers.items():
        message.replace_header(name, value) if name in message else message.add_header(name, value)
    return Incoming(method, "/_admin/x", message, lambda: body)


class _Target:
    def __init__(self) -> None:
        self.insi = MockInsi.with_test_identities()
        self.history = CallHistory()
        self.url = "http://127.0.0.1:1/lps"
        self.admin_token = "privacy-tests-token"

    def reset(self) -> None:
        self.insi = MockInsi.with_test_identities()


def _admin(route: str, payload: object, method: str = "POST") -> object:
    body = json.dumps(payload).encode()
    reply = answer_admin(_Target(), _incoming(method, body), route)
    return Shown(reply.body.decode() + repr(reply.note))


def _soap(envelope: bytes, action: str = TRAITS_ACTION) -> object:
    message = Message()
    message["Content-Type"] = f'application/soap+xml; action="{action}"'
    reply = answer_soap(
        Incoming("POST", "/lps", message, lambda: envelope),
        endpoint=SoapEndpoint(MockInsi.with_test_identities()),
    )
    return [Shown(repr(reply.note)), reply]


def _cli(*arguments: str) -> object:
    from ins.cli import main

    return main(list(arguments))


def _server_cli(*arguments: str) -> object:
    from ins.insi.__main__ import main

    return main(list(arguments))


def _interop() -> Any:
    """The module that holds the plain-value builders of the exports (private, tested here)."""
    from ins.interop import _datamatrix, _fhir, _hl7v2, _mssante

    class Builders:
        build_identifier = staticmethod(_fhir.build_identifier)
        build_address = staticmethod(_mssante.build_address)
        build_pid = staticmethod(_hl7v2.build_pid)
        encode_payload = staticmethod(_datamatrix.encode_payload)

    return Builders


# The ANS example payload of the public INSi test person ADRUN Zoé (S1 to S7, GS after S2-S4).
_PAYLOAD = (
    "IS010000000000000000000000S1275126322074974S21.2.250.1.213.1.4.8\x1dS3ZOE\x1dS4ADRUN\x1d"
    "S5FS631-12-1975S763220"
)


def _decode(text: str) -> object:
    from ins.interop import decode_payload

    return decode_payload(text)


def _decode_with(tag: str, value: str) -> object:
    from ins.interop import GS

    start = _PAYLOAD.index(tag) + 2
    end = {"S2": start + len(Oid.NIR.value), "S3": start + 3, "S5": start + 1, "S7": start + 5}
    return _decode(
        _PAYLOAD[:start]
        + value
        + (GS if tag in ("S2", "S3") else "")
        + _PAYLOAD[end[tag] + (1 if tag in ("S2", "S3") else 0) :]
    )


def _exports(identity: Identity) -> object:
    from ins.interop import datamatrix_payload, mssante_address, to_fhir_identifier, to_hl7v2_pid

    shown: list[object] = [Shown(to_hl7v2_pid(identity).split("|")[3])]  # PID-3: no INS
    for export in (to_fhir_identifier, datamatrix_payload, mssante_address):
        try:
            export(identity)
        except InsError as error:
            shown.append(Shown(str(error)))
    return shown


def _vitale(**fields: object) -> object:
    data: dict[str, object] = {
        "birth_date": "1975-12-31",
        "individual_matricule": "275126322074974",
    }
    return VitaleSearch(**{**data, **fields})


def _identity_calls() -> list[Any]:
    return [
        pytest.param(lambda t: Identity(traits=_traits(birth_name=t)), id="Identity(traits=name)"),
        pytest.param(
            lambda t: Identity.model_validate({"traits": _traits(sex=t)}), id="Identity(sex)"
        ),
        pytest.param(
            lambda t: Identity.model_validate({"traits": TRAITS, "attributes": [t]}),
            id="Identity(attributes)",
        ),
        pytest.param(
            lambda t: Identity.model_validate({"traits": TRAITS, t: 1}), id="Identity(extra key)"
        ),
        pytest.param(
            lambda t: Identity(traits=TRAITS).apply_document_check(t, coherent=True),
            id="Identity.apply_document_check",
        ),
        pytest.param(lambda t: _identity().edit_traits(sex=t), id="Identity.edit_traits(sex)"),
        pytest.param(
            lambda t: _identity().edit_traits(birth_date=t), id="Identity.edit_traits(date)"
        ),
        pytest.param(
            lambda t: _identity().edit_traits(birthplace=t), id="Identity.edit_traits(place)"
        ),
        pytest.param(
            lambda t: [
                edited := _identity().edit_traits(used_name=t, at=AT),
                Shown(edited.explain()),
                Shown(edited.events[-1].describe()),
            ],
            id="Identity.edit_traits(used_name)",
        ),
        pytest.param(lambda t: _identity().edit_traits(**{t: "x"}), id="Identity.edit_traits(key)"),
        pytest.param(lambda t: Identity(traits=TRAITS).with_attribute(t), id="with_attribute"),
        pytest.param(lambda t: Identity(traits=TRAITS).without_attribute(t), id="without_attr"),
        pytest.param(
            lambda t: [
                withdrawn := _identity().withdraw_document_check(reason=t, at=AT),
                Shown(withdrawn.events[-1].describe()),
                Shown(withdrawn.explain()),
            ],
            id="Identity.withdraw_document_check(reason)",
        ),
    ]


ENTRY_POINTS: list[Any] = [
    # -- ins.nir
    pytest.param(nir.compact, id="nir.compact"),
    pytest.param(lambda t: nir.compact(t + "x" * 70), id="nir.compact(too long)"),
    pytest.param(nir.calc_key, id="nir.calc_key"),
    pytest.param(nir.validate, id="nir.validate"),
    pytest.param(lambda t: nir.validate(t[:-1] + "9"), id="nir.validate(wrong key)"),
    pytest.param(lambda t: nir.validate(t, strictness="strict"), id="nir.validate(strict)"),
    pytest.param(lambda t: nir.validate("275126322074974", strictness=t), id="strictness=t"),
    pytest.param(nir.is_valid, id="nir.is_valid"),
    pytest.param(nir.format, id="nir.format"),
    pytest.param(nir.parse, id="nir.parse"),
    pytest.param(nir.neighbour_family, id="nir.neighbour_family"),
    pytest.param(Nir, id="Nir"),
    pytest.param(lambda t: Nir(t).birthplace_code, id="Nir.birthplace_code"),
    # -- identifiers
    pytest.param(Oid.parse, id="Oid.parse"),
    pytest.param(Oid, id="Oid()"),
    pytest.param(lambda t: Ins(t, Oid.NIR), id="Ins(matricule)"),
    pytest.param(lambda t: Ins("275126322074974", t), id="Ins(oid)"),
    pytest.param(lambda t: Ins(matricule=t, oid=Oid.NIR), id="Ins(matricule=)"),
    pytest.param(lambda t: Ins.model_validate({"matricule": t, "oid": t}), id="Ins.validate"),
    pytest.param(
        lambda t: Ins.model_validate_json(json.dumps({"matricule": "x", "oid": t})),
        id="Ins.model_validate_json",
    ),
    # -- traits
    pytest.param(Sex.parse, id="Sex.parse"),
    pytest.param(Sex, id="Sex()"),
    pytest.param(ins.Strictness, id="Strictness()"),
    pytest.param(ins.InsKind, id="InsKind()"),
    pytest.param(BirthDate.parse, id="BirthDate.parse"),
    pytest.param(BirthDate.from_insi, id="BirthDate.from_insi"),
    pytest.param(
        lambda t: BirthDate.from_partial(int(re.sub("[^0-9]", "", t))),
        id="BirthDate.from_partial(year)",
    ),
    pytest.param(BirthplaceCode, id="BirthplaceCode"),
    pytest.param(ins.normalize_birth_name, id="normalize_birth_name"),
    pytest.param(
        lambda t: ins.normalize_birth_name(t, policy="drop"), id="normalize_birth_name(drop)"
    ),
    pytest.param(lambda t: ins.normalize_birth_name("A", policy=t), id="normalize(policy=t)"),
    pytest.param(ins.normalize_first_names, id="normalize_first_names"),
    pytest.param(
        lambda t: ins.normalize_first_names(t, policy="transliterate"),
        id="normalize_first_names(transliterate)",
    ),
    pytest.param(lambda t: ins.is_valid_insi_name("A", profile=t), id="is_valid_insi_name(t)"),
    pytest.param(lambda t: ins.is_coherent_first_name(t, t), id="is_coherent_first_name"),
    pytest.param(lambda t: ins.first_first_name(t + " ZOE") and None, id="first_first_name"),
    *[
        pytest.param(lambda t, field=field: Traits(**_traits(**{field: t})), id=f"Traits({field})")
        for field in (
            "birth_name",
            "first_names",
            "sex",
            "birth_date",
            "birthplace",
            "used_name",
            "used_first_name",
        )
    ],
    *[
        pytest.param(
            lambda t, field=field: ins.normalize_traits(_traits(**{field: t})),
            id=f"normalize_traits({field})",
        )
        for field in ("birth_name", "first_names", "sex", "birth_date", "birthplace", "used_name")
    ],
    pytest.param(
        lambda t: ins.normalize_traits(_traits(birth_name=t), policy="drop"),
        id="normalize_traits(drop)",
    ),
    pytest.param(
        lambda t: [
            comparison := ins.compare_traits(Traits(**_traits(birth_name=t)), TRAITS),
            Shown(" ".join(difference.message for difference in comparison.differences)),
        ],
        id="compare_traits",
    ),
    pytest.param(lambda t: ins.check_consistency(t, TRAITS), id="check_consistency(number)"),
    pytest.param(
        lambda t: [
            findings := ins.check_consistency(
                "275126322074974", Traits(**_traits(birthplace="63220"))
            ),
            Shown(" ".join(finding.message for finding in findings)),
        ],
        id="check_consistency(findings)",
    ),
    # -- status and documents
    pytest.param(IdentityStatus, id="IdentityStatus()"),
    pytest.param(IdentityAttribute, id="IdentityAttribute()"),
    pytest.param(lambda t: ins.check_attributes([t]), id="check_attributes([t])"),
    pytest.param(ins.check_attributes, id="check_attributes(t)"),
    pytest.param(
        lambda t: ins.compute_status(ins_retrieved=True, identity_checked=True, attributes=[t]),
        id="compute_status",
    ),
    pytest.param(IdentityDocument, id="IdentityDocument()"),
    pytest.param(IdentityDocument.parse, id="IdentityDocument.parse"),
    pytest.param(lambda t: DocumentPolicy.only([t]), id="DocumentPolicy.only"),
    pytest.param(lambda t: DocumentPolicy(high_trust=[t]), id="DocumentPolicy()"),
    pytest.param(lambda t: DocumentPolicy.default().without([t]), id="DocumentPolicy.without"),
    pytest.param(lambda t: DocumentPolicy.default().is_high_trust(t), id="is_high_trust"),
    *_identity_calls(),
    # -- errors themselves
    pytest.param(InsError, id="InsError"),
    pytest.param(lambda t: InvalidTrait(t, trait=t), id="InvalidTrait"),
    pytest.param(lambda t: InvalidComponent(t, component=t), id="InvalidComponent"),
    pytest.param(lambda t: InsiFault(t, subcode=t, code=t, severity=t, detail=t), id="InsiFault"),
    pytest.param(InsiError, id="InsiError"),
    # -- INSi values
    *[
        pytest.param(
            lambda t, field=field: TraitsSearch(**{**ADRUN.model_dump(), field: t}),
            id=f"TraitsSearch({field})",
        )
        for field in ("birth_name", "first_names", "sex", "birth_date", "birthplace")
    ],
    pytest.param(lambda t: TraitsSearch.from_traits(Traits(**_traits(sex=t))), id="from_traits"),
    *[
        pytest.param(lambda t, field=field: _vitale(**{field: t}), id=f"VitaleSearch({field})")
        for field in (
            "individual_matricule",
            "holder_matricule",
            "birth_name",
            "birth_date",
            "birth_rank",
        )
    ],
    pytest.param(known_fault, id="known_fault"),
    pytest.param(make_result, id="make_result(code)"),
    pytest.param(lambda t: make_result("01", label=t), id="make_result(label)"),
    pytest.param(
        lambda t: make_result(
            "00",
            active=WireIns(t[:13], t[13:] or None, t),
            tiq=ReturnedTraits(
                **TRAITS.model_dump(mode="json", exclude={"used_name", "used_first_name"})
            ),
        ),
        id="make_result(active)",
    ),
    *[
        pytest.param(lambda t, field=field: _result_with(**{field: t}), id=f"TIQ {field}")
        for field in ("birth_name", "first_names", "sex", "birth_date", "birthplace")
    ],
    pytest.param(lambda t: WireIns(t, None, t), id="WireIns"),
    pytest.param(
        lambda t: search_ins(MockInsi.with_test_identities(), Traits(**_traits(used_name=t))),
        id="search_ins",
    ),
    # -- the mock
    pytest.param(make_fault, id="make_fault"),
    pytest.param(lambda t: FaultPlan().fail_next(t), id="FaultPlan.fail_next"),
    pytest.param(lambda t: MockInsi().fail_always(t), id="MockInsi.fail_always"),
    pytest.param(lambda t: MockInsi().add(TRAITS, (t, t)), id="MockInsi.add(ins)"),
    pytest.param(lambda t: MockInsi().add(Traits(**_traits(sex=t)), TEST_INS), id="add(sex)"),
    pytest.param(lambda t: wire_ins((t, t)), id="wire_ins"),
    pytest.param(
        lambda t: parse_identities({"persons": [{"matricule": {"num": 7}, "birth_name": t}]}),
        id="parse_identities(error)",
    ),
    pytest.param(
        lambda t: parse_identities(
            {
                "persons": [
                    {
                        **_traits(),
                        "matricule": {"num": t[:13], "key": t[13:], "oid": t},
                        "note": t,
                    }
                ],
                "special_searches": [
                    {"request": {"birth_name": t, "sex": t, "birth_date": t}, "code": "01"}
                ],
            }
        ),
        id="parse_identities(values)",
    ),
    pytest.param(
        lambda t: parse_identities({"special_searches": [{"request": {}, "code": t}]}),
        id="parse_identities(code)",
    ),
    pytest.param(
        lambda t: [mock := MockInsi.with_test_identities(), mock.search_by_traits(ADRUN)][0].calls,
        id="MockInsi.calls",
    ),
    # -- the SOAP layer
    *[
        pytest.param(lambda t, tag=tag: parse_request(_envelope(**{tag: t})), id=f"request {tag}")
        for tag in ("NomNaissance", "Prenom", "Sexe", "DateNaissance", "idam", "message_id")
    ],
    pytest.param(
        lambda t: parse_request(
            _envelope().replace(b"<soap:Header>", f"<soap:Header><x>{t}</x>".encode())
        ),
        id="parse_request(unknown header)",
    ),
    pytest.param(
        lambda t: [
            parsed := parse_request(build_traits_request(ADRUN, assertion=f"<a>{t}</a>".encode())),
            Shown(repr(parsed)),  # the assertion read back is data; its repr is shown
        ][0],
        id="parse_request(assertion)",
    ),
    pytest.param(lambda t: parse_request(t.encode()), id="parse_request(t)"),
    pytest.param(lambda t: parse_request(f"<{t}/>".encode()), id="parse_request(<t/>)"),
    pytest.param(lambda t: parse_request(f"<a:b{t}/>".encode()), id="parse_request(prefix)"),
    *[
        pytest.param(lambda t, tag=tag: parse_result(_response(**{tag: t})), id=f"result {tag}")
        for tag in ("CodeCR", "LibelleCR", "NumIdentifiant", "Cle", "OID", "DateDeb", "Sexe")
    ],
    pytest.param(
        lambda t: parse_result(render_fault(InsiFault(t, subcode=t, code=t, detail=t))),
        id="parse_result(fault)",
    ),
    pytest.param(
        lambda t: SoapEndpoint(MockInsi.with_test_identities())(_envelope(Sexe=t), t),
        id="SoapEndpoint(action)",
    ),
    pytest.param(
        lambda t: SoapInsi(MockTransport(lambda envelope, action: t.encode())).search_by_traits(
            ADRUN
        ),
        id="SoapInsi(answer t)",
    ),
    pytest.param(
        lambda t: SoapInsi(
            MockTransport(SoapEndpoint(MockInsi())),
            software=SoftwareIdentity(idam=t, name=t, version=t),
        ),
        id="SoapInsi(software)",
    ),
    pytest.param(lambda t: HttpTransport(f"http://{t}/lps", timeout=0.5), id="HttpTransport"),
    pytest.param(HttpTransport, id="HttpTransport(t)"),
    pytest.param(
        lambda t: HttpTransport(f"http://127.0.0.1:9/{t}", timeout=0.5).send(b"", action="a"),
        id="HttpTransport.send",
    ),
    # -- the server
    pytest.param(check_bind_host, id="check_bind_host"),
    pytest.param(lambda t: _admin(t, {}, "GET"), id="admin route"),
    pytest.param(lambda t: _admin("/faults", {"fault": t}), id="admin fault"),
    pytest.param(lambda t: _admin("/faults", {"fault": "insi_102", "mode": t}), id="admin mode"),
    pytest.param(lambda t: _admin("/faults", {t: 1}), id="admin member"),
    pytest.param(
        lambda t: _admin("/faults", {"fault": "insi_102", "times": int(re.sub("[^0-9]", "", t))}),
        id="admin times",
    ),
    pytest.param(
        lambda t: _admin("/faults", {"fault": {"subcode": t, "code": t, "soap_code": t}}),
        id="admin custom fault",
    ),
    pytest.param(
        lambda t: _admin("/persons", [{"matricule": {"num": t}, "sex": t}]), id="admin persons"
    ),
    pytest.param(lambda t: plan(MockInsi(), {"fault": "insi_102", "mode": t}), id="plan_fault"),
    pytest.param(lambda t: _soap(_envelope(Sexe=t)), id="answer_soap(sex)"),
    pytest.param(lambda t: _soap(_envelope(NomNaissance=t)), id="answer_soap(name)"),
    pytest.param(lambda t: _soap(_envelope(), action=t), id="answer_soap(action)"),
    pytest.param(lambda t: _soap(t.encode()), id="answer_soap(body)"),
    pytest.param(
        lambda t: SoapEndpoint(MockInsi.with_test_identities()).answer(_envelope(Sexe=t)),
        id="SoapEndpoint.answer",
    ),
    pytest.param(
        lambda t: SoapEndpoint(MockInsi.with_test_identities()).answer(
            build_traits_request(ADRUN, message_id=t)
        ),
        id="SoapEndpoint.answer(found)",
    ),
    # -- the exports: the builders take only the proof of a qualified identity (ADR 0057); a
    # plain value given instead is refused without being shown
    *[
        pytest.param(lambda t, name=name: getattr(_interop(), name)(t), id=f"{name}(t)")
        for name in ("encode_payload", "build_pid", "build_identifier", "build_address")
    ],
    pytest.param(_decode, id="decode_payload(t)"),
    *[
        pytest.param(lambda t, tag=tag: _decode_with(tag, t), id=f"decode_payload({tag})")
        for tag in ("S2", "S3", "S5", "S7")
    ],
    pytest.param(lambda t: _exports(Identity(traits=_traits(used_name=t))), id="exports of a PROV"),
    # -- the command lines
    pytest.param(lambda t: _cli("check", t), id="ins check"),
    pytest.param(lambda t: _cli("check", t, "--json"), id="ins check --json"),
    pytest.param(lambda t: _cli("check", "275126322074974", "--oid", t), id="ins check --oid"),
    pytest.param(lambda t: _cli("normalize", "--birth-name", t), id="ins normalize"),
    pytest.param(
        lambda t: _cli("normalize", "--birth-name", t, "--policy", "drop"),
        id="ins normalize --policy drop",
    ),
    pytest.param(
        lambda t: _cli("normalize", "--first-names", t, "--policy", "drop", "--json"),
        id="ins normalize --json",
    ),
    pytest.param(_cli, id="ins t (unknown command)"),
    pytest.param(lambda t: _cli("check", "1", t), id="ins check (extra argument)"),
    pytest.param(lambda t: _cli("normalize", "--policy", t), id="ins normalize --policy t"),
    pytest.param(lambda t: _server_cli("serve", "--host", t), id="ins.insi serve --host"),
    pytest.param(lambda t: _server_cli("serve", "--port", t), id="ins.insi serve --port"),
    pytest.param(lambda t: _server_cli("serve", "--persons", t), id="ins.insi serve --persons"),
    pytest.param(lambda t: _server_cli("serve", t), id="ins.insi serve t"),
]


@pytest.mark.parametrize("call", ENTRY_POINTS)
@settings(max_examples=25, deadline=None)
@given(number=nirs(), form=st.sampled_from(sorted(FORMS)))
def test_no_full_matricule_is_shown(call: Callable[[str], object], number: str, form: str) -> None:
    text = FORMS[form](str(number))
    leaked = [shown for shown in shown_by(call, text) if _leaks(shown, number)]
    assert not leaked, f"{text!r} shown in full by: {leaked[0][:300]!r}"


def test_the_detector_sees_every_form() -> None:
    """The property above can fail: the detector finds each form in a plain repr."""
    number = "284052A32102552"
    for form in FORMS.values():
        assert _leaks(repr(form(number)), number)
    assert not _leaks("28405**********", number)


def test_a_file_named_by_a_matricule(tmp_path: Path) -> None:
    """The persons file of the server, named by a matricule: its name is not shown either."""
    path = tmp_path / "284052A32102552.json"
    shown = shown_by(lambda _: _server_cli("serve", "--persons", str(path)), "")
    assert not [text for text in shown if _leaks(text, "284052A32102552")]
