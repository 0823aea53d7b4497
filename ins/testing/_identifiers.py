"""Hypothesis strategies for NIR/NIA matricules and INS identifiers (domain.md 2-3).

Built from parts so that examples shrink towards simple, readable numbers: the sex digit, year,
month, birthplace and order number are drawn, then the key is computed; random digits are never
filtered. :func:`invalid_nirs` draws a valid NIR and breaks one thing on purpose, and says which
error :func:`ins.nir.validate` must raise.

>>> from hypothesis import given
>>> @given(nirs(strictness="strict"))
... def test(value):
...     assert nir.is_valid(value, strictness="strict")
>>> test()
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import strategies as st

from ins import nir
from ins.errors import (
    InsError,
    InvalidComponent,
    InvalidFormat,
    InvalidKey,
    InvalidLength,
    NotAnInsMatricule,
)
from ins.identifiers import Ins, Oid
from ins.nir import MAX_INPUT_LENGTH, Nir, Strictness

__all__ = ["InvalidNir", "ins_identifiers", "invalid_nirs", "nirs"]

_SEX_DIGITS = {
    Strictness.KEY: "1234789056",  # shrinks towards 1
    Strictness.STANDARD: "123478",
    Strictness.STRICT: "12",
}


def _months(level: Strictness) -> list[str]:
    real = [f"{m:02d}" for m in range(1, 13)]
    if level is Strictness.KEY:
        return real + [f"{m:02d}" for m in (0, *range(13, 100))]
    if level is Strictness.STANDARD:
        return real + [f"{m:02d}" for m in range(20, 100)]
    return real + [f"{m:02d}" for m in (*range(20, 43), *range(50, 100))]


def _digits(count: int, /, *, low: int = 0) -> st.SearchStrategy[str]:
    return st.integers(low, 10**count - 1).map(lambda n: f"{n:0{count}d}")


def _birthplaces(level: Strictness) -> st.SearchStrategy[str]:
    """Positions 6-10: department and commune (or territory and commune, or country)."""
    low = 1 if level is Strictness.STRICT else 0
    mainland = st.tuples(
        st.integers(1, 95).filter(lambda d: d != 20).map(lambda d: f"{d:02d}"),
        _digits(3, low=low),
    )
    corsica = st.tuples(st.sampled_from(["2A", "2B", "20"]), _digits(3, low=low))
    overseas = st.tuples(
        st.sampled_from(["971", "972", "973", "974", "975", "976", "984", "986", "987", "988"]),
        _digits(2, low=low),
    )
    abroad = st.tuples(st.just("99"), st.integers(100, 599).map(str))
    places = [mainland, corsica, overseas, abroad]
    if level is Strictness.KEY:
        places.append(st.tuples(st.just("00"), _digits(3)))
    return st.one_of(places).map("".join)


def _bodies(level: Strictness) -> st.SearchStrategy[str]:
    """The 13 first characters of a NIR valid at ``level``."""
    return st.tuples(
        st.sampled_from(_SEX_DIGITS[level]),
        _digits(2),
        st.sampled_from(_months(level)),
        _birthplaces(level),
        _digits(3, low=0 if level is Strictness.KEY else 1),
    ).map("".join)


@st.composite
def _nirs(draw: st.DrawFn, level: Strictness) -> Nir:
    body = draw(_bodies(level))
    return nir.parse(body + nir.calc_key(body), strictness=level)


def nirs(*, strictness: Strictness | str = Strictness.STANDARD) -> st.SearchStrategy[Nir]:
    """NIR/NIA matricules valid at ``strictness`` (15 characters, as :class:`~ins.Nir`).

    Every part varies: sex digit, year, real and pseudo-months, mainland, Corsica (``2A``,
    ``2B`` and the historic ``20``), overseas and abroad birthplaces, order number.
    """
    return _nirs(Strictness(strictness))


@dataclass(frozen=True)
class InvalidNir:
    """A number with one announced defect, and what :func:`ins.nir.validate` must raise."""

    value: str
    error: type[InsError]
    component: str | None
    defect: str

    def __repr__(self) -> str:
        return f"InvalidNir({self.value!r}, {self.error.__name__}, defect={self.defect!r})"


# Characters that are not ASCII digits, that compact() keeps, and that upper-case to one
# character: letters, punctuation, and digits of other scripts (int() would accept those).
_NOT_DIGITS = "OIlZxC/+_*#'" + "０１２３４５６７８９" + "٠١٢٣٤٥٦٧٨٩" + "²٣߁"


def _with_key(body: str) -> str:
    return body + nir.calc_key(body)


@st.composite
def _broken_key(draw: st.DrawFn, body: str) -> InvalidNir:
    good = int(nir.calc_key(body))
    key = draw(st.integers(0, 99).filter(lambda k: k != good))
    return InvalidNir(body + f"{key:02d}", InvalidKey, None, f"key {key:02d} instead of {good:02d}")


@st.composite
def _bad_character(draw: st.DrawFn, body: str) -> InvalidNir:
    value = _with_key(body)
    index = draw(st.integers(0, 14))
    char = draw(st.sampled_from(_NOT_DIGITS))
    return InvalidNir(
        value[:index] + char + value[index + 1 :],
        InvalidFormat,
        None,
        f"{char!r} at position {index + 1}",
    )


@st.composite
def _bad_length(draw: st.DrawFn, body: str) -> InvalidNir:
    value = _with_key(body)
    length = draw(st.integers(0, MAX_INPUT_LENGTH).filter(lambda n: n not in (13, 15)))
    text = (value * 5)[:length]
    return InvalidNir(text, InvalidLength, None, f"{length} characters")


@st.composite
def _too_long(draw: st.DrawFn, body: str) -> InvalidNir:
    padding = draw(st.integers(MAX_INPUT_LENGTH - 14, 3 * MAX_INPUT_LENGTH))
    return InvalidNir(" " * padding + _with_key(body), InvalidLength, None, "over 64 characters")


@st.composite
def _neighbour(draw: st.DrawFn, body: str) -> InvalidNir:
    first = draw(st.sampled_from("5678"))
    family = "MIG" if first in "56" else "NNP"
    return InvalidNir(first + body[1:], NotAnInsMatricule, None, f"{family} number")


def _component_defects(level: Strictness) -> list[tuple[str, int, Sequence[str]]]:
    """(component, position in the body, wrong values) for ``level``."""
    months = _months(Strictness.KEY)
    defects: list[tuple[str, int, Sequence[str]]] = [
        ("sex", 0, [d for d in "0123456789" if d not in _SEX_DIGITS[level]]),
        ("month", 3, [m for m in months if m not in _months(level)]),
        ("department", 5, ["00"]),
        ("order", 10, ["000"]),
    ]
    if level is Strictness.STRICT:
        defects.append(("commune", 7, ["000"]))
    return defects


@st.composite
def _bad_component(draw: st.DrawFn, body: str, level: Strictness) -> InvalidNir:
    component, start, values = draw(st.sampled_from(_component_defects(level)))
    wrong = draw(st.sampled_from(values))
    broken = body[:start] + wrong + body[start + len(wrong) :]
    return InvalidNir(_with_key(broken), InvalidComponent, component, f"{component} {wrong}")


@st.composite
def _invalid_nirs(draw: st.DrawFn, level: Strictness) -> InvalidNir:
    body = draw(_bodies(Strictness.STRICT))
    makers = [_broken_key, _bad_character, _bad_length, _too_long, _neighbour]
    choices: list[st.SearchStrategy[InvalidNir]] = [maker(body) for maker in makers]
    if level is not Strictness.KEY:
        choices.append(_bad_component(body, level))
    return draw(st.one_of(choices))


def invalid_nirs(
    *, strictness: Strictness | str = Strictness.STANDARD
) -> st.SearchStrategy[InvalidNir]:
    """Numbers that :func:`ins.nir.validate` must refuse at ``strictness``, with the reason.

    Each example is an :class:`InvalidNir`: the text, the exact error class expected (and the
    component for ``InvalidComponent``), and a short description of the defect. Defects: wrong
    or impossible key, a non-ASCII-digit character (letters, full-width and Arabic-Indic
    digits...), wrong length, over 64 characters, an NNP/MIG number, and below ``key`` level a
    component out of range (sex digit, month, department, commune, order) with a correct key.
    """
    return _invalid_nirs(Strictness(strictness))


def ins_identifiers(*, oids: Sequence[Oid | str] = tuple(Oid)) -> st.SearchStrategy[Ins]:
    """INS identifiers: a matricule valid at ``standard`` level with one of ``oids``."""
    if not oids:
        raise ValueError("ins_identifiers() needs at least one OID.")
    return st.builds(Ins, nirs(), st.sampled_from([Oid.parse(oid) for oid in oids]))
