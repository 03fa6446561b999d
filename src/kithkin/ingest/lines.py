"""Reading files as numbered physical lines, and cutting out BEGIN:X … END:X blocks.

vCard and iCalendar files are sequences of such blocks; cutting them out
ourselves, line by line, keeps memory bounded and lets one broken block be
reported by its line number without losing the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kithkin.errors import ImportFailed


def open_binary(path: Path) -> BinaryIO:
    """The file opened for reading, or ImportFailed saying why it cannot be."""
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise ImportFailed(f"{path}: is a folder, not a file") from None
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot be read: {exc.strerror or exc}") from None


def decode(raw: bytes) -> str:
    """UTF-8, or Windows-1252 for the older exports that are not (never fails)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def numbered_lines(stream: BinaryIO) -> Iterator[tuple[int, str]]:
    """(line number from 1, text without its line ending) for every physical line.

    A UTF-8 byte-order mark (Windows editors write one) is not part of the first line.
    """
    for number, raw in enumerate(stream, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        yield number, decode(raw.rstrip(b"\r\n"))


@dataclass(slots=True)
class Block:
    """The lines between ``BEGIN:kind`` and ``END:kind`` (both excluded)."""

    kind: str  # upper case: VCARD, VEVENT, VTIMEZONE
    start: int  # line number of BEGIN
    lines: list[tuple[int, str]] = field(default_factory=list)
    problem: str = ""  # why the block is incomplete, when it is


def blocks(lines: Iterator[tuple[int, str]], kinds: frozenset[str]) -> Iterator[Block]:
    """Every top-level block of one of ``kinds``; blocks of other kinds nested inside are kept.

    A block cut short (its END missing before the next BEGIN of its kind or the
    end of the file) is still yielded, with ``problem`` set.
    """
    current: Block | None = None
    for number, line in lines:
        marker = line.strip().upper()
        if marker.startswith("BEGIN:") and marker[6:] in kinds:
            if current is not None:
                current.problem = f"BEGIN:{current.kind} without END:{current.kind}"
                yield current
            current = Block(marker[6:], number)
        elif current is not None:
            if marker == f"END:{current.kind}":
                yield current
                current = None
            else:
                current.lines.append((number, line))
    if current is not None:
        current.problem = f"BEGIN:{current.kind} without END:{current.kind}"
        yield current


def unfolded(lines: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """RFC 5545/6350 logical lines: a line starting with a space or tab continues the last one.

    The pieces of a logical line are joined once, at its end: linear however many
    lines a value is folded over (a 20 MB photo is 270,000 of them).
    """
    start, parts = 0, [""]
    for number, line in lines:
        if parts[0] and line[:1] in (" ", "\t"):
            parts.append(line[1:])
            continue
        if parts[0]:
            yield start, "".join(parts)
        start, parts = number, [line]
    if parts[0]:
        yield start, "".join(parts)
