"""Mail headers read leniently: fields, RFC 2047 names, addresses, dates, ids and bulk signs.

Hand-rolled rather than ``email.parser`` with the default policy: only a dozen
headers matter, malformed ones must never raise, and parsing 100,000 messages
has to stay fast.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime

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
        "precedence",
        "auto-submitted",
    }
)
THREADING = frozenset({"from", "sender", "in-reply-to", "references"})
_ADDRESS_HEADERS = frozenset({"from", "sender", "to", "cc", "bcc"})
_ID = re.compile(r"<([^<>\s]+)>")
_AUTOMATED = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]daemon)([-+_.]|$)", re.IGNORECASE
)


def fields(lines: list[bytes], wanted: frozenset[str] = WANTED) -> dict[str, str] | None:
    """The wanted header fields, unfolded; None when no line looks like a header at all."""
    found: dict[str, str] = {}
    current = ""
    any_header = False
    for raw in lines:
        line = raw.rstrip(b"\r\n")
        if line[:1] in (b" ", b"\t"):
            if current:
                found[current] += " " + decode(line.strip())
            continue
        colon = line.find(b":")
        name = line[:colon].strip().lower() if colon > 0 else b""
        if not name or b" " in name:
            current = ""
            continue
        any_header = True
        key = name.decode("ascii", errors="replace")
        if key not in wanted:
            current = ""
        elif key in found:
            # A repeated address header adds people; any other keeps its first value.
            current = key if key in _ADDRESS_HEADERS else ""
            if current:
                found[key] += ", " + decode(line[colon + 1 :].strip())
        else:
            current = key
            found[key] = decode(line[colon + 1 :].strip())
    return found if any_header else None


def words(value: str) -> str:
    """RFC 2047 encoded words decoded (``=?UTF-8?Q?Tom=C3=A1s?=`` → Tomás); as written on error."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return value


def parties(value: str) -> list[Party]:
    """Every address in an address header, normalised, with its decoded display name."""
    found: list[Party] = []
    for name, address in getaddresses([value]):
        email = normalise.email(address)
        if "@" not in email or " " in email:
            continue
        found.append(Party(email, normalise.text(words(name)).strip("'\"")))
    return found


def message_date(value: str, envelope: bytes = b"") -> datetime | None:
    """The Date header as an aware datetime (UTC if it names no zone), else the From_ date."""
    when: datetime | None = None
    if value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
    if when is None and envelope:
        when = _envelope_date(envelope)
    if when is None or not 1970 <= when.year <= 2200:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


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
    """Why a message is bulk or automated mail, or "" when it is personal."""
    if found.get("list-id"):
        return "bulk mail (List-Id)"
    precedence = found.get("precedence", "").strip().lower()
    if precedence in ("bulk", "list", "junk"):
        return f"bulk mail (Precedence: {precedence})"
    auto = found.get("auto-submitted", "").strip().lower()
    if auto and not auto.startswith("no"):
        return f"automated mail (Auto-Submitted: {auto.split(';')[0]})"
    if _AUTOMATED.match(sender.split("@", 1)[0]):
        return f"automated sender ({sender})"
    return ""
