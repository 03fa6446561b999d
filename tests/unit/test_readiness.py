"""Readiness for an ask: the planted kinds of tie, give-first suggestions, and the hard rule."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from test_strength import (
    CARD,
    LEO,
    ME,
    NOW,
    VICTOR,
    friend_history,
    network,
    one_sided_history,
)

from kithkin.insight.network import Network
from kithkin.insight.readiness import readiness
from kithkin.insight.strength import tie_strengths
from kithkin.model import (
    AskSize,
    Channel,
    Exchange,
    ExchangeKind,
    Interaction,
    Readiness,
    Tie,
    TieKind,
    TieSource,
)


def v_score(net: Network) -> float:
    return tie_strengths(net, NOW)[(ME, LEO)].score


def test_close_friend_is_ready_for_an_intro_with_reasons() -> None:
    net = network(friend_history())
    v = readiness(net, tie_strengths(net, NOW), ME, LEO, AskSize.MEDIUM, NOW)
    assert v.status is Readiness.READY
    assert v.reasons[0] == f"strength {v_score(net):.2f}, enough for a medium ask"
    assert "met in person 5 times in the last 3 months" in v.reasons


def test_one_sided_tie_is_not_appropriate_and_says_why() -> None:
    net = network(one_sided_history())
    v = readiness(net, tie_strengths(net, NOW), ME, VICTOR, AskSize.MEDIUM, NOW)
    assert v.status is Readiness.NOT_APPROPRIATE
    assert v.reasons[0] == (
        "one-sided: your last 4 contacts went unanswered"
        " (2025-10-24, 2026-01-02, 2026-03-03, 2026-05-02)"
    )
    assert v.suggestions == ["pause: don't push; give them room and let them reach out next"]


def test_business_card_is_fine_for_a_question_but_not_an_intro() -> None:
    card = Tie(ME, CARD, kinds=[TieKind("met-at:dataconf 2026")])
    met = Interaction(NOW - timedelta(days=3), Channel.EVENT, [ME, CARD])
    net = network([met], [card])
    s = tie_strengths(net, NOW)
    assert readiness(net, s, ME, CARD, AskSize.SMALL, NOW).status is Readiness.READY
    intro = readiness(net, s, ME, CARD, AskSize.MEDIUM, NOW)
    assert intro.status is Readiness.CULTIVATE_FIRST
    assert intro.reasons[0] == "acquaintance: met at dataconf 2026, no real interaction since"
    assert intro.suggestions[0].startswith("turn the meeting into a relationship")


def test_suggestions_come_from_the_data() -> None:
    old_friend = [
        Interaction(NOW - timedelta(days=400 + 30 * k), Channel.IN_PERSON, [ME, LEO])
        for k in range(12)
    ]
    net = network(old_friend)
    net.exchanges = [
        Exchange(LEO, ME, ExchangeKind.INTRO, NOW - timedelta(days=420)),
        Exchange(LEO, ME, ExchangeKind.REFERRAL, NOW - timedelta(days=500)),
    ]
    net.life_events = {LEO: [("job-change", NOW - timedelta(days=20))]}
    net.people[LEO].affiliations = []
    v = readiness(net, tie_strengths(net, NOW), ME, LEO, AskSize.LARGE, NOW)
    assert v.status is Readiness.CULTIVATE_FIRST
    assert "no real contact for 13 months" in v.reasons
    assert any(r.startswith("you owe them: they gave a referral, an intro") for r in v.reasons)
    assert v.suggestions[0] == "they changed jobs 3 weeks ago: congratulate them on the new role"
    assert any(s.startswith("give first: they gave a referral, an intro") for s in v.suggestions)
    assert any(
        s.startswith("reconnect before asking: it has been 13 months") for s in v.suggestions
    )


def test_nobody_is_never_ready() -> None:
    net = network([])
    v = readiness(net, tie_strengths(net, NOW), ME, LEO, AskSize.SMALL, NOW)
    assert v.status is Readiness.CULTIVATE_FIRST
    assert v.reasons == ["you have no relationship with Leo Martins yet"]


@settings(max_examples=80, deadline=None)
@given(
    closeness=st.one_of(st.none(), st.integers(1, 5)),
    kinds=st.lists(st.sampled_from(["friend", "aunt", "colleague", "met-at:x", "odd"]), max_size=3),
    source=st.sampled_from(list(TieSource)),
    events=st.lists(st.integers(0, 800), max_size=5),
    unanswered=st.lists(st.integers(0, 800), max_size=5),
    favours=st.lists(st.sampled_from(list(ExchangeKind)), max_size=3),
    size=st.sampled_from([AskSize.MEDIUM, AskSize.LARGE]),
)
def test_never_ready_for_more_than_a_small_ask_without_interactions(
    closeness: int | None,
    kinds: list[str],
    source: TieSource,
    events: list[int],
    unanswered: list[int],
    favours: list[ExchangeKind],
    size: AskSize,
) -> None:
    tie = Tie(ME, LEO, closeness=closeness, kinds=[TieKind(k) for k in kinds], source=source)
    its = [Interaction(NOW - timedelta(days=d), Channel.EVENT, [ME, LEO]) for d in events]
    its += [
        Interaction(
            NOW - timedelta(days=d), Channel.MESSAGE, [ME, LEO], initiator=ME, answered=False
        )
        for d in unanswered
    ]
    net = network(its, [tie])
    net.exchanges = [Exchange(ME, LEO, k, NOW - timedelta(days=5)) for k in favours]
    v = readiness(net, tie_strengths(net, NOW), ME, LEO, size, NOW)
    assert v.status is not Readiness.READY
