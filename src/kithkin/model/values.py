"""Values every database holds alike: text without control characters, lengths
within the columns' limits, finite numbers, and links that are addresses.

SQLite stores a NUL, a 5,000-character name or an infinite weight without a word;
PostgreSQL refuses them, so a backup of one would not restore into the other.
The model refuses or cleans them first, the same way on both.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

from kithkin.errors import InvalidInput

# The longest value of each kind of field, in characters (the store's column lengths).
NAME = 300  # a display name, an organisation, a role, a location
NAME_PART = 200  # given, middle and family names; a circle; a tie kind
AFFIX = 50  # a name's prefix or suffix
EMAIL = 320  # RFC 3696: 64 before the @, 255 after
PHONE = 64
LABEL = 100
LINK = 2000
KEY = 500  # a record's key in its file (UID, profile URL, Message-ID)

# C0 and C1 control characters, DEL, lone surrogates and the two non-characters
# U+FFFE/U+FFFF. Tab and line feed are text; a carriage return becomes a line feed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_controls(value: str) -> bool:
    """Whether ``value`` holds a control character other than a tab or a line end."""
    return _CONTROL.search(value.replace("\r", "")) is not None


def clean(value: str, multiline: bool = False) -> str:
    """``value`` without control characters; in multi-line text (notes) tabs and line
    feeds stay and every CR LF or lone CR becomes a line feed."""
    if value.isprintable():  # no control character, CR, LF or tab: nothing to change
        return value
    if multiline:
        return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _LINE_CONTROL.sub(lambda m: " " if m.group() in "\t\n\r" else "", value)


def check_length(what: str, value: str, limit: int) -> str:
    """``value`` if it fits in ``limit`` characters; InvalidInput naming the field if not."""
    if len(value) > limit:
        shown = value[:40] + "…"
        raise InvalidInput(
            f"{what} is at most {limit} characters, and '{shown}' has {len(value)}; shorten it"
        )
    return value


def finite(what: str, value: float) -> float:
    """``value`` if it is a real number: infinity and NaN cannot be stored or compared."""
    if not math.isfinite(value):
        raise InvalidInput(f"{what} must be a finite number, not {value}")
    return value


# scheme:rest (RFC 3986), or a bare host name with an optional path (www.example.org/me).
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Schemes that run or embed something when a link is followed, rather than go somewhere.
_NOT_LINKS = frozenset({"javascript", "vbscript", "data", "file", "blob"})
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}\.?(?::\d+)?$")


def is_link(value: str) -> bool:
    """Whether ``value`` reads as one web (or other) address and nothing more: no white
    space or control characters, a scheme with something after it, or a host name."""
    if not value or len(value) > LINK or any(ch.isspace() or not ch.isprintable() for ch in value):
        return False
    if _SCHEME.match(value):
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:  # an unclosed [ in the host, a port out of range
            return False
        if parts.scheme.lower() in _NOT_LINKS:
            return False
        if parts.scheme.lower() in ("http", "https", "ftp", "ftps"):
            return parts.hostname is not None and _host(parts.hostname)
        return bool(value.split(":", 1)[1].strip("/"))
    host = value.split("/", 1)[0]
    return _host(host)


def _host(host: str) -> bool:
    return host == "localhost" or _HOST.match(host) is not None or _is_ip(host)


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def link(raw: str) -> str:
    """A link as stored (trimmed), or InvalidInput saying what a link looks like."""
    value = raw.strip()
    if not is_link(value):
        shown = value[:60].encode("unicode_escape").decode("ascii")
        raise InvalidInput(
            f"'{shown}' is not a link; write a full address such as https://example.org/me"
        )
    return value
