"""What the fuzz run shares: its settings, hostile texts and mutations of valid inputs.

Inputs are drawn two ways: from scratch (any text, any bytes, any JSON value), and as mutations
of a valid input (a cut, a splice of random bytes, a byte changed, a piece repeated, a tag or
prefix renamed), which reach the deep branches of a parser that random bytes never do. ``FUZZ``
is the ``fuzz`` profile of ``tests/conftest.py``: not derandomised, a fixed number of examples.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

__all__ = ["FUZZ", "as_json", "json_values", "mutated", "mutated_text", "near", "texts"]

FUZZ = settings.get_profile("fuzz")

# Characters that matter to the parsers: NIR digits and separators, Corsica letters, INSi name
# characters and what normalisation maps, XML and JSON syntax, white space of every kind.
_INTERESTING = (
    "0123456789 .-/'AaBbZz2AB\t\n\r\x00\x0b\xa0\u202f\u2019\u00e9\u00c6\u0153\u0130\u0131"
    '\u0661\uff12<>&;:"{}[],=#%\\'
)


def texts(*, max_size: int = 80) -> st.SearchStrategy[str]:
    """Any text: interesting characters, any Unicode (lone surrogates included), long runs."""
    interesting = st.text(st.sampled_from(_INTERESTING), max_size=max_size)
    anything = st.text(st.characters(codec=None), max_size=max_size)
    surrogate = st.sampled_from(["\ud800", "x\udfff", "\ud83d"])
    long_runs = st.sampled_from(["A" * 2000, "1" * 70, "-" * 300, " " * 1001])
    return st.one_of(interesting, anything, surrogate, long_runs)


def mutated(valid: bytes) -> st.SearchStrategy[bytes]:
    """``valid`` with one mutation (see the module docstring)."""
    size = len(valid)
    where = st.integers(0, size)
    junk = st.binary(min_size=1, max_size=12) | st.sampled_from(
        [b"<", b">", b"</x>", b"<a:b>", b"&", b"&amp;", b"&#0;", b"\x00", b"\xff\xfe", b"]]>"]
    )
    return st.one_of(
        st.tuples(where, where).map(lambda cut: valid[: min(cut)] + valid[max(cut) :]),
        st.tuples(where, junk).map(lambda put: valid[: put[0]] + put[1] + valid[put[0] :]),
        st.tuples(st.integers(0, max(size - 1, 0)), st.integers(0, 255)).map(
            lambda change: valid[: change[0]] + bytes([change[1]]) + valid[change[0] + 1 :]
        ),
        st.tuples(where, where, st.integers(2, 50)).map(
            lambda piece: (
                valid[: min(piece[:2])]
                + valid[min(piece[:2]) : max(piece[:2])] * piece[2]
                + valid[max(piece[:2]) :]
            )
        ),
        st.sampled_from([b"soap:", b"wsse:", b"insi:", b"recsans:", b"xmlns"]).flatmap(
            lambda name: st.sampled_from([b"", b"q:", b"xmlns:q", b"x", b"soap:"]).map(
                lambda other: valid.replace(name, other, 1)
            )
        ),
    )


def mutated_text(valid: str) -> st.SearchStrategy[str]:
    """``valid`` with one mutation, as text (invalid UTF-8 replaced)."""
    return mutated(valid.encode()).map(lambda data: data.decode("utf-8", "replace"))


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(texts(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def near(valid: Any) -> st.SearchStrategy[Any]:
    """``valid`` (a JSON value) with one member replaced, removed or added."""
    if isinstance(valid, dict) and valid:
        keys = sorted(valid)
        return st.one_of(
            st.tuples(st.sampled_from(keys), json_values).map(
                lambda change: {**valid, change[0]: change[1]}
            ),
            st.sampled_from(keys).map(
                lambda gone: {key: value for key, value in valid.items() if key != gone}
            ),
            st.sampled_from(keys).flatmap(
                lambda key: near(valid[key]).map(lambda inner: {**valid, key: inner})
            ),
        )
    if isinstance(valid, list) and valid:
        return st.tuples(st.integers(0, len(valid) - 1), json_values).map(
            lambda change: [*valid[: change[0]], change[1], *valid[change[0] + 1 :]]
        )
    return json_values


def as_json(value: Any) -> bytes:
    """``value`` as JSON bytes (NaN and infinities as Python writes them)."""
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
