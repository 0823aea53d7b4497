"""``python -m ins.insi`` in-process: usage errors, start failures, and a signal stop.

The subprocess runs (URL line, SIGTERM/SIGINT, no traceback) are in
``test_server_shutdown.py``.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from ins.insi.__main__ import main

usage_errors = [
    # (arguments, words of the message)
    ([], "COMMAND"),  # no command
    (["serve", "--host", "0.0.0.0"], "not a loopback address"),  # noqa: S104 - refused
    (["serve", "--host", "192.168.0.10"], "--allow-remote"),  # a LAN address
    (["serve", "--certfile", "c.pem"], "go together"),  # a certificate without its key
    (["serve", "--require-client-cert"], "needs --certfile"),  # mutual TLS without TLS
    (["serve", "--cafile", "ca.pem"], "only used with"),  # a CA for nothing
    (["serve", "--port", "70000"], "between 0 and 65535"),  # not a port
    (["serve", "--timeout", "0"], "positive"),  # no time at all
    (["serve", "--port", "eighty"], "invalid int"),  # argparse's own check
    (["serve", "--admin", "--admin-token", "short"], "16 to 256 characters"),  # guessable
    (["serve", "--admin", "--admin-token", "a b" * 8], "16 to 256 characters"),  # not a token68
    (["serve", "--admin-token", "0123456789abcdef"], "only used with --admin"),  # for nothing
]


@pytest.mark.parametrize(("arguments", "words"), usage_errors)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], arguments: list[str], words: str
) -> None:
    assert main(arguments) == 2
    assert words in capsys.readouterr().err


def test_a_missing_persons_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["serve", "--persons", str(tmp_path / "none.json")]) == 1
    assert "cannot start the server" in capsys.readouterr().err


def test_a_persons_file_without_persons_member_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "persons.json"
    path.write_text('{"persons": [{"sex": "F"}]}', encoding="utf-8")
    assert main(["serve", "--persons", str(path)]) == 1
    assert "missing 'matricule'" in capsys.readouterr().err


def test_a_bad_certificate_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "cert.pem"
    path.write_text("not a certificate", encoding="utf-8")
    assert main(["serve", "--certfile", str(path), "--keyfile", str(path)]) == 1
    assert "cannot start the server" in capsys.readouterr().err


def test_a_port_in_use_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main(["serve", "--port", str(taken.getsockname()[1])]) == 1
    assert "cannot start the server" in capsys.readouterr().err


def _serve_until_sigterm(arguments: list[str]) -> int:
    """Run `main(arguments)` here and send SIGTERM once the server has installed its handler."""
    default = signal.getsignal(signal.SIGTERM)

    def stop_when_ready() -> None:
        for _ in range(200):  # at most 10 s: wait until the server installed its handler
            if signal.getsignal(signal.SIGTERM) is not default:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            time.sleep(0.05)

    killer = threading.Thread(target=stop_when_ready)
    killer.start()
    status = main(arguments)
    killer.join(timeout=15)
    return status


def test_serve_prints_the_url_first_and_stops_on_sigterm(
    capsys: pytest.CaptureFixture[str],
) -> None:
    default = signal.getsignal(signal.SIGTERM)
    status = _serve_until_sigterm(["serve", "--admin", "--strict-headers"])
    out, err = capsys.readouterr()
    assert status == 0
    assert out.splitlines()[0].startswith("http://127.0.0.1:")
    token = out.splitlines()[1].removeprefix("admin token: ")  # random, for the admin API
    assert len(token) >= 40
    assert token not in err
    assert "stopping" in err
    assert signal.getsignal(signal.SIGTERM) is default  # the handler was put back


def test_a_given_admin_token_is_not_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INS_INSI_ADMIN_TOKEN", "from-the-environment-0123")
    status = _serve_until_sigterm(["serve", "--admin"])
    out, err = capsys.readouterr()
    assert status == 0
    assert len(out.splitlines()) == 1  # the URL only: the caller knows the token
    assert "from-the-environment-0123" not in out + err
