"""No full matricule in what the audit writes, whatever column it was typed in (ADR 0067).

A patient file may hold a NIR where it does not belong: in the OID column, the local id, a name.
Every text of the audit that comes from the file (finding messages, local ids, error messages)
goes through `conceal`, which masks each run that looks like a matricule as
`ins.errors.mask` does (first five characters kept): 13 digits or more, written together or
with spaces, dots or hyphens, `2A`/`2B` allowed at positions 6-7, inside a longer run or
after letters too. An OID of the French arc (`1.2.250.1.213.1.4.8`, arcs of at most six digits)
is left as it is.

```pycon
>>> conceal("local id NIR2 75 12 63 220 749 74, OID 1.2.250.1.213.1.4.10")
'local id NIR2 75 ****************, OID 1.2.250.1.213.1.4.10'
>>> conceal("2840512345678")
'28405********'

```
"""

from __future__ import annotations

import re

from ins.errors import mask

__all__ = ["conceal"]

_SEP = "[ .-]?"
_RUN = re.compile(
    rf"[0-9](?:{_SEP}[0-9]){{4}}{_SEP}2{_SEP}[AaBb](?:{_SEP}[0-9]){{6,}}"  # Corsica
    rf"|[0-9](?:{_SEP}[0-9]){{12,}}"
)


def _hide(found: re.Match[str], /) -> str:
    run = found.group()
    if run.startswith("1.2.250.") and all(len(arc) <= 6 for arc in run.split(".")):
        return run  # an OID, not a matricule
    return mask(run)


def conceal(text: str, /) -> str:
    """`text` with every matricule-looking run masked (module docstring)."""
    if len(text) < 13:  # shorter than any matricule: the common case, left at once
        return text
    return _RUN.sub(_hide, text)
