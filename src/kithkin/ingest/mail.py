"""E-mail (mbox, Maildir folder, single .eml) → one InteractionRecord per message.

Only headers are read: each message is cut at its blank line and its body is
skipped unread. Whether a message of mine was answered needs a first pass that
keeps just the set of ids other people replied to; nothing else stays in
memory. Bulk and automated mail is Skipped and creates nobody.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kithkin.errors import ImportFailed
from kithkin.ingest import mail_headers as headers
from kithkin.ingest import normalise
from kithkin.ingest.lines import open_binary
from kithkin.ingest.mbox import header_blocks
from kithkin.ingest.records import (
    BadRecord,
    InteractionRecord,
    Origin,
    Party,
    Record,
    Skipped,
    unique_parties,
)
from kithkin.model import Channel

SOURCE = "mail"
MAX_HEADER_LINES = 2000  # a "header" longer than this is a body without its blank line
# More people than this on one message (sender, To, Cc, Bcc) and it is a mailing, not a
# conversation: it creates nobody and adds no interaction. Twenty is above the dozen or
# so a working group or a family thread holds, and below the 21-recipient spam seen in
# real mailboxes, which addresses strangers in one alphabetical run.
MAX_PARTIES = 20


@dataclass(slots=True)
class RawMessage:
    where: str  # "line 12" in an mbox, "message cur/1700000000.x" in a Maildir
    header: bytes  # the header block, up to its blank line
    envelope: bytes = b""  # the mbox From_ line: a date when Date is missing


def parse(path: Path, *, me: Sequence[str] = (), region: str = "US") -> Iterator[Record]:
    """Every message of an mbox file, a Maildir folder or a single .eml file, in order."""
    mine = frozenset(normalise.email(m) for m in me)
    replied = _replied_by_others(path, mine) if mine else set()
    for raw in messages(path):
        origin = Origin(SOURCE, str(path), raw.where)
        try:
            yield from _records(raw, origin, mine, replied)
        except Exception as exc:  # an odd message is reported, never fatal to the rest
            yield BadRecord(origin, f"cannot read this message: {exc}")


def messages(path: Path) -> Iterator[RawMessage]:
    """The header block of every message in ``path``."""
    if path.is_dir():
        yield from _maildir(path)
        return
    with open_binary(path) as stream:
        first = stream.readline()
        # A UTF-8 byte-order mark (Windows editors) is not part of the first header.
        start = 3 if first.startswith(b"\xef\xbb\xbf") else 0
        stream.seek(start)
        if first[start:].startswith(b"From "):
            for line, envelope, header in header_blocks(stream):
                yield RawMessage(f"line {line}", header, envelope)
        else:
            yield RawMessage("message", _header(stream))


def _header(stream: Iterator[bytes]) -> bytes:
    lines: list[bytes] = []
    for line in stream:
        if line in (b"\n", b"\r\n") or len(lines) >= MAX_HEADER_LINES:
            break
        lines.append(line)
    return b"".join(lines)


def _maildir(folder: Path) -> Iterator[RawMessage]:
    if not ((folder / "cur").is_dir() or (folder / "new").is_dir()):
        raise ImportFailed(f"{folder}: a folder that is not a Maildir (no cur/ or new/ inside)")
    for sub in ("cur", "new"):
        directory = folder / sub
        if not directory.is_dir():
            continue
        for file in sorted(directory.iterdir()):
            if file.is_file() and not file.name.startswith("."):
                with open_binary(file) as stream:
                    yield RawMessage(f"message {sub}/{file.name}", _header(stream))


def _replied_by_others(path: Path, me: frozenset[str]) -> set[str]:
    """Ids of messages someone other than me replied to (by In-Reply-To or References)."""
    replied: set[str] = set()
    for raw in messages(path):
        try:
            found = headers.fields(raw.header, headers.THREADING)
            senders = headers.parties((found or {}).get("from") or (found or {}).get("sender", ""))
        except Exception:  # the second pass reports this message as bad
            continue
        if not found:
            continue
        if senders and senders[0].email not in me:
            replied.update(headers.ids(found.get("in-reply-to", "")))
            replied.update(headers.ids(found.get("references", "")))
    return replied


def _records(
    raw: RawMessage, origin: Origin, me: frozenset[str], replied: set[str]
) -> Iterator[Record]:
    found = headers.fields(raw.header)
    if found is None:
        yield BadRecord(origin, "no mail headers could be read")
        return
    message_ids = headers.ids(found.get("message-id", ""))
    if message_ids:
        origin = Origin(origin.source, origin.file, f"{origin.record} (<{message_ids[0]}>)")
    senders = headers.parties(found.get("from", "")) or headers.parties(found.get("sender", ""))
    if not senders:
        yield Skipped(origin, "no sender address")
        return
    sender = senders[0]
    reason = headers.bulk_reason(found, sender.email)
    if reason:
        yield Skipped(origin, reason)
        return
    visible = unique_parties(
        [sender, *headers.parties(found.get("to", "")), *headers.parties(found.get("cc", ""))]
    )
    parties = unique_parties([*visible, *headers.parties(found.get("bcc", ""))])
    if len(parties) < 2:
        yield Skipped(origin, "message without recipients")
        return
    if len(parties) > MAX_PARTIES:
        yield Skipped(origin, f"mass mailing (more than {MAX_PARTIES} people on one message)")
        return
    when = headers.message_date(found.get("date", ""), raw.envelope, found.get("received", ""))
    if when is None:
        yield Skipped(origin, "no usable date")
        return
    subject = normalise.text(headers.words(found.get("subject", "")))
    key = message_ids[0] if message_ids else _synthetic_id(sender, when.isoformat(), subject)
    reply_to = headers.ids(found.get("in-reply-to", ""))
    references = headers.ids(found.get("references", ""))
    from_me = sender.email in me
    yield InteractionRecord(
        origin=origin,
        key=key,
        when=when,
        channel=Channel.EMAIL,
        parties=parties,
        initiator=sender,
        answered=(key in replied) if from_me else None,
        note=subject,
        # Some clients write only References; its last id is the message answered.
        in_reply_to=(reply_to or references[-1:] or [""])[0],
        thread=(references or reply_to or [key])[0],
    )
    # Who was on it together is the interaction's: colleagues and people who meet in
    # groups are inferred when the network is read (insight.inference), never stored.


def _synthetic_id(sender: Party, when: str, subject: str) -> str:
    # A message without Message-ID still needs a key that is the same on every import.
    digest = hashlib.sha1(f"{sender.email}|{when}|{subject}".encode(), usedforsecurity=False)
    return f"no-id-{digest.hexdigest()[:20]}"
