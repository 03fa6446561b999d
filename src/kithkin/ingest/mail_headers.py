"""Mail headers read leniently: fields, RFC 2047 names, addresses, dates, ids and bulk signs.

Hand-rolled rather than ``email.parser`` with the default policy: only a dozen
headers matter, malformed ones must never raise, and parsing 100,000 messages
has to stay fast.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta, timezone
from email.errors import MessageError
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime
from functools import lru_cache

from nameparser.config import CONSTANTS

from kithkin.ingest import normalise
from kithkin.ingest.lines import decode
from kithkin.ingest.records import Party

WANTED = frozenset(
    {
        "from",
        "sender",
        "to",
        "cc",
        "bcc",
        "date",
        "message-id",
        "in-reply-to",
        "references",
        "subject",
        "list-id",
        "list-unsubscribe",
        "precedence",
        "auto-submitted",
        "return-path",
        "content-type",
        "received",
        "x-failed-recipients",
    }
)
THREADING = frozenset({"from", "sender", "in-reply-to", "references"})
_ADDRESS_HEADERS = frozenset({"from", "sender", "to", "cc", "bcc"})
_ID = re.compile(r"<([^<>\s]+)>")
_AUTOMATED = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)([-+_.=]|$)"
    # Mailing-list robots (Mailman, Majordomo): list-request@, list-bounces@, owner-list@.
    r"|^[^@]+-(request|bounces|owner)$|^owner-",
    re.IGNORECASE,
)
# Delivery status notifications (RFC 3464) and other machine reports (RFC 6522).
_REPORT = re.compile(r"multipart/report|message/delivery-status|message/disposition", re.I)


_ANY_FIELD = re.compile(r"^[!-9;-~]+[ \t]*:", re.MULTILINE)
_FOLD = re.compile(r"\s*\r?\n[ \t]+")


@lru_cache(maxsize=8)
def _pattern(wanted: frozenset[str]) -> re.Pattern[str]:
    # Matching only the wanted names lets the regex engine skip every other header line.
    names = "|".join(re.escape(name) for name in sorted(wanted))
    return re.compile(
        rf"^({names})[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.MULTILINE | re.IGNORECASE
    )


def fields(header: bytes, wanted: frozenset[str] = WANTED) -> dict[str, str] | None:
    """The wanted header fields, unfolded; None when no line looks like a header at all."""
    text = decode(header)
    found: dict[str, str] = {}
    for match in _pattern(wanted).finditer(text):
        key = match.group(1).lower()
        value = match.group(2)
        value = (_FOLD.sub(" ", value) if "\n" in value else value).strip()
        if key not in found or key == "received":
            # Received: each relay adds one on top; the last is the first hop, the sender's own.
            found[key] = value
        elif key in _ADDRESS_HEADERS:
            # A repeated address header adds people; any other keeps its first value.
            found[key] += ", " + value
    if not found and not _ANY_FIELD.search(text):
        return None
    return found


def words(value: str) -> str:
    """RFC 2047 encoded words decoded (``=?UTF-8?Q?Tom=C3=A1s?=`` → Tomás); as written on error."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    # MessageError: a charset name that is no charset ("€f-8") raises CharsetError.
    except (MessageError, LookupError, UnicodeError, ValueError):
        return value


def parties(value: str) -> list[Party]:
    """Every address in an address header, normalised, with its decoded display name."""
    return [Party(email, name) for email, name in _addresses(value)]


@lru_cache(maxsize=8192)
def _addresses(value: str) -> tuple[tuple[str, str], ...]:
    # Address headers repeat (the same To: in every message of a thread): cache them.
    found: list[tuple[str, str]] = []
    pending = ""  # "Doe" of an unquoted "Doe, John <john@example.com>"
    for piece in _split_list(value):
        address, name = _one_address(pending + piece if pending else piece)
        if not address and "@" not in piece and piece.strip() and not pending:
            pending = piece + ","
            continue
        pending = ""
        email = normalise.email(address)
        if not _ADDRESS.match(email):
            continue  # "<Undisclosed-Recipient:@host;>" and the like name nobody
        found.append((email, display_name(words(name))))
    return tuple(found)


def _split_list(value: str) -> list[str]:
    """The pieces of an address list, split at commas outside quotes, <…> and (…)."""
    if '"' not in value and "(" not in value and "\\" not in value:
        return [p for p in _SEPARATORS.split(value) if p.strip()]  # nearly every header
    pieces: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    depth = angle = 0
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif not quoted:
            if char == "(":
                depth += 1
            elif char == ")" and depth:
                depth -= 1
            elif char == "<":
                angle += 1
            elif char == ">" and angle:
                angle -= 1
            elif char in ",;" and not depth and not angle:
                pieces.append("".join(current))
                current = []
                continue
        current.append(char)
    pieces.append("".join(current))
    return [p for p in pieces if p.strip()]


_SEPARATORS = re.compile(r"[,;]")
_ADDRESS = re.compile(r"^[^@\s:;<>(),\"\[\]]+@[^@\s:;<>(),\"\[\]]+\.[^@\s:;<>(),\"\[\]]+$")
_ANGLE = re.compile(r"<\s*([^<>\s]*@[^<>\s]*)\s*>")
_COMMENT = re.compile(r"\(([^()]*)\)")
_GROUP = re.compile(r'^[^"<>@]*:')  # "Friends: a@x, b@y;" and "undisclosed-recipients:"


def _one_address(piece: str) -> tuple[str, str]:
    """(address, display name) of one piece of an address list; the address may be ""."""
    piece = _GROUP.sub("", piece.strip(), count=1).strip()
    angle = _ANGLE.search(piece)
    if angle:
        # What is in angle brackets is the address, whatever the display name looks
        # like: "alice@example.com <bob@example.com>" is bob, not alice.
        name = piece[: angle.start()] + piece[angle.end() :]
        name = _COMMENT.sub(lambda m: m.group(1), name)
        return angle.group(1), _unquote(name)
    comment = _COMMENT.search(piece)
    name = comment.group(1) if comment else ""
    bare = _COMMENT.sub(" ", piece).strip()
    tokens = [t for t in bare.split() if "@" in t]
    return (tokens[0].strip("<>\"'") if tokens else ""), _unquote(name)


def _unquote(name: str) -> str:
    name = " ".join(name.split()).strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return name.strip("'\" ")


def display_name(name: str) -> str:
    """A display name as a person is called: no address for a name, "Doe, John" → "John Doe".

    A comma followed by a suffix or credential ("Smith, Jr.", "Nayak, MBA") is not
    a family name first, and is left for the name splitter.
    """
    name = normalise.text(name).strip("'\"")
    if "@" in name:
        return ""  # an address written as the name names nobody
    family, comma, given = name.partition(",")
    if comma and family.strip() and given.strip() and "," not in given:
        first = given.strip().split()[0].strip(".").lower()
        if first not in _SUFFIXES and len(family.split()) <= 3:
            return f"{given.strip()} {family.strip()}"
    return name


_SUFFIXES = frozenset(CONSTANTS.suffix_acronyms) | frozenset(CONSTANTS.suffix_not_acronyms)


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
# The form nearly every mailer writes: "Mon, 12 Jan 2026 09:14:00 -0800".
_RFC_DATE = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d\d):(\d\d)(?::(\d\d))?"
    r"\s+([+-])(\d\d)(\d\d)(?:\s|$)"
)


def message_date(value: str, envelope: bytes = b"", received: str = "") -> datetime | None:
    """The Date header as an aware datetime (UTC if it names no zone).

    Without a usable one: the date the first relay received it (the last
    ``Received:`` header, after its ``;``), else the mbox ``From `` line's date.
    """
    when = _header_date(value)
    if when is None and received:
        when = _header_date(received.rpartition(";")[2].strip())
    if when is None and envelope:
        when = _envelope_date(envelope)
    if when is None or not 1970 <= when.year <= 2200:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _header_date(value: str) -> datetime | None:
    when = _fast_date(value) if value else None
    if when is None and value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
    return when


def _fast_date(value: str) -> datetime | None:
    match = _RFC_DATE.match(value)
    month = _MONTHS.get(match.group(2).lower(), 0) if match else 0
    if match is None or not month:
        return None
    day, year, hour, minute = (int(match.group(i)) for i in (1, 3, 4, 5))
    second = int(match.group(6) or 0)
    offset = timedelta(hours=int(match.group(8)), minutes=int(match.group(9)))
    try:
        zone = timezone(-offset if match.group(7) == "-" else offset)
        return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=zone)
    except ValueError:
        return None


def _envelope_date(envelope: bytes) -> datetime | None:
    # "From sender@host Mon Jan 12 09:14:00 2026": the last five words are an asctime date.
    tail = " ".join(decode(envelope).split()[-5:])
    try:
        parsed = time.strptime(tail, "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
    return datetime(*parsed[:6], tzinfo=UTC)


def ids(value: str) -> list[str]:
    """Message ids in a Message-ID, In-Reply-To or References header, without brackets."""
    found = _ID.findall(value)
    if not found and value.strip() and "@" in value:
        found = [token.strip("<>") for token in value.split() if "@" in token]
    return found


def bulk_reason(found: dict[str, str], sender: str) -> str:
    """Why a message is bulk, automated or a bounce, or "" when it is personal."""
    if found.get("list-id"):
        return "bulk mail (List-Id)"
    if found.get("list-unsubscribe"):
        return "bulk mail (List-Unsubscribe)"
    precedence = found.get("precedence", "").strip().lower()
    if precedence in ("bulk", "list", "junk"):
        return f"bulk mail (Precedence: {precedence})"
    auto = found.get("auto-submitted", "").strip().lower()
    if auto and not auto.startswith("no"):
        return f"automated mail (Auto-Submitted: {auto.split(';')[0]})"
    if _AUTOMATED.match(sender.split("@", 1)[0]):
        return f"automated sender ({sender})"
    if _REPORT.search(found.get("content-type", "")) or found.get("x-failed-recipients"):
        return "bounce (delivery status report)"
    if "return-path" in found and found["return-path"].strip().strip("<>").strip() == "":
        # RFC 5321 4.5.5: the null reverse-path marks notifications and bounces.
        return "bounce or notification (Return-Path: <>)"
    return ""
