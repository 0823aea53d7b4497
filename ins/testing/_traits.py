"""Hypothesis strategies for civil-status traits (docs/domain/traits.md,
docs/domain/nir.md#consistency-with-the-traits).

Built from parts so that examples shrink towards short, plain names and simple dates: names are
drawn word by word and joined with drawn separators; messy names start from a clean INSi name
and mess it up character by character, so the expected normal form is known; traits consistent
with a NIR are derived from its parts, and a requested mismatch changes exactly one part.

```pycon
>>> from hypothesis import given
>>> from ins import normalize_birth_name
>>> @given(messy_names())
... def test(messy):
...     assert normalize_birth_name(messy.text).normalized == messy.expected
>>> test()

```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hypothesis import strategies as st

from ins._birthplace import BirthplaceCode, place_names
from ins._dates import BirthDate
from ins._sex import Sex
from ins._traits import Traits
from ins.nir import Nir

__all__ = [
    "MISMATCHES",
    "MessyName",
    "birth_dates",
    "birth_names",
    "birthplaces",
    "first_names",
    "messy_names",
    "nirs_with_traits",
    "traits",
]

# The last ones, which shrinking never reaches, can be typed with a ligature (Œ, Æ, ß).
_SURNAMES: tuple[str, ...] = ("MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "PETIT")
_SURNAMES += ("DURAND", "LEROY", "COEURDEROY", "LAENNEC", "STRASSER")
_FIRST: tuple[str, ...] = ("JEAN", "MARIE", "PIERRE", "ANNE", "LOUIS", "CLAIRE", "PAUL", "ZOE")
_FIRST += ("ALAIN", "LAETITIA", "NOEL")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

MISMATCHES = ("sex_mismatch", "year_mismatch", "month_mismatch", "birthplace_mismatch")


def _words(common: Sequence[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(common), st.text(_LETTERS, min_size=1, max_size=20))


@st.composite
def _joined(draw: st.DrawFn, common: Sequence[str], separators: Sequence[str], most: int) -> str:
    words = draw(st.lists(_words(common), min_size=1, max_size=most))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from(separators)) + word
    return text


@st.composite
def _birth_names(draw: st.DrawFn) -> str:
    text = draw(_joined(_SURNAMES, (" ", "-", "'", "--"), 4))  # at most 87 characters
    # project decision in docs/domain/traits.md#syntax-rules: 'T HOOFT; shrinks to no
    leading = draw(st.integers(0, 9)) == 9
    return "'" + text if leading else text


def birth_names() -> st.SearchStrategy[str]:
    """Birth names in INSi form (`DUPONT`, `GARCIA--HAMMADI`, `D'ARTAGNAN`, `'T HOOFT`)."""
    return _birth_names()


def first_names() -> st.SearchStrategy[str]:
    """First-name lists in INSi form: names separated by single spaces (`JEAN-LUC MARIE`)."""
    name = _joined(_FIRST, ("-", "'"), 2)  # at most 41 characters
    return st.lists(name, min_size=1, max_size=3).map(" ".join).filter(lambda t: len(t) <= 100)


@dataclass(frozen=True)
class MessyName:
    """What a person may type (`text`) and its INSi normal form (`expected`)."""

    text: str
    expected: str
    profile: Literal["birth_name", "first_names"]


_VARIANTS: dict[str, str] = {
    "A": "aàâäáãåÀÂÄÁ",
    "C": "cçÇ",
    "E": "eéèêëÉÈÊË",
    "I": "iîïíìÎÏıİ",
    "N": "nñÑ",
    "O": "oôöóòõøÔÖØ",
    "U": "uùûüúÙÛÜ",
    "Y": "yÿýÝ",
    "D": "dđĐ",
    "L": "lłŁ",
    "'": "'\u2019\u2018\u02bc`\u00b4",
    "-": "-\u2010\u2011\u2013\u2014\u2212",
}
_SPACES = (" ", "  ", "\t", "\u00a0", " \u2009")
# normalisation writes them back (docs/domain/traits.md#normalisation-steps)
_LIGATURES = {"AE": "Ææ", "OE": "Œœ", "SS": "ß"}


@st.composite
def _messed(draw: st.DrawFn, clean: str) -> str:
    out = draw(st.sampled_from(("", " ", "  ", "\t")))
    index = 0
    while index < len(clean):
        pair, char = clean[index : index + 2], clean[index]
        if pair in _LIGATURES and draw(st.booleans()):
            out += draw(st.sampled_from(_LIGATURES[pair]))
            index += 2
            continue
        index += 1
        if char == " ":
            out += draw(st.sampled_from(_SPACES))
        elif char == "-" and draw(st.booleans()):
            out += " " + draw(st.sampled_from(_VARIANTS["-"])) + " "
        else:
            variants = _VARIANTS.get(char, char + char.lower())
            out += draw(st.sampled_from(variants))
    return out + draw(st.sampled_from(("", " ", "\u00a0")))


@st.composite
def _messy(draw: st.DrawFn, profile: Literal["birth_name", "first_names"]) -> MessyName:
    clean = draw(birth_names() if profile == "birth_name" else first_names())
    return MessyName(draw(_messed(clean)), clean, profile)


def messy_names(
    *, profile: Literal["birth_name", "first_names"] = "birth_name"
) -> st.SearchStrategy[MessyName]:
    """Names as people type them (case, accents, `ı`/`ø`/`ł`, typographic apostrophes
    and dashes, odd spaces), each with the INSi form normalisation must give."""
    return _messy(profile)


@st.composite
def _birth_dates(draw: st.DrawFn, partial: bool, min_year: int, max_year: int) -> BirthDate:
    value = draw(st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31)))
    known = draw(st.sampled_from(("both", "month", "day", "none"))) if partial else "both"
    month = value.month if known in ("both", "month") else None
    day = value.day if known in ("both", "day") else None
    return BirthDate.from_partial(value.year, month, day)


def birth_dates(
    *, partial: bool = True, min_year: int = 1900, max_year: int = 2025
) -> st.SearchStrategy[BirthDate]:
    """Birth dates; with `partial` (default) some have an unknown day and/or month."""
    return _birth_dates(partial, min_year, max_year)


def _syntactic_places() -> st.SearchStrategy[str]:
    department = st.one_of(
        st.integers(1, 95).map(lambda d: f"{d:02d}"), st.sampled_from(("2A", "2B"))
    )
    mainland = st.tuples(department, st.integers(1, 999).map(lambda c: f"{c:03d}"))
    overseas = st.tuples(
        st.sampled_from(("971", "972", "973", "974", "976")),
        st.integers(1, 99).map(lambda c: f"{c:02d}"),
    )
    abroad = st.tuples(st.just("99"), st.integers(100, 599).map(str))
    return st.one_of(mainland, overseas, abroad).map("".join)


def birthplaces(*, known: bool = False) -> st.SearchStrategy[BirthplaceCode]:
    """COG codes: from the shipped table, and (unless `known`) any well-formed code."""
    table = st.sampled_from(sorted(place_names())).map(BirthplaceCode)
    if known:
        return table
    return st.one_of(table, _syntactic_places().map(BirthplaceCode))


def traits(
    *,
    matricule: Nir | None = None,
    mismatch: Sequence[str] = (),
    sexes: Sequence[Sex | str] = tuple(Sex),
) -> st.SearchStrategy[Traits]:
    """Traits in INSi form (names, sex M/F/I, possibly partial dates, optional birthplace,
    sometimes a used name and a used first name).

    With `matricule`, traits consistent with it (no sex, year, month or birthplace finding), or with
    exactly the findings named in `mismatch`; see
    [`nirs_with_traits`][ins.testing.strategies.nirs_with_traits] to draw both. `sexes=["M",
    "F"]` leaves out the indeterminate sex, which INSi cannot be asked about.
    """
    wanted = [Sex(sex) for sex in sexes]
    if not wanted:
        raise ValueError("traits() needs at least one sex.")
    if matricule is not None:
        pairs = nirs_with_traits(mismatch=mismatch, nirs=st.just(matricule))
        return pairs.map(lambda pair: pair[1])
    if mismatch:
        raise ValueError("A mismatch needs a matricule to differ from: pass matricule=.")
    return st.builds(
        Traits,
        birth_name=birth_names(),
        first_names=first_names(),
        sex=st.sampled_from(wanted),
        birth_date=birth_dates(),
        birthplace=st.none() | birthplaces(),
        used_name=st.none() | birth_names(),
        used_first_name=st.none() | _joined(_FIRST, ("-", "'"), 2),
    )


def _other_place(code: str) -> str:
    commune = int(code[-3:]) % 999 + 1
    return f"{code[:2]}{commune:03d}" if code[:2] != "99" else f"99{commune % 400 + 100}"


@st.composite
def _nirs_with_traits(
    draw: st.DrawFn, nirs: st.SearchStrategy[Nir], mismatch: tuple[str, ...]
) -> tuple[Nir, Traits]:
    number = draw(nirs)
    today = dt.date.today()
    year = 2000 + number.year if 2000 + number.year <= today.year else 1900 + number.year
    if "year_mismatch" in mismatch:
        year += draw(st.integers(1, 9))
    month = number.birth_month or draw(st.integers(1, 12))
    if "month_mismatch" in mismatch:  # the NIR has a real month (filtered below)
        month = month % 12 + 1
    day = draw(st.integers(1, 28))
    sex = number.sex
    if "sex_mismatch" in mismatch:
        sex = Sex.F if sex is Sex.M else Sex.M
    place = str(number)[5:10]
    if "birthplace_mismatch" in mismatch:
        place = _other_place(place)
    names = (draw(birth_names()), draw(first_names()))
    return number, Traits(
        birth_name=names[0],
        first_names=names[1],
        sex=sex,
        birth_date=BirthDate.from_partial(year, month, day),
        birthplace=BirthplaceCode(place),
    )


def nirs_with_traits(
    *, mismatch: Sequence[str] = (), nirs: st.SearchStrategy[Nir] | None = None
) -> st.SearchStrategy[tuple[Nir, Traits]]:
    """Pairs (NIR, traits): consistent (no sex, year, month or birthplace finding), or with
    exactly the findings named in `mismatch` (codes of `MISMATCHES`)."""
    unknown = set(mismatch) - set(MISMATCHES)
    if unknown:
        raise ValueError(f"Unknown mismatch {sorted(unknown)}: use some of {MISMATCHES}.")
    if nirs is None:
        from ins.testing._identifiers import nirs as all_nirs  # noqa: PLC0415

        # a month mismatch needs a real month: draw one rather than filter pseudo-months out
        nirs = all_nirs(pseudo_months="month_mismatch" not in mismatch)
    elif "month_mismatch" in mismatch:
        nirs = nirs.filter(lambda number: number.birth_month is not None)
    return _nirs_with_traits(nirs, tuple(mismatch))
