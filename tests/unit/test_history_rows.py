"""My history as rows (``insight.effort.history_rows``): the report's balances and the
one-sided ties counted over every tie at once agree with the per-tie walks over
``Interaction`` objects, on generated networks."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kithkin.insight.effort import HistoryRows, columns_of, history_rows, microseconds
from kithkin.insight.network import Network
from kithkin.insight.one_sided import one_sided_people, one_sided_ties
from kithkin.insight.reciprocity import balances, reciprocity
from kithkin.insight.strength_input import pair_rows
from kithkin.model import Channel, Exchange, ExchangeKind, Interaction, Person, Tie

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ME = 1
PEOPLE = [1, 2, 3, 4, 5]

# A contact: day (some on the same day, some 14 days apart to the microsecond), an
# offset in microseconds, a channel, who else took part, who started it, answered.
_DAY = st.one_of(st.integers(0, 30).map(lambda k: 14 * k), st.integers(0, 420))
_CONTACT = st.tuples(
    _DAY,
    st.sampled_from([0, 0, 1, 999_999]),
    st.sampled_from(list(Channel)),
    st.lists(st.sampled_from(PEOPLE[1:]), min_size=1, max_size=3),
    st.sampled_from([*PEOPLE, None]),
    st.sampled_from([True, False, None]),
)
_FAVOUR = st.tuples(
    _DAY,
    st.sampled_from(PEOPLE[1:]),
    st.booleans(),
    st.sampled_from(list(ExchangeKind)),
    st.floats(0.5, 3.0),
)


def _network(
    contacts: list[tuple[int, int, Channel, list[int], int | None, bool | None]],
    favours: list[tuple[int, int, bool, ExchangeKind, float]],
    mine: bool,
) -> Network:
    its: list[Interaction] = []
    for i, (day, micro, channel, others, by, answered) in enumerate(contacts):
        # Now and then someone of the group twice, or not me at all.
        people = [ME, *others] if mine or i % 4 else others + others[:1]
        if len(set(people)) < 2:
            continue
        its.append(
            Interaction(
                when=NOW - timedelta(days=400 - day, microseconds=micro),
                channel=channel,
                participants=people,
                id=len(its) + 1,
                initiator=by if by in people else None,
                answered=answered,
            )
        )
    exchanges = [
        Exchange(ME if mine else other, other if mine else ME, kind, NOW - timedelta(400 - day),
                 id=k + 1, weight=weight)
        for k, (day, other, mine, kind, weight) in enumerate(favours)
    ]  # fmt: skip
    everyone = {p: Person(f"Person {p}", id=p, is_me=p == ME) for p in PEOPLE}
    ties = [Tie(ME, p) for p in PEOPLE[1:3]]
    return Network(ME, everyone, ties, its, exchanges)


# Replies exactly two weeks apart: each answers the one before.
_TURNS = [(14 * k, 0, Channel.MESSAGE, [2], 1 if k % 2 == 0 else 2, False) for k in range(4)]
# Their message, mine exactly two weeks later (a reply), then two of mine unanswered.
_REPLY_THEN_TWO = [
    (0, 0, Channel.MESSAGE, [2], 2, None),
    (14, 0, Channel.MESSAGE, [2], 1, False),
    (30, 0, Channel.MESSAGE, [2], 1, False),
    (60, 0, Channel.MESSAGE, [2], 1, False),
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_CONTACT, max_size=40),
    st.lists(_FAVOUR, max_size=6),
    st.booleans(),
    st.integers(-30, 30),
)
@example(_TURNS, [], True, 0)
def test_every_balance_at_once_is_each_ties_reciprocity(
    contacts: list[tuple[int, int, Channel, list[int], int | None, bool | None]],
    favours: list[tuple[int, int, bool, ExchangeKind, float]],
    mine: bool,
    shift: int,
) -> None:
    """Balance and label with every person, counted over the rows, are what
    ``reciprocity`` finds walking each tie's interactions (groups started by a third
    person, contacts after ``now`` and favours both ways included)."""
    network = _network(contacts, favours, mine)
    now = NOW + timedelta(days=shift)
    rows = history_rows(network, ME, now)
    found = balances(network, ME, PEOPLE[1:], rows, now)
    for other in PEOPLE[1:]:
        r = reciprocity(network, ME, other, now)
        assert found[other] == (r.balance, r.label)


@settings(max_examples=200, deadline=None)
@given(st.lists(_CONTACT, max_size=40), st.booleans(), st.integers(-30, 30))
@example(_REPLY_THEN_TWO, True, 0)
def test_the_one_sided_ties_found_over_rows_are_those_each_walk_finds(
    contacts: list[tuple[int, int, Channel, list[int], int | None, bool | None]],
    mine: bool,
    shift: int,
) -> None:
    """The people whose tie the rows find one-sided are those ``check_tie`` finds so,
    and the ties found are the same, evidence and all."""
    network = _network(contacts, [], mine)
    now = NOW + timedelta(days=shift)
    each = one_sided_ties(network, now, only=PEOPLE[1:])  # every tie walked
    assert sorted(one_sided_people(history_rows(network, ME, now), now)) == sorted(
        o.person for o in each
    )
    assert one_sided_ties(network, now) == each


def test_times_are_whole_microseconds_either_side_of_the_reply_window() -> None:
    """Fourteen days apart is a reply, a microsecond more is not: exact at any date."""
    late = datetime(9999, 12, 1, 23, 59, 59, 999_999, tzinfo=UTC)
    for when in (NOW, late, datetime(1, 2, 1, tzinfo=UTC)):
        before = when - timedelta(days=14)
        assert microseconds(when) - microseconds(before) == 14 * 86_400_000_000
        assert microseconds(when) - microseconds(before - timedelta(microseconds=1)) == (
            14 * 86_400_000_000 + 1
        )
    assert microseconds(NOW.replace(tzinfo=None)) == microseconds(NOW)


def _same_rows(one: HistoryRows, other: HistoryRows) -> None:
    for f in fields(HistoryRows):
        a, b = getattr(one, f.name), getattr(other, f.name)
        if f.name == "interactions":
            assert [id(x) for x in a] == [id(x) for x in b]
        else:
            assert a.dtype == b.dtype and np.array_equal(a, b), f.name


@settings(max_examples=200, deadline=None)
@given(st.lists(_CONTACT, max_size=40), st.booleans(), st.integers(-30, 30))
def test_my_rows_from_the_whole_networks_columns_are_those_from_mine_alone(
    contacts: list[tuple[int, int, Channel, list[int], int | None, bool | None]],
    mine: bool,
    shift: int,
) -> None:
    """The scored network's columns (every interaction, mine and others') give my rows
    exactly as my own interactions read alone, by a walk or through the index."""
    network = _network(contacts, [], mine)
    now = NOW + timedelta(days=shift)
    shared = history_rows(network, ME, now, columns_of(network.interactions))
    _same_rows(shared, history_rows(network, ME, now))
    network.interactions_of  # noqa: B018  # the index built: read from it instead
    _same_rows(shared, history_rows(network, ME, now))


def test_pair_rows_times_are_the_timestamps_of_the_interactions() -> None:
    """Seconds from whole microseconds are ``datetime.timestamp``'s, to the last bit:
    aware, naive (taken as UTC) and other time zones, any microsecond."""
    zone = timezone(timedelta(hours=-7, minutes=-30))
    whens = [
        datetime(2024, 3, 1, 9, 45, 0, micro, tzinfo=tz)
        for micro in (0, 1, 3, 123_457, 999_999)
        for tz in (UTC, zone)
    ]
    whens += [datetime(1969, 12, 31, 23, 59, 59, 999_999), datetime(9999, 1, 1, 0, 0, 0, 7)]
    its = [Interaction(w, Channel.CALL, [ME, 2], id=k + 1) for k, w in enumerate(whens)]
    rows = pair_rows(Network(ME, {}, [], its))
    expected = [(w if w.tzinfo else w.replace(tzinfo=UTC)).timestamp() for w in whens]
    assert rows.t.tolist() == expected
