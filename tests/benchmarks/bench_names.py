"""Benchmark: normalising names of a patient file against ``unidecode(text).upper()``.

Two workloads, each measured against the naive baseline in the same run:

- ``file``: ``n`` names as a patient file has them: surnames repeat (a few thousand distinct
  names, drawn with a long-tailed distribution), typed in upper, title or lower case, some
  with accents, apostrophes or compound names. The bounded cache of
  :func:`ins.normalize_birth_name` (ADR 0020) serves the repeats. Target: no slower.
- ``cold``: ``n`` distinct names, cache cleared. Target: within 3x of the baseline.

Run: ``python tests/benchmarks/bench_names.py [n]``.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from unidecode import unidecode

from ins import _names as names
from ins._names import normalize_birth_name

_ONSETS = ("B", "C", "D", "F", "G", "L", "M", "N", "P", "R", "S", "T", "V", "CH", "BR", "TR")
_VOWELS = ("A", "E", "I", "O", "OU", "AU", "É", "È", "Ë", "Ô", "Â", "Ï", "EU", "AI")
_CODAS = ("", "", "N", "R", "L", "T", "S", "RT", "ND", "UX", "LLE", "NNE", "T", "D")


def _surname(rng: random.Random) -> str:
    syllables = rng.choice((1, 2, 2, 3))
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
    word += rng.choice(_CODAS)
    roll = rng.random()
    if roll < 0.05:
        word = "D'" + word
    elif roll < 0.10:
        word = "LE " + word
    elif roll < 0.15:
        word += "-" + _surname(rng)
    return word


def _typed(rng: random.Random, name: str) -> str:
    """How the name was typed: mostly upper case; some title, lower or unaccented."""
    roll = rng.random()
    if roll < 0.5:
        return name
    if roll < 0.8:
        return name.title()
    if roll < 0.9:
        return name.lower()
    return unidecode(name)


def patient_file(n: int, *, seed: int = 1) -> list[str]:
    """``n`` names with repeats, as typed at a front desk."""
    rng = random.Random(seed)
    distinct = [_surname(rng) for _ in range(max(10, n // 50))]
    weights = [1 / (rank + 1) for rank in range(len(distinct))]  # long tail (Zipf)
    return [_typed(rng, name) for name in rng.choices(distinct, weights, k=n)]


def distinct_names(n: int, *, seed: int = 2) -> list[str]:
    """``n`` different names (no repeat: the cache cannot help)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < n:
        seen.add(_typed(rng, _surname(rng)))
    return sorted(seen)


def _seconds(function: Callable[[str], object], texts: list[str], repeat: int = 3) -> float:
    """Best of ``repeat`` runs (the machine is shared: the best run is the least disturbed);
    the cache of ``ins`` is cleared before each run so every run does the same work."""
    best = float("inf")
    for _ in range(repeat):
        names._normalize_cached.cache_clear()
        start = time.perf_counter()
        for text in texts:
            function(text)
        best = min(best, time.perf_counter() - start)
    return best


def _baseline(text: str) -> str:
    return unidecode(text).upper()


def main(n: int = 100_000) -> dict[str, float]:
    """Measure both workloads; print and return the times (seconds) and ratios."""
    file = patient_file(n)
    cold = distinct_names(n)
    figures = {
        "file_baseline_s": _seconds(_baseline, file),
        "file_ins_s": _seconds(normalize_birth_name, file),
    }
    figures["cold_baseline_s"] = _seconds(_baseline, cold)
    figures["cold_ins_s"] = _seconds(normalize_birth_name, cold)
    names._normalize_cached.cache_clear()
    figures["file_ratio"] = figures["file_ins_s"] / figures["file_baseline_s"]
    figures["cold_ratio"] = figures["cold_ins_s"] / figures["cold_baseline_s"]
    print(f"{n} names of a patient file ({len(set(file))} distinct):")
    print(f"  unidecode(text).upper()  {figures['file_baseline_s']:.3f} s")
    print(f"  normalize_birth_name     {figures['file_ins_s']:.3f} s")
    print(f"  ratio                    {figures['file_ratio']:.2f} (target: <= 1)")
    print(f"{n} distinct names (cold cache):")
    print(f"  unidecode(text).upper()  {figures['cold_baseline_s']:.3f} s")
    print(f"  normalize_birth_name     {figures['cold_ins_s']:.3f} s")
    print(f"  ratio                    {figures['cold_ratio']:.2f} (target: <= 3)")
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
