"""The shell examples of the docs, run as a reader runs them (the Python ones run through sybil).

- docs/insi-server.md, against a real `python -m ins.insi serve --admin` in a subprocess, with
  `$INSI_URL` and `$INS_INSI_ADMIN_TOKEN` set as the page's "In CI" block sets them: the curl
  search of "By hand, with curl" and every call of "The admin API" (`curl` made to fail on an
  HTTP error, so each call must succeed), then the "In CI" block itself, whose install line and
  client test run (`mvn verify`) are stood in for by stubs on the `PATH`.
- docs/cli.md and docs/audit.md: each `$ ins ...` transcript, its output compared line by line.

Left out, with their reason: the first block of docs/insi-server.md (a server in the foreground:
the fixture starts the same one), its TLS block (openssl, and a server in the foreground; TLS is
tested in tests/insi/test_tls.py), and a transcript that needs the reader's own file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ins.testing.patient_files import write_patient_file

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TOKEN = "docs-shell-examples-token-0123456789"
CURL = shutil.which("curl")
BASH = shutil.which("bash")

needs_curl_and_bash = pytest.mark.skipif(
    CURL is None or BASH is None,
    reason="curl and bash run the shell examples of docs/insi-server.md; this machine lacks one",
)


def blocks(page: Path, /) -> list[tuple[str, str, str]]:
    """`(heading, language, text)` of each fenced block of `page`, under its `##` heading."""
    found: list[tuple[str, str, str]] = []
    heading, language, lines = "", None, []
    for line in page.read_text(encoding="utf-8").splitlines():
        if language is None:
            if line.startswith("## "):
                heading = line[3:].strip()
            elif line.startswith("```"):
                language, lines = line[3:].strip(), []
        elif line.startswith("```"):
            found.append((heading, language, "\n".join(lines) + "\n"))
            language = None
        else:
            lines.append(line)
    return found


def block(page: str, heading: str, language: str = "bash") -> str:
    found = blocks(DOCS / page)
    (text,) = [t for h, lang, t in found if h.startswith(heading) and lang == language]
    return text


def executable(path: Path, text: str, /) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def shell(tmp_path: Path) -> dict[str, str]:
    """The environment of the examples: a `curl` that fails on an HTTP error and logs each call,
    this Python (and its `ins` script) first on the `PATH`."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    executable(
        stubs / "curl",
        f'#!/bin/sh\nprintf "%s\\n" "$*" >> "$CURL_LOG"\nexec {CURL} --fail --show-error "$@"\n',
    )
    path = os.pathsep.join([str(stubs), str(Path(sys.executable).parent), os.environ["PATH"]])
    return {
        **os.environ,
        "PATH": path,
        "CURL_LOG": str(tmp_path / "curl.log"),
        "INS_INSI_ADMIN_TOKEN": TOKEN,
    }


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`python -m ins.insi serve --admin`, as the docs start it; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ins.insi", "serve", "--admin"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "INS_INSI_ADMIN_TOKEN": TOKEN},
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.endswith("/lps"), url
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
    assert status == 0  # a clean stop


def run_block(text: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `text` with bash, stopping on the first failure; whatever it left running in the
    background (a server) is stopped with it, even on a time-out."""
    script = "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + text
    process = subprocess.Popen(
        [BASH or "bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the background jobs included
    )
    try:
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def curl_calls(env: dict[str, str]) -> list[str]:
    log = Path(env["CURL_LOG"])
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@needs_curl_and_bash
def test_the_curl_search(server: str, shell: dict[str, str], tmp_path: Path) -> None:
    done = run_block(
        block("insi-server.md", "By hand, with curl"), {**shell, "INSI_URL": server}, tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert len(curl_calls(shell)) == 1
    assert re.search(r"<(\w+:)?CodeCR>00</(\w+:)?CodeCR>", done.stdout)
    assert "2751263220749" in done.stdout  # the matricule the page announces


@needs_curl_and_bash
def test_every_admin_call(server: str, shell: dict[str, str], tmp_path: Path) -> None:
    text = block("insi-server.md", "The admin API")
    person = json.loads(block("insi-server.md", "The admin API", "json"))  # the page's person
    (tmp_path / "my-persons.json").write_text(json.dumps([person]), encoding="utf-8")
    done = run_block(text, {**shell, "INSI_URL": server}, tmp_path)
    assert done.returncode == 0, done.stderr  # every curl got a 2xx answer
    expected = len(re.findall(r"^curl ", text, flags=re.MULTILINE))
    assert expected >= 9
    assert len(curl_calls(shell)) == expected
    answers = done.stdout
    assert '"added": 1' in answers
    assert '"reset": true' in answers  # the empty POST, without Content-Length


@needs_curl_and_bash
def test_the_ci_recipe(shell: dict[str, str], tmp_path: Path) -> None:
    stubs = Path(shell["PATH"].split(os.pathsep)[0])
    # The install line installs nothing here (ins is this checkout); the rest runs for real.
    executable(
        stubs / "python",
        '#!/bin/sh\nif [ "$1" = "-m" ] && [ "$2" = "pip" ]; then\n'
        '    printf "%s\\n" "$*" >> "$STUB_LOG"; exit 0\nfi\n'
        f'exec {sys.executable} "$@"\n',
    )
    # Your client's test run: one search by traits on the endpoint it is given.
    executable(
        stubs / "mvn",
        f"#!{sys.executable}\n"
        "import sys\n"
        "from ins.insi import TraitsSearch\n"
        "from ins.insi.soap import HttpTransport, SoapInsi\n"
        "(url,) = [a.split('=', 1)[1] for a in sys.argv if a.startswith('-Dinsi.endpoint=')]\n"
        "request = TraitsSearch(birth_name='ADRUN', first_names='ZOE', sex='F',\n"
        "                       birth_date='1975-12-31')\n"
        "result = SoapInsi(HttpTransport(url, timeout=10)).search_by_traits(request)\n"
        "print('client tests:', result.code.value)\n",
    )
    env = {key: value for key, value in shell.items() if key != "INS_INSI_ADMIN_TOKEN"}
    env["STUB_LOG"] = str(tmp_path / "stub.log")
    done = run_block(block("insi-server.md", "In CI"), env, tmp_path)
    assert done.returncode == 0, done.stderr  # the server stopped cleanly: wait gave 0
    assert "client tests: 00" in done.stdout
    assert "-m pip install" in (tmp_path / "stub.log").read_text(encoding="utf-8")
    assert re.search(r'"POST /lps" 200 search_by_traits 00', (tmp_path / "insi.log").read_text())


# `$ command` transcripts shown on a file the reader has (page, command): they run on a generated
# export with the page's headers, and the lines that depend only on the command are compared.
ON_READERS_FILE = {
    ("audit.md", "ins audit --map local_id=IPP birth_name=NOM_NAISSANCE export.csv"): {
        "local_id": "IPP",
        "birth_name": "NOM_NAISSANCE",
    },
}


def transcripts() -> Iterator[tuple[str, str, list[str]]]:
    for page in ("cli.md", "audit.md"):
        for _heading, language, text in blocks(DOCS / page):
            if language != "text":
                continue
            command, output = None, []
            for line in [*text.splitlines(), "$ "]:
                if line.startswith("$ "):
                    if command is not None:
                        yield page, command, output
                    command, output = line[2:], []
                else:
                    output.append(line)


TRANSCRIPTS = list(transcripts())


def test_the_transcripts_are_found() -> None:
    assert {(page, command.split()[1]) for page, command, _ in TRANSCRIPTS} >= {
        ("cli.md", "check"),
        ("cli.md", "normalize"),
        ("audit.md", "generate"),
    }


@pytest.mark.skipif(BASH is None, reason="bash runs the transcripts; this machine has none")
@pytest.mark.parametrize(("page", "command", "output"), TRANSCRIPTS, ids=lambda v: str(v)[:60])
def test_each_transcript(
    page: str, command: str, output: list[str], shell: dict[str, str], tmp_path: Path
) -> None:
    headers = next(
        (names for (p, c), names in ON_READERS_FILE.items() if p == page and command.startswith(c)),
        None,
    )
    if headers is not None:
        write_patient_file(tmp_path / "export.csv", 500, seed=3)
        text = (tmp_path / "export.csv").read_text(encoding="utf-8")
        first, rest = text.split("\n", 1)
        columns = [headers.get(name, name) for name in first.split(";")]
        (tmp_path / "export.csv").write_text(";".join(columns) + "\n" + rest, encoding="utf-8")
    done = subprocess.run(
        [BASH or "bash", "-c", command],
        cwd=tmp_path,
        env=shell,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )
    if headers is None:
        assert done.stdout.splitlines() == output
        return
    # The reader's file gives other figures: the lines the command alone decides must match.
    assert done.returncode in (0, 1), done.stdout  # 1: --fail-on found errors
    decided = [line for line in output if line.startswith(("Fichier", "  Séparateur", "  --map"))]
    assert len(decided) == 3
    shown = done.stdout.splitlines()
    assert [line for line in shown if line in decided] == decided
    assert (tmp_path / "anomalies.csv").is_file()
    assert (tmp_path / "audit.html").is_file()
