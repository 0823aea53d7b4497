"""Speed of the INSi mock and of the SOAP layer.

1. Search latency of :class:`ins.insi.MockInsi` with a thousand registered persons (the
   baseline) and with ``n`` (a million by default): lookups go through dictionaries, so the
   ratio should stay near 1. Persons are generated cheaply from their number and registered
   with ``MockInsi.register`` (wire values, no validation until a search finds them).
2. SOAP: building a request envelope, and parsing a rendered ``RESULTAT``, per second; and a
   whole search through ``SoapInsi(MockTransport(...))`` against the same search on the mock
   directly (the baseline): the ratio is the cost of the wire format.

Run:

    python tests/benchmarks/bench_insi.py

No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from ins.insi import ReturnedTraits, TraitsSearch, WireIns
from ins.insi.mock import MockInsi
from ins.insi.soap import (
    MockTransport,
    SoapEndpoint,
    SoapInsi,
    build_traits_request,
    parse_result,
    render_result,
)

_BASELINE_PERSONS = 1_000


def _name(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 26)
        text = chr(65 + digit) + text
        if number == 0:
            return "P" + text


def _person(number: int) -> tuple[WireIns, ReturnedTraits]:
    year, month, order = number % 90 + 10, number % 9 + 1, number % 999 + 1
    body = f"1{year:02d}0{month}63220{order:03d}"
    key = f"{97 - int(body) % 97:02d}"
    tiq = ReturnedTraits.model_construct(
        birth_name=_name(number),
        first_name=None,
        first_names="JEAN PAUL",
        sex="M",
        birth_date=f"19{year:02d}-0{month}-15",
        birthplace="63220",
    )
    return WireIns(body, key, "1.2.250.1.213.1.4.8"), tiq


def _request(number: int) -> TraitsSearch:
    _, tiq = _person(number)
    return TraitsSearch(
        birth_name=tiq.birth_name, first_names="JEAN", sex="M", birth_date=tiq.birth_date
    )


def _mock(persons: int) -> MockInsi:
    mock = MockInsi()
    for number in range(persons):
        active, tiq = _person(number)
        mock.register(active=active, history=(), tiq=tiq)
    return mock


def _per_call(action: Callable[[], object], calls: int) -> float:
    """Seconds per call: the best of three rounds (the least disturbed by other processes)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(calls):
            action()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def _search_latency(mock: MockInsi, persons: int, samples: int) -> float:
    picked = random.Random(0).sample(range(persons), min(samples, persons))
    requests = [_request(number) for number in picked]
    for request in requests:  # first hits build the lazy results: not what is measured
        mock.search_by_traits(request)
    mock.clear_calls()

    def run() -> None:
        for request in requests:
            mock.search_by_traits(request)

    seconds = _per_call(run, 1) / len(requests)
    mock.clear_calls()
    return seconds


def main(n: int = 1_000_000, *, samples: int = 2_000) -> dict[str, float]:
    """Measure, print and return the figures (``n`` registered persons for the large registry)."""
    start = time.perf_counter()
    large = _mock(n)
    registration = (time.perf_counter() - start) / n
    small = _mock(_BASELINE_PERSONS)
    small_latency = _search_latency(small, _BASELINE_PERSONS, samples)
    large_latency = _search_latency(large, n, samples)
    del large

    request = _request(1)
    result = small.search_by_traits(request)
    rendered = render_result(result)
    build = _per_call(lambda: build_traits_request(request), 2_000)
    parse = _per_call(lambda: parse_result(rendered), 2_000)
    soap = SoapInsi(MockTransport(SoapEndpoint(small)))
    direct_search = _per_call(lambda: small.search_by_traits(request), 2_000)
    soap_search = _per_call(lambda: soap.search_by_traits(request), 500)

    figures = {
        "registration_us": registration * 1e6,
        "search_us_baseline": small_latency * 1e6,
        "search_us_large": large_latency * 1e6,
        "search_ratio": large_latency / small_latency,
        "soap_build_per_s": 1 / build,
        "soap_parse_per_s": 1 / parse,
        "mock_search_us": direct_search * 1e6,
        "soap_search_us": soap_search * 1e6,
        "soap_overhead_ratio": soap_search / direct_search,
    }
    print(f"registration: {figures['registration_us']:.1f} us per person ({n} persons)")
    print(
        f"search: {figures['search_us_baseline']:.2f} us with {_BASELINE_PERSONS} persons, "
        f"{figures['search_us_large']:.2f} us with {n}: ratio {figures['search_ratio']:.2f}"
    )
    print(
        f"SOAP: {figures['soap_build_per_s']:.0f} request envelopes built/s, "
        f"{figures['soap_parse_per_s']:.0f} results parsed/s"
    )
    print(
        f"search through SoapInsi(MockTransport): {figures['soap_search_us']:.0f} us against "
        f"{figures['mock_search_us']:.1f} us on the mock directly: "
        f"ratio {figures['soap_overhead_ratio']:.1f}"
    )
    return figures


if __name__ == "__main__":
    main()
