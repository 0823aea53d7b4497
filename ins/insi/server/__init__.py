"""`ins.insi.server`: the mock INSi as a network service (SOAP 1.2 over HTTP(S)).

Vendors whose software is written in Java, C# or Delphi cannot import the in-memory mock; this
server lets their own INSi client talk to it: `python -m ins.insi serve` (docs/insi-server.md)
or, from Python, [`InsiServer`][ins.insi.server.InsiServer] with
[`serving`][ins.insi.server.serving]. The SOAP endpoint and the admin API under `/_admin/` are
functions from an [`Incoming`][ins.insi.server.Incoming] request to a
[`Reply`][ins.insi.server.Reply].

```pycon
>>> with serving(InsiServer(("127.0.0.1", 0))) as url:
...     url.endswith("/lps")
True

```
"""

from __future__ import annotations

from ins.insi.server._admin import (
    ADMIN_PREFIX,
    MAX_FAULT_TIMES,
    MAX_PERSONS,
    AdminTarget,
    CallHistory,
    add_persons,
    answer_admin,
    persons_factory,
    plan_fault,
)
from ins.insi.server._endpoint import ALLOWED_CLIENT_NAMES, LPS_PATH, answer_soap
from ins.insi.server._handler import MAX_REQUEST_BYTES
from ins.insi.server._reply import Incoming, Reply
from ins.insi.server._server import (
    InsiServer,
    RemoteBindRefused,
    check_bind_host,
    server_ssl_context,
    serving,
    stop,
)

__all__ = [
    "ADMIN_PREFIX",
    "ALLOWED_CLIENT_NAMES",
    "LPS_PATH",
    "MAX_FAULT_TIMES",
    "MAX_PERSONS",
    "MAX_REQUEST_BYTES",
    "AdminTarget",
    "CallHistory",
    "Incoming",
    "InsiServer",
    "RemoteBindRefused",
    "Reply",
    "add_persons",
    "answer_admin",
    "answer_soap",
    "check_bind_host",
    "persons_factory",
    "plan_fault",
    "server_ssl_context",
    "serving",
    "stop",
]
