"""The argument parser of the `ins` command lines: its error messages never show a matricule.

argparse repeats what was typed in its errors (`invalid choice: '284052A32102552'`,
`unrecognized arguments: ...`); a matricule typed in the wrong place must not be printed back
in full (ADR 0104).

```pycon
>>> import contextlib, io
>>> parser = ArgumentParser(prog="demo")
>>> _ = parser.add_argument("--port", type=int)
>>> printed = io.StringIO()
>>> with contextlib.redirect_stderr(printed), contextlib.suppress(SystemExit):
...     parser.parse_args(["--port", "284052A32102552"])
>>> printed.getvalue().splitlines()[-1]
"demo: error: argument --port: invalid int value: '28405**********'"

```
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from ins.errors import mask_text

__all__ = ["ArgumentParser"]


class ArgumentParser(argparse.ArgumentParser):
    """`argparse.ArgumentParser` whose error messages are masked."""

    def error(self, message: str) -> NoReturn:
        super().error(mask_text(message))
