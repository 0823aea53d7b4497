"""Speed of ``ins.nir`` against ``stdnum.fr.nir.is_valid`` on the same mixed numbers.

``nir.is_valid`` (default ``standard`` level: it checks the sex digit, month, department and
order number on top of what stdnum checks) has a fast path for clean 15-character input. Run:

    python tests/benchmarks/bench_nir.py

It prints the time per call of each function and the ratio to stdnum, measured in the same
process on the same numbers. No test asserts a time: ``tests/test_benchmarks.py`` only runs
it small.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from stdnum.fr import nir as stdnum_nir

from ins import InsError, nir


def _key(body: str) -> str:
    number = int(body.replace("2A", "19").replace("2B", "18"))
    return f"{97 - number % 97:02d}"


def numbers(n: int, /, *, seed: int = 2026) -> list[str]:
    """``n`` numbers: about 60% valid (some spaced, some Corsica), 40% invalid in various ways."""
    rng = random.Random(seed)
    result = []
    for _ in range(n):
        department = rng.choice(["2A", "2B", "99", "97"]) if rng.random() < 0.1 else ""
        department = department or f"{rng.randint(1, 95):02d}"
        body = (
            rng.choice("12")
            + f"{rng.randint(0, 99):02d}"
            + f"{rng.randint(1, 12):02d}"
            + department
            + f"{rng.randint(1, 999):03d}"
            + f"{rng.randint(1, 999):03d}"
        )
        number = body + _key(body)
        kind = rng.random()
        if kind < 0.15:
            number = body + f"{(int(_key(body)) % 97) + 1:02d}"  # wrong key
        elif kind < 0.25:
            index = rng.randrange(15)
            number = number[:index] + rng.choice("0123456789") + number[index + 1 :]  # typo
        elif kind < 0.30:
            number = number[: rng.randrange(15)]  # truncated
        elif kind < 0.35:
            number = number[:3] + "13" + number[5:]  # month 13 (stdnum cannot see it)
        elif kind < 0.40:
            number = number[:6] + "x" + number[7:]  # a letter
        elif kind < 0.50:
            number = " ".join([number[:1], number[1:3], number[3:5], number[5:7], number[7:]])
        result.append(number)
    return result


def _time_all(
    functions: dict[str, Callable[[str], object]], data: list[str], /, *, rounds: int = 5
) -> dict[str, float]:
    """Seconds per call of each function.

    The data is cut in chunks; each round times every function on every chunk, in turn, and
    each chunk keeps its best time. Interleaving the functions and keeping the best of several
    rounds spreads the noise of a busy machine evenly over all of them.
    """
    size = max(1, min(len(data), 10_000))
    chunks = [data[start : start + size] for start in range(0, len(data), size)]
    best = {name: [float("inf")] * len(chunks) for name in functions}
    for _ in range(rounds):
        for index, chunk in enumerate(chunks):
            for name, function in functions.items():
                begin = time.perf_counter()
                for number in chunk:
                    function(number)
                elapsed = time.perf_counter() - begin
                best[name][index] = min(best[name][index], elapsed)
    return {name: sum(times) / len(data) for name, times in best.items()}


def _validate(number: str, /) -> object:
    try:
        return nir.validate(number)
    except InsError:
        return None


def _parse(number: str, /) -> object:
    try:
        return nir.parse(number)
    except InsError:
        return None


def main(n: int = 100_000) -> dict[str, float]:
    """Time each function on ``n`` numbers, print the figures, return them (ns per call)."""
    data = numbers(n)
    seconds = _time_all(
        {
            "stdnum_is_valid": stdnum_nir.is_valid,
            "is_valid": nir.is_valid,
            "validate": _validate,
            "parse": _parse,
        },
        data,
    )
    figures = {f"{name}_ns": value * 1e9 for name, value in seconds.items()}
    figures["is_valid_speedup"] = figures["stdnum_is_valid_ns"] / figures["is_valid_ns"]
    figures["validate_speedup"] = figures["stdnum_is_valid_ns"] / figures["validate_ns"]
    figures["valid_share"] = sum(map(nir.is_valid, data)) / len(data)
    print(f"{n} numbers, {figures['valid_share']:.0%} valid at the standard level")
    for name in ("stdnum_is_valid", "is_valid", "validate", "parse"):
        ratio = figures["stdnum_is_valid_ns"] / figures[f"{name}_ns"]
        print(f"  {name:<16} {figures[f'{name}_ns']:8.0f} ns/call  ({ratio:.1f}x stdnum)")
    return figures


if __name__ == "__main__":
    main()
