"""``python -m ins.insi serve`` in a subprocess: the URL line, then a clean stop on a signal.

After SIGTERM or SIGINT the process must exit with status 0 and no traceback, also while a
request is being held (a simulated INSi time-out). Time-outs here are generous (30 s) and only
guard against a hang; the measured stop time is printed, not asserted.
"""

from __future__ import annotations

import json
import selectors
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from ins.insi import InsiTimeout, TraitsSearch
from ins.insi.soap import HttpTransport, SoapInsi

ADRUN = TraitsSearch(birth_name="ADRUN", first_names="ZOE", sex="F", birth_date="1975-12-31")
GUARD = 30.0  # seconds: only there to fail instead of hanging


@contextmanager
def serve(
    *options: str, command: tuple[str, ...] = ("-m", "ins.insi", "serve")
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Start the server on a free loopback port; yield the process and the URL it printed."""
    process = subprocess.Popen(
        [sys.executable, *command, "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout=GUARD):
                raise AssertionError("the server printed no URL within the guard time")
        url = process.stdout.readline().strip()
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=GUARD)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def stop(process: subprocess.Popen[str], signal_number: int) -> tuple[int, str, float]:
    started = time.monotonic()
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=GUARD)
    return process.returncode, stderr, time.monotonic() - started


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_cleanly(signal_number: int) -> None:
    with serve() as (process, url):
        assert url.startswith("http://127.0.0.1:")
        assert url.endswith("/lps")
        assert SoapInsi(HttpTransport(url)).search_by_traits(ADRUN).code == "00"
        status, stderr, elapsed = stop(process, signal_number)
    print(f"{signal.Signals(signal_number).name}: stopped in {elapsed:.2f} s")
    assert status == 0
    assert "Traceback" not in stderr
    assert "stopping" in stderr
    assert '"POST /lps" 200 search_by_traits 00 27512**********' in stderr
    assert "2751263220749" not in stderr  # the log masks the matricule


def test_ins_serve_is_the_same_server() -> None:
    # `ins serve` (the subcommand of the `ins` command) shares the options of python -m ins.insi.
    with serve("--strict-headers", command=("-m", "ins", "serve")) as (process, url):
        assert url.startswith("http://127.0.0.1:")
        result = SoapInsi(HttpTransport(url)).search_by_traits(ADRUN)
        assert result.code == "00"
        status, stderr, _ = stop(process, signal.SIGTERM)
    assert status == 0
    assert "ins serve: stopping." in stderr
    assert "Traceback" not in stderr


def test_ins_serve_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ins", "serve", "--keyfile", "key.pem"],
        capture_output=True,
        text=True,
        check=False,
        timeout=GUARD,
    )
    assert result.returncode == 2
    assert "ins serve: error: --certfile and --keyfile go together." in result.stderr


def test_sigterm_while_a_request_is_held() -> None:
    with serve("--admin", "--admin-token", "shutdown-test-token") as (process, url):
        plan = urllib.request.Request(  # noqa: S310 - a loopback http URL printed by the server
            url.removesuffix("/lps") + "/_admin/faults",
            data=json.dumps({"fault": "timeout", "mode": "every"}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": "Bearer shutdown-test-token",
            },
        )
        with urllib.request.urlopen(plan, timeout=GUARD) as answer:  # noqa: S310 - same
            assert json.load(answer)["planned"]["mode"] == "every"
        outcome: list[BaseException] = []

        def held() -> None:
            try:
                SoapInsi(HttpTransport(url, timeout=GUARD)).search_by_traits(ADRUN)
            except Exception as error:  # the expected end of the held request
                outcome.append(error)

        client = threading.Thread(target=held)
        client.start()
        time.sleep(0.5)  # let the request reach the server
        status, stderr, elapsed = stop(process, signal.SIGTERM)
        client.join(timeout=GUARD)
    print(f"SIGTERM with a held request: stopped in {elapsed:.2f} s")
    assert status == 0
    assert "Traceback" not in stderr
    assert len(outcome) == 1
    assert not isinstance(outcome[0], InsiTimeout)  # the connection was closed, not timed out
