"""One definition each of the keys by which two written values are the same thing:
an organisation's name and an e-mail address. The store keys its rows by them,
identity resolution matches people by them, and colleague inference and paths
group employers by them, so "Globex Corporation", "Globex, Inc." and "globex"
are one employer everywhere."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Legal forms at the end of a name say nothing about which organisation it is.
LEGAL_FORMS = frozenset(
    {
        "ag",
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "incorporated",
        "limited",
        "llc",
        "ltd",
        "plc",
        "sa",
    }
)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Case, accents and punctuation folded away: "Tomás" and "tomas" are one key."""
    if text.isascii():
        return " ".join(_NOT_ALNUM.sub(" ", text.lower()).split())
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in bare).split())


@lru_cache(maxsize=65536)
def organisation_key(name: str) -> str:
    """The folded name without a leading "the" and trailing legal forms:
    "The Globex Corporation" and "Globex, Inc." are both "globex"."""
    words = fold(name).split()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def normalise_email(address: str) -> str:
    """Lower-case and trimmed, without ``mailto:`` or angle brackets: how an address is kept."""
    address = address.strip().strip("<>").strip()
    if address.lower().startswith("mailto:"):
        address = address[7:]
    return address.strip().strip("<>").strip().lower()


def email_key(address: str) -> str:
    """The normalised address when it is one (a local part, ``@``, a dotted domain), else ""."""
    address = normalise_email(address)
    local, at, domain = address.rpartition("@")
    return address if at and local and "." in domain else ""
