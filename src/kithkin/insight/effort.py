"""Effort: who reached out to whom, and whether it came back. One definition, read by
one-sided ties, reciprocity, strength and its calibration alike.

Every contact between two people is one of four things:

* a **meeting** (in person, a video call, an event: a calendar event both attend) is
  nobody's initiative. Who sent the invitation is not evidence: coming to it,
  accepting and hosting return the effort as much as sending the invitation makes it.
* a **reply**: a message, e-mail or call started within ``REPLY_WINDOW`` (14 days) of
  one the other side started. It is reciprocation, never an attempt, and never
  "unanswered" (a reply to their request may get no reply back, and need not).
* an **attempt**: any other message, e-mail or call someone started. It is returned
  when the other side replied (as above: wrote or called back within 14 days, in the
  same thread or not), or when it is not known to have gone unanswered.
* any other contact (a call logged with nobody as its initiator) is contact only.

Only unanswered attempts, over time, make a tie one-sided or damp its strength.

The rules are written three times over the same words: once over ``Interaction``
objects (for one tie, with dates to name), once over the arrays of interaction rows
that strength and its calibration read (for a whole network at once), and once over
the rows of one person's history with each other person (``history_rows``: every tie
of mine at once, for the report's balances and one-sided ties).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain
from operator import attrgetter
from typing import overload

import numpy as np
import numpy.typing as npt

from kithkin.insight.network import Network
from kithkin.model import Channel, Interaction
from kithkin.model.history import ANSWERED as ANSWERED
from kithkin.model.history import CHANNEL_CODE as CHANNEL_CODE
from kithkin.model.history import CHANNELS as CHANNELS
from kithkin.model.history import MICROSECOND, StoredHistory
from kithkin.model.history import NOBODY as _NOBODY_ID
from kithkin.model.history import NOT_A_QUESTION as NOT_A_QUESTION
from kithkin.model.history import UNANSWERED as UNANSWERED
from kithkin.model.history import microseconds as microseconds

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
Flags = npt.NDArray[np.bool_]

DAY = 86400.0
# Channels as interaction rows code them (``strength_input``): their order in ``Channel``
# (``CHANNELS``, ``CHANNEL_CODE``: the store's columns code them so, ``model.history``).
# Initiator codes of a row of the pair (a < b): who of the two started the contact.
BY_A, BY_B, BY_NOBODY = 1, -1, 0
# In one person's history (``history_rows``): someone else of a group started it.
BY_THIRD = 2
# Answered codes of a row: ANSWERED, UNANSWERED, NOT_A_QUESTION (``model.history``).

# Joint contacts: attending one returns the effort, whoever sent the invitation.
MEETINGS = frozenset({Channel.IN_PERSON, Channel.VIDEO, Channel.EVENT})
MEETING_CODES = np.array(sorted(CHANNEL_CODE[c] for c in MEETINGS), dtype=np.int8)
# A contact started this soon after one the other side started answers it.
REPLY_WINDOW = timedelta(days=14)


def is_meeting(it: Interaction) -> bool:
    return it.channel in MEETINGS


def directed(it: Interaction) -> bool:
    """Someone reached out: a message, e-mail or call with an initiator."""
    return it.initiator is not None and not is_meeting(it)


def is_reply(it: Interaction, before: Interaction | None) -> bool:
    """``it`` answers ``before``, the latest contact someone reached out with before it."""
    return (
        before is not None
        and directed(it)
        and directed(before)
        and before.initiator != it.initiator
        and it.when - before.when <= REPLY_WINDOW
    )


def _answers(it: Interaction, before: Interaction) -> bool:
    """``is_reply(it, before)`` for two contacts already known to be ``directed``."""
    return before.initiator != it.initiator and it.when - before.when <= REPLY_WINDOW


def attempts(contacts: Sequence[Interaction], by: int) -> list[tuple[Interaction, bool]]:
    """The attempts of ``by`` among ``contacts`` (one tie's, in time order), each with
    whether it was returned. Meetings and replies are no attempts."""
    out: list[tuple[Interaction, bool]] = []
    reaching = [it for it in contacts if directed(it)]
    for k, it in enumerate(reaching):
        if it.initiator != by or (k and _answers(it, reaching[k - 1])):
            continue
        # Written or called back within the window: returned, whatever the thread says.
        replied = k + 1 < len(reaching) and _answers(reaching[k + 1], it)
        out.append((it, replied or it.answered is not False))
    return out


def attempts_of_both(
    contacts: Sequence[Interaction], a: int, b: int
) -> tuple[list[tuple[Interaction, bool]], list[tuple[Interaction, bool]]]:
    """``attempts(contacts, a)`` and ``attempts(contacts, b)`` in one walk: the
    reciprocity of every tie reads both, and walking twice cost twice."""
    if a == b:
        return attempts(contacts, a), attempts(contacts, b)
    of_a: list[tuple[Interaction, bool]] = []
    of_b: list[tuple[Interaction, bool]] = []
    reaching = [it for it in contacts if directed(it)]
    for k, it in enumerate(reaching):
        by = it.initiator
        if (by != a and by != b) or (k and _answers(it, reaching[k - 1])):
            continue
        replied = k + 1 < len(reaching) and _answers(reaching[k + 1], it)
        (of_a if by == a else of_b).append((it, replied or it.answered is not False))
    return of_a, of_b


def reaching_out(contacts: Sequence[Interaction], a: int, b: int) -> tuple[int, int]:
    """How many attempts each of ``a`` and ``b`` made among ``contacts`` (in time order)."""
    return len(attempts(contacts, a)), len(attempts(contacts, b))


def effort_codes(pair: I64, t: F64, channel: I8, initiator: I8, answered: I8) -> tuple[I8, I8]:
    """Rows' initiator and answered codes as effort, for rows ordered by pair, then time.

    A meeting's initiator becomes nobody; a reply's initiator becomes nobody and its
    answered code ``NOT_A_QUESTION``, and the contact it replies to is ``ANSWERED``; an
    attempt keeps both otherwise. So counting rows by initiator counts attempts, and an
    ``UNANSWERED`` row is an attempt left unanswered.
    """
    init = initiator.astype(np.int8, copy=True)
    ans = answered.astype(np.int8, copy=True)
    init[np.isin(channel, MEETING_CODES)] = BY_NOBODY
    reaching = np.flatnonzero(init != BY_NOBODY)
    if len(reaching) > 1:
        now, before = reaching[1:], reaching[:-1]
        reply = (
            (pair[now] == pair[before])
            & (init[now] != init[before])
            & (t[now] - t[before] <= REPLY_WINDOW.total_seconds())
        )
        replies, replied = now[reply], before[reply]
        ans[replied[ans[replied] == UNANSWERED]] = ANSWERED
        init[replies] = BY_NOBODY
        ans[replies] = NOT_A_QUESTION
    return init, ans


def unreturned(pair: I64, initiator: I8, answered: I8, n_pairs: int) -> tuple[F64, F64]:
    """Per pair: attempts by a and by b left unanswered (rows coded by ``effort_codes``)."""
    lost = answered == UNANSWERED
    by_a = np.bincount(pair, weights=lost & (initiator == BY_A), minlength=n_pairs)
    by_b = np.bincount(pair, weights=lost & (initiator == BY_B), minlength=n_pairs)
    return by_a.astype(np.float64), by_b.astype(np.float64)


def initiative_factor(started: F64, lost_a: F64, lost_b: F64, damping: float) -> F64:
    """What a tie keeps of its strength when one side's attempts go unreturned more than
    the other's: 1 when every attempt came back (however many one side made), down to
    ``1 - damping`` for many attempts of one side, none returned."""
    imbalance = np.abs(lost_a - lost_b) / np.maximum(started, 1.0)
    out: F64 = 1.0 - damping * imbalance * started / (started + 3.0)
    return out


_WHEN, _ID, _CHANNEL = attrgetter("when"), attrgetter("id"), attrgetter("channel")
_INITIATOR, _ANSWERED = attrgetter("initiator"), attrgetter("answered")
_PARTICIPANTS = attrgetter("participants")


@dataclass(frozen=True)
class InteractionColumns:
    """Interactions as arrays, in their list's order: every field strength's pair rows
    and a person's history rows read, taken from the objects once and shared."""

    t: I64  # microseconds
    id: I64  # 0 for none
    channel: I8  # CHANNEL_CODE
    initiator: I64  # the initiator's id, or _NOBODY_ID
    answered: I8  # ANSWERED, UNANSWERED or NOT_A_QUESTION
    sizes: I64  # each interaction's participants as listed (repeats included)
    flat: I64  # those participants, one interaction after another

    def taken(self, at: I64) -> InteractionColumns:
        """The interactions at positions ``at`` (increasing), in that order."""
        chosen = np.zeros(len(self.t), dtype=np.bool_)
        chosen[at] = True
        owner = np.repeat(chosen, self.sizes)
        return InteractionColumns(
            self.t[at], self.id[at], self.channel[at], self.initiator[at], self.answered[at],
            self.sizes[at], self.flat[owner],
        )  # fmt: skip


def columns_of(its: Sequence[Interaction]) -> InteractionColumns:
    """``its`` as columns: each field read for all of them at once (``map`` over
    ``attrgetter``: no Python frame per interaction); a history as the store read it
    (``model.history``) gives the columns it holds, none of its objects made."""
    if isinstance(its, StoredHistory) and its.columns_in_order:
        return InteractionColumns(
            its.t, its.id, its.channel, its.initiator, its.answered, its.sizes, its.flat
        )
    n_it = len(its)
    whens = list(map(_WHEN, its))
    # The store shares equal times (few distinct ones): each converted once.
    times = {w: microseconds(w) for w in dict.fromkeys(whens)}
    members = list(map(_PARTICIPANTS, its))
    sizes = np.fromiter(map(len, members), dtype=np.int64, count=n_it)
    answers = {None: NOT_A_QUESTION, True: ANSWERED, False: UNANSWERED}
    return InteractionColumns(
        t=np.fromiter(map(times.__getitem__, whens), dtype=np.int64, count=n_it),
        id=np.fromiter((x or 0 for x in map(_ID, its)), dtype=np.int64, count=n_it),
        channel=np.fromiter(map(CHANNEL_CODE.__getitem__, map(_CHANNEL, its)), np.int8, n_it),
        initiator=np.fromiter(
            (_NOBODY_ID if x is None else x for x in map(_INITIATOR, its)), np.int64, n_it
        ),
        answered=np.fromiter(map(answers.__getitem__, map(_ANSWERED, its)), np.int8, n_it),
        sizes=sizes,
        flat=np.fromiter(chain.from_iterable(members), dtype=np.int64, count=int(sizes.sum())),
    )


class Picked(Sequence[Interaction]):
    """The interactions of ``among`` at positions ``at``, each taken when asked for: my
    history's rows read their fields from columns, and the objects of a few alone."""

    __slots__ = ("among", "at")

    def __init__(self, among: Sequence[Interaction], at: list[int]) -> None:
        self.among, self.at = among, at

    def __len__(self) -> int:
        return len(self.at)

    @overload
    def __getitem__(self, k: int) -> Interaction: ...
    @overload
    def __getitem__(self, k: slice) -> list[Interaction]: ...
    def __getitem__(self, k: int | slice) -> Interaction | list[Interaction]:
        if isinstance(k, slice):
            return [self.among[i] for i in self.at[k]]
        return self.among[self.at[k]]


@dataclass(frozen=True)
class HistoryRows:
    """One person's contacts up to ``now``: a row per (interaction, other person in it),
    ordered by the other person, then in ``history_order`` (ties in the network's order),
    as ``Network.interactions_between`` and a sort by ``history_order`` give them."""

    interactions: Sequence[Interaction]  # the person's, up to ``now``
    row_it: I64  # each row's interaction, as its position in ``interactions``
    others: I64  # each other person once, sorted
    other: I64  # each row's position in ``others``
    t: I64  # microseconds
    by: I8  # BY_A: the person, BY_B: the other, BY_THIRD: someone else, BY_NOBODY
    directed: Flags  # ``directed``: reached out (an initiator, not a meeting)
    unanswered: Flags  # ``answered is False``
    one_to_one: Flags  # the two of them alone


def history_rows(
    network: Network, person: int, now: datetime, columns: InteractionColumns | None = None
) -> HistoryRows:
    """``person``'s history up to ``now`` as rows (see ``HistoryRows``), by array
    arithmetic over columns: ``columns`` (``columns_of(network.interactions)``, as
    scoring made them) when given, else those of the person's interactions alone."""
    if columns is not None:
        owner = np.repeat(np.arange(len(columns.t), dtype=np.int64), columns.sizes)
        at = _distinct_sorted(owner[columns.flat == person])  # owners come in order
        mine: Sequence[Interaction] = Picked(network.interactions, at.tolist())
        cols = columns.taken(at)
    else:
        built = network.__dict__.get("interactions_of")  # the index, when already built
        mine = (
            built.get(person, [])
            if built is not None
            else [it for it in network.interactions if person in it.participants]
        )
        cols = columns_of(mine)
    kept = np.flatnonzero(cols.t <= microseconds(now))
    if len(kept) < len(mine):
        mine = Picked(mine, kept.tolist())
        cols = cols.taken(kept)
    n_it = len(mine)
    t, ids, channel, initiator = cols.t, cols.id, cols.channel, cols.initiator
    unanswered = cols.answered == UNANSWERED
    # Each interaction's other people, without repeats: (interaction, person) keys sorted.
    sizes, flat = cols.sizes, cols.flat
    owner = np.repeat(np.arange(n_it, dtype=np.int64), sizes)
    found = np.lexsort((flat, owner))
    owner, flat = owner[found], flat[found]
    distinct = np.ones(len(flat), dtype=np.bool_)
    distinct[1:] = (owner[1:] != owner[:-1]) | (flat[1:] != flat[:-1])
    owner, flat = owner[distinct], flat[distinct]
    people = np.bincount(owner, minlength=n_it)  # distinct people of each interaction
    row = flat != person
    row_it, row_other = owner[row], flat[row]
    # Rows by other person, then by time and id; a stable sort keeps the network's order.
    order = np.lexsort((ids[row_it], t[row_it], row_other))
    row_it, row_other = row_it[order], row_other[order]
    # Sorted by other person already: each one's rows together, no hashing (np.unique).
    first = np.ones(len(row_other), dtype=np.bool_)
    first[1:] = row_other[1:] != row_other[:-1]
    others, other = row_other[first], np.cumsum(first) - 1
    by_id = initiator[row_it]
    by = np.where(
        by_id == person,
        BY_A,
        np.where(by_id == row_other, BY_B, np.where(by_id == _NOBODY_ID, BY_NOBODY, BY_THIRD)),
    ).astype(np.int8)
    return HistoryRows(
        interactions=mine,
        row_it=row_it,
        others=others.astype(np.int64),
        other=other.astype(np.int64).reshape(-1),
        t=t[row_it],
        by=by,
        directed=(by != BY_NOBODY) & ~np.isin(channel[row_it], MEETING_CODES),
        unanswered=unanswered[row_it],
        one_to_one=people[row_it] == 2,
    )


def _distinct_sorted(values: I64) -> I64:
    """``np.unique`` of values already sorted: each once, without hashing them."""
    first = np.ones(len(values), dtype=np.bool_)
    first[1:] = values[1:] != values[:-1]
    found: I64 = values[first]
    return found


def attempts_of_rows(
    other: I64, t: I64, by: I8, directed: Flags, unanswered: Flags
) -> tuple[Flags, Flags]:
    """``attempts_of_both`` over rows ordered by other person, then time: for each row,
    whether it is an attempt (of whoever ``by`` says), and whether it was returned."""
    attempt = np.zeros(len(t), dtype=np.bool_)
    back = np.zeros(len(t), dtype=np.bool_)
    reaching = np.flatnonzero(directed)
    if len(reaching) == 0:
        return attempt, back
    # Each directed row answers the one before it (among that tie's directed rows).
    answers = np.zeros(len(reaching), dtype=np.bool_)
    now, before = reaching[1:], reaching[:-1]
    answers[1:] = (
        (other[now] == other[before])
        & (by[now] != by[before])
        & (t[now] - t[before] <= REPLY_WINDOW // MICROSECOND)
    )
    side = (by[reaching] == BY_A) | (by[reaching] == BY_B)
    attempt[reaching] = side & ~answers
    replied = np.zeros(len(reaching), dtype=np.bool_)
    replied[:-1] = answers[1:]
    back[reaching] = attempt[reaching] & (replied | ~unanswered[reaching])
    return attempt, back
