"""Speed of the mock INSi server: a search over HTTP on loopback against the same search
through ``SoapInsi(MockTransport(...))`` in memory (the baseline, same XML both ways).

1. Sequential: one client, ``n`` searches; microseconds per search, and the ratio to the
   baseline (the cost of HTTP, sockets and the server's threads).
2. Concurrent: ``threads`` clients sharing ``n`` searches; requests per second and the p99
   latency.

Run:

    python tests/benchmarks/bench_insi_server.py

No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import threading
import time

from ins.insi import TraitsSearch
from ins.insi.mock import MockInsi
from ins.insi.server import InsiServer, serving
from ins.insi.soap import HttpTransport, MockTransport, SoapEndpoint, SoapInsi

REQUEST = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")


def _per_search_us(client: SoapInsi, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        client.search_by_traits(REQUEST)
    return (time.perf_counter() - started) / n * 1e6


def _concurrent(url: str, n: int, threads: int) -> tuple[float, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    share = max(1, n // threads)

    def worker() -> None:
        client = SoapInsi(HttpTransport(url, timeout=30))
        mine = []
        for _ in range(share):
            began = time.perf_counter()
            client.search_by_traits(REQUEST)
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return len(latencies) / elapsed, latencies[int(0.99 * (len(latencies) - 1))] * 1000


def main(n: int = 2_000, *, threads: int = 8) -> dict[str, float]:
    """Run the benchmark with ``n`` searches per measure; print and return the figures."""
    mock = MockInsi.with_test_identities()
    in_memory = _per_search_us(SoapInsi(MockTransport(SoapEndpoint(mock))), n)
    with serving(InsiServer(("127.0.0.1", 0), insi_factory=lambda: mock)) as url:
        over_http = _per_search_us(SoapInsi(HttpTransport(url)), n)
        throughput, p99_ms = _concurrent(url, n, threads)
    figures = {
        "memory_search_us": in_memory,
        "http_search_us": over_http,
        "http_overhead_ratio": over_http / in_memory,
        "concurrent_per_s": throughput,
        "concurrent_p99_ms": p99_ms,
    }
    print(f"SoapInsi(MockTransport) search (baseline): {in_memory:8.1f} us")
    ratio = over_http / in_memory
    print(f"SoapInsi(HttpTransport) search, loopback:  {over_http:8.1f} us  ratio {ratio:.1f}x")
    print(f"{threads} concurrent HTTP clients: {throughput:8.0f} searches/s, p99 {p99_ms:.1f} ms")
    return figures


if __name__ == "__main__":
    main()
