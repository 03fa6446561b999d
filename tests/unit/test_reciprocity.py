"""Reciprocity: favours weighted by kind, initiative, and the label from my side."""

from __future__ import annotations

from datetime import timedelta

from test_strength import LEO, ME, NOW, friend_history, network, one_sided_history

from kithkin.insight.reciprocity import reciprocity
from kithkin.model import Exchange, ExchangeKind


def test_favours_received_make_me_owe() -> None:
    net = network(friend_history())
    net.exchanges = [
        Exchange(LEO, ME, ExchangeKind.REFERRAL, NOW - timedelta(days=30)),
        Exchange(ME, LEO, ExchangeKind.ADVICE, NOW - timedelta(days=20)),
    ]
    mine = reciprocity(net, ME, LEO, NOW)
    assert mine.label == "you owe" and mine.balance < 0
    assert mine.reasons[0] == "they gave a referral"
    theirs = reciprocity(net, LEO, ME, NOW)
    assert theirs.label == "they owe" and theirs.balance == -mine.balance


def test_even_favours_and_turns_are_balanced() -> None:
    net = network(friend_history())
    net.exchanges = [
        Exchange(LEO, ME, ExchangeKind.INTRO, NOW - timedelta(days=30)),
        Exchange(ME, LEO, ExchangeKind.INTRO, NOW - timedelta(days=20)),
    ]
    r = reciprocity(net, ME, LEO, NOW)
    assert r.label == "balanced"
    assert "you take turns reaching out" in r.reasons


def test_initiative_alone_tilts_but_does_not_make_a_debt() -> None:
    from test_strength import VICTOR

    r = reciprocity(network(one_sided_history()), ME, VICTOR, NOW)
    assert 0 < r.balance <= 0.2 and r.label == "balanced"
    assert "you started 6 of 6 contacts" in r.reasons
