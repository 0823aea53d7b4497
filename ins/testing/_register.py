"""Hypothesis type registration for ``ins`` values (the ``hypothesis`` entry point).

Hypothesis runs every function registered under the ``hypothesis`` entry-point group when it is
imported (``hypothesis.entry_points``). Ours, :func:`_hypothesis_setup_hook`, registers a strategy
for each ``ins`` value type, so that ``st.from_type(ins.Nir)`` (and ``ins.Ins``, ``ins.Traits``,
``ins.BirthDate``, ``ins.BirthplaceCode``, ``ins.Identity``) works with no setup in a test suite,
and ``st.builds`` fills fields of those types by itself.

It costs little and does nothing on ``import ins``: the hook only imports ``ins`` itself (to get
the type objects); the strategies module is imported the first time Hypothesis resolves one of
those types, not before (ADR 0081).

>>> from hypothesis import strategies as st
>>> import ins
>>> st.from_type(ins.Nir)
from_type(Nir)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__: list[str] = []

# Public name of the type in ``ins`` -> name of the strategy in ``ins.testing.strategies``.
REGISTERED: dict[str, str] = {
    "Nir": "nirs",
    "Ins": "ins_identifiers",
    "BirthDate": "birth_dates",
    "BirthplaceCode": "birthplaces",
    "Traits": "traits",
    "Identity": "identities",
}


def _resolver(strategy_name: str) -> Callable[[type], SearchStrategy[object]]:
    """A function Hypothesis calls when it first needs the type: the import happens only then."""

    def resolve(_: type, /) -> SearchStrategy[object]:
        from ins.testing import strategies  # noqa: PLC0415 - deferred on purpose (ADR 0081)

        factory: Callable[[], SearchStrategy[object]] = getattr(strategies, strategy_name)
        return factory()

    resolve.__qualname__ = resolve.__name__ = f"resolve_{strategy_name}"
    return resolve


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each ``ins`` value type (called by Hypothesis at its import)."""
    import hypothesis.strategies as st  # noqa: PLC0415 - Hypothesis is importing itself

    import ins  # noqa: PLC0415 - never at module level: this module may load before ins is ready

    for type_name, strategy_name in REGISTERED.items():
        st.register_type_strategy(getattr(ins, type_name), _resolver(strategy_name))
