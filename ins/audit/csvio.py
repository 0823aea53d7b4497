"""Reading patient files as hospitals export them: CSV, ``;`` or ``,``, UTF-8 or Windows-1252.

What the audit accepts (issue 9, ADR 0062):

- the encoding is detected when not given: a UTF-8 byte-order mark means UTF-8; a UTF-16 mark
  (Excel "Unicode text") means UTF-16; a file that decodes as UTF-8 from end to end is UTF-8;
  otherwise Windows-1252 (the encoding of French Windows exports), or Latin-1 when the file holds
  bytes that Windows-1252 leaves undefined;
- the delimiter is read from the header line: the most frequent of ``;``, ``,`` and tab (``,`` when
  none appears);
- blank lines are skipped; a UTF-8 mark left in the first header cell is removed.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
>>> _ = path.write_bytes("NOM;PRÉNOMS\\nDUPONT;ÉLODIE\\n".encode("cp1252"))
>>> with CsvSource(path) as source:
...     source.encoding, source.delimiter, source.header, list(source.rows())
('cp1252', ';', ['NOM', 'PRÉNOMS'], [['DUPONT', 'ÉLODIE']])
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from itertools import islice
from types import TracebackType

from ins.errors import InvalidFormat

__all__ = ["AuditInputError", "CsvSource", "detect_encoding"]

_CHUNK = 1 << 20
_ROWS_PER_BATCH = 1024
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_DELIMITERS = (";", ",", "\t")


class AuditInputError(InvalidFormat):
    """The file cannot be audited as it is: unreadable, wrong encoding, missing columns."""

    code = "invalid_audit_input"


def detect_encoding(path: str | os.PathLike[str], /) -> str:
    """The Python name of the encoding of the file at ``path`` (rules in the module docstring).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_bytes(b"\\xef\\xbb\\xbfNOM\\n")
    >>> detect_encoding(path)
    'utf-8-sig'
    """
    with open(path, "rb") as raw:
        head = raw.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        raw.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := raw.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
        raw.seek(0)
        while chunk := raw.read(_CHUNK):
            if any(byte in chunk for byte in _CP1252_UNDEFINED):
                return "latin-1"
    return "cp1252"


def _sniff_delimiter(line: str, /) -> str:
    counts = {delimiter: line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


class CsvSource:
    """An open CSV file: ``header``, ``rows()`` (lists of strings), and read progress in bytes.

    Use it as a context manager. Raises :class:`AuditInputError` for a missing file, an empty
    file (no header line), or bytes that the encoding cannot decode (naming the line).
    """

    def __init__(self, path: str | os.PathLike[str], /, *, encoding: str | None = None) -> None:
        self.path = os.fspath(path)
        try:
            self.size = os.path.getsize(self.path)
            self.encoding = encoding or detect_encoding(self.path)
            codecs.lookup(self.encoding)
        except OSError as error:
            raise AuditInputError(
                f"Cannot read the file {self.path!r}: {error.strerror or error}."
            ) from None
        except LookupError:
            raise AuditInputError(
                f"Unknown encoding {encoding!r}: use for instance utf-8, cp1252 or latin-1."
            ) from None
        self._binary = open(self.path, "rb")  # noqa: SIM115 (closed by close())
        self._text = io.TextIOWrapper(self._binary, encoding=self.encoding, newline="")
        self._line = 1
        try:
            first = self._text.readline()
        except UnicodeDecodeError:
            self.close()
            raise self._decode_error() from None
        if not first.strip():
            self.close()
            raise AuditInputError(
                f"The file {self.path!r} is empty: a header line naming the columns is expected."
            )
        self.delimiter = _sniff_delimiter(first)
        self.header = next(csv.reader([first], delimiter=self.delimiter))
        if self.header:
            self.header[0] = self.header[0].lstrip("\ufeff")

    def _decode_error(self) -> AuditInputError:
        # Text is decoded by blocks: the faulty byte is in the line named or a few after it.
        where = "Line 1" if self._line == 1 else f"Line {self._line} or one shortly after"
        return AuditInputError(
            f"{where} of {self.path!r} cannot be decoded as {self.encoding}: give the right "
            "encoding (for instance --encoding cp1252 or --encoding utf-8)."
        )

    def rows(self) -> Iterator[list[str]]:
        """The data rows after the header, blank lines skipped."""
        for batch in self.batches(_ROWS_PER_BATCH):
            yield from batch

    def batches(self, size: int, /) -> Iterator[list[list[str]]]:
        """The data rows after the header by lists of at most ``size``, blank lines skipped."""
        reader = csv.reader(self._text, delimiter=self.delimiter)
        try:
            while batch := list(islice(reader, size)):
                yield batch if all(batch) else list(filter(None, batch))  # [] is a blank line
        except UnicodeDecodeError:
            self._line = reader.line_num + 1
            raise self._decode_error() from None
        except csv.Error as error:
            raise AuditInputError(
                f"Line {reader.line_num + 1} of {self.path!r} is not valid CSV: {error}."
            ) from None

    @property
    def bytes_read(self) -> int:
        """How far the reading has gone, in bytes (for a progress line)."""
        try:
            return self._binary.tell()
        except (OSError, ValueError):
            return self.size

    def close(self) -> None:
        """Close the file."""
        self._text.close()

    def __enter__(self) -> CsvSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
