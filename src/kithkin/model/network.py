"""Ties, interactions, exchanges, asks and the other records of a network."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kithkin.errors import InvalidInput
from kithkin.model import values
from kithkin.model.enums import (
    AskKind,
    AskOutcome,
    Channel,
    ExchangeKind,
    TieSource,
    TieStatus,
)
from kithkin.model.values import check_length, clean, finite


def normalise_circle(name: str) -> str:
    """Circle labels are lower-case, trimmed, with ``kind:name`` kept as typed after the colon."""
    name = " ".join(clean(name).split())
    if not name:
        raise InvalidInput("a circle needs a name, such as family or work:Globex")
    check_length("a circle's name", name, values.NAME_PART)
    head, sep, tail = name.partition(":")
    return f"{head.strip().lower()}:{tail.strip()}" if sep else name.lower()


@dataclass(slots=True)
class TieKind:
    """One kind a tie has, such as aunt, neighbour, colleague or met-at:PyCon."""

    kind: str
    source: TieSource = TieSource.STATED
    confidence: float = 1.0
    evidence: str = ""

    def __post_init__(self) -> None:
        if not self.kind.isprintable():
            self.kind = " ".join(clean(self.kind).split())
        check_length("a tie's kind", self.kind, values.NAME_PART)
        self.evidence = clean(self.evidence, multiline=True)

    @classmethod
    def stored(cls, kind: str, source: TieSource, confidence: float, evidence: str) -> TieKind:
        """``TieKind(...)`` for a row read back from the store, made cheaper as
        ``Interaction.stored`` is: fields set directly when the checks surely pass and
        cleaning changes nothing (printable text within its length), else the constructor."""
        if not kind.isprintable() or len(kind) > values.NAME_PART or not evidence.isprintable():
            return cls(kind, source, confidence, evidence)
        found = object.__new__(cls)
        found.kind, found.source = kind, source
        found.confidence, found.evidence = confidence, evidence
        return found


@dataclass(slots=True)
class Tie:
    """A relationship between two people; stored once per unordered pair."""

    person_a: int
    person_b: int
    id: int | None = None
    kinds: list[TieKind] = field(default_factory=list)
    closeness: int | None = None  # stated closeness 1–5
    source: TieSource = TieSource.STATED
    confidence: float = 1.0
    evidence: str = ""
    since: date | None = None
    status: TieStatus = TieStatus.ACTIVE
    snoozed_until: date | None = None

    def __post_init__(self) -> None:
        if self.person_a == self.person_b:
            raise InvalidInput("a tie joins two different people")
        if self.closeness is not None and not 1 <= self.closeness <= 5:
            raise InvalidInput(f"closeness must be 1 to 5, not {self.closeness}")
        if not 0.0 <= self.confidence <= 1.0:
            raise InvalidInput(f"confidence must be between 0 and 1, not {self.confidence}")
        self.evidence = clean(self.evidence, multiline=True)

    @classmethod
    def stored(
        cls,
        id: int,
        person_a: int,
        person_b: int,
        kinds: list[TieKind],
        closeness: int | None,
        source: TieSource,
        confidence: float,
        evidence: str,
        since: date | None,
        status: TieStatus,
        snoozed_until: date | None,
    ) -> Tie:
        """``Tie(...)`` for a row read back from the store, made cheaper as
        ``Interaction.stored`` is: every scoring reads each of tens of thousands of ties.
        Fields set directly when the checks surely pass and cleaning changes nothing,
        else the constructor, which cleans or refuses as it always does."""
        if (
            person_a == person_b
            or (closeness is not None and not 1 <= closeness <= 5)
            or not 0.0 <= confidence <= 1.0
            or not evidence.isprintable()
        ):
            return cls(person_a, person_b, id, kinds, closeness, source, confidence, evidence,
                       since, status, snoozed_until)  # fmt: skip
        tie = object.__new__(cls)
        tie.person_a, tie.person_b, tie.id, tie.kinds = person_a, person_b, id, kinds
        tie.closeness, tie.source, tie.confidence = closeness, source, confidence
        tie.evidence, tie.since, tie.status = evidence, since, status
        tie.snoozed_until = snoozed_until
        return tie

    def other(self, person_id: int) -> int:
        return self.person_b if person_id == self.person_a else self.person_a

    @property
    def pair(self) -> tuple[int, int]:
        return (min(self.person_a, self.person_b), max(self.person_a, self.person_b))


@dataclass(slots=True)
class Interaction:
    """A dated contact between two or more people."""

    when: datetime
    channel: Channel
    participants: list[int]
    id: int | None = None
    initiator: int | None = None
    answered: bool | None = None  # None: not a question of answering (a meeting)
    note: str = ""
    external_id: str = ""  # Message-ID, UID: makes imports idempotent

    def __post_init__(self) -> None:
        if len(set(self.participants)) < 2:
            raise InvalidInput("an interaction needs at least two different people")
        if self.initiator is not None and self.initiator not in self.participants:
            raise InvalidInput("whoever initiated an interaction must take part in it")
        self.note = clean(self.note, multiline=True)
        self.external_id = clean(self.external_id)
        check_length("an interaction's id in its file", self.external_id, values.KEY)

    @classmethod
    def stored(
        cls,
        id: int,
        when: datetime,
        channel: Channel,
        participants: list[int],
        initiator: int | None,
        answered: bool | None,
        note: str,
        external_id: str,
    ) -> Interaction:
        """``Interaction(...)`` for a row read back from the store, the same object
        made cheaper: a history's 100,000 rows spent a third of their reading in
        ``__init__`` and ``__post_init__``. When the checks surely pass and cleaning
        changes nothing (two different people, the initiator one of them, printable
        text within its length), the fields are set directly; else the constructor
        runs, and cleans or refuses as it always does."""
        if (
            len(participants) != 2
            or participants[0] == participants[1]
            or (initiator is not None and initiator not in participants)
            or not note.isprintable()
            or not external_id.isprintable()
            or len(external_id) > values.KEY
        ):
            return cls(when, channel, participants, id, initiator, answered, note, external_id)
        it = object.__new__(cls)
        it.when, it.channel, it.participants, it.id = when, channel, participants, id
        it.initiator, it.answered, it.note, it.external_id = initiator, answered, note, external_id
        return it


@dataclass(slots=True)
class Exchange:
    """A favour given by one person to another."""

    giver: int
    receiver: int
    kind: ExchangeKind
    when: datetime
    id: int | None = None
    weight: float = 1.0
    note: str = ""

    def __post_init__(self) -> None:
        if self.giver == self.receiver:
            raise InvalidInput("a favour goes from one person to another")
        finite("a favour's weight", self.weight)
        if self.weight <= 0:
            raise InvalidInput(f"a favour's weight must be positive, not {self.weight}")
        self.note = clean(self.note, multiline=True)


@dataclass(slots=True)
class Ask:
    """A request made through someone, and what came of it."""

    through: int
    kind: AskKind
    what: str
    when: datetime
    id: int | None = None
    outcome: AskOutcome = AskOutcome.PENDING
    note: str = ""

    def __post_init__(self) -> None:
        self.what = clean(self.what, multiline=True)
        self.note = clean(self.note, multiline=True)


@dataclass(slots=True)
class Organisation:
    name: str
    id: int | None = None
    domain: str = ""

    def __post_init__(self) -> None:
        self.name = clean(self.name)
        check_length("an organisation's name", self.name, values.NAME)


@dataclass(slots=True)
class Opportunity:
    """A job opening the user records, a target for paths."""

    organisation: str
    role: str
    id: int | None = None
    url: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        self.organisation, self.role = clean(self.organisation), clean(self.role)
        check_length("an organisation's name", self.organisation, values.NAME)
        check_length("a role", self.role, values.NAME)
        self.url = clean(self.url).strip()
        check_length("a link", self.url, values.LINK)
        self.note = clean(self.note, multiline=True)


@dataclass(slots=True)
class Provenance:
    """Where one field of a record came from."""

    entity: str  # "person", "tie", "interaction", …
    entity_id: int
    field: str
    source: str  # "user", "vcard", "linkedin", …
    file: str = ""
    record: str = ""  # line or record number inside the file
    at: datetime | None = None
