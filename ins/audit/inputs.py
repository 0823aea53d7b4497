"""What was audited, as the summary and the report show it: the file, its detected encoding and
delimiter, which column holds which field, and the optional columns that are missing.

A missing optional column silently turns checks off (no `status` column: every row counts as
PROV and the qualification rate is 0), so `AuditInput` names each one with what it costs,
and points at a header column that looks like it (`STATUT_PATIENT` for `status`) with the
`--map` item to use (ADR 0091); the usual French headers, such as `STATUT`, are read as their
field without a mapping (`ins.audit.columns.ALIASES`). It reads only the header, through
`ins.audit.csvio.CsvSource`.

`ins audit -` reads standard input: `copy_stream` copies it to a file first, because the
audit reads its file more than once (encoding detection, then one pass per process).

```pycon
>>> import datetime as dt, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
>>> _ = path.write_text("IPP;NOM;PRENOMS;SEXE;DDN;STATUT_PATIENT\\n", encoding="utf-8")
>>> found = AuditInput.read(path, encoding=None, today=dt.date(2026, 1, 1), mapping={
...     "local_id": "IPP", "birth_name": "NOM", "first_names": "PRENOMS", "sex": "SEXE",
...     "birth_date": "DDN"})
>>> found.encoding, found.delimiter, found.columns["status"], found.hints["status"]
('utf-8', ';', None, 'STATUT_PATIENT')

```
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ins.audit.columns import FIELDS, Columns
from ins.audit.csvio import AuditInputError, CsvSource
from ins.audit.labels import Language
from ins.audit.texts import text
from ins.errors import mask_text

__all__ = ["WATCHED", "AuditInput", "audit_path", "copy_stream", "delimiter_name", "encoding_name"]

# The optional fields whose absence turns a check off, and what is lost (used_name and
# used_first_name are not checked: their absence costs nothing).
WATCHED: Mapping[Language, Mapping[str, str]] = {
    "fr": {
        "status": "chaque ligne compte comme PROV, le taux de qualification est nul",
        "matricule": "ni contrôle des matricules INS ni recherche de collisions",
        "oid": "un matricule sans OID n'est pas signalé",
        "attributes": "les identités douteuses ou fictives ne sont pas contrôlées",
        "birthplace": "le lieu de naissance n'est pas comparé au matricule",
        "first_first_name": "la cohérence du premier prénom n'est pas contrôlée",
    },
    "en": {
        "status": "every row counts as PROV, the qualification rate is 0",
        "matricule": "no check of INS matricules and no collision search",
        "oid": "a matricule without its OID is not reported",
        "attributes": "doubtful or fictitious identities are not checked",
        "birthplace": "the birthplace is not compared with the matricule",
        "first_first_name": "the first first name's coherence is not checked",
    },
}

# Header names (upper case, letters and digits only) that probably hold a watched field: equal to
# a short name, or containing a long one.
_EXACT = {
    "INS": "matricule",
    "NIR": "matricule",
    "NIA": "matricule",
    "OID": "oid",
    "COG": "birthplace",
}
_CONTAINED = {
    "STATUT": "status",
    "MATRICULE": "matricule",
    "ATTRIBUT": "attributes",
    "LIEUNAISSANCE": "birthplace",
    "LIEUDENAISSANCE": "birthplace",
    "COMMUNENAISSANCE": "birthplace",
    "PREMIERPRENOM": "first_first_name",
    "OIDINS": "oid",
}

_ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
}
_DELIMITERS: Mapping[Language, Mapping[str, str]] = {
    "fr": {";": "« ; »", ",": "« , »", "\t": "tabulation"},
    "en": {";": '";"', ",": '","', "\t": "tab"},
}


def encoding_name(encoding: str, /) -> str:
    """The usual name of a Python encoding name (`cp1252` -> `Windows-1252`)."""
    return _ENCODINGS.get(encoding.lower().replace("_", "-"), encoding)


def delimiter_name(delimiter: str, lang: Language, /) -> str:
    """The delimiter as people name it."""
    return _DELIMITERS[lang].get(delimiter, repr(delimiter))


def _key(name: str, /) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if char.isascii() and char.isalnum()).upper()


def _guess(name: str, /) -> str | None:
    key = _key(name)
    if key in _EXACT:
        return _EXACT[key]
    return next((wanted for part, wanted in _CONTAINED.items() if part in key), None)


@dataclass(frozen=True, slots=True)
class AuditInput:
    """The audited file as people should see it; every text is masked (a matricule typed in a
    file or column name is not shown in full)."""

    name: str
    encoding: str
    encoding_given: bool
    delimiter: str
    mapping: Mapping[str, str]
    columns: Mapping[str, str | None]  # field -> the header column that holds it, or None
    reference_date: dt.date
    hints: Mapping[str, str] = field(default_factory=dict)  # absent field -> a likely column

    @classmethod
    def read(
        cls,
        path: str | os.PathLike[str],
        /,
        *,
        encoding: str | None,
        mapping: Mapping[str, str],
        today: dt.date,
        name: str | None = None,
    ) -> AuditInput:
        """Read the header of `path`; raise `AuditInputError` as the audit would (missing
        file, undecodable header, required column missing)."""
        with CsvSource(path, encoding=encoding) as source:
            found, delimiter, header = source.encoding, source.delimiter, list(source.header)
        index = Columns.resolve(header, mapping).index
        columns: dict[str, str | None] = {}
        for wanted in FIELDS:
            position = index[wanted]
            columns[wanted] = None if position is None else header[position]
        used = {column for column in columns.values() if column is not None}
        hints: dict[str, str] = {}
        for column in header:
            guess = _guess(column)
            if guess is not None and columns[guess] is None and column not in used:
                hints.setdefault(guess, mask_text(column))
        return cls(
            name=mask_text(os.fspath(path) if name is None else name),
            encoding=found,
            encoding_given=encoding is not None,
            delimiter=delimiter,
            mapping={key: mask_text(value) for key, value in mapping.items()},
            columns={
                key: None if value is None else mask_text(value) for key, value in columns.items()
            },
            reference_date=today,
            hints=hints,
        )

    def label(self, lang: Language, /) -> str:
        """The file's name for people (`-` is standard input)."""
        return text(lang, "stdin") if self.name == "-" else self.name

    def absent(self, lang: Language, /) -> list[tuple[str, str]]:
        """The watched optional fields without a column: `(field, what it costs)`, with the
        `--map` item to try when a header column looks like it."""
        absent = []
        separator = " ; " if lang == "fr" else "; "
        for wanted, cost in WATCHED[lang].items():
            if self.columns[wanted] is None:
                hint = self.hints.get(wanted)
                more = "" if hint is None else text(lang, "maybe_column", field=wanted, column=hint)
                absent.append((wanted, cost + separator + more if more else cost))
        return absent

    def to_json(self) -> dict[str, Any]:
        """The input as `--json` gives it (English keys)."""
        return {
            "file": self.name,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "mapping": dict(self.mapping),
            "absent_optional_columns": [f for f in WATCHED["en"] if self.columns[f] is None],
            "reference_date": self.reference_date.isoformat(),
        }


@contextmanager
def audit_path(file: str, stdin: BinaryIO | None, /, *, limit: int) -> Iterator[str]:
    """The path to audit: `file` itself, or, when `stdin` is given (`file` is `-`), a
    temporary copy of it (at most `limit` bytes), removed on leaving."""
    if stdin is None:
        yield file
        return
    with tempfile.TemporaryDirectory(prefix="ins-audit-") as folder:
        path = os.path.join(folder, "stdin.csv")
        copy_stream(stdin, path, limit=limit)
        yield path


def copy_stream(stream: BinaryIO, target: str | os.PathLike[str], /, *, limit: int) -> int:
    """Copy `stream` to the file `target` by blocks of 1 MiB; return the bytes copied.

    Raises `AuditInputError` when the stream holds more than `limit` bytes (what is copied
    so far is left for the caller to remove) or the file cannot be written.
    """
    copied = 0
    try:
        with open(target, "wb") as out:
            while block := stream.read(1 << 20):
                copied += len(block)
                if copied > limit:
                    raise AuditInputError(
                        f"Standard input holds more than {limit >> 20} MiB: write it to a file "
                        "and audit the file."
                    )
                out.write(block)
    except OSError as error:
        raise AuditInputError(
            f"Cannot copy standard input to a temporary file: {error.strerror or error}."
        ) from None
    return copied
