"""One-sided ties: the unanswered streak and the initiative share, on plain data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kithkin.insight.network import Network
from kithkin.insight.one_sided import one_sided_ties
from kithkin.model import Channel, Interaction, Person, Tie

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ME, VIC, ANA, BEN = 1, 2, 3, 4


def _net(interactions: list[Interaction]) -> Network:
    people = {
        ME: Person("Alex Morgan", id=ME, is_me=True),
        VIC: Person("Victor Hale", id=VIC),
        ANA: Person("Ana Costa", id=ANA),
        BEN: Person("Ben Okafor", id=BEN),
    }
    ties = [Tie(ME, VIC), Tie(ME, ANA), Tie(ME, BEN)]
    return Network(ME, people, ties, interactions)


def _msg(days_ago: int, other: int, mine: bool = True, answered: bool | None = True) -> Interaction:
    return Interaction(
        when=NOW - timedelta(days=days_ago),
        channel=Channel.MESSAGE,
        participants=[ME, other],
        initiator=ME if mine else other,
        answered=answered,
    )


def test_three_unanswered_in_a_row_is_one_sided_with_the_dates() -> None:
    net = _net(
        [
            _msg(100, VIC),
            _msg(60, VIC, answered=False),
            _msg(30, VIC, answered=False),
            _msg(10, VIC, answered=False),
        ]
    )
    (found,) = one_sided_ties(net, NOW)
    assert found.name == "Victor Hale"
    assert found.unanswered_streak == 3
    assert [d.isoformat() for d in found.unanswered_dates] == [
        "2026-04-02",
        "2026-05-02",
        "2026-05-22",
    ]
    assert found.last_reply == NOW - timedelta(days=100)
    assert "your last 3 contacts went unanswered" in found.reasons[0]


def test_a_reply_breaks_the_streak() -> None:
    net = _net(
        [
            _msg(60, VIC, answered=False),
            _msg(30, VIC, answered=False),
            _msg(20, VIC, mine=False),
            _msg(10, VIC, answered=False),
        ]
    )
    assert one_sided_ties(net, NOW) == []


def test_most_attempts_in_a_year_never_returned() -> None:
    # Five attempts of mine, four never returned; then, three weeks after the last, they
    # wrote (too late to be a reply) and I replied.
    tries = [_msg(d, ANA, answered=d == 100) for d in (200, 150, 100, 50, 41)]
    (found,) = one_sided_ties(_net([*tries, _msg(20, ANA, mine=False), _msg(12, ANA)]), NOW)
    assert (found.unreturned_12m, found.attempts_12m) == (4, 5)
    assert found.unanswered_streak == 0  # my reply to them ends no streak of mine
    assert "4 of your 5 attempts in the last 12 months were never returned (80%)" in (found.reasons)
    # One more of them returned and the tie is no longer one-sided.
    tries[0] = _msg(200, ANA)
    assert one_sided_ties(_net([*tries, _msg(20, ANA, mine=False), _msg(12, ANA)]), NOW) == []


def _dinner(days_ago: int, other: int) -> Interaction:
    """A meeting I sent the calendar invitation for, which they attended."""
    return Interaction(
        when=NOW - timedelta(days=days_ago),
        channel=Channel.IN_PERSON,
        participants=[ME, other],
        initiator=ME,
    )


def test_meetings_they_attend_and_answers_are_returned_effort() -> None:
    # Every invitation is mine, every meeting attended: not one-sided however many.
    dinners = [_dinner(d, ANA) for d in range(5, 360, 14)]
    # They asked, I replied and nobody wrote back: a reply is never an unanswered attempt.
    asked = [_msg(12, BEN, mine=False), _msg(11, BEN, answered=False)]
    assert one_sided_ties(_net(dinners + asked), NOW) == []


def test_balanced_or_too_few_or_old_contacts_are_not_one_sided() -> None:
    balanced = [_msg(d, BEN, mine=d % 2 == 0) for d in range(10, 200, 15)]
    too_few = [_msg(d, ANA) for d in (40, 30, 20, 10)]  # 4 answered contacts, all mine
    old = [_msg(d, VIC) for d in (500, 450, 420, 400, 390)] + [_msg(20, VIC, mine=False)]
    assert one_sided_ties(_net(balanced + too_few + old), NOW) == []


def test_group_events_do_not_count() -> None:
    group = [
        Interaction(
            NOW - timedelta(days=d), Channel.EMAIL, [ME, VIC, ANA], initiator=ME, answered=False
        )
        for d in (30, 20, 10)
    ]
    assert one_sided_ties(_net(group), NOW) == []


def test_contacts_after_now_are_ignored() -> None:
    net = _net(
        [
            _msg(30, VIC, answered=False),
            _msg(20, VIC, answered=False),
            _msg(10, VIC, answered=False),
            _msg(-5, VIC, mine=False),
        ]
    )
    assert [o.name for o in one_sided_ties(net, NOW)] == ["Victor Hale"]
    assert one_sided_ties(net, NOW + timedelta(days=6)) == []


def test_a_call_back_within_two_weeks_returns_an_unanswered_e_mail() -> None:
    # Three e-mails no reply in their threads; each time, they called back within days.
    contacts: list[Interaction] = []
    for d in (90, 60, 30):
        contacts += [_msg(d, VIC, answered=False), _msg(d - 3, VIC, mine=False)]
    assert one_sided_ties(_net(contacts), NOW) == []
    # Without the calls, the same e-mails are a one-sided streak.
    (found,) = one_sided_ties(_net(contacts[::2]), NOW)
    assert found.unanswered_streak == 3
