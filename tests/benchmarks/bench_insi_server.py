"""Speed and memory of the mock INSi server, with well-behaved and hostile clients.

1. Sequential: one client, ``n`` searches through ``SoapInsi(HttpTransport(...))`` (a new
   connection per call) against the same search through ``SoapInsi(MockTransport(...))`` in
   memory (the baseline, same XML both ways): the cost of HTTP, sockets and threads.
2. Keep-alive: ``n`` requests on one connection, as shipped (``TCP_NODELAY``), against the same
   server with Nagle's algorithm back on (what it was before issue 15: the body waited for the
   client's delayed ACK, about 44 ms per request).
3. Concurrent: ``threads`` clients sharing ``n`` searches; requests per second and the p99
   latency; then the same while hostile clients run: slow headers (slowloris), a body dripping
   one byte every 0.2 s, and floods of malformed and 64-deep... 100 000-deep XML.
4. Memory: a server process (``python -m ins.insi serve``), its resident memory after a warm-up
   and after ``n`` more searches (the call log and the history are bounded: no growth once
   full), and after an admin call that plans a million faults (one queue entry).

Run:

    python tests/benchmarks/bench_insi_server.py

No test asserts a time: ``tests/test_benchmarks.py`` only runs it small.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from ins.insi import TraitsSearch
from ins.insi.mock import MockInsi
from ins.insi.server import InsiServer, serving
from ins.insi.soap import (
    TRAITS_ACTION,
    HttpTransport,
    MockTransport,
    SoapEndpoint,
    SoapInsi,
    build_traits_request,
    soap_content_type,
)

REQUEST = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
ENVELOPE = build_traits_request(REQUEST)
HEADERS = {"Content-Type": soap_content_type(TRAITS_ACTION)}
TOKEN = "benchmark-admin-token"


def _per_search_us(client: SoapInsi, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        client.search_by_traits(REQUEST)
    return (time.perf_counter() - started) / n * 1e6


def _port(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


def _keep_alive_us(url: str, n: int) -> float:
    """Microseconds per request on one kept-alive connection (the median of ``n``)."""
    connection = http.client.HTTPConnection("127.0.0.1", _port(url), timeout=30)
    times = []
    try:
        for _ in range(n):
            began = time.perf_counter()
            connection.request("POST", "/lps", body=ENVELOPE, headers=HEADERS)
            connection.getresponse().read()
            times.append(time.perf_counter() - began)
    finally:
        connection.close()
    return sorted(times)[len(times) // 2] * 1e6


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


def _hostile(url: str, stop: threading.Event) -> list[threading.Thread]:
    """Start the attackers; they run until ``stop`` is set."""
    port = _port(url)
    head = "POST /lps HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/soap+xml\r\n"
    floods = [
        ENVELOPE.replace(b"<soap:Header>", b"<soap:Header><q:Security/>"),  # an unbound prefix
        b"<x>" * 100_000 + b"</x>" * 100_000,  # 100 000 nested elements, 700 kB
    ]

    def slow_headers() -> None:  # slowloris: one header byte every 0.2 s
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                    sock.sendall(head.encode())
                    while not stop.wait(0.2):
                        sock.sendall(b"X")
            except OSError:
                continue  # the server closed it: start again

    def dripping_body() -> None:
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                    sock.sendall((head + "Content-Length: 100000\r\n\r\n").encode())
                    while not stop.wait(0.2):
                        sock.sendall(b"<")
            except OSError:
                continue

    def flood(body: bytes) -> Callable[[], None]:
        def run() -> None:
            while not stop.is_set():
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                try:
                    connection.request("POST", "/lps", body=body, headers=HEADERS)
                    connection.getresponse().read()
                except OSError:
                    pass
                finally:
                    connection.close()

        return run

    attackers = [slow_headers] * 4 + [dripping_body] * 2 + [flood(body) for body in floods]
    threads = [threading.Thread(target=attack, daemon=True) for attack in attackers]
    for thread in threads:
        thread.start()
    return threads


def _rss_kb(pid: int) -> int:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS line")


def _memory(n: int) -> dict[str, float]:
    """The server process's memory: warmed up, after ``n`` more searches, after a big plan."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ins.insi", "serve", "--admin", "--admin-token", TOKEN],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        client = SoapInsi(HttpTransport(url, timeout=30))
        for _ in range(1_100):  # fill the call log and the history (1 000 each)
            client.search_by_traits(REQUEST)
        warm = _rss_kb(process.pid)
        for _ in range(n):
            client.search_by_traits(REQUEST)
        after = _rss_kb(process.pid)
        connection = http.client.HTTPConnection("127.0.0.1", _port(url), timeout=30)
        rule = {"fault": "insi_102", "times": 1_000_000}
        connection.request(
            "POST",
            "/_admin/faults",
            body=json.dumps(rule).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        )
        assert connection.getresponse().status == 200
        connection.close()
        planned = _rss_kb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
    return {
        "server_rss_mb": warm / 1024,
        "growth_bytes_per_search": (after - warm) * 1024 / n,
        "million_faults_growth_kb": float(planned - after),
    }


def main(n: int = 2_000, *, threads: int = 8) -> dict[str, float]:
    """Run the benchmark with ``n`` searches per measure; print and return the figures."""
    mock = MockInsi.with_test_identities()
    in_memory = _per_search_us(SoapInsi(MockTransport(SoapEndpoint(mock))), n)
    server = InsiServer(("127.0.0.1", 0), insi_factory=lambda: mock, request_timeout=1.0)
    with serving(server) as url:
        over_http = _per_search_us(SoapInsi(HttpTransport(url)), n)
        keep_alive = _keep_alive_us(url, n)
        shipped = server.RequestHandlerClass
        server.RequestHandlerClass = type(
            "WithNagle", (shipped,), {"disable_nagle_algorithm": False}
        )
        with_nagle = _keep_alive_us(url, max(10, n // 50))  # 44 ms each: fewer of them
        server.RequestHandlerClass = shipped
        throughput, p99_ms = _concurrent(url, n, threads)
        stop = threading.Event()
        attackers = _hostile(url, stop)
        try:
            time.sleep(0.5)  # let the attackers settle in
            attacked, attacked_p99_ms = _concurrent(url, n, threads)
        finally:
            stop.set()
            for thread in attackers:
                thread.join(timeout=10)
    figures = {
        "memory_search_us": in_memory,
        "http_search_us": over_http,
        "http_overhead_ratio": over_http / in_memory,
        "keep_alive_us": keep_alive,
        "keep_alive_nagle_us": with_nagle,
        "keep_alive_gain_ratio": with_nagle / keep_alive,
        "concurrent_per_s": throughput,
        "concurrent_p99_ms": p99_ms,
        "attacked_per_s": attacked,
        "attacked_p99_ms": attacked_p99_ms,
        "attacked_ratio": attacked / throughput,
        **_memory(n),
    }
    print(f"SoapInsi(MockTransport) search (baseline): {in_memory:8.1f} us")
    ratio = over_http / in_memory
    print(f"SoapInsi(HttpTransport) search, loopback:  {over_http:8.1f} us  ratio {ratio:.1f}x")
    print(
        f"keep-alive request: {keep_alive:8.1f} us with TCP_NODELAY, {with_nagle:8.1f} us "
        f"with Nagle (before): {figures['keep_alive_gain_ratio']:.0f}x"
    )
    print(f"{threads} concurrent HTTP clients: {throughput:8.0f} searches/s, p99 {p99_ms:.1f} ms")
    print(
        f"the same with 8 hostile clients: {attacked:8.0f} searches/s, p99 "
        f"{attacked_p99_ms:.1f} ms ({figures['attacked_ratio']:.2f} of the calm throughput)"
    )
    print(
        f"server process: {figures['server_rss_mb']:.1f} MB warmed up, "
        f"{figures['growth_bytes_per_search']:+.0f} bytes per further search, "
        f"{figures['million_faults_growth_kb']:+.0f} kB after planning a million faults"
    )
    return figures


if __name__ == "__main__":
    main()
