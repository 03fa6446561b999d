"""CSV exports read row by row, each row with the physical line it starts on.

Shared by the LinkedIn, Google and Outlook readers. Handles a byte-order mark,
UTF-16 and Windows-1252 exports, CRLF, quoted fields spanning several lines and
preambles before the header.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kithkin.errors import ImportFailed
from kithkin.ingest.lines import open_binary

_SNIFF_BYTES = 65536


@dataclass(slots=True)
class Row:
    line: int  # physical line the row starts on, from 1
    cells: list[str]
    error: str = ""  # why the row could not be read, when it could not


def _encoding(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"  # what Outlook and older Windows tools write
    return "utf-8-sig"


def open_text(path: Path) -> TextIO:
    """The file as text in its own encoding; undecodable bytes become U+FFFD, never an error."""
    stream = open_binary(path)
    encoding = _encoding(stream.read(_SNIFF_BYTES))
    stream.seek(0)
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


def rows(text: TextIO) -> Iterator[Row]:
    """Every non-blank row with its starting line; a row csv cannot read has ``error`` set."""
    reader = csv.reader(text)
    previous_end = 0
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            previous_end = reader.line_num
            yield Row(start, [], f"cannot read this CSV row: {exc}")
            continue
        previous_end = reader.line_num
        # Blank lines come back as [] and a line of commas as ["", ""…]: nothing to read.
        if any(cell.strip() for cell in cells):
            yield Row(start, cells)


def records(
    path: Path, is_header: Callable[[list[str]], bool], what: str
) -> Iterator[tuple[Row, dict[str, str]]]:
    """Rows after the header (the first row ``is_header`` accepts) as {column: value}.

    A row with more fields than the header is returned with ``error`` set: that
    is how an unquoted comma or a stray quote shows. Shorter rows are padded.
    ImportFailed when no header is found.
    """
    with open_text(path) as text:
        header: list[str] | None = None
        for row in rows(text):
            if header is None:
                if not row.error and is_header([c.strip() for c in row.cells]):
                    header = [c.strip() for c in row.cells]
                continue
            if not row.error and len(row.cells) > len(header):
                extra = len(row.cells) - len(header)
                row.error = (
                    f"has {len(row.cells)} fields where the header has {len(header)} "
                    f"({extra} too many: an unquoted comma or a stray quote?)"
                )
            values = dict(zip(header, row.cells, strict=False)) if not row.error else {}
            yield row, values
    if header is None:
        raise ImportFailed(f"{path}: not a {what} (its header row was not found)")
