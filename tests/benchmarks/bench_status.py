"""Speed of the RNIV status machinery: ``compute_status``, transitions, replay, JSON storage.

The baseline, measured in the same run, is the naive 2x2 dictionary lookup that ignores
attributes (what ABAK's status function does): ``compute_status`` also checks the attribute
combination. The transitions and the replay of a front-desk path (document check then INSi result,
then a homonym attribute and an edit of the used name) are timed per identity. Run:

    python tests/benchmarks/bench_status.py

No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from ins import Identity, IdentityStatus, Traits, compute_status
from ins.insi import ReturnedTraits, WireIns, make_result

_TABLE = {
    (False, False): IdentityStatus.PROV,
    (True, False): IdentityStatus.RECUP,
    (False, True): IdentityStatus.VALI,
    (True, True): IdentityStatus.QUAL,
}
_T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
_TRAITS = Traits(birth_name="Adrun", first_names="Zoé", sex="F", birth_date="1975-12-31")
_RESULT = make_result(
    "00",
    active=WireIns("2751263220749", "74", "1.2.250.1.213.1.4.8"),
    tiq=ReturnedTraits(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31"),
)


def _per_call(function: Callable[[int], object], n: int, /) -> float:
    """Seconds per call, best of three runs of ``n`` calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for index in range(n):
            function(index)
        best = min(best, time.perf_counter() - start)
    return best / n


def front_desk(_: int = 0, /) -> Identity:
    """PROV -> VALI -> QUAL, then a homonym attribute and a complementary edit: 4 events."""
    identity = Identity(traits=_TRAITS).apply_document_check("PA", coherent=True, at=_T0)
    identity = identity.apply_insi_result(_RESULT, at=_T0)
    identity = identity.with_attribute("HOMA", at=_T0)
    return identity.edit_traits(used_name="MARTIN", at=_T0)


def main(n: int = 2_000) -> dict[str, float]:
    """Time each operation, print the figures and ratios, return them."""
    flags = [(bool(i & 1), bool(i & 2)) for i in range(4)]
    sample = front_desk()
    json_text = sample.model_dump_json()
    figures = {
        "naive_table_ns": _per_call(lambda i: _TABLE[flags[i & 3]], n * 50) * 1e9,
        "compute_status_ns": _per_call(
            lambda i: compute_status(
                ins_retrieved=flags[i & 3][0],
                identity_checked=flags[i & 3][1],
                attributes=("HOMA",),
            ),
            n * 50,
        )
        * 1e9,
        "front_desk_us": _per_call(front_desk, n) * 1e6,
        "replay_us": _per_call(lambda _: Identity.replay(_TRAITS, sample.events), n) * 1e6,
        "json_round_trip_us": _per_call(lambda _: Identity.model_validate_json(json_text), n) * 1e6,
    }
    figures["compute_status_vs_naive"] = figures["compute_status_ns"] / figures["naive_table_ns"]
    figures["replay_vs_live"] = figures["replay_us"] / figures["front_desk_us"]
    print(
        f"compute_status   {figures['compute_status_ns']:8.0f} ns/call "
        f"({figures['compute_status_vs_naive']:.1f}x the naive 2x2 lookup, "
        f"{figures['naive_table_ns']:.0f} ns)"
    )
    print(f"front desk path  {figures['front_desk_us']:8.1f} us/identity (4 events)")
    print(
        f"replay of it     {figures['replay_us']:8.1f} us/identity "
        f"({figures['replay_vs_live']:.2f}x the live path)"
    )
    print(f"JSON load        {figures['json_round_trip_us']:8.1f} us/identity")
    return figures


if __name__ == "__main__":
    main()
