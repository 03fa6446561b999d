"""Normal forms shared by every parser: addresses, phones, names, labels and dates.

Each function is total: it returns a normal form, or the input as written (or
an empty value) when the input cannot be read, and never raises — a parser must
not fail a whole record over one odd field.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from kithkin.errors import InvalidInput
from kithkin.model import Birthday, Person, normalise_circle
from kithkin.model.keys import normalise_email
from kithkin.model.values import is_link

__all__ = [
    "birthday",
    "circle",
    "clean_name_parts",
    "connected_date",
    "email",
    "has_digits",
    "label",
    "link",
    "looks_like_address",
    "numeric_date_order",
    "numeric_order",
    "organisation",
    "phone",
    "phone_key",
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
    return normalise_email(address)


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
    import phonenumbers  # here: reading numbers is for imports and edits, not every command

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


_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


@lru_cache(maxsize=65536)
def phone_key(number: str, region: str = "") -> str:
    """The number as identity compares it: its normal form (``phone``) without an
    extension (one line) when that is E.164, else its digits; "" when fewer than
    five digits (no number). One normal form, so a number kept as written because
    it is no valid number in ``region`` is matched as written, never by a guessed
    country code."""
    if _E164.match(number):
        return number  # already a normal form: parsers hand over E.164
    kept = phone(number, region).split(";", 1)[0]
    if _E164.match(kept):
        return kept
    digits = "".join(ch for ch in kept if ch.isdigit())
    return digits if len(digits) >= 5 else ""


def has_digits(number: str) -> bool:
    """Whether a phone number as written holds the three digits the shortest numbers
    have (112, 911): "Handy", "Fax privat" or "Home Phone 2" (the labels some address
    books leave in the number field) is no number."""
    return sum(ch.isdigit() for ch in number) >= 3


def region_of(number: str) -> str:
    """The region (``IN``, ``GB``) of an E.164 number; "" for a number written without one."""
    if not number.startswith("+"):
        return ""
    import phonenumbers  # see _phone

    try:
        parsed = phonenumbers.parse(number.split(";", 1)[0], None)
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.region_code_for_number(parsed) or ""


def link(raw: str) -> str:
    """A web (or other) address as written, or "" when it is not one: a link with a line
    break in it would otherwise carry extra properties into a vCard export."""
    value = raw.strip()
    return value if is_link(value) else ""


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
    """A circle label as the model stores it (``model.normalise_circle``); empty when
    blank, as written when the model cannot keep it (the import then drops it)."""
    value = text(raw)
    if not value:
        return ""
    try:
        return normalise_circle(value)
    except InvalidInput:
        return value


def name_parts(person: Person) -> None:
    """Fill given/family/middle names from the display name when they are empty."""
    if person.given_name or person.family_name:
        return
    given, middle, family, prefix, suffix, _ = split_name(person.display_name)
    person.given_name, person.family_name, person.middle_name = given, family, middle
    person.prefix, person.suffix = prefix, suffix


# Honorifics that are only ever titles; other words nameparser knows as titles
# ("Prince", "King", "Major", "Dean") are given names too, and are read as one
# when nothing but a family name follows them.
_HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev", "sir", "dame", "hon"}
)


def split_name(full: str) -> tuple[str, str, str, str, str, list[str]]:
    """(given, middle, family, prefix, suffix, nicknames) of a name as written.

    Reads "Last, First", credentials after the name ("Priya Nayak, MSc, MBA"),
    nicknames in parentheses or quotes ("Robert (RC) Chen"), and a given name
    that is also a title ("Prince Harris").
    """
    from nameparser import HumanName  # here: reading names is for imports and edits

    name = HumanName(text(full))
    nicknames = [n for n in name.nickname_list if n]
    given, middle, family, title = name.first, name.middle, name.last, name.title
    if title and given and not family and not middle:
        word = title.lower().rstrip(".")
        if "." not in title and word not in _HONORIFICS and " " not in title:
            given, family, title = (
                title,
                given,
                "",
            )  # "Prince Harris": a given name and a family name
    return given, middle, family, title, name.suffix, nicknames


# Not single quotes: they are apostrophes in D'Angelo O'Neil.
_QUOTED = re.compile(r"\s*(?:\((.+?)\)|\"(.+?)\"|“(.+?)”)\s*")
_MARKS = str.maketrans("", "", "®™©")


def _is_credential(part: str) -> bool:
    """A degree or certification as people add to their names: MSc, MBA, PHR, CPA®, SHRM-SCP."""
    word = part.translate(_MARKS).strip().strip(".")
    if not word or " " in word:
        return False
    bare = word.replace(".", "").lower()
    from nameparser.config import CONSTANTS  # see split_name

    if bare in CONSTANTS.suffix_acronyms or bare in CONSTANTS.suffix_not_acronyms:
        return True
    capitals = sum(ch.isupper() for ch in word)
    return capitals >= 2 and len(word) <= 12 and all(ch.isalnum() or ch in "-." for ch in word)


@lru_cache(maxsize=65536)  # given and family names repeat across a large export
def clean_name_parts(given: str, family: str) -> tuple[str, str, str, tuple[str, ...]]:
    """(given, family, suffix, nicknames) of names kept in separate columns, as LinkedIn,
    Google and Outlook keep them: credentials after the family name ("Nayak, MSc, MBA, PHR")
    become the suffix, a nickname in parentheses or quotes ("Robert (RC)") a nickname.
    """
    nicknames: list[str] = []

    def pull(value: str) -> str:
        found: list[str] = []

        def keep(match: re.Match[str]) -> str:
            found.append(text(next(g for g in match.groups() if g)))
            return " "

        rest = text(_QUOTED.sub(keep, value))
        if not rest:  # nothing but the brackets: that is the name itself, as written
            return text(value)
        nicknames.extend(found)
        return rest

    given, family = pull(given), pull(family)
    suffix: list[str] = []
    head, *rest = [p.strip() for p in family.split(",")]
    if rest and all(_is_credential(p) for p in rest if p):
        family = head
        suffix = [p for p in rest if p]
    words = family.split()
    while len(words) > 1 and _is_credential(words[-1]) and words[-1].isupper():
        suffix.insert(0, words.pop())  # "Nayak MBA"
    family = " ".join(words) if words else family
    return given, family, ", ".join(suffix), tuple(nicknames)


_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
# Dots separate day, month and year (German, Russian… Outlook: 30.11.1979); never US.
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_APPLE_NO_YEAR = 1604  # Apple's placeholder year for a birthday without one


def birthday(raw: str, *, omit_year: bool = False, day_first: bool = False) -> str:
    """ISO ``YYYY-MM-DD`` or ``--MM-DD`` (no year), or "" when the text is not a date.

    Reads vCard (``1991-07-09``, ``19910709``, ``--0415``, ``1604-03-22`` with
    Apple's omitted year, ``1991-07-09T00:00:00Z``), Google (``--03-22``) and
    Outlook (``7/9/1991``, in Europe ``9.7.1991``; ``0/0/00`` means none), and
    what a spreadsheet re-saves (``30-Nov-1979``, ``Nov 30, 1979``). A numeric date
    with slashes or dashes is read month first, or day first (``30/11/1979``) when
    the file writes its dates that way (``day_first``, decided for the whole file).
    """
    value = raw.strip()
    if not value:
        return ""
    dotted = _DOTTED_DATE.match(value)
    if dotted:
        day, month, year = (int(g) for g in dotted.groups())
        return _birthday(month, day, None if omit_year else year)
    us = _US_DATE.match(value)
    if us:
        month, day, year = (int(g) for g in us.groups())
        if day_first:
            month, day = day, month
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
        # As a spreadsheet re-saves a date: 30-Nov-1979, Nov 30, 1979, 30-11-1979.
        spelled = connected_date(raw, day_first)
        if spelled is None:
            return ""
        return _birthday(spelled.month, spelled.day, None if omit_year else spelled.year)
    if omit_year or parsed.year == _APPLE_NO_YEAR:
        return _birthday(parsed.month, parsed.day, None)
    return parsed.iso()


def _birthday(month: int, day: int, year: int | None) -> str:
    try:
        return Birthday(month=month, day=day, year=year).iso()
    except InvalidInput:
        return ""


_CONNECTED_FORMATS = (
    "%d %b %Y",  # LinkedIn: 12 Oct 2025
    "%d %B %Y",
    "%Y-%m-%d",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d-%b-%y",  # a spreadsheet's 15-Jan-24
    "%d-%b-%Y",
    "%d %b %y",
    "%b %d %Y",
    "%Y/%m/%d",
    "%a, %d %b %Y",  # Mon, 15 Jan 2024
)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_TIME_TAIL = re.compile(r"[ ,T]+\d{1,2}:\d{2}.*$")


def numeric_date_order(values: list[str]) -> bool:
    """Whether the numeric dates of one file put the day first (15/01/2024): decided by
    the dates that can only be read one way; month first (LinkedIn's own) when none can.
    """
    day_first = month_first = False
    for value in values:
        match = _NUMERIC_DATE.match(value.strip())
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            day_first |= first > 12
            month_first |= second > 12
    return day_first and not month_first


def numeric_order(values: list[str]) -> bool | None:
    """True when the numeric dates among ``values`` put the day first (30/11/1979),
    False when the month (11/30/1979), None when none of them can be read one way
    only, or they disagree."""
    day_first = month_first = False
    for value in values:
        match = _NUMERIC_DATE.match(value.strip())
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            day_first |= first > 12 >= second
            month_first |= second > 12 >= first
    if day_first == month_first:
        return None
    return day_first


@lru_cache(maxsize=8192)  # a large export has only a few thousand distinct dates
def connected_date(raw: str, day_first: bool = False) -> date | None:
    """A LinkedIn ``Connected On`` date as LinkedIn writes it (``12 Oct 2025``; older
    exports ``10/12/25``) or a spreadsheet re-saves it (``15-Jan-24``, ``1/8/18, 6:14 PM``,
    ``2024-01-15 09:30``); None when it is no date.
    """
    value = _TIME_TAIL.sub("", text(raw))
    if not value:
        return None
    numeric = _NUMERIC_DATE.match(value)
    if numeric:
        first, second, year = (int(g) for g in numeric.groups())
        # Dots separate day, month and year (15.01.2024) wherever they are written.
        dotted = value[len(numeric.group(1))] == "."
        day, month = (first, second) if day_first or dotted else (second, first)
        if year < 100:
            year += 2000 if year < 70 else 1900
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for fmt in _CONNECTED_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
