"""What past asks teach: how an ask through someone turned out changes their readiness
for the next one and the chance of the route it went by.

* An ask still open rests the tie for ``PENDING_DAYS`` (a season to settle).
* A declined or unanswered ask rests the tie for ``REST_DAYS``, twice as long: a
  refusal, or silence, is a clear signal, and the next ask should come only after
  something has been given in between.
* An accepted ask shows the tie carries an ask of that size: a weak score no longer
  holds it back, and it does not rest the tie.
* The route the ask went by (through that person, to the people it was for) takes
  each outcome as one observation of whether it works: the chance ``c`` of the path
  becomes ``(c + Σ w·y) / (1 + Σ w)``, ``y`` being 1 for a yes and 0 for a no or no
  answer, ``w`` the weight of the outcome, halved every ``OUTCOME_HALF_LIFE_DAYS``.
  A fresh "no" thus halves the chance of the same route; a year on, it weighs a
  quarter as much.

Which people an ask was for is read from its words (``kith ask add … --for "an
intro to Priya Shah"``): the names and nicknames it contains, else the first names
of the people the asked person knows, else the staff of an organisation it names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from kithkin.insight.network import Network
from kithkin.insight.strength import span
from kithkin.insight.targets import fold
from kithkin.model import Ask, AskOutcome, AskSize

PENDING_DAYS = 90.0
REST_DAYS = 180.0
OUTCOME_HALF_LIFE_DAYS = 180.0
SIZE_ORDER = {AskSize.SMALL: 0, AskSize.MEDIUM: 1, AskSize.LARGE: 2}
SAID = {
    AskOutcome.ACCEPTED: "they said yes",
    AskOutcome.DECLINED: "declined",
    AskOutcome.NO_ANSWER: "no answer",
    AskOutcome.PENDING: "no answer yet",
}


@dataclass(frozen=True)
class PastAsk:
    """One of my asks through someone, with whom it was for and how long ago."""

    ask: Ask
    through_name: str
    about: frozenset[int]
    age_days: float
    by_name: bool = True  # the ask named people, not only an organisation

    @property
    def outcome(self) -> AskOutcome:
        return self.ask.outcome

    @property
    def settled(self) -> bool:
        return self.ask.outcome is not AskOutcome.PENDING

    @property
    def weight(self) -> float:
        """How much this outcome still says about its route."""
        return float(0.5 ** (self.age_days / OUTCOME_HALF_LIFE_DAYS))

    @property
    def rests_until_days(self) -> float:
        """Days from the ask during which the tie should carry no further ask."""
        if self.outcome is AskOutcome.PENDING:
            return PENDING_DAYS
        if self.outcome in (AskOutcome.DECLINED, AskOutcome.NO_ANSWER):
            return REST_DAYS
        return 0.0

    @property
    def resting(self) -> bool:
        return self.age_days <= self.rests_until_days

    def words(self) -> str:
        """'you asked Leo Martins for an intro to Priya Shah 3 weeks ago; declined'."""
        ago = "today" if self.age_days < 1 else f"{span(self.age_days)} ago"
        return f"you asked {self.through_name} for {self.ask.what} {ago}; {SAID[self.outcome]}"


def ask_targets(network: Network, ask: Ask) -> tuple[frozenset[int], bool]:
    """The people an ask was for, read from its words, and whether it named them (rather
    than only their organisation)."""
    text = f" {fold(ask.what)} "

    def named(words: Iterable[str]) -> bool:
        return any(w and f" {w} " in text for w in map(fold, words))

    people = network.people
    full = {
        pid
        for pid, p in people.items()
        if pid not in (ask.through, network.me) and named([p.display_name, *p.nicknames])
    }
    if full:
        return frozenset(full), True
    known = network.neighbours.get(ask.through, set()) - {network.me}
    first = {
        pid
        for pid in known
        if pid in people and named([people[pid].given_name or people[pid].display_name.split()[0]])
    }
    if len(first) == 1:
        return frozenset(first), True
    staff = {
        pid
        for pid, p in people.items()
        if pid not in (ask.through, network.me)
        and any(a.current and a.organisation and named([a.organisation]) for a in p.affiliations)
    }
    return frozenset(staff), False


AskTargets = Mapping[int, tuple[frozenset[int], bool]]  # ask id -> ``ask_targets``


def asks_through(
    network: Network, through: int, now: datetime, targets: AskTargets | None = None
) -> list[PastAsk]:
    """My asks through ``through`` made before ``now``, the newest first; ``targets``,
    when given, holds each ask's ``ask_targets`` (read from every name: worth keeping)."""
    if through == network.me:
        return []
    person = network.people.get(through)
    name = person.display_name if person else f"#{through}"
    out = [
        PastAsk(a, name, *_about(network, a, now, targets))
        for a in network.asks
        if a.through == through and a.when <= now
    ]
    out.sort(key=lambda p: p.age_days)
    return out


def _about(
    network: Network, ask: Ask, now: datetime, targets: AskTargets | None = None
) -> tuple[frozenset[int], float, bool]:
    known = None if targets is None or ask.id is None else targets.get(ask.id)
    about, by_name = ask_targets(network, ask) if known is None else known
    return about, (now - ask.when).total_seconds() / 86400, by_name


def resting(past: list[PastAsk]) -> PastAsk | None:
    """The ask that still rests the tie (the latest one not yet over), if any."""
    return next((p for p in past if p.resting), None)


def carried(past: list[PastAsk], size: AskSize) -> PastAsk | None:
    """A yes within the outcome's half-life to an ask at least this large."""
    return next(
        (
            p
            for p in past
            if p.outcome is AskOutcome.ACCEPTED
            and p.age_days <= OUTCOME_HALF_LIFE_DAYS
            and SIZE_ORDER[p.ask.kind.size] >= SIZE_ORDER[size]
        ),
        None,
    )


def route_chance(
    chance: float, past: list[PastAsk], route: tuple[int, ...]
) -> tuple[float, list[str]]:
    """The chance of a route through the asked person on to ``route`` (the people after
    them, the target last), updated by the settled outcomes of asks for that target (or
    for the person they would ask next, when the ask named them); with the reasons, open
    asks on the route included."""
    if not route:
        return chance, []
    said = [p for p in past if route[-1] in p.about or (p.by_name and route[0] in p.about)]
    settled = [p for p in said if p.settled]
    weight = sum(p.weight for p in settled)
    yes = sum(p.weight for p in settled if p.outcome is AskOutcome.ACCEPTED)
    return (chance + yes) / (1.0 + weight), [p.words() for p in said]
