"""INSi errors: codes, equality, masking of matricules in what comes from outside."""

from __future__ import annotations

import pytest

from ins.errors import mask_text
from ins.insi import (
    KNOWN_FAULTS,
    ActionMismatch,
    InsiError,
    InsiFault,
    InsiTimeout,
    InsiUnavailable,
    known_fault,
)

masking = [
    ("275126322074974", "27512**********"),  # a NIR with its key
    ("2751263220749", "27512********"),  # 13 characters
    ("NIR 297022A02077878 inconnu", "NIR 29702********** inconnu"),  # Corsica, inside a text
    ("a=160012B020777;b=1", "a=16001********;b=1"),  # next to punctuation
    # Issue 15: a matricule glued to letters or to more digits is still one (ADR 0104).
    ("12345678901234567", "12345**********67"),  # 17 digits: the 15 first may be a matricule
    ("REF2751263220749", "REF27512********"),  # glued to letters
]


@pytest.mark.parametrize(("text", "shown"), masking)
def test_mask_text(text: str, shown: str) -> None:
    assert mask_text(text) == shown


@pytest.mark.parametrize(
    "error",
    [
        InsiError("Matricule 275126322074974 refusé."),
        InsiUnavailable("Connexion refusée pour 275126322074974."),
        InsiFault("Refus 275126322074974", subcode="siram_1", code="c", detail="275126322074974"),
    ],
)
def test_messages_are_masked(error: InsiError) -> None:
    shown = " ".join([str(error), repr(error), error.message, getattr(error, "detail", "")])
    assert "275126322074974" not in shown
    assert "27512**********" in shown


def test_hierarchy_and_codes() -> None:
    assert issubclass(InsiTimeout, InsiUnavailable)
    assert issubclass(InsiFault, InsiError)
    assert issubclass(ActionMismatch, InsiError)  # a malformed request, told apart by the server
    assert not issubclass(InsiError, ValueError)  # not bad input: the service failed
    assert (InsiError.code, InsiUnavailable.code, InsiTimeout.code, ActionMismatch.code) == (
        "insi_error",
        "insi_unavailable",
        "insi_timeout",
        "action_mismatch",
    )


@pytest.mark.parametrize("code", sorted(KNOWN_FAULTS))
def test_known_faults(code: str) -> None:
    fault = known_fault(code, message_id="m1")
    assert (fault.code, fault.subcode, fault.message_id) == (code, KNOWN_FAULTS[code].subcode, "m1")
    assert fault.subcode.startswith("siram_")
    assert fault == known_fault(code, message_id="m1")
    assert hash(fault) == hash(known_fault(code, message_id="m1"))
    assert fault != known_fault(code)
    assert code in repr(fault)


def test_fault_equality_with_other_types() -> None:
    assert known_fault("insi_102") != "insi_102"


def test_unknown_fault() -> None:
    with pytest.raises(KeyError, match="Unknown INSi fault code"):
        known_fault("siram_40")
