"""Our datamatrix payload against the ANS format (v2.2) and other public implementations.

The grammar below is written from the format's field table (header, tags S1 to S7, lengths, the
group separator after a variable-length field shorter than its maximum): it checks every payload
a qualified identity can give (each INS kind, each attribute, with and without birthplace, names
at their limits). Public implementations give vectors: a writer's (byte-identical) and a reader's
(fields in another order, ADR 0059).

Sources of the vectors (test data, quoted with their origin):
- ``github:sergeinack3/PowerCare`` ``modules/dPpatients/tests/Unit/CPatientINSNIRTest.php``
  @8c3438faaba8 (Mediboard's ``CPatientINSNIR``: ``createDataForDatamatrix`` and
  ``readDatamatrixINS``, whose test ``testSearchDatamatrixINSPrenomEnd`` reads S3 last);
- ``github:zxing/zxing``
  ``core/src/test/java/com/google/zxing/datamatrix/encoder/HighLevelEncodeTestCase.java``
  @458923c3cd7a (``testPadding``: an INS payload with S4 last, written with a space where the
  format puts GS; we read it with GS).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from ins._identifiers import Oid
from ins._identity import Identity
from ins._status import IdentityAttribute, IdentityStatus
from ins.interop import GS, datamatrix_payload, decode_payload

from ..interop.conftest import ADRUN, build_identity

_NAME = "[A-Z '-]"
GRAMMAR = re.compile(
    "IS01" + "0" * 22
    + "S1[0-9]{5}[0-9AB][0-9]{9}"  # matricule: 15 characters (2A/2B as A/B in a NIR body)
    + f"S2(?:[0-9.]{{19}}{GS}|[0-9.]{{20}})"  # OID, 19 or 20 characters
    + f"S3(?:{_NAME}{{1,99}}{GS}|{_NAME}{{100}})"  # birth first names
    + f"S4(?:{_NAME}{{1,99}}{GS}|{_NAME}{{100}})"  # birth name
    + "S5[MF]"
    + "S6[0-3][0-9]-[01][0-9]-[0-9]{4}"
    + "(?:S7[0-9AB][0-9AB][0-9]{3})?"  # COG code, optional, last
)  # fmt: skip


def _named(**changes: str) -> Any:
    return lambda: build_identity("QUAL", traits=ADRUN.model_copy(update=changes))


cases: list[tuple[str, Any]] = [
    *((f"oid {oid.name}", lambda oid=oid: build_identity("QUAL", oid)) for oid in Oid),
    *(
        (f"attribute {a.value}", lambda a=a: build_identity("QUAL", attributes=(a,)))
        for a in (IdentityAttribute.HOMONYME, IdentityAttribute.HOMONYME_DETECTE)
    ),
    ("no birthplace", lambda: build_identity("QUAL", without_birthplace=True)),
    ("born abroad", _named(birthplace="99134")),
    ("Corsica", _named(birthplace="2A020")),
    ("names of 1", _named(birth_name="A", first_names="B")),
    ("names of 99", _named(birth_name="A" * 99, first_names="B" * 99)),
    ("names of 100", _named(birth_name="A" * 100, first_names="B" * 100)),
    ("several first names", _named(first_names="ZOE MARIE-ANNE O'NEIL")),
]


@pytest.mark.parametrize(("case", "make"), cases, ids=[case for case, _ in cases])
def test_payload_follows_the_format(case: str, make: Any) -> None:
    identity: Identity = make()
    assert identity.status is IdentityStatus.QUAL
    payload = datamatrix_payload(identity)
    assert GRAMMAR.fullmatch(payload), payload.replace(GS, "<GS>")
    assert len(payload) <= 400  # what decode_payload accepts; the symbol holds more
    content = decode_payload(payload)
    assert (content.birth_name, content.first_names) == (
        identity.traits.birth_name,
        identity.traits.first_names,
    )


# Mediboard's writer, same layout (its OID is a 20-digit placeholder, its first names are not in
# the INSi form): read back field by field.
MEDIBOARD_WRITTEN = (
    "IS010000000000000000000000S1123549685274612S225978456325481569525S3TEST1 TEST2 TEST\x1d"
    "S4DATAMATRIXTEST\x1dS5MS631-08-2021S717000"
)


def test_payload_reads_like_the_public_writer() -> None:
    content = decode_payload(MEDIBOARD_WRITTEN)
    assert content.model_dump() == {
        "matricule": "123549685274612",
        "oid": "25978456325481569525",
        "first_names": "TEST1 TEST2 TEST",
        "birth_name": "DATAMATRIXTEST",
        "sex": "M",
        "birth_date": date(2021, 8, 31),
        "birthplace": "17000",
    }


other_orders = [
    # (a payload as a public reader or encoder takes it, its birth name and first names)
    (
        "IS010000000000000000000000S1123549685274612S22597845632548156952<GS>S4TEST<GS>"
        "S5FS625-06-1990S3TEST1 TEST2 TEST",
        ("TEST", "TEST1 TEST2 TEST"),
    ),
    (
        "IS010000000000000000000000S1118058599124123S21.2.250.1.213.1.4.8<GS>S3FIRST NAMETEST<GS>"
        "S5MS618-06-1985S713201S4LASTNAMETEST",
        ("LASTNAMETEST", "FIRST NAMETEST"),
    ),
]


@pytest.mark.parametrize(("text", "names"), other_orders)
def test_fields_in_another_order_are_read(text: str, names: tuple[str, str]) -> None:
    content = decode_payload(text.replace("<GS>", GS))
    assert (content.birth_name, content.first_names) == names
