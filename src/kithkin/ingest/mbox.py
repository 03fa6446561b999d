"""The header blocks of an mbox file, found without reading it line by line.

A message starts at a line beginning with ``From `` (as Python's ``mailbox``
reads it) and its header ends at the first blank line. The file is read in
chunks and searched with ``bytes.find``; bodies are skipped unread and dropped
as soon as they are passed, so memory stays flat however large the mailbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

CHUNK = 1 << 20
MAX_HEADER = 256 * 1024  # a "header" longer than this is a body without its blank line
_SEPARATOR = b"\nFrom "


class _Window:
    """The unread part of the file is ``data[pos:]``; ``line`` is the line number at ``pos``."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.data = b""
        self.pos = 0
        self.line = 1
        self.eof = False

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.data = self.data[self.pos :] + chunk
        self.pos = 0
        return True

    def fill(self) -> None:
        """Make sure a whole header (up to MAX_HEADER) after ``pos`` is in memory."""
        while len(self.data) - self.pos <= MAX_HEADER and self._more():
            pass

    def advance(self, to: int) -> None:
        self.line += self.data.count(b"\n", self.pos, to)
        self.pos = to

    def next_message(self, start: int) -> bool:
        """Move ``pos`` to the next message after ``start``; False when there is none."""
        while True:
            found = self.data.find(_SEPARATOR, start)
            if found >= 0:
                self.advance(found + 1)
                return True
            # Drop what was searched, keeping a tail in case a separator straddles chunks.
            self.advance(max(self.pos, len(self.data) - len(_SEPARATOR)))
            if not self._more():
                return False
            start = 0


def header_blocks(stream: BinaryIO) -> Iterator[tuple[int, bytes, bytes]]:
    """(line number, From_ line, header block) of each message, in file order."""
    window = _Window(stream)
    while True:
        window.fill()
        data, start = window.data, window.pos
        if start >= len(data):
            return
        limit = start + MAX_HEADER
        end_of_envelope = data.find(b"\n", start, limit)
        if end_of_envelope < 0:
            yield window.line, data[start:limit], b""
            return
        # The header ends at the first blank line, or at the next message if it has none;
        # each search stops where the previous one found something, never scanning a body.
        header_end = min(len(data), limit)
        for needle in (b"\n\n", b"\n\r\n", _SEPARATOR):
            found = data.find(needle, end_of_envelope, header_end)
            if found >= 0:
                header_end = found
        yield window.line, data[start:end_of_envelope], data[end_of_envelope + 1 : header_end + 1]
        if not window.next_message(header_end):
            return
