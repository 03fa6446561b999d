"""One-sided ties: the user keeps reaching out and the other side does not return it.

What counts is unreturned effort, not who starts (``insight.effort``, the one
definition strength and reciprocity read too). Attending, accepting, hosting,
replying and reaching out are all returns: a meeting they came to is returned
whoever sent the calendar invitation, and a message of mine written within two
weeks of one they started is my reply to them, never an attempt left unanswered.
Two rules, either is enough:

* a streak of three or more of the user's latest attempts left unanswered;
* at least five attempts of the user in the last 12 months, and at least 80% of
  them never returned.

Only one-to-one contacts count: a group event or a thread with several people
says little about who reaches out to whom.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from kithkin.insight.effort import (
    BY_A,
    HistoryRows,
    attempts,
    attempts_of_rows,
    history_rows,
    microseconds,
)
from kithkin.insight.network import Network, history_order
from kithkin.model import Interaction, TieStatus

UNANSWERED_STREAK = 3
MIN_CONTACTS = 5
INITIATIVE_SHARE = 0.8
WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class OneSidedTie:
    """A tie whose initiative or answers run almost all one way, with the evidence."""

    person: int
    name: str
    status: TieStatus
    unanswered_streak: int  # the user's latest contacts in a row without an answer
    unanswered_dates: list[date]
    attempts_12m: int  # my attempts (not replies) in the last 12 months
    unreturned_12m: int  # of those, the ones never returned
    last_reply: datetime | None  # the last time they reached out or answered
    reasons: list[str] = field(default_factory=list)

    @property
    def share_unreturned(self) -> float:
        return self.unreturned_12m / self.attempts_12m if self.attempts_12m else 0.0


def _one_to_one(
    network: Network, me: int, only: Collection[int] | None = None
) -> dict[int, list[Interaction]]:
    """My one-to-one contacts with each other person (or with ``only`` those), in order."""
    if only is None:
        mine = network.interactions_of.get(me, [])  # mine only, not the whole history
    else:  # a few people: walk their histories with me, not all of mine
        mine = [
            it for other in only if other != me for it in network.interactions_between(me, other)
        ]
    by_other: dict[int, list[Interaction]] = {}
    for it in mine:
        people = set(it.participants)
        if len(people) == 2 and me in people:
            (other,) = people - {me}
            by_other.setdefault(other, []).append(it)
    for contacts in by_other.values():
        contacts.sort(key=history_order)
    return by_other


def _replied(it: Interaction, me: int) -> bool:
    """They reached out, or answered, or the contact was a meeting they came to."""
    return it.initiator != me or it.answered is not False


def unanswered_streak(
    contacts: list[Interaction], me: int, mine: list[tuple[Interaction, bool]] | None = None
) -> list[Interaction]:
    """My latest attempts in a row left unanswered (oldest first); ``mine`` is
    ``attempts(contacts, me)`` when the caller has it already."""
    streak: list[Interaction] = []
    if mine is None:
        mine = attempts(contacts, me)
    returned = {id(it) for it, back in mine if back}
    tried = {id(it) for it, _ in mine}
    for it in reversed(contacts):
        if id(it) not in tried or id(it) in returned:
            break
        streak.append(it)
    return streak[::-1]


def one_to_one(network: Network, me: int, other: int, now: datetime) -> list[Interaction]:
    """My one-to-one contacts with ``other`` up to ``now``, in order."""
    return [it for it in _one_to_one(network, me, [other]).get(other, []) if it.when <= now]


def check_tie(
    network: Network, me: int, other: int, contacts: list[Interaction], now: datetime
) -> OneSidedTie | None:
    """The evidence that the tie with ``other`` is one-sided, or None when it is not."""
    contacts = [it for it in contacts if it.when <= now]
    mine = attempts(contacts, me)
    streak = unanswered_streak(contacts, me, mine)
    recent = [(it, back) for it, back in mine if it.when > now - WINDOW]
    lost = sum(1 for _, back in recent if not back)
    by_streak = len(streak) >= UNANSWERED_STREAK
    by_share = len(recent) >= MIN_CONTACTS and lost >= INITIATIVE_SHARE * len(recent)
    if not (by_streak or by_share):
        return None
    last_reply = next((it.when for it in reversed(contacts) if _replied(it, me)), None)
    reasons: list[str] = []
    if by_streak:
        days = ", ".join(f"{it.when:%Y-%m-%d}" for it in streak)
        reasons.append(f"your last {len(streak)} contacts went unanswered ({days})")
    if by_share:
        reasons.append(
            f"{lost} of your {len(recent)} attempts in the last 12 months were never returned "
            f"({lost / len(recent):.0%})"
        )
    reasons.append(
        f"they last reached out or answered on {last_reply:%Y-%m-%d}"
        if last_reply
        else "they have never reached out or answered"
    )
    tie = network.tie(me, other)
    return OneSidedTie(
        person=other,
        name=network.people[other].display_name if other in network.people else f"#{other}",
        status=tie.status if tie else TieStatus.ACTIVE,
        unanswered_streak=len(streak),
        unanswered_dates=[it.when.date() for it in streak],
        attempts_12m=len(recent),
        unreturned_12m=lost,
        last_reply=last_reply,
        reasons=reasons,
    )


def one_sided_people(rows: HistoryRows, now: datetime) -> list[int]:
    """The people ``check_tie`` finds my tie with one-sided, from my history as rows
    (``history_rows(network, me, now)``): the same two rules over every tie at once."""
    keep = np.flatnonzero(rows.one_to_one)
    other, by = rows.other[keep], rows.by[keep]
    attempt, back = attempts_of_rows(
        other, rows.t[keep], by, rows.directed[keep], rows.unanswered[keep]
    )
    mine = attempt & (by == BY_A)
    lost = mine & ~back
    n = len(rows.others)
    # The streak: each tie's latest contacts, as long as they are my attempts unreturned.
    count = np.bincount(other, minlength=n)
    last = np.cumsum(count) - 1
    kept_last = last - count  # the last contact that is no such attempt; none: before the first
    at = np.flatnonzero(~lost)
    np.maximum.at(kept_last, other[at], at)
    streak = last - kept_last
    recent = mine & (rows.t[keep] > microseconds(now - WINDOW))
    tried = np.bincount(other[recent], minlength=n)
    unreturned = np.bincount(other[recent & lost], minlength=n)
    by_streak = streak >= UNANSWERED_STREAK
    by_share = (tried >= MIN_CONTACTS) & (unreturned >= INITIATIVE_SHARE * tried)
    found: list[int] = rows.others[(count > 0) & (by_streak | by_share)].tolist()
    return found


def one_sided_ties(
    network: Network,
    now: datetime,
    known: Iterable[OneSidedTie] = (),
    only: Collection[int] | None = None,
    rows: HistoryRows | None = None,
) -> list[OneSidedTie]:
    """Every one-sided tie of the user, the longest unanswered streak first.

    With ``only``, the ties with those people are checked again and the rest taken
    from ``known`` (an earlier answer, from before their interactions changed).
    Without, the ties found one-sided over my history's rows (``rows`` if given) are
    checked again one by one for their evidence: the others need no walk.
    """
    if network.me is None:
        return []
    me = network.me
    if only is None:
        # Every tie: those the rows find one-sided checked again for their evidence,
        # their contacts taken from the rows (in order already), not walked again.
        rows = history_rows(network, me, now) if rows is None else rows
        its, one = rows.interactions, rows.one_to_one
        one_it, one_other = rows.row_it[one], rows.other[one]
        found: list[OneSidedTie] = []
        for other in one_sided_people(rows, now):
            k = int(np.searchsorted(rows.others, other))
            theirs = [its[i] for i in one_it[one_other == k].tolist()]
            if (verdict := check_tie(network, me, other, theirs, now)) is not None:
                found.append(verdict)
    else:
        found = [o for o in known if o.person not in only]
        found += [
            verdict
            for other, theirs in _one_to_one(network, me, only).items()
            if (verdict := check_tie(network, me, other, theirs, now)) is not None
        ]
    found.sort(key=lambda o: (-o.unanswered_streak, -o.share_unreturned, o.name, o.person))
    return found
