"""Hypothesis strategies for NIR/NIA matricules and INS identifiers (docs/domain/nir.md,
docs/domain/ins.md).

Built from parts so that examples shrink towards simple, readable numbers: the sex digit, year,
month, birthplace and order number are drawn, then the key is computed; random digits are never
filtered. [`invalid_nirs`][ins.testing.strategies.invalid_nirs] draws a valid NIR and breaks one
thing on purpose, and says which error [`ins.nir.validate`][ins.nir.validate] must raise.

```pycon
>>> from hypothesis import given
>>> @given(nirs(strictness="strict"))
... def test(value):
...     assert nir.is_valid(value, strictness="strict")
>>> test()

```
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from hypothesis import strategies as st

from ins import nir
from ins._identifiers import Ins, Oid
from ins._sex import Sex
from ins.errors import (
    InsError,
    InvalidComponent,
    InvalidFormat,
    InvalidKey,
    InvalidLength,
    NotAnInsMatricule,
)
from ins.nir import MAX_INPUT_LENGTH, Nir, Strictness

__all__ = [
    "DEFECTS",
    "PLACES",
    "InvalidNir",
    "digit_strings",
    "ins_identifiers",
    "invalid_nirs",
    "nir_months",
    "nir_places",
    "nirs",
]

PLACES = ("mainland", "corsica", "overseas", "abroad")
"""Kinds of birthplace `nirs` can draw (positions 6-10 of the matricule)."""

DEFECTS = ("key", "character", "length", "family", "sex", "month", "department", "commune", "order")
"""Kinds of defect `invalid_nirs` can put in a number (the last five are components)."""

_SEX_DIGITS = {
    Strictness.KEY: "1234789056",  # shrinks towards 1
    Strictness.STANDARD: "123478",
    Strictness.STRICT: "12",
}


def nir_months(level: Strictness) -> list[str]:
    """The month codes (positions 4-5) a NIR may carry at `level`, real months first."""
    real = [f"{m:02d}" for m in range(1, 13)]
    if level is Strictness.KEY:
        return real + [f"{m:02d}" for m in (0, *range(13, 100))]
    if level is Strictness.STANDARD:
        return real + [f"{m:02d}" for m in range(20, 100)]
    return real + [f"{m:02d}" for m in (*range(20, 43), *range(50, 100))]


def digit_strings(count: int, /, *, low: int = 0) -> st.SearchStrategy[str]:
    """`count` digits, as text, from the number `low` up (shrinks towards `low`)."""
    return st.integers(low, 10**count - 1).map(lambda n: f"{n:0{count}d}")


def nir_places(level: Strictness, kinds: Collection[str] = PLACES) -> st.SearchStrategy[str]:
    """Positions 6-10: department and commune (or territory and commune, or country)."""
    low = 1 if level is Strictness.STRICT else 0
    first = 0 if level is Strictness.KEY else 1  # department 00 only passes the key level
    mainland = st.tuples(
        st.integers(first, 95).filter(lambda d: d != 20).map(lambda d: f"{d:02d}"),
        digit_strings(3, low=low),
    )
    corsica = st.tuples(st.sampled_from(["2A", "2B", "20"]), digit_strings(3, low=low))
    overseas = st.tuples(
        st.sampled_from(["971", "972", "973", "974", "975", "976", "984", "986", "987", "988"]),
        digit_strings(2, low=low),
    )
    # The country code as continent (1-5) and two digits: every kind of place is then drawn
    # in two choices, so that shrinking ends on the first kind (mainland) and does not stall.
    abroad = st.tuples(st.just("99"), st.integers(1, 5).map(str), digit_strings(2))
    drawn = dict(zip(PLACES, [mainland, corsica, overseas, abroad], strict=True))
    return st.one_of([drawn[kind] for kind in PLACES if kind in kinds]).map("".join)


def _bodies(
    level: Strictness,
    places: Collection[str] = PLACES,
    pseudo_months: bool = True,
    sex: Sex | None = None,
) -> st.SearchStrategy[str]:
    """The 13 first characters of a NIR valid at `level`."""
    digits = _SEX_DIGITS[level]
    if sex is not None:  # odd digits are M, even ones F (docs/domain/nir.md#first-digit)
        digits = "".join(d for d in digits if (int(d) % 2 == 1) == (sex is Sex.M))
    months = nir_months(level) if pseudo_months else nir_months(level)[:12]
    return st.tuples(
        st.sampled_from(digits),
        digit_strings(2),
        st.sampled_from(months),
        nir_places(level, places),
        digit_strings(3, low=0 if level is Strictness.KEY else 1),
    ).map("".join)


def _nirs(
    level: Strictness,
    places: Collection[str] = PLACES,
    pseudo_months: bool = True,
    sex: Sex | None = None,
) -> st.SearchStrategy[Nir]:
    # The parts strategy is built once here, not at every draw (ten times faster).
    return _bodies(level, places, pseudo_months, sex).map(
        lambda body: nir.parse(body + nir.calc_key(body), strictness=level)
    )


_STRICT_BODIES = _bodies(Strictness.STRICT)


def nirs(
    *,
    strictness: Strictness | str = Strictness.STANDARD,
    places: Collection[str] = PLACES,
    pseudo_months: bool = True,
    sex: Sex | str | None = None,
) -> st.SearchStrategy[Nir]:
    """NIR/NIA matricules valid at `strictness` (15 characters, as [`Nir`][ins.Nir]).

    Every part varies: sex digit (only those `strictness` accepts), year, real and
    pseudo-months, mainland, Corsica (`2A`, `2B` and the historic `20`), overseas and
    abroad birthplaces, order number. Options narrow the draw: `places` (some of
    `PLACES`), `pseudo_months=False` (real months 01-12 only), `sex` (`"M"`: odd
    sex digits, `"F"`: even ones).

    ```pycon
    >>> from hypothesis import given
    >>> @given(nirs(places=["corsica"], pseudo_months=False, sex="F"))
    ... def test(value):
    ...     assert value.department in ("2A", "2B", "20") and value.birth_month is not None
    ...     assert value.sex == "F"
    >>> test()

    ```
    """
    unknown = set(places) - set(PLACES)
    if unknown or not places:
        raise ValueError(f"nirs() needs places among {PLACES}, not {sorted(places)}.")
    wanted = None if sex is None else Sex(sex)
    if wanted is Sex.UNKNOWN:
        raise ValueError("nirs() draws a sex digit for M or F: the sex I has none.")
    return _nirs(Strictness(strictness), tuple(places), pseudo_months, wanted)


@dataclass(frozen=True)
class InvalidNir:
    """A number with one announced defect, and what [`ins.nir.validate`][ins.nir.validate] must
    raise."""

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


# Each maker draws its own body, so that invalid_nirs() builds its strategies once, not at
# every draw (four times faster).


@st.composite
def _broken_key(draw: st.DrawFn) -> InvalidNir:
    body = draw(_STRICT_BODIES)
    good = int(nir.calc_key(body))
    key = draw(st.integers(0, 98))
    key += key >= good  # every key but the right one, without a filter
    return InvalidNir(body + f"{key:02d}", InvalidKey, None, f"key {key:02d} instead of {good:02d}")


@st.composite
def _bad_character(draw: st.DrawFn) -> InvalidNir:
    value = _with_key(draw(_STRICT_BODIES))
    index = draw(st.integers(0, 14))
    char = draw(st.sampled_from(_NOT_DIGITS))
    return InvalidNir(
        value[:index] + char + value[index + 1 :],
        InvalidFormat,
        None,
        f"{char!r} at position {index + 1}",
    )


@st.composite
def _bad_length(draw: st.DrawFn) -> InvalidNir:
    value = _with_key(draw(_STRICT_BODIES))
    length = draw(st.integers(0, MAX_INPUT_LENGTH).filter(lambda n: n not in (13, 15)))
    text = (value * 5)[:length]
    return InvalidNir(text, InvalidLength, None, f"{length} characters")


@st.composite
def _too_long(draw: st.DrawFn) -> InvalidNir:
    body = draw(_STRICT_BODIES)
    padding = draw(st.integers(MAX_INPUT_LENGTH - 14, 3 * MAX_INPUT_LENGTH))
    return InvalidNir(" " * padding + _with_key(body), InvalidLength, None, "over 64 characters")


@st.composite
def _neighbour(draw: st.DrawFn) -> InvalidNir:
    body = draw(_STRICT_BODIES)
    first = draw(st.sampled_from("5678"))
    family = "MIG" if first in "56" else "NNP"
    return InvalidNir(first + body[1:], NotAnInsMatricule, None, f"{family} number")


def _component_defects(level: Strictness) -> list[tuple[str, int, Sequence[str]]]:
    """(component, position in the body, wrong values) for `level`."""
    months = nir_months(Strictness.KEY)
    defects: list[tuple[str, int, Sequence[str]]] = [
        ("sex", 0, [d for d in "0123456789" if d not in _SEX_DIGITS[level]]),
        ("month", 3, [m for m in months if m not in nir_months(level)]),
        ("department", 5, ["00"]),
        ("order", 10, ["000"]),
    ]
    if level is Strictness.STRICT:
        defects.append(("commune", 7, ["000"]))
    return defects


@st.composite
def _bad_component(
    draw: st.DrawFn, level: Strictness, defects: Collection[str] = DEFECTS
) -> InvalidNir:
    body = draw(_STRICT_BODIES)
    wanted = [entry for entry in _component_defects(level) if entry[0] in defects]
    component, start, values = draw(st.sampled_from(wanted))
    wrong = draw(st.sampled_from(values))
    broken = body[:start] + wrong + body[start + len(wrong) :]
    return InvalidNir(_with_key(broken), InvalidComponent, component, f"{component} {wrong}")


_MAKERS = (
    ("key", _broken_key),
    ("character", _bad_character),
    ("length", _bad_length),
    ("length", _too_long),
    ("family", _neighbour),
)


def _possible_defects(level: Strictness) -> set[str]:
    components = {entry[0] for entry in _component_defects(level)}
    return {"key", "character", "length", "family"} | (
        components if level is not Strictness.KEY else set()
    )


def _invalid_nirs(
    level: Strictness, defects: Collection[str] = DEFECTS
) -> st.SearchStrategy[InvalidNir]:
    choices: list[st.SearchStrategy[InvalidNir]] = [
        maker() for defect, maker in _MAKERS if defect in defects
    ]
    if level is not Strictness.KEY and _possible_defects(level) & set(defects) - set(dict(_MAKERS)):
        choices.append(_bad_component(level, defects))
    return st.one_of(choices)


def invalid_nirs(
    *,
    strictness: Strictness | str = Strictness.STANDARD,
    defects: Collection[str] | None = None,
) -> st.SearchStrategy[InvalidNir]:
    """Numbers that [`ins.nir.validate`][ins.nir.validate] must refuse at `strictness`, with the
    reason.

    Each example is an [`InvalidNir`][ins.testing.strategies.InvalidNir]: the text, the exact error
    class expected (and the component for `InvalidComponent`), and a short description of the
    defect. Defects: wrong or impossible key, a non-ASCII-digit character (letters, full-width
    and Arabic-Indic digits...), wrong length, over 64 characters, an NNP/MIG number, and below
    `key` level a component out of range (sex digit, month, department, commune, order) with a
    correct key. `defects` (some of `DEFECTS`; default: all that `strictness` checks) narrows the
    draw; a component is only a defect where `strictness` checks it (`commune` at `strict` only,
    no component at `key`).

    ```pycon
    >>> from hypothesis import given
    >>> @given(invalid_nirs(defects=["key", "month"]))
    ... def test(case):
    ...     assert case.error.__name__ in ("InvalidKey", "InvalidComponent")
    ...     assert not nir.is_valid(case.value)
    >>> test()

    ```
    """
    level = Strictness(strictness)
    possible = _possible_defects(level)
    if defects is None:
        defects = possible
    if not defects or not set(defects) <= possible:
        raise ValueError(
            f"invalid_nirs(strictness={level.value!r}) can draw the defects {sorted(possible)}, "
            f"not {sorted(defects)}."
        )
    return _invalid_nirs(level, tuple(defects))


def ins_identifiers(*, oids: Sequence[Oid | str] = tuple(Oid)) -> st.SearchStrategy[Ins]:
    """INS identifiers: a matricule valid at `standard` level with one of `oids`."""
    if not oids:
        raise ValueError("ins_identifiers() needs at least one OID.")
    return st.builds(Ins, nirs(), st.sampled_from([Oid.parse(oid) for oid in oids]))
