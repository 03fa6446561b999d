"""Normal forms shared by every parser: addresses, phones, names, labels and dates.

Each function is total: it returns a normal form, or the input as written (or
an empty value) when the input cannot be read, and never raises — a parser must
not fail a whole record over one odd field.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

import phonenumbers
from nameparser import HumanName

from kithkin.errors import InvalidInput
from kithkin.model import Birthday, Email, Person

__all__ = [
    "birthday",
    "circle",
    "connected_date",
    "email",
    "label",
    "looks_like_address",
    "organisation",
    "phone",
    "region_of",
    "relation_kind",
    "split_name",
    "text",
]


def text(value: str) -> str:
    """Whitespace collapsed and trimmed; newlines inside kept for notes is not our job."""
    return " ".join(value.split())


def email(address: str) -> str:
    """Lower-case, trimmed, without ``mailto:`` or angle brackets."""
    return Email.normalise(address.strip().strip("<>"))


_ADDRESS = re.compile(r"^(mailto:)?[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", re.IGNORECASE)


def looks_like_address(value: str) -> bool:
    """An e-mail address written where a name could be (``RELATED:bob@example.com``)."""
    return _ADDRESS.match(value.strip().strip("<>")) is not None


def phone(raw: str, region: str = "") -> str:
    """E.164 (with ``;ext=N`` when it has one) when the number says its country or
    ``region`` gives it; else the number as written, never a guessed country code.
    """
    written = raw.strip()
    if written.lower().startswith("tel:"):
        written = written[4:].strip()
        if ";" in written and ";ext=" not in written.lower():
            written = written.split(";", 1)[0]  # other tel: URI parameters
    return _phone(written, region.upper())


@lru_cache(maxsize=65536)
def _phone(written: str, region: str) -> str:
    if not written:
        return ""
    international = written.startswith("+")
    if not international and not region:
        return written  # no country to read it in: as written, matched as written
    try:
        number = phonenumbers.parse(written, None if international else region)
    except phonenumbers.NumberParseException:
        return written
    # A national number that is not valid in the region (04 72… read as US) is probably
    # foreign: keep it as written rather than invent a wrong country code.
    valid = phonenumbers.is_valid_number(number)
    if not valid and not (international and phonenumbers.is_possible_number(number)):
        return written
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164};ext={number.extension}" if number.extension else e164


def region_of(number: str) -> str:
    """The region (``IN``, ``GB``) of an E.164 number; "" for a number written without one."""
    if not number.startswith("+"):
        return ""
    try:
        parsed = phonenumbers.parse(number.split(";", 1)[0], None)
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.region_code_for_number(parsed) or ""


def organisation(name: str) -> str:
    """An organisation's name trimmed of whitespace and stray separators."""
    return text(name).strip(" ;,")


# Apple writes built-in labels as _$!<Mother>!$_; others write plain words.
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")

_KIND_SYNONYMS = {
    "neighbor": "neighbour",
    "co-worker": "colleague",
    "coworker": "colleague",
    "co-resident": "housemate",
    "roommate": "housemate",
    "kin": "relative",
    "domestic partner": "partner",
    "husband": "spouse",
    "wife": "spouse",
    "children": "child",
    "met": "acquaintance",
    "contact": "acquaintance",
}


def label(raw: str) -> str:
    """A field label (home, work, mobile, Apple's ``_$!<Other>!$_``…) in lower case."""
    value = raw.strip()
    match = _APPLE_LABEL.match(value)
    if match:
        value = match.group(1)
    value = text(value).lower()
    return "mobile" if value in ("cell", "cellular", "mobile phone") else value


def relation_kind(raw: str) -> str:
    """A relation label as a lower-case, singular, British-spelt tie kind: Neighbors → neighbour."""
    value = label(raw)
    if value in _KIND_SYNONYMS:
        return _KIND_SYNONYMS[value]
    if value.endswith("s") and not value.endswith("ss") and len(value) > 3:
        value = value[:-1]
    return _KIND_SYNONYMS.get(value, value)


def circle(raw: str) -> str:
    """A circle label as the model stores it (lower-case, trimmed); empty when blank."""
    value = text(raw)
    if not value:
        return ""
    head, sep, tail = value.partition(":")
    return f"{head.strip().lower()}:{tail.strip()}" if sep else value.lower()


def name_parts(person: Person) -> None:
    """Fill given/family/middle names from the display name when they are empty."""
    if person.given_name or person.family_name:
        return
    parsed = HumanName(person.display_name)
    person.given_name, person.family_name = parsed.first, parsed.last
    person.middle_name, person.prefix, person.suffix = parsed.middle, parsed.title, parsed.suffix


def split_name(full: str) -> tuple[str, str, str, str, str, list[str]]:
    """(given, middle, family, prefix, suffix, nicknames) of a name as written."""
    name = HumanName(text(full))
    nicknames = [n for n in name.nickname_list if n]
    return name.first, name.middle, name.last, name.title, name.suffix, nicknames


_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_APPLE_NO_YEAR = 1604  # Apple's placeholder year for a birthday without one


def birthday(raw: str, *, omit_year: bool = False) -> str:
    """ISO ``YYYY-MM-DD`` or ``--MM-DD`` (no year), or "" when the text is not a date.

    Reads vCard (``1991-07-09``, ``19910709``, ``--0415``, ``1604-03-22`` with
    Apple's omitted year, ``1991-07-09T00:00:00Z``), Google (``--03-22``) and
    Outlook (``7/9/1991``; ``0/0/00`` means none).
    """
    value = raw.strip()
    if not value:
        return ""
    us = _US_DATE.match(value)
    if us:
        month, day, year = (int(g) for g in us.groups())
        if month == 0 or day == 0:
            return ""
        if year < 100:
            year += 1900 if year > 30 else 2000
        return _birthday(month, day, None if omit_year else year)
    if not value.startswith("--"):
        value = value.split("T", 1)[0]
    try:
        parsed = Birthday.parse(value)
    except InvalidInput:
        return ""
    if omit_year or parsed.year == _APPLE_NO_YEAR:
        return _birthday(parsed.month, parsed.day, None)
    return parsed.iso()


def _birthday(month: int, day: int, year: int | None) -> str:
    try:
        return Birthday(month=month, day=day, year=year).iso()
    except InvalidInput:
        return ""


_CONNECTED_FORMATS = ("%d %b %Y", "%d %B %Y", "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d", "%b %d, %Y")


@lru_cache(maxsize=8192)  # a large export has only a few thousand distinct dates
def connected_date(raw: str) -> date | None:
    """A LinkedIn ``Connected On`` date (``12 Oct 2025``; older exports ``10/12/25``)."""
    value = text(raw)
    for fmt in _CONNECTED_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
