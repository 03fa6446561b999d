"""Mail headers read leniently: fields, RFC 2047 names, addresses, dates, ids and bulk signs.

Hand-rolled rather than ``email.parser`` with the default policy: only a dozen
headers matter, malformed ones must never raise, and parsing 100,000 messages
has to stay fast.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta, timezone
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

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
        if key not in found:
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
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return value


def parties(value: str) -> list[Party]:
    """Every address in an address header, normalised, with its decoded display name."""
    return [Party(email, name) for email, name in _addresses(value)]


# "Name <a@b>" or a bare "a@b": most headers are this simple and need no full parser.
_SIMPLE = re.compile(
    r"^\s*(?:([^<>\"(),;:@]*?)\s*<([^<>\s@]+@[^<>\s@]+)>|([^<>\s@,]+@[^<>\s@,]+))\s*$"
)


@lru_cache(maxsize=8192)
def _addresses(value: str) -> tuple[tuple[str, str], ...]:
    # Address headers repeat (the same To: in every message of a thread): cache them.
    pairs: list[tuple[str, str]] = []
    simple = '"' not in value and "(" not in value and ";" not in value
    matches = [_SIMPLE.match(piece) for piece in value.split(",")] if simple else [None]
    if all(matches) and simple:
        for match in matches:
            assert match is not None
            name, address, bare = match.groups()
            pairs.append((address or bare, name or ""))
    else:
        pairs = [(address, name) for name, address in getaddresses([value])]
    found: list[tuple[str, str]] = []
    for address, name in pairs:
        email = normalise.email(address)
        if "@" not in email or " " in email:
            continue
        found.append((email, normalise.text(words(name)).strip("'\"")))
    return tuple(found)


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


def message_date(value: str, envelope: bytes = b"") -> datetime | None:
    """The Date header as an aware datetime (UTC if it names no zone), else the From_ date."""
    when = _fast_date(value) if value else None
    if when is None and value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
    if when is None and envelope:
        when = _envelope_date(envelope)
    if when is None or not 1970 <= when.year <= 2200:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


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
