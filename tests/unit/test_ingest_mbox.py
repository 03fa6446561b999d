"""The chunked mbox scanner agrees with Python's own mailbox reader on a multi-chunk file."""

from __future__ import annotations

import mailbox
from pathlib import Path

from kithkin.ingest import mbox
from kithkin.ingest.mail_headers import fields


def _write(path: Path, count: int) -> None:
    with open(path, "wb") as fh:
        for i in range(count):
            fh.write(f"From sender{i}@example.com Mon Jan  5 10:00:00 2026\n".encode())
            fh.write(f"From: Sender {i} <sender{i}@example.com>\nTo: me@example.com\n".encode())
            fh.write(f"Message-ID: <m{i}@example.com>\n\n".encode())
            # Bodies of varied length, one larger than a whole chunk, so that messages and
            # separators land on chunk boundaries.
            size = mbox.CHUNK + 10 if i == 7 else (i * 37) % 900
            fh.write(b"x" * size + b"\n>From an escaped line\n\n")


def test_every_message_is_found_across_chunk_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    _write(path, 3000)
    assert path.stat().st_size > 2 * mbox.CHUNK
    with open(path, "rb") as stream:
        ours = list(mbox.header_blocks(stream))
    box = mailbox.mbox(path, create=False)
    try:
        theirs = [m["Message-ID"] for m in box]
    finally:
        box.close()
    assert [fields(header)["message-id"] for _, _, header in ours] == theirs  # type: ignore[index]
    lines = [number for number, _, _ in ours]
    with open(path, "rb") as stream:
        expected = [n for n, line in enumerate(stream, 1) if line.startswith(b"From ")]
    assert lines == expected
    assert ours[0][1] == b"From sender0@example.com Mon Jan  5 10:00:00 2026"


def test_a_header_without_its_blank_line_ends_at_the_next_message(tmp_path: Path) -> None:
    path = tmp_path / "cut.mbox"
    path.write_bytes(
        b"From a@example.com Mon Jan  5 10:00:00 2026\nFrom: a@example.com\n"
        b"From b@example.com Mon Jan  5 11:00:00 2026\nFrom: b@example.com\n\nbody\n"
    )
    with open(path, "rb") as stream:
        blocks = list(mbox.header_blocks(stream))
    assert [(n, header) for n, _, header in blocks] == [
        (1, b"From: a@example.com\n"),
        (3, b"From: b@example.com\n"),
    ]
