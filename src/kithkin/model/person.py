"""A person and the parts of a person's record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kithkin.errors import InvalidInput
from kithkin.model.keys import normalise_email


@dataclass(frozen=True, slots=True)
class Email:
    address: str
    label: str = ""

    @staticmethod
    def normalise(address: str) -> str:
        """Lower-case, trimmed, without ``mailto:`` (``keys.normalise_email``)."""
        return normalise_email(address)


@dataclass(frozen=True, slots=True)
class Phone:
    number: str  # E.164 when it could be parsed, otherwise as written
    label: str = ""


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
        self.display_name = " ".join(self.display_name.split())
        if not self.display_name:
            raise InvalidInput("a person needs a name")

    @property
    def current_affiliations(self) -> list[Affiliation]:
        return [a for a in self.affiliations if a.current]

    @property
    def headline(self) -> str:
        """Role and organisation of the first current affiliation, if any."""
        for a in self.current_affiliations:
            return f"{a.role} at {a.organisation}" if a.role else a.organisation
        return ""
