"""Composite strategies: matricules and INS identifiers that agree with given traits.

[`ins_identifiers_for`][ins.testing.strategies.ins_identifiers_for] draws the INS a person with
these traits could hold: sex digit from the sex, year and month from the birth date, positions
6-10 from the birthplace (written `20` for Corsica before 1976), then an order number, and the
key is computed (docs/domain/nir.md#layout, docs/domain/nir.md#consistency-with-the-traits).
Parts the traits do not fix (an indeterminate sex, an unknown month or birthplace) are drawn, so
that [`ins.check_consistency`][ins.check_consistency] finds no mismatch whatever is drawn. It is
what `identities` uses, so that a generated identity's INS agrees with its traits.

```pycon
>>> from hypothesis import given
>>> from ins import Traits, check_consistency
>>> zoe = Traits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31",
...              birthplace="2A004")
>>> @given(ins_identifiers_for(zoe))
... def test(ins):
...     assert ins.matricule[:10] == "2751220004"
...     assert not [f for f in check_consistency(ins, zoe) if f.code != "unknown_birthplace"]
>>> test()

```
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from ins import nir
from ins._identifiers import Ins, Oid
from ins._sex import Sex
from ins._traits import Traits
from ins.nir import Nir, Strictness
from ins.testing._identifiers import digit_strings, nir_months, nir_places

__all__ = ["ins_identifiers_for", "nirs_for"]

_SEX_DIGIT = {Sex.M: "1", Sex.F: "2"}


def _as_of(place: str, year: int) -> str:
    """Positions 6-10 as the NIR of a person born there in `year` shows them."""
    if place[:2] in ("2A", "2B") and year < 1976:
        return "20" + place[2:]  # Corsica was department 20 before 1976
    return place


@st.composite
def _nirs_for(draw: st.DrawFn, traits: Traits) -> Nir:
    date = traits.birth_date
    known_sex = _SEX_DIGIT.get(traits.sex)
    sex_digit = known_sex if known_sex is not None else draw(st.sampled_from("12"))
    month = (
        f"{date.month:02d}"
        if date.month is not None
        else draw(st.sampled_from(nir_months(Strictness.STRICT)))  # unknown: real or pseudo-month
    )
    place = traits.birthplace or draw(nir_places(Strictness.STRICT))
    place = _as_of(place, date.year)
    body = f"{sex_digit}{date.year % 100:02d}{month}{place}" + draw(digit_strings(3, low=1))
    return nir.parse(body + nir.calc_key(body))


def nirs_for(traits: Traits, /) -> st.SearchStrategy[Nir]:
    """Matricules that agree with `traits` (sex, year, month, birthplace), valid at `standard`.

    The sex digit is 1 or 2 (so the matricule is valid at `strict` level too, unless the
    birthplace has commune `000`).
    """
    if not isinstance(traits, Traits):
        raise TypeError(f"nirs_for() needs an ins.Traits, not {type(traits).__name__}.")
    return _nirs_for(traits)


def ins_identifiers_for(
    traits: Traits, /, *, oids: Sequence[Oid | str] = tuple(Oid)
) -> st.SearchStrategy[Ins]:
    """INS identifiers whose matricule agrees with `traits`, with one of `oids`."""
    if not oids:
        raise ValueError("ins_identifiers_for() needs at least one OID.")
    return st.builds(Ins, nirs_for(traits), st.sampled_from([Oid.parse(oid) for oid in oids]))
