"""Reading patient files as hospitals export them: CSV, `;` or `,`, UTF-8 or Windows-1252.

What the audit accepts (ADR 0062, 0065):

- a regular file only: a directory, a FIFO or a device (`/dev/zero`) is refused before any
  read, and every read that is not a row is bounded (the header line, the first bytes looked at);
- text: a compressed file, an archive (an Excel workbook) or bytes holding NUL are refused with
  a sentence that says what the file seems to be;
- the encoding is detected when not given: a UTF-8 byte-order mark means UTF-8; a UTF-16 mark
  (Excel "Unicode text") means UTF-16; a file that decodes as UTF-8 from end to end is UTF-8;
  otherwise Windows-1252 (the encoding of French Windows exports), or Latin-1 when the file holds
  bytes that Windows-1252 leaves undefined;
- the delimiter is read from the header line: the most frequent of `;`, `,` and tab (`,` when
  none appears);
- blank lines are skipped; a UTF-8 mark left in the first header cell is removed;
- no row is lost in silence: a row that spans several lines (a quote never closed swallows the
  lines after it) is listed in `CsvSource.spans`, and a file that changes while it is read
  raises [`AuditInputError`][ins.audit.AuditInputError].

Errors name the file, the line and the column, never the content of a row.

```pycon
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
>>> _ = path.write_bytes("NOM;PRÉNOMS\\nDUPONT;ÉLODIE\\n".encode("cp1252"))
>>> with CsvSource(path) as source:
...     source.encoding, source.delimiter, source.header, list(source.rows())
('cp1252', ';', ['NOM', 'PRÉNOMS'], [['DUPONT', 'ÉLODIE']])

```
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import stat
from collections.abc import Iterator
from itertools import islice
from types import TracebackType
from typing import BinaryIO, NamedTuple

from ins.errors import InvalidFormat

__all__ = ["AuditInputError", "CsvSource", "Signature", "Span", "detect_encoding"]

_CHUNK = 1 << 20
_ROWS_PER_BATCH = 1024
HEADER_LIMIT = 1 << 16  # characters of the header line at most
_HEAD = 1 << 16  # bytes looked at to tell text from other files
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_DELIMITERS = (";", ",", "\t")
# The first bytes of files that are not text, and what to say about them.
_MAGIC = (
    (b"\x1f\x8b", "compressed with gzip: decompress it (gunzip) and audit the CSV file"),
    (b"BZh", "compressed with bzip2: decompress it and audit the CSV file"),
    (b"\xfd7zXZ\x00", "compressed with xz: decompress it and audit the CSV file"),
    (b"PK\x03\x04", "a zip archive (an Excel or LibreOffice workbook?): save it as CSV first"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office file (an .xls workbook?): save it as CSV first"),
    (b"%PDF-", "a PDF document: export the identities as CSV"),
)


class AuditInputError(InvalidFormat):
    """The file cannot be audited as it is: unreadable, not text, wrong encoding, missing
    columns, changed while read."""

    code = "invalid_audit_input"


class Signature(NamedTuple):
    """What tells that a file changed: size, modification time, device and inode."""

    size: int
    mtime_ns: int
    device: int
    inode: int


class Span(NamedTuple):
    """A row that spans several lines of the file (`first` to `last`, the header is line 1)."""

    row: int
    first: int
    last: int
    values: list[str]


def _open(path: str, /) -> BinaryIO:
    """Open a regular file for reading, refusing anything else before reading a byte."""
    try:
        # O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting; it
        # changes nothing for a regular file.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise AuditInputError(
            f"Cannot read the file {path!r}: {error.strerror or error}."
        ) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = (
            "a directory"
            if stat.S_ISDIR(mode)
            else "a pipe"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file"
        )
        raise AuditInputError(f"{path!r} is {kind}: the audit reads a regular file (a CSV export).")
    return open(fd, "rb")


def _signature(raw: BinaryIO, /) -> Signature:
    status = os.fstat(raw.fileno())
    return Signature(status.st_size, status.st_mtime_ns, status.st_dev, status.st_ino)


def _refuse_what_is_not_text(path: str, head: bytes, /, *, nul: bool) -> None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise AuditInputError(f"The file {path!r} is not text but {what}.")
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if nul and not utf16 and b"\x00" in head:
        raise AuditInputError(
            f"The file {path!r} is not text: it holds NUL bytes (a binary file, or text in "
            "UTF-16 without its byte-order mark: then give --encoding utf-16-le)."
        )


def detect_encoding(path: str | os.PathLike[str], /) -> str:
    """The Python name of the encoding of the file at `path` (rules in the module docstring).

    ```pycon
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_bytes(b"\\xef\\xbb\\xbfNOM\\n")
    >>> detect_encoding(path)
    'utf-8-sig'

    ```
    """
    with _open(os.fspath(path)) as raw:
        return _detect(raw)


def _detect(raw: BinaryIO, /) -> str:
    raw.seek(0)
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


def _text_encoding(name: str, /) -> str:
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        shown = name if len(name) <= 40 else name[:40] + "..."
        raise AuditInputError(
            f"Unknown text encoding {shown!r}: use for instance utf-8, cp1252 or latin-1."
        )
    return name


def _sniff_delimiter(line: str, /) -> str:
    counts = {delimiter: line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


class CsvSource:
    """An open CSV file: `header`, `rows()` (lists of strings), and read progress in bytes.

    Use it as a context manager. Raises [`AuditInputError`][ins.audit.AuditInputError] for what
    cannot be read as a CSV export: a missing file, a file that is not a regular file or not
    text, an empty file (no header line), bytes that the encoding cannot decode (naming the
    line), a file that changes while it is read. `signature`, when given, is the `Signature` the
    file must still have (what the other processes of `audit_csv(..., jobs=N)` check).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        /,
        *,
        encoding: str | None = None,
        signature: Signature | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.spans: list[Span] = []
        self._binary = _open(self.path)
        try:
            self.signature = _signature(self._binary)
            if signature is not None and signature != self.signature:
                raise self._changed()
            self.size = self.signature.size
            _refuse_what_is_not_text(self.path, self._binary.read(_HEAD), nul=encoding is None)
            self.encoding = _text_encoding(encoding) if encoding else _detect(self._binary)
            self._binary.seek(0)
            self._text = io.TextIOWrapper(self._binary, encoding=self.encoding, newline="")
        except BaseException:
            self._binary.close()
            raise
        self._line = 1
        try:
            first = self._text.readline(HEADER_LIMIT)
        except UnicodeDecodeError:
            self.close()
            raise self._decode_error() from None
        if len(first) == HEADER_LIMIT and not first.endswith(("\n", "\r")):
            self.close()
            raise AuditInputError(
                f"Line 1 of {self.path!r} is longer than {HEADER_LIMIT} characters: it is not a "
                "header line naming the columns."
            )
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

    def _changed(self) -> AuditInputError:
        return AuditInputError(
            f"The file {self.path!r} changed while it was read (its size or modification time "
            "is not the same): audit a copy that no program writes to."
        )

    def rows(self) -> Iterator[list[str]]:
        """The data rows after the header, blank lines skipped."""
        for batch in self.batches(_ROWS_PER_BATCH):
            yield from batch

    def batches(self, size: int, /) -> Iterator[list[list[str]]]:
        """The data rows after the header by lists of at most `size`, blank lines skipped.

        A row that spans several lines is also listed in `spans`; once the last row is
        read, a file that changed meanwhile raises [`AuditInputError`][ins.audit.AuditInputError].
        """
        reader = csv.reader(self._text, delimiter=self.delimiter)
        rows = lines = 0  # rows given and lines read so far, after the header
        try:
            while batch := list(islice(reader, size)):
                if reader.line_num - lines != len(batch):  # a row spans several lines
                    self._find_spans(batch, rows, lines, reader.line_num)
                lines = reader.line_num
                if not all(batch):
                    batch = list(filter(None, batch))  # [] is a blank line
                rows += len(batch)
                yield batch
        except UnicodeDecodeError:
            self._line = reader.line_num + 1
            raise self._decode_error() from None
        except csv.Error as error:
            raise AuditInputError(
                f"Line {reader.line_num + 1} of {self.path!r} is not valid CSV: {error}."
            ) from None
        if _signature(self._binary) != self.signature:
            raise self._changed()

    def _find_spans(self, batch: list[list[str]], rows: int, lines: int, end: int, /) -> None:
        """List the rows of `batch` that hold line breaks (`rows` rows and `lines` lines
        were read before it, `end` lines after it; the header line is not counted)."""
        line = lines + 1  # the file's line of the first row of the batch, header excluded
        for values in batch:
            breaks = sum(
                value.count("\n") + value.count("\r") - value.count("\r\n") for value in values
            )
            if values:
                rows += 1
                if breaks:
                    # A quote left open at the end of the file holds its last line break.
                    last = min(line + 1 + breaks, end + 1)
                    self.spans.append(Span(rows, line + 1, last, values))
            line += 1 + breaks

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
