"""Deprecated: the HTTP transport is [`ins.insi.soap.HttpTransport`][ins.insi.soap.HttpTransport].

`from ins.insi.http import HttpTransport` still works and warns (DeprecationWarning); it will
be removed in a later release.
"""

from __future__ import annotations

import warnings
from typing import Any

__all__: list[str] = []  # nothing new is published here

_MOVED = {"HttpTransport", "MAX_RESPONSE_BYTES", "soap_content_type"}


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module 'ins.insi.http' has no attribute {name!r}")
    warnings.warn(
        f"ins.insi.http.{name} moved to ins.insi.soap.{name}; the old name will be removed.",
        DeprecationWarning,
        stacklevel=2,
    )
    from ins.insi import soap  # noqa: PLC0415 - only when the deprecated name is used

    return getattr(soap, name)
