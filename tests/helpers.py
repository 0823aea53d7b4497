"""Assertions shared by the NIR tests (``tests/test_nir*.py``, ``tests/testing/``).

``tests/conftest.py`` makes this file importable as ``helpers`` (with pytest's ``importlib``
import mode the test folders are not on ``sys.path``).

>>> from ins.errors import InvalidKey
>>> assert_rejected("284058832102533", "key", InvalidKey).code
'invalid_key'
>>> defect_of(InvalidKey, None), DEFECT_ERRORS["month"].__name__
('key', 'InvalidComponent')
"""

from __future__ import annotations

import pytest

from ins import nir
from ins.errors import (
    InsError,
    InvalidComponent,
    InvalidFormat,
    InvalidKey,
    InvalidLength,
    NotAnInsMatricule,
)
from ins.nir import Strictness

__all__ = ["DEFECT_ERRORS", "PUBLIC_MODULES", "assert_rejected", "defect_of"]

# The public modules of ins (docs/architecture.md): one home per name, one reference page each.
PUBLIC_MODULES = [
    "ins",
    "ins.nir",
    "ins.errors",
    "ins.insi",
    "ins.insi.soap",
    "ins.insi.mock",
    "ins.insi.server",
    "ins.interop",
    "ins.interop.codes",
    "ins.audit",
    "ins.audit.dask",
    "ins.testing.strategies",
    "ins.testing.patient_files",
    "ins.testing.pytest_plugin",
]

# The error each kind of defect of ``ins.testing.strategies.invalid_nirs`` must raise.
DEFECT_ERRORS: dict[str, type[InsError]] = {
    "key": InvalidKey,
    "character": InvalidFormat,
    "length": InvalidLength,
    "family": NotAnInsMatricule,
    **dict.fromkeys(("sex", "month", "department", "commune", "order"), InvalidComponent),
}


def defect_of(error: type[InsError], component: str | None, /) -> str:
    """The kind of defect an error class (and component, for ``InvalidComponent``) reports."""
    if error is InvalidComponent:
        assert component is not None
        return component
    (kind,) = (kind for kind, kind_error in DEFECT_ERRORS.items() if kind_error is error)
    return kind


def assert_rejected(
    text: str, level: Strictness | str, error: type[InsError], component: str | None = None, /
) -> InsError:
    """Check that ``nir.validate`` raises exactly ``error`` (on ``component``) and that
    ``nir.is_valid`` says False, at ``level``; return the error for further checks."""
    with pytest.raises(InsError) as raised:
        nir.validate(text, strictness=level)
    assert type(raised.value) is error, (text, raised.value)
    if component is not None:
        assert isinstance(raised.value, InvalidComponent)
        assert raised.value.component == component
    assert not nir.is_valid(text, strictness=level)
    return raised.value
