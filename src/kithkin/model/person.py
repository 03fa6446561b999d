"""A person and the parts of a person's record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kithkin.errors import InvalidInput
from kithkin.model import values
from kithkin.model.keys import normalise_email
from kithkin.model.values import check_length, clean


@dataclass(frozen=True, slots=True)
class Email:
    address: str
    label: str = ""

    def __post_init__(self) -> None:
        _fit(self, "address", "an e-mail address", values.EMAIL)
        _fit(self, "label", "a label", values.LABEL)

    @staticmethod
    def normalise(address: str) -> str:
        """Lower-case, trimmed, without ``mailto:`` (``keys.normalise_email``)."""
        return normalise_email(address)


@dataclass(frozen=True, slots=True)
class Phone:
    number: str  # E.164 when it could be parsed, otherwise as written
    label: str = ""

    def __post_init__(self) -> None:
        _fit(self, "number", "a phone number", values.PHONE)
        _fit(self, "label", "a label", values.LABEL)


@dataclass(frozen=True, slots=True)
class Birthday:
    """A birthday, with or without the year (``--0415`` in vCard)."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        try:
            date(self.year or 2000, self.month, self.day)  # 2000 is a leap year
        except ValueError as exc:
            raise InvalidInput(f"birthday {self.iso()} is not a real date: {exc}") from exc

    def iso(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, text: str) -> Birthday:
        """Read ``YYYY-MM-DD``, ``YYYYMMDD``, ``--MM-DD`` or ``--MMDD``."""
        raw = text.strip()
        digits = raw.replace("-", "")
        try:
            if raw.startswith("--"):
                return cls(month=int(digits[0:2]), day=int(digits[2:4]))
            if len(digits) >= 8:
                return cls(year=int(digits[0:4]), month=int(digits[4:6]), day=int(digits[6:8]))
        except ValueError:
            pass
        raise InvalidInput(f"birthday '{text}' is not a date; write YYYY-MM-DD or --MM-DD")


@dataclass(frozen=True, slots=True)
class Affiliation:
    """Membership of an organisation (employer, school, group), with a period."""

    organisation: str
    role: str = ""
    start: date | None = None
    end: date | None = None
    current: bool = True

    def __post_init__(self) -> None:
        _fit(self, "organisation", "an organisation's name", values.NAME)
        _fit(self, "role", "a role", values.NAME)


@dataclass(slots=True)
class Person:
    display_name: str
    id: int | None = None
    given_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    nicknames: list[str] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    location: str = ""
    birthday: Birthday | None = None
    skills: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    notes: str = ""
    circles: list[str] = field(default_factory=list)
    is_me: bool = False

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Clean the text fields of control characters and check their lengths; run on
        making a person and again after changing one field by field."""
        # Cheap checks first: a person is made for every row read, and almost every
        # value is already clean.
        if not _one_line(self.display_name):
            self.display_name = " ".join(clean(self.display_name).split())
        if not self.display_name:
            raise InvalidInput("a person needs a name")
        for attr, what, limit in _ONE_LINE:
            value = getattr(self, attr)
            if value:
                _fit(self, attr, what, limit)
        notes = self.notes
        if notes and (_CONTROL_OR_CR.search(notes) or notes[0].isspace() or notes[-1].isspace()):
            self.notes = clean(notes, multiline=True).strip()
        for attr in ("nicknames", "skills", "links", "circles"):
            items: list[str] = getattr(self, attr)
            if items and not all(_one_line(item) for item in items):
                setattr(self, attr, [c for c in (" ".join(clean(i).split()) for i in items) if c])

    @property
    def current_affiliations(self) -> list[Affiliation]:
        return [a for a in self.affiliations if a.current]

    @property
    def headline(self) -> str:
        """Role and organisation of the first current affiliation, if any."""
        for a in self.current_affiliations:
            return f"{a.role} at {a.organisation}" if a.role else a.organisation
        return ""


_ONE_LINE = (
    ("display_name", "a name", values.NAME),
    ("given_name", "a given name", values.NAME_PART),
    ("family_name", "a family name", values.NAME_PART),
    ("middle_name", "a middle name", values.NAME_PART),
    ("prefix", "a name's prefix", values.AFFIX),
    ("suffix", "a name's suffix", values.AFFIX),
    ("location", "a location", values.NAME),
)
_CONTROL_OR_CR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _fit(record: object, attr: str, what: str, limit: int) -> None:
    """The text field ``attr`` of ``record`` cleaned of control characters and within
    ``limit`` characters (frozen records too: this runs while they are made)."""
    value: str = getattr(record, attr)
    if len(value) <= limit and _one_line(value):
        return
    if not _one_line(value):
        value = " ".join(clean(value).split())
        object.__setattr__(record, attr, value)
    check_length(what, value, limit)


def _one_line(value: str) -> bool:
    """Printable, trimmed, single spaces only: a one-line field as it is stored."""
    # isprintable() is False for every white space but the plain space (tab, NBSP, U+2028…)
    return value.isprintable() and (
        not value or (value[0] != " " and value[-1] != " " and "  " not in value)
    )
