"""The agenda: whom to contact this week and why, ranked; pure and deterministic for ``now``.

The service computes what needs the strength machinery (tiers, cadences, favours
owed, goal hops not yet ready, one-sided ties) and hands it in as plain data;
this module reads everything else (contacts, birthdays, life events, snoozes)
from the network itself.

Urgency bands, so that kinds rank sensibly against each other: a card from the
last few days and an overdue inner or close tie come first; then, mixed, overdue
active ties, birthdays and job changes; then favours owed and goal hops; overdue
known and dormant ties last. Within a band, the more overdue or the sooner, the
higher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from kithkin.insight.network import Network, history_order
from kithkin.insight.one_sided import OneSidedTie
from kithkin.model import Birthday, ExchangeKind, Interaction, Tier, TieStatus

FRESH_DAYS = 7  # a new contact is "fresh" for a week
BIRTHDAY_DAYS = 7
LIFE_EVENT_DAYS = 30
DEFAULT_LIMIT = 10
# The cadence is a median gap: half of a tie's gaps run longer. A tie is overdue only
# once the silence passes it by a quarter, not a day after a weekly rhythm.
OVERDUE_SLACK = 1.25

# How urgent an overdue tie is, by tier: closer tiers first (Dunbar's inner layers
# are the ones that decay fastest without contact). The active band stops below the
# close band's floor, so however overdue, an active tie never passes a close one.
_TIER_BAND = {
    Tier.INNER: (0.80, 0.99),
    Tier.CLOSE: (0.72, 0.95),
    Tier.ACTIVE: (0.45, 0.71),
    Tier.KNOWN: (0.22, 0.40),
    Tier.DORMANT: (0.12, 0.20),
}


_FAVOUR = {
    ExchangeKind.INTRO: "an introduction",
    ExchangeKind.REFERRAL: "a referral",
    ExchangeKind.ADVICE: "advice",
    ExchangeKind.RECOMMENDATION: "a recommendation",
    ExchangeKind.HELP: "help",
    ExchangeKind.GIFT: "a gift",
}


class ItemKind(StrEnum):
    FOLLOW_UP = "follow up"
    OVERDUE = "overdue"
    BIRTHDAY = "birthday"
    LIFE_EVENT = "life event"
    FAVOUR_OWED = "favour owed"
    GOAL = "goal"
    ONE_SIDED = "one-sided"  # not a nudge: an offer to pause or let go


@dataclass(frozen=True)
class GoalHop:
    """The first hop of a goal's best path, when it is not yet ready for the ask."""

    person: int
    goal: str
    target: str
    readiness: str
    reasons: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AgendaInputs:
    """What the service knows about the user's ties, keyed by the other person's id."""

    tiers: dict[int, Tier] = field(default_factory=dict)
    cadence_days: dict[int, float] = field(default_factory=dict)
    owed: dict[int, list[str]] = field(default_factory=dict)  # reasons the user owes them
    goal_hops: list[GoalHop] = field(default_factory=list)
    one_sided: list[OneSidedTie] = field(default_factory=list)


@dataclass(frozen=True)
class AgendaItem:
    person: int
    name: str
    kind: ItemKind
    reason: str
    suggestion: str
    score: float
    due: date  # the day the item is for: today, or the birthday
    also: list[str] = field(default_factory=list)  # the person's other reasons


@dataclass(frozen=True)
class Agenda:
    now: datetime
    items: list[AgendaItem]
    # One-sided ties: offered a pause or letting go, never a nudge.
    let_go: list[AgendaItem] = field(default_factory=list)


@dataclass(frozen=True)
class _Signal:
    kind: ItemKind
    score: float
    reason: str
    suggestion: str
    due: date


def _days(delta: timedelta) -> int:
    return int(delta.total_seconds() // 86400)


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def _band(lo: float, hi: float, x: float) -> float:
    """Map ``x`` in [0, 1] into the band [lo, hi]."""
    return lo + (hi - lo) * min(1.0, max(0.0, x))


def _context(it: Interaction) -> str:
    return f"{it.channel.value} on {it.when:%Y-%m-%d}" + (f" ({it.note})" if it.note else "")


def next_birthday(b: Birthday, today: date) -> date:
    for year in (today.year, today.year + 1):
        day = b.day if (b.month, b.day) != (2, 29) or _leap(year) else 28
        when = date(year, b.month, day)
        if when >= today:
            return when
    raise AssertionError("a birthday recurs within a year")


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class _Builder:
    def __init__(self, network: Network, me: int, now: datetime, inputs: AgendaInputs) -> None:
        self.network, self.me, self.now, self.inputs = network, me, now, inputs
        self.today = now.date()
        self._contacts: dict[int, list[Interaction]] = {}

    def contacts(self, other: int) -> list[Interaction]:
        """Our interactions up to now, oldest first."""
        found = self._contacts.get(other)
        if found is None:
            between = self.network.interactions_between(self.me, other)
            found = sorted((it for it in between if it.when <= self.now), key=history_order)
            self._contacts[other] = found
        return found

    def signals(self, other: int) -> list[_Signal]:
        found = [
            s
            for s in (
                self.follow_up(other),
                self.overdue(other),
                self.birthday(other),
                self.life_event(other),
                self.owed(other),
            )
            if s is not None
        ]
        found += self.goals(other)
        return found

    def follow_up(self, other: int) -> _Signal | None:
        """Met in the last week, nothing since the first meeting day: turn the card into a tie."""
        tie = self.network.tie(self.me, other)
        contacts = self.contacts(other)
        known = [d for d in (contacts[0].when.date() if contacts else None, tie and tie.since) if d]
        met = min(known) if known else None
        if met is None or _days(self.now - datetime.combine(met, self.now.timetz())) > FRESH_DAYS:
            return None
        if met > self.today or any(it.when.date() > met for it in contacts):
            return None
        kinds = tie.kinds if tie else []
        events = [k.kind[7:].strip() for k in kinds if k.kind.startswith("met-at:")]
        events = [e for e in events if e]
        days = (self.today - met).days
        if events:
            reason = f"met at {events[0]} {_ago(days)}; no follow-up yet"
        elif contacts:
            reason = f"met {_ago(days)} ({_context(contacts[0])}); no follow-up yet"
        else:
            reason = f"added {_ago(days)}; no contact yet"
        topic = events[0] if events else (contacts[0].note if contacts else "") or "where you met"
        suggestion = (
            f"Write while it is fresh: mention {topic} and offer something useful first "
            "(a link, an answer, an introduction)."
        )
        return _Signal(ItemKind.FOLLOW_UP, 0.97 - 0.02 * days, reason, suggestion, self.today)

    def overdue(self, other: int) -> _Signal | None:
        tier = self.inputs.tiers.get(other)
        cadence = self.inputs.cadence_days.get(other)
        contacts = self.contacts(other)
        if tier not in _TIER_BAND or not cadence or not contacts:
            return None
        last = contacts[-1]
        gap = (self.now - last.when).total_seconds() / 86400
        if gap <= OVERDUE_SLACK * cadence:
            return None
        lo, hi = _TIER_BAND[tier]
        ratio = gap / cadence
        reason = (
            f"{tier.value} tie, last contact {round(gap)} days ago; "
            f"you usually talk every {round(cadence)} days"
        )
        suggestion = f"Check in on what you last spoke about: {_context(last)}."
        return _Signal(
            ItemKind.OVERDUE, _band(lo, hi, (ratio - 1) / 3), reason, suggestion, self.today
        )

    def birthday(self, other: int) -> _Signal | None:
        b = self.network.people[other].birthday
        if b is None:
            return None
        when = next_birthday(b, self.today)
        days = (when - self.today).days
        if days > BIRTHDAY_DAYS:
            return None
        said = "today" if days == 0 else ("tomorrow" if days == 1 else f"in {days} days")
        return _Signal(
            ItemKind.BIRTHDAY,
            _band(0.50, 0.68, 1 - days / BIRTHDAY_DAYS),
            f"birthday {said} ({when:%b} {when.day})",
            f"Wish them a happy birthday on {when:%Y-%m-%d}.",
            when,
        )

    def life_event(self, other: int) -> _Signal | None:
        best: _Signal | None = None
        contacts = self.contacts(other)
        for kind, when in self.network.life_events.get(other, []):
            if not isinstance(when, datetime) or when > self.now:
                continue
            days = _days(self.now - when)
            if days > LIFE_EVENT_DAYS or any(it.when >= when for it in contacts):
                continue  # too old, or already talked since
            headline = self.network.people[other].headline
            what = kind.replace("-", " ")
            reason = f"{what} on {when:%Y-%m-%d}" + (f", now {headline}" if headline else "")
            suggestion = (
                "Congratulate them on the new role and ask how the first weeks are going."
                if kind == "job-change"
                else f"Ask how the {what} went."
            )
            signal = _Signal(
                ItemKind.LIFE_EVENT,
                _band(0.45, 0.62, 1 - days / LIFE_EVENT_DAYS),
                reason,
                suggestion,
                self.today,
            )
            if best is None or signal.score > best.score:
                best = signal
        return best

    def owed(self, other: int) -> _Signal | None:
        reasons = self.inputs.owed.get(other)
        if not reasons:
            return None
        received = [
            e
            for e in self.network.exchanges
            if e.giver == other and e.receiver == self.me and e.when <= self.now
        ]
        last = received[-1] if received else None
        suggestion = (
            f"Return the favour: they gave you {_FAVOUR[last.kind]} on {last.when:%Y-%m-%d}"
            + (f" ({last.note})" if last.note else "")
            + "; offer help with something they are working on."
            if last
            else "Offer help with something they are working on."
        )
        return _Signal(
            ItemKind.FAVOUR_OWED, 0.5, "you owe them: " + "; ".join(reasons), suggestion, self.today
        )

    def goals(self, other: int) -> list[_Signal]:
        out = []
        for hop in self.inputs.goal_hops:
            if hop.person != other:
                continue
            why = f" ({hop.reasons[0]})" if hop.reasons else ""
            suggestion = (
                hop.suggestions[0]
                if hop.suggestions
                else "Get back in touch before asking; give first."
            )
            out.append(
                _Signal(
                    ItemKind.GOAL,
                    0.42,
                    f"first step towards '{hop.goal}': {hop.readiness}{why}",
                    suggestion,
                    self.today,
                )
            )
        return out


@dataclass(frozen=True)
class AgendaEntry:
    """What one of my ties puts on the agenda: a nudge, an offer to let go, or nothing."""

    item: AgendaItem | None = None
    let_go: AgendaItem | None = None


def build_agenda(
    network: Network, now: datetime, inputs: AgendaInputs, limit: int = DEFAULT_LIMIT
) -> Agenda:
    """The ranked agenda: one item per person, their strongest reason first."""
    return ranked_agenda(now, agenda_entries(network, now, inputs), limit)


def agenda_entries(
    network: Network, now: datetime, inputs: AgendaInputs, people: Iterable[int] | None = None
) -> dict[int, AgendaEntry]:
    """Each of my ties' entry (all of them, or those with ``people``); independent of
    one another, so an entry can be worked out again alone when its inputs change."""
    if network.me is None:
        return {}
    me = network.me
    builder = _Builder(network, me, now, inputs)
    one_sided = {o.person: o for o in inputs.one_sided}
    mine = network.neighbours.get(me, set())
    wanted = mine if people is None else set(people)
    return {
        other: _entry(network, builder, one_sided, other) if other in mine else AgendaEntry()
        for other in sorted(wanted)
    }


def _entry(
    network: Network, builder: _Builder, one_sided: dict[int, OneSidedTie], other: int
) -> AgendaEntry:
    me, now = builder.me, builder.now
    tie = network.tie(me, other)
    if tie is None or other not in network.people:
        return AgendaEntry()
    if tie.status is not TieStatus.ACTIVE:
        return AgendaEntry()  # paused or let go: no reminders
    if tie.snoozed_until is not None and tie.snoozed_until > now.date():
        return AgendaEntry()
    name = network.people[other].display_name
    if other in one_sided:
        evidence = one_sided[other]
        # Never nudge a connection that is not there.
        return AgendaEntry(
            let_go=AgendaItem(
                other,
                name,
                ItemKind.ONE_SIDED,
                "one-sided: " + "; ".join(evidence.reasons),
                "Stop chasing: pause the tie, or let it go (the history stays, and a "
                "message from them brings it back).",
                0.0,
                now.date(),
            )
        )
    signals = sorted(builder.signals(other), key=lambda s: -s.score)
    if not signals:
        return AgendaEntry()
    top = signals[0]
    # Several reasons at once make a contact a little more worth making now.
    score = min(1.0, top.score + 0.02 * (len(signals) - 1))
    return AgendaEntry(
        AgendaItem(
            other,
            name,
            top.kind,
            top.reason,
            top.suggestion,
            round(score, 4),
            top.due,
            [s.reason for s in signals[1:]],
        )
    )


def ranked_agenda(now: datetime, entries: Mapping[int, AgendaEntry], limit: int) -> Agenda:
    """The top ``limit`` items, most urgent first, and every offer to let go."""
    items = [e.item for e in entries.values() if e.item is not None]
    let_go = [e.let_go for e in entries.values() if e.let_go is not None]
    items.sort(key=lambda i: (-i.score, i.due, i.name, i.person))
    let_go.sort(key=lambda i: (i.name, i.person))
    return Agenda(now, items[: max(0, limit)], let_go)
