"""Root pytest configuration: run every Python example of README.md and docs/ as a test."""

from __future__ import annotations

import doctest

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

_FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=_FLAGS), SkipParser()],
    patterns=["README.md", "docs/*.md", "docs/**/*.md"],
).pytest()
