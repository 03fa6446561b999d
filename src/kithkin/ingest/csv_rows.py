"""CSV exports read row by row, each row with the physical line it starts on.

Shared by the LinkedIn, Google and Outlook readers. Handles a byte-order mark,
UTF-16 and Windows-1252 exports, CRLF, quoted fields spanning several lines,
preambles before the header, and ``;`` or tab as the separator (the one under
which the header row is found, ``csv_columns.delimiter``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kithkin.errors import ImportFailed
from kithkin.ingest import csv_columns, decode
from kithkin.ingest.decode import Encoding
from kithkin.ingest.lines import open_binary


@dataclass(slots=True)
class Row:
    line: int  # physical line the row starts on, from 1
    cells: list[str]
    error: str = ""  # why the row could not be read, when it could not
    notice: str = ""  # no row: what was assumed of the whole file (its encoding)


def open_text(path: Path) -> tuple[TextIO, Encoding]:
    """The file as text in its own encoding (``decode.detect``), and that encoding."""
    return decode.open_text(open_binary(path))


def _plain(exc: csv.Error) -> str:
    """What Python's csv module means, in words a person can act on."""
    said = str(exc)
    if "NUL" in said:
        return "it holds a NUL byte (is this a binary file, or UTF-16 saved oddly?)"
    if "field larger than field limit" in said:
        return "a field is longer than 128 KB (an unclosed quote swallowing the rows after it?)"
    if "new-line character seen in unquoted field" in said:
        return "a line break inside a field that is not quoted"
    return said


def rows(text: TextIO, delimiter: str = ",") -> Iterator[Row]:
    """Every non-blank row with its starting line; a row csv cannot read has ``error`` set."""
    reader = csv.reader(text, delimiter=delimiter)
    previous_end = 0
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            previous_end = reader.line_num
            yield Row(start, [], f"cannot read this CSV row: {_plain(exc)}")
            continue
        previous_end = reader.line_num
        # Blank lines come back as [] and a line of commas as ["", ""…]: nothing to read.
        if any(cell.strip() for cell in cells):
            yield Row(start, cells)


def _as_written(cells: list[str]) -> list[str]:
    return cells


def records(
    path: Path,
    is_header: Callable[[list[str]], bool],
    what: str,
    columns: Callable[[list[str]], list[str]] = _as_written,
) -> Iterator[tuple[Row, dict[str, str]]]:
    """Rows after the header (the first row ``is_header`` accepts) as {column: value}.

    ``columns`` names the header's columns as the reader knows them (Outlook's
    German ``Vorname`` as ``First Name``); ``is_header`` sees those names.

    First, when the file is not plain UTF-8, a row with only ``notice`` set naming
    the encoding it was read in.

    A row with more fields than the header is returned with ``error`` set: that
    is how an unquoted comma or a stray quote shows (empty fields past the header's
    are dropped first). Shorter rows are padded.
    ImportFailed when no header is found.
    """
    head, _ = open_text(path)
    with head:
        separator = csv_columns.delimiter(head.read(decode.SNIFF_BYTES), is_header, columns)
    text, encoding = open_text(path)
    with text:
        if said := decode.describe(encoding):
            yield Row(0, [], notice=said), {}
        header: list[str] | None = None
        for row in rows(text, separator):
            if header is None:
                named = columns([c.strip() for c in row.cells])
                if not row.error and is_header(named):
                    header = named
                continue
            # Google's Outlook CSV ends its rows with one separator more than its
            # header: empty fields past the header hold nothing to lose.
            if not any(cell.strip() for cell in row.cells[len(header) :]):
                row.cells = row.cells[: len(header)]
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
