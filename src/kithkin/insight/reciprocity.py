"""Reciprocity: the balance of favours (weighted by kind) and of initiative between two people.

Initiative is reaching out as ``insight.effort`` defines it: a message, an e-mail or a
call that is not a reply; a meeting both attend is joint, whoever sent the invitation.

Seen from ``a``: a positive balance means ``a`` has given more than received
("they owe"), a negative one that ``a`` is in debt ("you owe"). Old favours
fade with a two-year half-life; initiative counts for a fifth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from kithkin.insight import effort
from kithkin.insight.network import Network, history_order
from kithkin.insight.strength_core import DAY
from kithkin.insight.strength_input import seconds
from kithkin.model import Exchange, ExchangeKind, Interaction

FAVOUR_WEIGHT: dict[ExchangeKind, float] = {
    ExchangeKind.REFERRAL: 3.0,
    ExchangeKind.INTRO: 2.0,
    ExchangeKind.RECOMMENDATION: 2.0,
    ExchangeKind.HELP: 1.5,
    ExchangeKind.ADVICE: 1.0,
    ExchangeKind.GIFT: 1.0,
}
FAVOUR_HALF_LIFE_DAYS = 730.0
INITIATIVE_SHARE = 0.2
OWING = 0.2  # |balance| beyond this is a debt, not noise

LABEL_YOU_OWE = "you owe"
LABEL_THEY_OWE = "they owe"
LABEL_BALANCED = "balanced"


@dataclass(frozen=True)
class Reciprocity:
    balance: float  # -1..1, positive when a has given more
    label: str  # "you owe" | "they owe" | "balanced"
    reasons: list[str]


def favour_balance(given: float, received: float) -> float:
    return (given - received) / (given + received + 1.0)


def initiative_balance(by_a: int, by_b: int) -> float:
    return (by_a - by_b) / (by_a + by_b + 2.0)


def label_of(balance: float) -> str:
    if balance > OWING:
        return LABEL_THEY_OWE
    if balance < -OWING:
        return LABEL_YOU_OWE
    return LABEL_BALANCED


def _favour(kind: ExchangeKind, n: int) -> str:
    """ "an intro", "3 referrals", "advice twice"."""
    word = kind.value
    if kind in (ExchangeKind.ADVICE, ExchangeKind.HELP):
        return word if n == 1 else f"{word} {'twice' if n == 2 else f'{n} times'}"
    if n > 1:
        return f"{n} {word}s"
    return ("an " if word[0] in "aeiou" else "a ") + word


def favours(
    exchanges: Iterable[Exchange], a: int, now: datetime
) -> tuple[float, float, dict[ExchangeKind, int], dict[ExchangeKind, int]]:
    """The favours ``a`` gave and received up to ``now`` (weighted, fading), and their kinds."""
    given = received = 0.0
    gave: dict[ExchangeKind, int] = {}
    got: dict[ExchangeKind, int] = {}
    for ex in exchanges:
        if ex.when > now:
            continue
        age = (seconds(now) - seconds(ex.when)) / DAY
        value = FAVOUR_WEIGHT[ex.kind] * ex.weight * 0.5 ** (age / FAVOUR_HALF_LIFE_DAYS)
        if ex.giver == a:
            given += value
            gave[ex.kind] = gave.get(ex.kind, 0) + 1
        else:
            received += value
            got[ex.kind] = got.get(ex.kind, 0) + 1
    return given, received, gave, got


def balance_of(given: float, received: float, by_a: int, by_b: int) -> float:
    """The balance (unrounded) from the favours each way and each side's attempts."""
    balance = (1 - INITIATIVE_SHARE) * favour_balance(given, received)
    return balance + INITIATIVE_SHARE * initiative_balance(by_a, by_b)


def _favours(kinds: dict[ExchangeKind, int]) -> str:
    ranked = sorted(kinds.items(), key=lambda kv: -FAVOUR_WEIGHT[kv[0]] * kv[1])
    return ", ".join(_favour(kind, n) for kind, n in ranked)


def _attempts(
    contacts: Iterable[Interaction], a: int, b: int, now: datetime
) -> tuple[list[bool], list[bool]]:
    """Each side's attempts up to ``now`` among ``contacts`` (``insight.effort``:
    neither meetings nor replies), as whether each was returned."""
    ordered = sorted((it for it in contacts if it.when <= now), key=history_order)
    of_a, of_b = effort.attempts_of_both(ordered, a, b)
    return [back for _, back in of_a], [back for _, back in of_b]


def reaching_out(network: Network, a: int, b: int, now: datetime) -> tuple[int, int]:
    """How often each side reached out to the other up to ``now``."""
    of_a, of_b = _attempts(network.interactions_between(a, b), a, b, now)
    return len(of_a), len(of_b)


def reciprocity(network: Network, a: int, b: int, now: datetime) -> Reciprocity:
    """The balance from ``a``'s side; reasons speak to ``a`` as "you"."""
    return reciprocity_of(
        network.interactions_between(a, b), network.exchanges_between(a, b), a, b, now
    )


def reciprocity_of(
    contacts: Iterable[Interaction],
    exchanges: Iterable[Exchange],
    a: int,
    b: int,
    now: datetime,
) -> Reciprocity:
    """``reciprocity`` from the interactions and favours between ``a`` and ``b`` alone,
    for a caller that has them already (the report reads every tie's)."""
    given, received, gave, got = favours(exchanges, a, now)
    of_a, of_b = _attempts(contacts, a, b, now)
    by_a, by_b = len(of_a), len(of_b)
    balance = balance_of(given, received, by_a, by_b)
    reasons: list[str] = []
    if gave:
        reasons.append(f"you gave {_favours(gave)}")
    if got:
        reasons.append(f"they gave {_favours(got)}")
    if not gave and not got:
        reasons.append("no favours recorded either way")
    if by_a + by_b >= 3:
        if abs(by_a - by_b) <= max(1, (by_a + by_b) // 4):
            reasons.append("you take turns reaching out")
        else:
            # Reaching out more is no debt when it comes back: say so.
            who, most, back = ("you", by_a, of_a) if by_a > by_b else ("they", by_b, of_b)
            returned = ", all returned" if all(back) else ""
            reasons.append(f"{who} started {most} of {by_a + by_b} contacts{returned}")
    label = label_of(balance)
    if label != LABEL_BALANCED:
        reasons.sort(key=lambda r: not r.startswith("they gave" if balance < 0 else "you gave"))
    return Reciprocity(balance=round(balance, 3), label=label, reasons=reasons)


def balances(
    network: Network, a: int, others: Iterable[int], rows: effort.HistoryRows, now: datetime
) -> dict[int, tuple[float, str]]:
    """``reciprocity(network, a, other, now)``'s (balance, label) for each of ``others`` at
    once, from ``a``'s history as rows (``effort.history_rows(network, a, now)``)."""
    attempt, _ = effort.attempts_of_rows(
        rows.other, rows.t, rows.by, rows.directed, rows.unanswered
    )
    n = len(rows.others)
    by_a = np.bincount(rows.other[attempt & (rows.by == effort.BY_A)], minlength=n).tolist()
    by_b = np.bincount(rows.other[attempt & (rows.by == effort.BY_B)], minlength=n).tolist()
    at = dict(zip(rows.others.tolist(), range(n), strict=True))
    # Each person's favours with ``a``, in the order ``exchanges_between`` gives them.
    between: dict[int, list[Exchange]] = {}
    for ex in network.exchanges_of.get(a, ()):
        if ex.giver != ex.receiver and a in (ex.giver, ex.receiver):
            between.setdefault(ex.receiver if ex.giver == a else ex.giver, []).append(ex)
    out = {}
    for other in others:
        k = at.get(other)
        tried = (0, 0) if k is None else (by_a[k], by_b[k])
        given, received, _, _ = favours(between.get(other, ()), a, now)
        balance = balance_of(given, received, *tried)
        out[other] = (round(balance, 3), label_of(balance))
    return out
