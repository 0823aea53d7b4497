"""The `ins` pytest plugin: an `insi` fixture holding an in-memory INSi with the test persons.

The plugin is opt-in (ADR 0080): name it once, in the root `conftest.py` of the project:

```text
pytest_plugins = ["ins.testing.pytest_plugin"]
```

(or add `-p ins.testing.pytest_plugin` to the pytest `addopts`). Any test can then ask for
`insi`:

```text
def test_retrieval(insi):
    result = insi.search_by_traits(request)
    assert result.code == "00"
```

Each test gets a fresh `ins.insi.MockInsi` seeded with the public INSi test persons
(`MockInsi.with_test_identities()`, docs/domain/insi.md#test-persons): what one test adds or
breaks (`.add`, fault injection, the `.calls` log) is never seen by another. A fixture named
`insi` in the project's own `conftest.py` shadows this one, as usual with pytest.

The module is cheap and inert: it defines fixtures only (no hooks, options or markers), and
imports nothing but pytest and the `ins` package (never Hypothesis nor the strategies).

```pycon
>>> from ins.testing import pytest_plugin
>>> pytest_plugin.__all__
['insi']

```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ins.insi.mock import MockInsi

__all__ = ["insi"]


@pytest.fixture
def insi() -> MockInsi:
    """A fresh in-memory INSi (`MockInsi.with_test_identities()`), private to the test."""
    from ins.insi.mock import MockInsi  # noqa: PLC0415 - deferred: keep the plugin import cheap

    return MockInsi.with_test_identities()
