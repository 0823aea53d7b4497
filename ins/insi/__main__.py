"""`python -m ins.insi serve`: the mock INSi as a network service (see `docs/insi-server.md`).

The first line on stdout is the endpoint URL (`http(s)://HOST:PORT/lps`), flushed at once, so
that `--port 0` lets the system pick a free port and the caller reads it. With `--admin`
and no token given (`--admin-token` or the `INS_INSI_ADMIN_TOKEN` environment variable), the
second line is `admin token: TOKEN`, the random token every admin request must carry. One log
line per request goes to stderr (matricules masked). SIGINT and SIGTERM stop the server cleanly:
it stops accepting, lets the requests being answered finish (5 s at most), and exits with status
0.
Exit status 2 for a usage error (including a non-loopback `--host` without
`--allow-remote`), 1 when the server cannot start (port taken, unreadable file).

```pycon
>>> main(["serve", "--keyfile", "key.pem"])
2

```
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import ssl
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ins._argparse import ArgumentParser
from ins.errors import InsError, mask_text

if TYPE_CHECKING:
    from ins.insi.mock._insi import MockInsi
    from ins.insi.server._server import InsiServer

# The server's modules are imported when `serve` runs, not when `ins` builds its parser: they
# would add 35-70 ms (15-25%) to the 220 ms import of ins.cli that every `ins check` pays
# (python -X importtime, 2026-12-06).

__all__ = ["TOKEN_VARIABLE", "add_serve_parser", "main", "run_serve"]

#: The environment variable that gives the admin token (safer than the command line, which
#: other users of the machine can read in the process list).
TOKEN_VARIABLE = "INS_INSI_ADMIN_TOKEN"  # noqa: S105 - a variable name, not a secret


def _parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="python -m ins.insi", description="The mock INSi teleservice as a network service."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_serve_parser(commands)
    return parser


def add_serve_parser(commands: Any, /) -> argparse.ArgumentParser:
    """Add the `serve` command and its options to `commands` (`ins serve` shares them)."""
    serve: argparse.ArgumentParser = commands.add_parser(
        "serve",
        help="serve the mock INSi over HTTP(S): the INSi SOAP searches on POST /lps",
        description="Serve the mock INSi; print the endpoint URL as the first line on stdout.",
        epilog="Exit codes: 0 stopped by SIGINT or SIGTERM, 1 cannot start, 2 usage error.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    serve.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    serve.add_argument("--persons", metavar="FILE.json", help="persons instead of the test ones")
    serve.add_argument(
        "--strict-headers",
        action="store_true",
        help="answer desir_550 when ContexteLPS carries no software authorisation number",
    )
    serve.add_argument("--certfile", help="server certificate (PEM): serve https")
    serve.add_argument("--keyfile", help="private key of the server certificate (PEM)")
    serve.add_argument(
        "--require-client-cert",
        action="store_true",
        help="mutual TLS: require a client certificate issued by --cafile",
    )
    serve.add_argument("--cafile", help="CA certificate(s) that issue client certificates (PEM)")
    serve.add_argument("--admin", action="store_true", help="enable the JSON API under /_admin/")
    serve.add_argument(
        "--admin-token",
        metavar="TOKEN",
        help=f"the admin API's bearer token (default: ${TOKEN_VARIABLE}, else a random one, "
        "printed)",
    )
    serve.add_argument(
        "--allow-remote", action="store_true", help="allow a non-loopback --host (at your risk)"
    )
    serve.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per socket operation (default 10)"
    )
    return serve


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Report combinations argparse cannot express (exits with status 2)."""
    if (args.certfile is None) != (args.keyfile is None):
        parser.error("--certfile and --keyfile go together.")
    if args.require_client_cert and (args.certfile is None or args.cafile is None):
        parser.error("--require-client-cert needs --certfile, --keyfile and --cafile.")
    if args.cafile is not None and not args.require_client_cert:
        parser.error("--cafile is only used with --require-client-cert.")
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, not {args.port}.")
    if not args.timeout > 0:
        parser.error("--timeout must be a positive number of seconds.")
    if args.admin_token is not None and not args.admin:
        parser.error("--admin-token is only used with --admin.")
    if args.admin_token is None and args.admin:
        args.admin_token = os.environ.get(TOKEN_VARIABLE) or None
    if args.admin_token is not None:
        from ins.insi.server._admin_guard import check_admin_token  # noqa: PLC0415

        try:
            check_admin_token(args.admin_token)
        except ValueError as error:
            parser.error(f"--admin-token (or ${TOKEN_VARIABLE}): {error}")


def _build(args: argparse.Namespace) -> InsiServer:
    from ins.insi.mock._insi import MockInsi  # noqa: PLC0415
    from ins.insi.server._admin import persons_factory  # noqa: PLC0415
    from ins.insi.server._server import InsiServer, server_ssl_context  # noqa: PLC0415

    factory: Callable[[], MockInsi] = MockInsi.with_test_identities
    if args.persons is not None:
        factory = persons_factory(args.persons)
    context: ssl.SSLContext | None = None
    if args.certfile is not None:
        context = server_ssl_context(
            args.certfile,
            args.keyfile,
            cafile=args.cafile,
            require_client_cert=args.require_client_cert,
        )
    return InsiServer(
        (args.host, args.port),
        insi_factory=factory,
        ssl_context=context,
        strict_headers=args.strict_headers,
        admin=args.admin,
        allow_remote=args.allow_remote,
        request_timeout=args.timeout,
        admin_token=args.admin_token,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return run_serve(parser, args, prog="python -m ins.insi")


def run_serve(parser: argparse.ArgumentParser, args: argparse.Namespace, *, prog: str) -> int:
    """Check the options of `serve`, start the server and serve until SIGINT or SIGTERM."""
    from ins.insi.server._server import RemoteBindRefused  # noqa: PLC0415

    try:
        _check(parser, args)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        server = _build(args)
    except RemoteBindRefused as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    except (InsError, OSError, ValueError) as error:  # a file, the port, the TLS set-up
        print(f"{prog}: cannot start the server: {mask_text(str(error))}", file=sys.stderr)
        return 1
    return _serve(server, prog=prog, show_token=args.admin and args.admin_token is None)


def _serve(server: InsiServer, /, *, prog: str, show_token: bool = False) -> int:
    """Serve until SIGINT or SIGTERM, then stop cleanly."""
    from ins.insi.server._server import stop  # noqa: PLC0415

    logger = logging.getLogger("ins.insi.server")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    requested: list[int] = []  # the handler only appends: no lock taken in a signal handler

    def on_signal(signum: int, frame: object) -> None:
        requested.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=server.serve_forever, name="insi-server", daemon=True)
    thread.start()
    try:
        print(server.url, flush=True)
        if show_token:
            print(f"admin token: {server.admin_token}", flush=True)
        while not requested:
            time.sleep(0.1)
        print(f"{prog}: stopping.", file=sys.stderr, flush=True)
    finally:
        stop(server)
        thread.join(timeout=5)
        for sig, action in previous.items():
            signal.signal(sig, action)
        logger.removeHandler(handler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
