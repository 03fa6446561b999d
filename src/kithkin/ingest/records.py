"""What a parser yields: plain records with where they came from.

A parser yields, per record of its file, exactly one of
``PersonRecord`` / ``InteractionRecord`` (good data),
``Skipped`` (a well-formed record with no usable person, counted in the summary)
or ``BadRecord`` (cannot be parsed: stops the import unless ``--skip-bad``);
and any number of ``Notice``s (a field dropped, an encoding guessed), listed in
the summary as warnings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from kithkin.model import Channel


@dataclass(frozen=True, slots=True)
class Origin:
    """Provenance of one record: the source format, the file, and where in it."""

    source: str  # vcard, linkedin, google, outlook, ics, mail
    file: str
    record: str  # "line 12", "card 3", "message <id@host>"


@dataclass(slots=True)
class OrgRecord:
    name: str
    title: str = ""
    start: date | None = None
    end: date | None = None
    current: bool = True


@dataclass(slots=True)
class Related:
    """A tie a contact file states: ``X-ABRELATEDNAMES``, ``RELATED``."""

    name: str = ""
    email: str = ""
    kind: str = ""  # neighbour, colleague, aunt… (lower-case, singular)


@dataclass(slots=True)
class PersonRecord:
    origin: Origin
    key: str  # stable id of the record inside its source (UID, profile URL, email, name)
    display_name: str
    given_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    nicknames: list[str] = field(default_factory=list)
    emails: list[tuple[str, str]] = field(default_factory=list)  # (address, label)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (as written, label)
    organisations: list[OrgRecord] = field(default_factory=list)
    location: str = ""
    birthday: str = ""  # ISO date or --MM-DD
    circles: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    notes: str = ""
    related: list[Related] = field(default_factory=list)
    connected_on: date | None = None  # LinkedIn's Connected On: a tie with me since then
    # Kithkin's own export lists every tie of the person, mine included: being in the
    # file then says nothing more (no tie with me unless one is listed).
    lists_ties: bool = False
    connection: bool = False  # a LinkedIn connection, even when its date could not be read
    is_organisation: bool = False  # a company's card: an organisation, not a person


@dataclass(slots=True)
class Party:
    """Someone on an interaction, known by address and maybe a display name."""

    email: str
    name: str = ""


def unique_parties(parties: Iterable[Party]) -> list[Party]:
    """One party per address, in first-seen order, keeping a name if any copy has one."""
    seen: dict[str, Party] = {}
    for party in parties:
        if party.email not in seen:
            seen[party.email] = party
        elif not seen[party.email].name:
            seen[party.email].name = party.name
    return list(seen.values())


@dataclass(slots=True)
class InteractionRecord:
    origin: Origin
    key: str  # Message-ID, UID+RECURRENCE-ID: makes re-imports idempotent
    when: datetime  # aware
    channel: Channel
    parties: list[Party]  # everyone involved, me included when I took part
    initiator: Party | None = None
    answered: bool | None = None
    note: str = ""
    in_reply_to: str = ""  # key of the record this one answers (mail)
    thread: str = ""


@dataclass(slots=True)
class Skipped:
    origin: Origin
    reason: str  # "bulk mail (List-Id)", "event without attendees", …


@dataclass(slots=True)
class BadRecord:
    origin: Origin
    reason: str

    def message(self) -> str:
        return f"{self.origin.file}: {self.origin.record}: {self.reason}"


@dataclass(slots=True)
class Notice:
    """What a reader dropped or assumed (an odd field, a guessed encoding); the record is kept."""

    origin: Origin
    text: str

    def message(self) -> str:
        return f"{self.origin.file}: {self.origin.record}: {self.text}"


Record = PersonRecord | InteractionRecord | Skipped | BadRecord | Notice
