"""A bounded load test of the mock INSi server on loopback.

20 threads x 200 requests (both operations, the three result codes) through
``SoapInsi(HttpTransport)``. It stops by itself: a fixed number of requests, and no new request
after a time cap. It asserts that every request got its right answer and that the server saw
each one exactly once (none lost, none doubled); throughput and p99 latency are printed, not
asserted (run with ``-s`` to see them).
"""

from __future__ import annotations

import threading
import time

from ins.insi import InsiClient, TraitsSearch, VitaleSearch
from ins.insi.mock import MockInsi
from ins.insi.server import InsiServer, serving
from ins.insi.soap import HttpTransport, SoapInsi

THREADS = 20
REQUESTS_PER_THREAD = 200
TIME_CAP = 300.0  # seconds; no new request is sent after it (the load stops by itself)

WORK: list[tuple[str, TraitsSearch | VitaleSearch, str]] = [
    # (operation, request, expected CodeCR)
    ("traits", TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F",
                            birth_date="1975-12-31"), "00"),  # one person
    ("traits", TraitsSearch(birth_name="DE VINCI", first_names="LEONARDO", sex="M",
                            birth_date="2014-02-01"), "02"),  # several
    ("traits", TraitsSearch(birth_name="HOUILLES", first_names="PIERRE", sex="M",
                            birth_date="1993-01-27"), "01"),  # none
    ("vitale", VitaleSearch(individual_matricule="275126322074974",
                            birth_date="1975-12-31"), "00"),  # carte Vitale
]  # fmt: skip


def _run(client: InsiClient, index: int) -> tuple[str, str, float]:
    _operation, request, expected = WORK[index % len(WORK)]
    started = time.perf_counter()
    if isinstance(request, TraitsSearch):
        code = client.search_by_traits(request).code.value
    else:
        code = client.search_with_vitale(request).code.value
    return expected, code, time.perf_counter() - started


def test_bounded_load_loses_nothing() -> None:
    mock = MockInsi.with_test_identities()
    latencies: list[float] = []
    wrong: list[tuple[str, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_CAP
    start = threading.Barrier(THREADS)

    def worker(url: str, number: int) -> None:
        client = SoapInsi(HttpTransport(url, timeout=30))
        start.wait(timeout=60)
        for index in range(REQUESTS_PER_THREAD):
            if time.monotonic() > deadline:
                return
            try:
                expected, code, latency = _run(client, number + index)
            except Exception as error:  # collected and reported below
                with lock:
                    errors.append(error)
                continue
            with lock:
                latencies.append(latency)
                if code != expected:
                    wrong.append((expected, code))

    with serving(InsiServer(("127.0.0.1", 0), insi_factory=lambda: mock)) as url:
        began = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(url, number)) for number in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIME_CAP + 120)
        elapsed = time.perf_counter() - began
    assert not any(thread.is_alive() for thread in threads)

    sent = len(latencies) + len(errors)
    latencies.sort()
    p99 = latencies[int(0.99 * (len(latencies) - 1))] if latencies else float("nan")
    print(
        f"\nload: {sent} requests by {THREADS} threads in {elapsed:.2f} s, "
        f"{sent / elapsed:.0f} requests/s, p50 {latencies[len(latencies) // 2] * 1000:.1f} ms, "
        f"p99 {p99 * 1000:.1f} ms, errors {len(errors)}"
    )
    assert errors == []
    assert wrong == []
    assert mock.call_count == sent  # the server saw every request exactly once
    assert sent > 0
