"""Hypothesis strategies for `ins` values (needs the `testing` extra).

- `nirs()`: [`Nir`][ins.Nir] valid at `strictness`; `places`, `pseudo_months` and
  `sex` narrow the draw;
- `ins_identifiers()`: [`Ins`][ins.Ins] with one of `oids` (NIR, NIA, test, demo);
- `nirs_for(traits)`, `ins_identifiers_for(traits)`: a matricule that agrees with given
  traits (sex, birth year and month, birthplace);
- `invalid_nirs()`: [`InvalidNir`][ins.testing.strategies.InvalidNir], a refused number with the
  error it must raise and why (`defects`: some of `DEFECTS`);
- `birth_names()`, `first_names()`: names in INSi form;
- `messy_names()`: [`MessyName`][ins.testing.strategies.MessyName], what people type with the
  expected INSi form;
- `birth_dates()`: [`BirthDate`][ins.BirthDate], partial ones included unless `partial=False`;
- `birthplaces()`: [`BirthplaceCode`][ins.BirthplaceCode] (`known=True`: codes with a name);
- `traits()`: [`Traits`][ins.Traits] in INSi form;
- `nirs_with_traits()`: `(Nir, Traits)` pairs, consistent or with the `mismatch` asked
  for (codes of `MISMATCHES`);
- `identities()`: [`Identity`][ins.Identity] in one of `statuses`, built by its transitions.

Every strategy is built from parts (sex, year, month, place and order, then the key is
computed; names word by word), so failing examples shrink to small, readable values: the
simplest NIR is `1 00 01 01 000 001 35`. Options are keyword-only. Hypothesis also knows the
types by itself (`st.from_type(ins.Nir)`, ADR 0081).

```pycon
>>> from hypothesis import given
>>> from ins import check_consistency
>>> @given(nirs_with_traits(mismatch=["sex_mismatch"]))
... def test_a_sex_mismatch_is_reported(pair):
...     number, traits = pair
...     assert "sex_mismatch" in [f.code for f in check_consistency(number, traits)]
>>> test_a_sex_mismatch_is_reported()

```
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401 - checked first: the strategies below are built on it
except ModuleNotFoundError as error:
    if error.name != "hypothesis":
        raise
    raise ModuleNotFoundError(
        "ins.testing.strategies needs Hypothesis, which is not installed: install the testing "
        'extra of ins (python -m pip install -e ".[testing]" in a clone of ins, or '
        '"ins[testing]" wherever ins itself comes from).',
        name="hypothesis",
    ) from error

from ins.testing._composites import ins_identifiers_for, nirs_for
from ins.testing._identifiers import (
    DEFECTS,
    PLACES,
    InvalidNir,
    ins_identifiers,
    invalid_nirs,
    nirs,
)
from ins.testing._status import identities
from ins.testing._traits import (
    MISMATCHES,
    MessyName,
    birth_dates,
    birth_names,
    birthplaces,
    first_names,
    messy_names,
    nirs_with_traits,
    traits,
)

__all__: list[str] = [
    "DEFECTS",
    "MISMATCHES",
    "PLACES",
    "InvalidNir",
    "MessyName",
    "birth_dates",
    "birth_names",
    "birthplaces",
    "first_names",
    "identities",
    "ins_identifiers",
    "ins_identifiers_for",
    "invalid_nirs",
    "messy_names",
    "nirs",
    "nirs_for",
    "nirs_with_traits",
    "traits",
]
