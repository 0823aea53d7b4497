"""The ``ins`` pytest plugin: an ``insi`` fixture holding an in-memory INSi with the test persons.

Installing ``ins`` registers this module under the ``pytest11`` entry point (named ``ins``), so
pytest loads it by itself (ADR 0080). Any test can then ask for ``insi``::

    def test_retrieval(insi):
        result = insi.search_by_traits(request)
        assert result.code == "00"

Each test gets a fresh :class:`ins.insi.MockInsi` seeded with the public INSi test persons
(``MockInsi.with_test_identities()``, domain.md 6.6): what one test adds, removes or breaks
(``.add``, fault injection, the ``.calls`` log) is never seen by another.

Because pytest loads it in every session of every project where ``ins`` is installed, the module
is cheap and inert: it imports nothing from ``ins`` until a test asks for the fixture, and it
defines nothing but fixtures (no hooks, no options, no markers). To turn it off, run pytest with
``-p no:ins``; with ``PYTEST_DISABLE_PLUGIN_AUTOLOAD`` set, turn it on with ``-p ins`` or with
``pytest_plugins = ["ins.testing.pytest_plugin"]`` in the root ``conftest.py``.

>>> from ins.testing import pytest_plugin
>>> pytest_plugin.__all__
['insi']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ins.insi.mock import MockInsi

__all__ = ["insi"]


@pytest.fixture
def insi() -> MockInsi:
    """A fresh in-memory INSi (``MockInsi.with_test_identities()``), private to the test."""
    from ins.insi.mock import MockInsi  # noqa: PLC0415 - deferred: the plugin loads everywhere

    return MockInsi.with_test_identities()
