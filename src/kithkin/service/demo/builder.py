"""The mechanics of writing a story: people, ties and dated contacts, all in memory.

A ``Plan`` holds people by list index (0 is me) so the whole network can be
drawn before anything touches the database; ``kithkin.service.demo`` then
writes it in bulk. Every date counts back from ``now`` and every choice comes
from one seeded ``random.Random``, so a seed and a ``now`` give one network.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from kithkin.model import (
    Affiliation,
    Ask,
    AskKind,
    AskOutcome,
    Birthday,
    Channel,
    Email,
    Exchange,
    ExchangeKind,
    Interaction,
    Person,
    Tie,
    TieKind,
)
from kithkin.service.demo.names import FAMILY_NAMES, GIVEN_NAMES

ME = 0
HORIZON = 730  # two years of history, in days

# How each kind of relationship usually keeps in touch: channel and weight.
STYLES: dict[str, list[tuple[Channel, int]]] = {
    "inner": [(Channel.IN_PERSON, 5), (Channel.CALL, 4), (Channel.MESSAGE, 2)],
    "family": [(Channel.CALL, 4), (Channel.IN_PERSON, 3), (Channel.MESSAGE, 3), (Channel.VIDEO, 1)],
    "friend": [(Channel.IN_PERSON, 4), (Channel.MESSAGE, 4), (Channel.CALL, 2), (Channel.VIDEO, 1)],
    "work": [(Channel.EMAIL, 3), (Channel.MESSAGE, 3), (Channel.IN_PERSON, 3), (Channel.VIDEO, 2)],
    "former": [
        (Channel.MESSAGE, 3),
        (Channel.EMAIL, 3),
        (Channel.CALL, 1),
        (Channel.VIDEO, 1),
        (Channel.IN_PERSON, 1),
    ],
    "school": [(Channel.MESSAGE, 3), (Channel.IN_PERSON, 2), (Channel.CALL, 1), (Channel.VIDEO, 1)],
    "neighbour": [(Channel.IN_PERSON, 6), (Channel.MESSAGE, 2)],
    "community": [(Channel.EVENT, 3), (Channel.IN_PERSON, 3), (Channel.MESSAGE, 2)],
}

NOTES: dict[Channel, list[str]] = {
    Channel.IN_PERSON: ["coffee", "lunch", "dinner", "a walk", "drinks after work", "brunch"],
    Channel.CALL: ["catch-up call", "long call", "quick call", "call about the weekend"],
    Channel.VIDEO: ["video call", "video catch-up", "screen-share to look at a problem"],
    Channel.MESSAGE: ["messages back and forth", "shared an article", "photos", "quick question"],
    Channel.EMAIL: ["e-mail thread", "sent slides", "shared a write-up", "e-mail catch-up"],
    Channel.EVENT: ["meetup", "group evening", "talk night", "community event"],
}

# Channels where "did the other side answer" is a real question.
ANSWERABLE = {Channel.MESSAGE, Channel.EMAIL, Channel.CALL}


@dataclass(frozen=True)
class Cadence:
    """How often a pair is in touch: a mean gap, kept up between two points in the past."""

    gap: float  # mean days between contacts
    first: int = HORIZON  # earliest contact, days before now
    last: int | None = None  # latest contact, days before now (None: within one gap of now)
    my_share: float = 0.5  # share of contacts the first person starts
    answer_rate: float = 0.95
    alternate: bool = False  # starts strictly in turn: a balanced relationship


WEEKLY = Cadence(7)
THREE_WEEKLY = Cadence(21)
MONTHLY = Cadence(30)
QUARTERLY = Cadence(90)
TWICE_A_YEAR = Cadence(180)
YEARLY = Cadence(365)
DORMANT = Cadence(120, first=HORIZON, last=420)  # nothing in the last 14 months


@dataclass
class Plan:
    """A network drawn in memory; people are list indexes, ``ME`` first."""

    now: datetime
    seed: int
    rng: random.Random = field(init=False)
    people: list[Person] = field(default_factory=list)
    ties: dict[tuple[int, int], Tie] = field(default_factory=dict)
    interactions: list[Interaction] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    life_events: list[tuple[int, str, datetime, str]] = field(default_factory=list)
    reserved: set[str] = field(default_factory=set)  # names the story keeps for itself
    _emails: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    # -- dates -----------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.now.year

    def at(self, days_ago: int) -> datetime:
        """A plausible time of day, ``days_ago`` whole days before now (always in the past)."""
        days_ago = max(1, days_ago)
        base = self.now - timedelta(days=days_ago)
        hour, minute = self.rng.randint(8, 21), self.rng.choice((0, 15, 30, 45))
        return base.replace(hour=hour, minute=minute, second=0, microsecond=0)

    def day(self, years_ago: int, month: int = 9, dom: int = 1) -> date:
        return date(self.year - years_ago, month, dom)

    def birthday(self, age: int) -> Birthday:
        born = self.now.date() - timedelta(days=age * 365 + self.rng.randint(0, 364))
        if born.month == 2 and born.day == 29:
            born = born.replace(day=28)
        return Birthday(born.month, born.day, born.year if self.rng.random() < 0.7 else None)

    # -- people ----------------------------------------------------------------
    def add(self, person: Person, email_domain: str = "example.net") -> int:
        """Add a person; gives them a unique e-mail address unless they have one."""
        if not person.given_name:
            person.given_name, _, person.family_name = person.display_name.partition(" ")
        if not person.emails:
            local = _ascii(f"{person.given_name}.{person.family_name}")
            address, n = f"{local}@{email_domain}", 2
            while address in self._emails:
                address, n = f"{local}{n}@{email_domain}", n + 1
            person.emails = [Email(address, "personal")]
        self._emails.update(e.address for e in person.emails)
        self.people.append(person)
        return len(self.people) - 1

    def name(self, family: str | None = None) -> tuple[str, str]:
        """A fresh (given, family) pair nobody in the network has yet."""
        taken = {p.display_name for p in self.people} | self.reserved
        while True:
            given = self.rng.choice(GIVEN_NAMES)
            surname = family or self.rng.choice(FAMILY_NAMES)
            if f"{given} {surname}" not in taken:
                return given, surname

    def someone(
        self,
        circles: list[str],
        affiliations: list[Affiliation] | None = None,
        family: str | None = None,
        skills: list[str] | None = None,
        location: str = "",
        age: int | None = None,
    ) -> int:
        given, surname = self.name(family)
        return self.add(
            Person(
                display_name=f"{given} {surname}",
                given_name=given,
                family_name=surname,
                circles=list(circles),
                affiliations=list(affiliations or []),
                skills=list(skills or []),
                location=location,
                birthday=self.birthday(age) if age and self.rng.random() < 0.5 else None,
            )
        )

    # -- ties ------------------------------------------------------------------
    def tie(
        self,
        a: int,
        b: int,
        *kinds: str,
        closeness: int | None = None,
        since: date | None = None,
    ) -> None:
        """A stated tie; a second call for the same pair adds its kinds."""
        pair = (min(a, b), max(a, b))
        tie = self.ties.get(pair)
        if tie is None:
            self.ties[pair] = Tie(
                pair[0],
                pair[1],
                kinds=[TieKind(k) for k in kinds],
                closeness=closeness,
                since=since,
            )
            return
        have = {k.kind for k in tie.kinds}
        tie.kinds += [TieKind(k) for k in kinds if k not in have]
        if closeness is not None:
            tie.closeness = closeness

    def linked(self, a: int, b: int) -> bool:
        return (min(a, b), max(a, b)) in self.ties

    def knit(self, members: list[int], kind: str, degree: float) -> None:
        """Tie a group together at random so each member has about ``degree`` ties in it."""
        n = len(members)
        if n < 2:
            return
        p = min(1.0, degree / (n - 1))
        for i in range(n):
            for j in range(i + 1, n):
                if self.rng.random() < p:
                    self.tie(members[i], members[j], kind)

    # -- contact ---------------------------------------------------------------
    def contact(
        self,
        people: list[int],
        days_ago: int,
        channel: Channel,
        initiator: int | None,
        answered: bool | None = None,
        note: str = "",
    ) -> None:
        """One interaction; ``initiator`` None for an event nobody in particular started."""
        if answered is None and channel in ANSWERABLE:
            answered = True
        self.interactions.append(
            Interaction(
                when=self.at(days_ago),
                channel=channel,
                participants=list(people),
                initiator=initiator,
                answered=answered if channel in ANSWERABLE else None,
                note=note or self.rng.choice(NOTES[channel]),
            )
        )

    def keep_up(self, a: int, b: int, cadence: Cadence, style: str) -> None:
        """Contacts between ``a`` and ``b`` at their cadence, newest first, back in time."""
        channels = [c for c, _ in STYLES[style]]
        weights = [w for _, w in STYLES[style]]
        gap = cadence.gap
        d = cadence.last if cadence.last is not None else self.rng.randint(1, max(1, int(gap)))
        turn = self.rng.random() < 0.5
        mine = total = 0
        while d <= cadence.first:
            channel = self.rng.choices(channels, weights)[0]
            if cadence.alternate:
                turn = not turn
                starts = a if turn else b
            elif self.rng.random() < 0.15:  # now and then out of step, as people are
                starts = a if self.rng.random() < cadence.my_share else b
            else:  # otherwise whoever is behind their usual share reaches out
                starts = a if mine < cadence.my_share * (total + 1) else b
            mine, total = mine + (starts == a), total + 1
            answered = self.rng.random() < cadence.answer_rate
            self.contact([a, b], d, channel, starts, answered)
            d += max(1, round(gap * self.rng.uniform(0.6, 1.4)))

    def gather(
        self,
        members: list[int],
        every: int,
        size: tuple[int, int],
        channel: Channel,
        note: str,
        host: int | None = None,
        always: tuple[int, ...] = (),
        first: int = HORIZON,
    ) -> None:
        """Group meetings every ``every`` days: ``host``, ``always``, and a few of ``members``."""
        d = self.rng.randint(1, every)
        while d <= first:
            k = min(len(members), self.rng.randint(*size))
            chosen = sorted(self.rng.sample(members, k))
            fixed = ([host] if host is not None else []) + list(always)
            group = list(dict.fromkeys([*fixed, *chosen]))
            if len(group) >= 2:
                self.contact(group, d, channel, group[0], note=note)
            d += max(1, round(every * self.rng.uniform(0.7, 1.3)))

    # -- favours, asks, life events -----------------------------------------------
    def favour(
        self,
        giver: int,
        receiver: int,
        kind: ExchangeKind,
        days_ago: int,
        note: str,
        weight: float = 1.0,
    ) -> None:
        self.exchanges.append(
            Exchange(giver, receiver, kind, self.at(days_ago), weight=weight, note=note)
        )

    def ask(
        self, through: int, kind: AskKind, what: str, days_ago: int, outcome: AskOutcome, note: str
    ) -> None:
        self.asks.append(Ask(through, kind, what, self.at(days_ago), outcome=outcome, note=note))

    def event(self, person: int, kind: str, days_ago: int, note: str) -> None:
        self.life_events.append((person, kind, self.at(days_ago), note))


def _ascii(text: str) -> str:
    """``Tomás O'Brien`` -> ``tomas.obrien``: e-mail local parts stay plain."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum() or ch == ".")
