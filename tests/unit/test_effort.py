"""Effort (``insight.effort``): meetings are nobody's initiative, replies are no attempts,
and only unreturned attempts damp strength, the same for one tie and for a whole network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kithkin.insight.calibration import History, with_effort
from kithkin.insight.effort import (
    ANSWERED,
    BY_A,
    BY_B,
    BY_NOBODY,
    CHANNEL_CODE,
    MEETINGS,
    NOT_A_QUESTION,
    attempts,
    attempts_of_both,
    effort_codes,
)
from kithkin.insight.network import Network
from kithkin.insight.reciprocity import reciprocity
from kithkin.insight.strength import favours_between, tie_strengths
from kithkin.insight.strength_input import pair_rows
from kithkin.model import Ask, AskKind, AskOutcome, Channel, Interaction, Person, Tie

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ME, AUNT, SAM = 1, 2, 3


def _net(interactions: list[Interaction], asks: list[Ask] | None = None) -> Network:
    people = {
        ME: Person("Jo Park", id=ME, is_me=True),
        AUNT: Person("Rosa Park", id=AUNT),
        SAM: Person("Sam Patel", id=SAM),
    }
    return Network(ME, people, [Tie(ME, AUNT), Tie(ME, SAM)], interactions, asks=asks or [])


def _it(
    days_ago: float,
    channel: Channel,
    by: int,
    other: int = AUNT,
    answered: bool | None = None,
) -> Interaction:
    return Interaction(
        when=NOW - timedelta(days=days_ago),
        channel=channel,
        participants=[ME, other],
        initiator=by,
        answered=answered,
    )


def test_who_sends_the_invitation_is_no_evidence() -> None:
    # A dinner every other week: I send every invitation, or she does; she comes to all.
    mine = [_it(14 * k + 1, Channel.IN_PERSON, ME) for k in range(20)]
    hers = [_it(14 * k + 1, Channel.IN_PERSON, AUNT) for k in range(20)]
    assert attempts(mine, ME) == [] and attempts(hers, AUNT) == []
    a = tie_strengths(_net(mine), NOW)[(ME, AUNT)]
    b = tie_strengths(_net(hers), NOW)[(ME, AUNT)]
    assert a.score == b.score > 0.6
    assert not any("started" in r or "reached out" in r for r in a.reasons)
    assert reciprocity(_net(mine), ME, AUNT, NOW).label == "balanced"


def test_a_reply_within_two_weeks_is_no_attempt_and_never_unanswered() -> None:
    asked = _it(30, Channel.EMAIL, SAM, SAM, answered=None)  # they ask me for a reference
    reply = _it(25, Channel.EMAIL, ME, SAM, answered=False)  # my reply gets no reply back
    assert attempts([asked, reply], ME) == []
    assert [back for _, back in attempts([asked, reply], SAM)] == [True]
    s = tie_strengths(_net([asked, reply]), NOW)[(ME, SAM)]
    assert not any("unanswered" in r for r in s.reasons)
    # Past the window, the same message of mine is an attempt of its own, left unanswered.
    late = _it(10, Channel.EMAIL, ME, SAM, answered=False)
    assert [(it.when, back) for it, back in attempts([asked, late], ME)] == [(late.when, False)]


def test_only_unanswered_reaching_out_damps_strength() -> None:
    # I write every time; she answers every time: a lively tie, not a one-sided one.
    answered = [_it(20 * k + 1, Channel.MESSAGE, ME, answered=True) for k in range(8)]
    ignored = [_it(20 * k + 1, Channel.MESSAGE, ME, answered=False) for k in range(8)]
    kept = tie_strengths(_net(answered), NOW)[(ME, AUNT)]
    lost = tie_strengths(_net(ignored), NOW)[(ME, AUNT)]
    assert "you reached out 8 of 8 times, all answered" in kept.reasons
    assert "you reached out 8 of 8 times, 8 unanswered" in lost.reasons
    assert kept.score > 0.4 > lost.score


def test_only_an_accepted_ask_is_evidence_of_a_relationship() -> None:
    coffee = [_it(30, Channel.IN_PERSON, ME)]

    def favours(outcome: AskOutcome) -> float:
        ask = Ask(AUNT, AskKind.INTRO, "an intro", NOW - timedelta(days=10), outcome=outcome)
        net = _net(coffee, [ask])
        rows = pair_rows(net)
        found = favours_between(net, rows, NOW)
        assert found is not None
        return float(found[rows.index[(ME, AUNT)]])

    assert favours(AskOutcome.ACCEPTED) == 1.0
    assert favours(AskOutcome.DECLINED) == favours(AskOutcome.NO_ANSWER) == 0.0
    assert favours(AskOutcome.PENDING) == 0.0


# A contact between two people as a row: (day, channel, initiator, answered code).
_ROW = st.tuples(
    st.integers(0, 400),
    st.sampled_from(list(Channel)),
    st.sampled_from([BY_A, BY_B, BY_NOBODY]),
    st.sampled_from([True, False, None]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=25, unique_by=lambda r: r[0]))
def test_one_tie_and_the_whole_network_read_effort_alike(
    rows: list[tuple[int, Channel, int, bool | None]],
) -> None:
    """The arrays strength reads count exactly the attempts ``attempts`` finds."""
    its = [
        Interaction(
            when=NOW - timedelta(days=400 - day),
            channel=channel,
            participants=[ME, AUNT],
            initiator=ME if by == BY_A else AUNT if by == BY_B else None,
            # As imports give them: only someone's message, e-mail or call may go unanswered.
            answered=answered if by != BY_NOBODY and channel not in MEETINGS else None,
        )
        for day, channel, by, answered in sorted(rows, key=lambda r: r[0])
    ]
    s = tie_strengths(_net(its), NOW)
    mine, hers = attempts(its, ME), attempts(its, AUNT)
    table = pair_rows(_net(its))
    init, ans = effort_codes(table.pair, table.t, table.channel, table.initiator, table.answered)
    assert int(np.sum(init == BY_A)) == len(mine) and int(np.sum(init == BY_B)) == len(hers)
    lost = sum(not back for _, back in mine + hers)
    assert int(np.sum(ans == 0)) == lost
    assert int(s[(ME, AUNT)].interactions) == sum(
        it.channel is not Channel.EVENT and not (directed and not back)
        for it in its
        for directed, back in [_attempt_state(it, mine + hers)]
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 399),
            st.sampled_from(list(Channel)),
            st.sampled_from([ME, AUNT, SAM, None]),
            st.sampled_from([True, False, None]),
        ),
        max_size=25,
    )
)
def test_both_sides_attempts_in_one_walk_are_each_sides_attempts(
    rows: list[tuple[int, Channel, int | None, bool | None]],
) -> None:
    """``attempts_of_both`` finds each side's attempts as ``attempts`` does, the same
    objects in the same order, whoever else started a contact of the group."""
    its = [
        Interaction(
            when=NOW - timedelta(days=400 - day),
            channel=channel,
            participants=[ME, AUNT, SAM] if by == SAM else [ME, AUNT],
            initiator=by,
            answered=answered,
        )
        for day, channel, by, answered in sorted(rows, key=lambda r: r[0])
    ]
    mine, hers = attempts_of_both(its, ME, AUNT)
    assert [(id(it), back) for it, back in mine] == [(id(it), b) for it, b in attempts(its, ME)]
    assert [(id(it), back) for it, back in hers] == [(id(it), b) for it, b in attempts(its, AUNT)]


def _attempt_state(it: Interaction, found: list[tuple[Interaction, bool]]) -> tuple[bool, bool]:
    """Whether ``it`` is one of the attempts ``found``, and if so whether it came back."""
    for attempt, back in found:
        if attempt is it:
            return True, back
    return False, True


def test_written_back_within_two_weeks_is_returned_in_any_thread() -> None:
    """My e-mail marked unanswered (no reply in its thread) is returned when they call
    back within two weeks; not when they call a month later."""
    mail = _it(40, Channel.EMAIL, ME, answered=False)
    soon, late = _it(35, Channel.CALL, AUNT), _it(5, Channel.CALL, AUNT)
    assert [back for _, back in attempts([mail, soon], ME)] == [True]
    assert [back for _, back in attempts([mail, late], ME)] == [False]
    # The calibration reads the same from its arrays.
    day = 86400.0
    history = History(
        pair=np.zeros(4, dtype=np.int64),
        t=np.array([0.0, 5 * day, 100 * day, 130 * day]),
        channel=np.array([CHANNEL_CODE[Channel.EMAIL], CHANNEL_CODE[Channel.CALL]] * 2, np.int8),
        initiator=np.array([BY_A, BY_B, BY_A, BY_B], dtype=np.int8),
        answered=np.array([0, NOT_A_QUESTION, 0, NOT_A_QUESTION], dtype=np.int8),
        share=np.ones(4),
        node_a=np.zeros(1, dtype=np.int64),
        node_b=np.ones(1, dtype=np.int64),
        n_nodes=2,
    )
    read = with_effort(history)
    assert read.initiator.tolist() == [BY_A, BY_NOBODY, BY_A, BY_B]
    assert read.answered.tolist() == [ANSWERED, NOT_A_QUESTION, 0, NOT_A_QUESTION]
