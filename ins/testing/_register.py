"""Hypothesis type registration for `ins` values (the `hypothesis` entry point).

Hypothesis runs every function registered under the `hypothesis` entry-point group when it is
imported (`hypothesis.entry_points`). Ours, `_hypothesis_setup_hook`, registers a strategy
for each `ins` value type, so that `st.from_type(ins.Nir)` (and `ins.Ins`, `ins.Traits`,
`ins.BirthDate`, `ins.BirthplaceCode`, `ins.Identity`) works with no setup in a test suite,
and `st.builds` fills fields of those types by itself.

It costs little and does nothing on `import ins`: the hook only imports the modules that define
the types (hence the `ins` package); the strategies module is imported the first time
Hypothesis resolves one of those types, not before (ADR 0081).

```pycon
>>> from hypothesis import given, strategies as st
>>> import ins
>>> @given(st.from_type(ins.Nir))
... def test_any_nir(number):
...     assert isinstance(number, ins.Nir) and ins.nir.is_valid(number)
>>> test_any_nir()

```
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__: list[str] = []

# (defining module, type, strategy in ``ins.testing.strategies``); every type is public in ins.
REGISTERED: tuple[tuple[str, str, str], ...] = (
    ("ins.nir", "Nir", "nirs"),
    ("ins._identifiers", "Ins", "ins_identifiers"),
    ("ins._dates", "BirthDate", "birth_dates"),
    ("ins._birthplace", "BirthplaceCode", "birthplaces"),
    ("ins._traits", "Traits", "traits"),
    ("ins._identity", "Identity", "identities"),
)


def _resolver(strategy_name: str) -> Callable[[type], SearchStrategy[object]]:
    """A function Hypothesis calls when it first needs the type: the import happens only then."""

    def resolve(_: type, /) -> SearchStrategy[object]:
        from ins.testing import strategies  # noqa: PLC0415 - deferred on purpose (ADR 0081)

        factory: Callable[[], SearchStrategy[object]] = getattr(strategies, strategy_name)
        return factory()

    resolve.__qualname__ = resolve.__name__ = f"resolve_{strategy_name}"
    return resolve


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each `ins` value type (called by Hypothesis at its import)."""
    import hypothesis.strategies as st  # noqa: PLC0415 - Hypothesis is importing itself

    for module_name, type_name, strategy_name in REGISTERED:
        kind = getattr(import_module(module_name), type_name)
        st.register_type_strategy(kind, _resolver(strategy_name))
