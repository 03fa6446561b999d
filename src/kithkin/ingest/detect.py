"""Which format a file is in, and the one entry point that parses any of them."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import Protocol, cast

from kithkin.errors import ImportFailed
from kithkin.ingest import csv_columns, normalise
from kithkin.ingest.decode import decode_text
from kithkin.ingest.lines import open_binary
from kithkin.ingest.records import Record

FORMATS = ("vcard", "linkedin", "google", "outlook", "kithkin", "ics", "mail")

# The module that reads each format; imported on first use.
_MODULES = {
    "vcard": "vcard",
    "linkedin": "linkedin",
    "google": "google",
    "outlook": "outlook",
    "kithkin": "kithkin_csv",
    "ics": "ics",
    "mail": "mail",
}
_EXTENSIONS = {
    ".vcf": "vcard",
    ".vcard": "vcard",
    ".ics": "ics",
    ".ical": "ics",
    ".ifb": "ics",
    ".mbox": "mail",
    ".mbx": "mail",
    ".eml": "mail",
}
_SNIFF_BYTES = 16384
_MAIL_HEADERS = ("from:", "message-id:", "received:")
_HEADER_LINE = re.compile(r"^[a-z][a-z0-9-]*:\s")


# What starts a record in each format's raw bytes (a CSV row is a line), for counting.
_RECORD_MARKS = {
    "vcard": (b"BEGIN:VCARD", b"begin:vcard"),
    "ics": (b"BEGIN:VEVENT", b"begin:vevent"),
    "mail": (b"\nFrom ",),
}
_COUNT_CHUNK = 1 << 20


class _Parser(Protocol):
    def __call__(self, path: Path, *, me: Sequence[str], region: str) -> Iterator[Record]: ...


def detect_format(path: Path) -> str:
    """The format of ``path`` from its extension and its first bytes."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return "mail"
        raise ImportFailed(f"{path}: a folder that is not a Maildir (no cur/ or new/ inside)")
    if not path.exists():
        raise ImportFailed(f"{path}: no such file")
    with open_binary(path) as stream:
        head = decode_text(stream.read(_SNIFF_BYTES))
    by_content = _sniff(head)
    by_name = _EXTENSIONS.get(path.suffix.lower())
    csv_formats = ("linkedin", "google", "outlook", "kithkin")
    if path.suffix.lower() == ".csv" or by_content in csv_formats:
        if by_content in csv_formats:
            return by_content
        raise ImportFailed(
            f"{path}: a CSV file whose header is not LinkedIn, Google, Outlook or "
            "Thunderbird contacts; name its format with --format linkedin, google or outlook"
        )
    if by_content:
        return by_content
    if by_name:
        return by_name  # its parser says clearly what is wrong with the content, if anything
    raise ImportFailed(
        f"{path}: cannot tell what format this is; name it with --format ({', '.join(FORMATS)})"
    )


def _sniff(head: str) -> str | None:
    stripped = head.lstrip()
    upper = stripped[:200].upper()
    if upper.startswith("BEGIN:VCARD"):
        return "vcard"
    if upper.startswith("BEGIN:VCALENDAR"):
        return "ics"
    if stripped.startswith("From "):
        return "mail"
    csv_kind = _sniff_csv(stripped)
    if csv_kind:
        return csv_kind
    lines = stripped.lower().splitlines()[:60]
    # A single message starts with header lines (Delivered-To:, Received:, …) and has a From:.
    looks_like_headers = bool(lines) and _HEADER_LINE.match(lines[0]) is not None
    if looks_like_headers and any(line.startswith(_MAIL_HEADERS) for line in lines):
        return "mail"
    return None


def _sniff_csv(head: str) -> str | None:
    for line in head.splitlines()[:20]:
        low = line.lower()
        if low.startswith("id,name,given name,"):  # kith export csv
            return "kithkin"
        if low.startswith("notes:") or ("first name" in low and "connected on" in low):
            return "linkedin"
        if "e-mail 1 - value" in low or ("labels" in low and "first name" in low):
            return "google"
        if "group membership" in low and "given name" in low:
            return "google"
        if _outlook_header(line):
            return "outlook"
    return None


def _outlook_header(line: str) -> bool:
    """Outlook's header, in any of its languages and with any separator: a name and an
    e-mail address column (``Vorname;Nachname;E-Mail-Adresse``, ``Name,E-mail Address``)."""
    separator = max(csv_columns.DELIMITERS, key=line.count)
    cells = next(csv.reader([line], delimiter=separator), [])
    names = set(csv_columns.outlook_in_english([c.strip() for c in cells]))
    return "E-mail Address" in names and bool({"First Name", "Last Name", "Name"} & names)


def parse_file(
    path: Path,
    fmt: str | None = None,
    *,
    me: Sequence[str] = (),
    region: str = "",
    now: datetime | None = None,
) -> Iterator[Record]:
    """Stream the records of ``path``: one per card, row, event occurrence or message.

    ``me`` are the user's own e-mail addresses (who sent, who answered);
    ``region`` is the phone region for numbers written without a country code;
    ``now`` is the import's time, where a calendar's plans end and its history begins.
    """
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise ImportFailed(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    module = import_module(f"kithkin.ingest.{_MODULES[fmt]}")
    parser = cast(_Parser, module.parse)
    mine = tuple(dict.fromkeys(normalise.email(address) for address in me if address.strip()))
    if fmt == "ics" and now is not None:
        return cast(
            Iterator[Record], module.parse(Path(path), me=mine, region=region.upper(), now=now)
        )
    return parser(Path(path), me=mine, region=region.upper())


def estimate_records(path: Path, fmt: str) -> int:
    """About how many records ``parse_file`` gives for ``path``, for a progress bar's total.

    Counted in the raw bytes, a megabyte at a time: cards, events, messages
    (``From`` lines of an mbox; files of a Maildir) or lines. Recurring events,
    quoted line breaks and skipped records make it approximate.
    """
    if path.is_dir():
        return sum(1 for sub in ("cur", "new") for f in (path / sub).glob("*") if f.is_file())
    if fmt == "mail" and path.suffix.lower() == ".eml":
        return 1
    marks = _RECORD_MARKS.get(fmt, (b"\n",))
    keep = max(len(m) for m in marks) - 1  # a mark split across two chunks is still seen
    count, tail, first = 0, b"", b""
    with open_binary(path) as stream:
        while chunk := stream.read(_COUNT_CHUNK):
            first = first or chunk[:5]
            block = tail + chunk
            count += sum(block.count(m) for m in marks)
            tail = block[-keep:]
    if fmt == "mail" and first == b"From ":
        count += 1  # the first message has no line before it
    return count
