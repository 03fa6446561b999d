"""Tie strength: bounds, monotonicity in new contact and in time, reasons and acquaintances."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kithkin.insight.network import Network
from kithkin.insight.strength import rescored, tie_strengths
from kithkin.model import (
    Ask,
    AskKind,
    Channel,
    Exchange,
    ExchangeKind,
    Interaction,
    Person,
    Tie,
    TieKind,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ME, LEO, VICTOR, CARD = 1, 2, 3, 4


def network(interactions: list[Interaction], ties: list[Tie] | None = None) -> Network:
    names = {ME: "Alex Morgan", LEO: "Leo Martins", VICTOR: "Victor Hale", CARD: "Dana Card"}
    people = {i: Person(n, id=i, is_me=i == ME) for i, n in names.items()}
    return Network(me=ME, people=people, ties=ties or [], interactions=interactions)


def friend_history() -> list[Interaction]:
    out = []
    for d in range(2, 360, 21):
        out.append(Interaction(NOW - timedelta(days=d), Channel.IN_PERSON, [ME, LEO]))
        who = ME if d % 2 else LEO
        out.append(
            Interaction(
                NOW - timedelta(days=d + 5),
                Channel.MESSAGE,
                [ME, LEO],
                initiator=who,
                answered=True,
            )
        )
    return out


def one_sided_history() -> list[Interaction]:
    return [
        Interaction(
            NOW - timedelta(days=d), Channel.MESSAGE, [ME, VICTOR], initiator=ME, answered=k < 2
        )
        for k, d in enumerate([350, 290, 220, 150, 90, 30])
    ]


def test_close_friend_beats_one_sided_tie_and_business_card() -> None:
    card = Tie(ME, CARD, kinds=[TieKind("met-at:dataconf 2026")])
    event = Interaction(NOW - timedelta(days=3), Channel.EVENT, [ME, CARD])
    net = network(friend_history() + one_sided_history() + [event], [card])
    s = tie_strengths(net, NOW)
    leo, victor, dana = s[(ME, LEO)], s[(ME, VICTOR)], s[(ME, CARD)]
    assert leo.score > 0.7 > victor.score
    assert victor.score < 0.2 and dana.score < 0.2
    assert leo.reasons[0] == "met in person 5 times in the last 3 months"
    assert "they reach out as often as you" in leo.reasons
    assert "the last 4 contacts went unanswered" in victor.reasons
    assert "you reached out 6 of 6 times, 4 unanswered" in victor.reasons
    assert dana.acquaintance and not leo.acquaintance and not victor.acquaintance
    assert dana.reasons[0] == "acquaintance: met at dataconf 2026, no real interaction since"
    assert dana.interactions == 0 and leo.interactions == len(friend_history())
    assert dana.last_contact == NOW - timedelta(days=3)


def test_third_party_ties_get_strength_from_stated_kinds_and_shared_events() -> None:
    ties = [Tie(LEO, VICTOR, kinds=[TieKind("colleague")]), Tie(ME, LEO), Tie(ME, VICTOR)]
    gala = Interaction(NOW - timedelta(days=10), Channel.EVENT, [ME, LEO, CARD])
    s = tie_strengths(network([gala], ties), NOW)
    assert s[(LEO, VICTOR)].score > 0
    assert "colleague" in s[(LEO, VICTOR)].reasons
    assert "1 person in common" in s[(LEO, VICTOR)].reasons
    assert (LEO, CARD) in s and s[(LEO, CARD)].acquaintance


def test_no_contact_for_a_long_time_is_said() -> None:
    old = [Interaction(NOW - timedelta(days=430), Channel.CALL, [ME, LEO], initiator=LEO)]
    (leo,) = tie_strengths(network(old), NOW).values()
    assert leo.reasons[0] == "no contact for 14 months"


channels = st.sampled_from(list(Channel))
events = st.lists(
    st.tuples(
        st.integers(0, 1500),  # days ago
        channels,
        st.sampled_from([ME, LEO, None]),  # initiator
        st.sampled_from([True, False, None]),  # answered
    ),
    max_size=25,
)
closeness = st.one_of(st.none(), st.integers(1, 5))


def build(
    history: list[tuple[int, Channel, int | None, bool | None]], close: int | None
) -> Network:
    its = [
        Interaction(
            NOW - timedelta(days=d, hours=h),
            ch,
            [ME, LEO],
            initiator=who,
            answered=ans if who is not None else None,
        )
        for h, (d, ch, who, ans) in enumerate(history)
    ]
    return network(its, [Tie(ME, LEO, closeness=close, kinds=[TieKind("friend")])])


@settings(max_examples=60, deadline=None)
@given(events, closeness)
def test_strength_stays_between_zero_and_one(history: list, close: int | None) -> None:
    for s in tie_strengths(build(history, close), NOW).values():
        assert 0.0 <= s.score <= 1.0


@settings(max_examples=60, deadline=None)
@given(events, closeness, st.integers(0, 1000), st.sampled_from([Channel.IN_PERSON, Channel.CALL]))
def test_a_new_meeting_raises_strength(
    history: list, close: int | None, days_ago: int, channel: Channel
) -> None:
    net = build(history, close)
    before = tie_strengths(net, NOW)[(ME, LEO)].score
    net.interactions = [
        *net.interactions,
        Interaction(NOW - timedelta(days=days_ago, minutes=7), channel, [ME, LEO]),
    ]
    after = tie_strengths(net, NOW)[(ME, LEO)].score
    assert after > before or before > 0.999


@settings(max_examples=60, deadline=None)
@given(events, closeness, st.integers(1, 2000))
def test_strength_falls_as_time_passes_without_contact(
    history: list, close: int | None, later: int
) -> None:
    net = build(history, close)
    now_score = tie_strengths(net, NOW)[(ME, LEO)].score
    later_score = tie_strengths(net, NOW + timedelta(days=later))[(ME, LEO)].score
    assert later_score <= now_score
    contact = any(who is None or ans is not False for _, _, who, ans in history)
    if contact and now_score < 0.999:
        # Any contact there was loses weight as it ages.
        assert later_score < now_score or now_score == 0.0


def test_shared_neighbours_counts_people_in_common_with_and_without_hubs() -> None:
    import networkx as nx
    import numpy as np

    from kithkin.insight import strength_core

    graph = nx.gnm_random_graph(400, 1500, seed=3)
    graph.add_edges_from((0, v) for v in range(1, 400))  # one hub tied to everyone
    a = np.array([u for u, v in graph.edges], dtype=np.int64)
    b = np.array([v for u, v in graph.edges], dtype=np.int64)
    expected = [len(set(graph[u]) & set(graph[v])) for u, v in graph.edges]
    # Counted with sets (this graph is small), then with the sparse product: no hub,
    # the default, nearly everyone a hub.
    for set_edges, hub_degree in ((10**9, 256), (0, 10**9), (0, 256), (0, 2)):
        strength_core.SET_EDGES, strength_core.HUB_DEGREE = set_edges, hub_degree
        try:
            got = strength_core.shared_neighbours(400, a, b)
        finally:
            strength_core.SET_EDGES, strength_core.HUB_DEGREE = 50_000, 256
        assert got.tolist() == expected


def test_favours_and_asks_are_evidence_of_a_real_tie() -> None:
    """The same contacts, plus favours both ways and an ask made through them: stronger,
    and said so; a favour after now counts for nothing yet."""
    base = network(one_sided_history())
    plain = tie_strengths(base, NOW)[(ME, VICTOR)]
    favours = [
        Exchange(ME, VICTOR, ExchangeKind.ADVICE, NOW - timedelta(days=40)),
        Exchange(VICTOR, ME, ExchangeKind.INTRO, NOW - timedelta(days=20), weight=2.0),
    ]
    asks = [Ask(VICTOR, AskKind.INTRO, "an intro to Contoso", NOW - timedelta(days=10))]
    helped = Network(base.me, base.people, base.ties, base.interactions, favours, asks)
    found = tie_strengths(helped, NOW)[(ME, VICTOR)]
    assert found.score > plain.score
    assert "favours or asks between you" in found.reasons
    later = [Exchange(ME, VICTOR, ExchangeKind.ADVICE, NOW + timedelta(days=1))]
    future = Network(base.me, base.people, base.ties, base.interactions, later)
    assert tie_strengths(future, NOW)[(ME, VICTOR)] == plain


def _meeting(members: list[int], day: int, iid: int, answered: bool) -> Interaction:
    return Interaction(
        NOW - timedelta(days=day),
        Channel.CALL,
        members,
        id=iid,
        initiator=members[0],
        answered=answered,
    )


def _in_store_order(history: list[Interaction]) -> list[Interaction]:
    # By time then id, as the store reads them; ids may repeat here (then the order
    # of the list is not the order of the keys).
    return sorted(history, key=lambda it: (it.when, it.id or 0))


PEOPLE = list(range(1, 7))
DAYS = st.integers(min_value=1, max_value=40)
GROUP = st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=4, unique=True)
PAIR = st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=2, unique=True)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_rescoring_the_pairs_a_write_touched_gives_the_scores_of_a_fresh_scoring(
    data: st.DataObject,
) -> None:
    """A network of six people (ties, one-to-one and group interactions), followed by
    interactions that may meet new pairs (then everything is scored again, as the app
    does), then by one-to-one interactions between pairs already scored: those pairs
    rescored equal a fresh scoring, whether or not the indexes a follow carries were
    built before it."""
    draw = data.draw
    ties = [
        Tie(a, b, kinds=[TieKind("friend")])
        for a, b in draw(st.lists(PAIR, max_size=5, unique_by=lambda p: frozenset(p)))
    ]
    meetings = draw(st.lists(st.tuples(GROUP, DAYS, st.integers(1, 30)), min_size=1, max_size=12))
    history = [_meeting(m, day, iid, draw(st.booleans())) for m, day, iid in meetings]
    base = Network(
        me=1,
        people={p: Person(f"Person {p}", id=p, is_me=p == 1) for p in PEOPLE},
        ties=ties,
        interactions=_in_store_order(history),
    )
    indexed = draw(st.booleans())
    if indexed:  # built before the follows, so carried by them rather than built after
        base.interactions_of  # noqa: B018
        base.in_history_order  # noqa: B018
        for p in base.people:
            base.partners(p)
    newly = draw(st.lists(st.tuples(PAIR, DAYS), max_size=3))
    first = [_meeting(m, day, 50 + n, True) for n, (m, day) in enumerate(newly)]
    middle = base.followed_by(_in_store_order(first))
    kept = tie_strengths(middle, NOW)
    chosen = draw(st.lists(st.sampled_from(sorted(kept)), min_size=1, max_size=3))
    added = [_meeting(list(pair), draw(DAYS), 100 + n, True) for n, pair in enumerate(chosen)]
    after = middle.followed_by(_in_store_order(added))

    followed = rescored(after, NOW, kept, set(chosen))
    fresh = tie_strengths(after, NOW)
    assert followed is not None
    assert followed.keys() == fresh.keys()
    for key, strength in fresh.items():
        got = followed[key]
        assert (got.score, got.interactions, got.last_contact, got.reasons) == (
            strength.score,
            strength.interactions,
            strength.last_contact,
            strength.reasons,
        ), key
