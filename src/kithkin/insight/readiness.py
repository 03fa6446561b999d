"""Readiness: can a tie carry an ask of this size now, and if not, what to give first.

The rules run on arrays (``readiness_codes``) so every tie of a large network
is judged at once; ``readiness`` applies the same rules to one tie and words
them, with give-first suggestions drawn from the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from kithkin.insight.network import Network
from kithkin.insight.one_sided import OneSidedTie, check_tie, one_to_one, unanswered_streak
from kithkin.insight.readiness_asks import (
    PENDING_DAYS,
    REST_DAYS,
    AskTargets,
    PastAsk,
    asks_through,
    carried,
    resting,
)
from kithkin.insight.readiness_facts import Facts, pair_facts
from kithkin.insight.reciprocity import OWING, reciprocity
from kithkin.insight.strength import TieStrength, span
from kithkin.model import AskOutcome, AskSize, Readiness

# Least strength each size of ask needs.
NEEDS: dict[AskSize, float] = {AskSize.SMALL: 0.15, AskSize.MEDIUM: 0.4, AskSize.LARGE: 0.6}
STALE_DAYS = 365.0  # no real contact for this long: reconnect before any ask
RECENT_MEETING_DAYS = 90.0  # a small question to someone met this recently is fine
ONE_SIDED_SHARE = 0.85
ONE_SIDED_MIN = 4

STATUSES: list[Readiness] = [Readiness.READY, Readiness.CULTIVATE_FIRST, Readiness.NOT_APPROPRIATE]
SIZE_CODE: dict[AskSize, int] = {AskSize.SMALL: 0, AskSize.MEDIUM: 1, AskSize.LARGE: 2}


@dataclass(frozen=True)
class ReadinessVerdict:
    status: Readiness
    reasons: list[str]
    suggestions: list[str]


def readiness_codes(
    f: Facts, size: AskSize, one_sided: npt.NDArray[np.bool_] | None = None
) -> tuple[npt.NDArray[np.int8], dict[str, np.ndarray]]:
    """Status per tie (index into ``STATUSES``) and which rule fired for each.

    ``one_sided``, when known from the tie's attempts (``insight.one_sided``), replaces
    the estimate from the initiative counts."""
    s = SIZE_CODE[size]
    started = f.by_me + f.by_them
    if one_sided is None:
        one_sided = (f.tail >= 3) | (
            (started >= ONE_SIDED_MIN) & (f.by_me >= ONE_SIDED_SHARE * started) & (f.tail >= 1)
        )
    flags = {
        "no_tie": ~f.linked,
        "no_real": f.real == 0,
        "met_recently": f.days_since_contact <= RECENT_MEETING_DAYS,
        "one_sided": one_sided,
        "unanswered": f.tail >= 1,
        "stale": ~(f.days_since_real <= STALE_DAYS),
        "weak": f.score < NEEDS[size],
        "you_owe": f.balance < -OWING,
        "asked_recently": f.recent_ask,
    }
    worst = np.zeros(len(f.score), dtype=np.int8)

    def at_least(mask: np.ndarray, code: int) -> None:
        np.maximum(worst, np.where(mask, code, 0).astype(np.int8), out=worst)

    cultivate, wrong = 1, 2
    no_real, stated = flags["no_real"], ~f.acquaintance & f.linked
    # Nothing real across the tie: a small ask at most, and only soon after meeting or
    # when the user states a relationship (an aunt, a friend).
    at_least(no_real & ~((flags["met_recently"] & f.linked) | stated), cultivate)
    if s >= 1:
        at_least(no_real, cultivate)
        at_least(no_real & ~stated & ~(flags["met_recently"] & f.linked), wrong)
    if s == 2:
        at_least(no_real, wrong)
    # Don't force the connection: a one-sided tie is no channel for a favour.
    at_least(flags["one_sided"], wrong if s >= 1 else cultivate)
    at_least(flags["unanswered"], cultivate if s >= 1 else 0)
    at_least(flags["stale"] & ~flags["no_real"], cultivate)
    at_least(flags["weak"] & ~flags["no_real"], cultivate)
    if s >= 1:
        at_least(flags["you_owe"], cultivate)
        at_least(flags["asked_recently"], cultivate)
    return worst, flags


def readiness(
    network: Network,
    strengths: Mapping[tuple[int, int], TieStrength],
    me: int,
    other: int,
    size: AskSize,
    now: datetime,
    targets: AskTargets | None = None,
) -> ReadinessVerdict:
    """Whether ``other`` can carry an ask of ``size`` from ``me`` now, with reasons and
    give-first suggestions.

    ``me`` is whoever asks: the user, or a connector further along a path asking the
    next person on it (then the reasons speak of both by name, and only the user's own
    asks and their outcomes count for the user)."""
    pair = (min(me, other), max(me, other))
    strength = strengths.get(pair)
    recip = reciprocity(network, me, other, now)
    past = asks_through(network, other, now, targets) if me == network.me else []
    rest, yes = resting(past), carried(past, size)
    facts = pair_facts(network, me, other, strength, recip.balance, now, rest is not None)
    if yes is not None:  # they said yes to an ask this size: the score does not hold them back
        facts = replace(facts, score=np.maximum(facts.score, NEEDS[size]))
    # Unreturned effort, not who starts: a meeting they came to or my reply to them
    # is no unanswered attempt.
    contacts = one_to_one(network, me, other, now)
    lopsided = check_tie(network, me, other, contacts, now)
    facts = replace(facts, tail=np.array([len(unanswered_streak(contacts, me))]))
    codes, flags = readiness_codes(facts, size, np.array([lopsided is not None]))
    status = STATUSES[int(codes[0])]
    on = {k: bool(v[0]) for k, v in flags.items()}
    name = _name(network, other)
    if me != network.me:
        if status is Readiness.NOT_APPROPRIATE and not on["one_sided"]:
            # I do not see the contacts between two others: their silence in my records
            # is unknown, not a refusal, so it is for the connector to say.
            status = Readiness.CULTIVATE_FIRST
        reasons = _connector_reasons(on, facts, strength, size, _name(network, me), name)
        return ReadinessVerdict(status, reasons, _connector_suggestions(on, _name(network, me)))
    reasons = _reasons(on, facts, strength, recip.reasons, size, name, rest, lopsided)
    if yes is not None and yes is not rest:
        reasons.append(yes.words())
    suggestions = _suggestions(network, on, facts, other, recip.reasons, now, status, rest)
    return ReadinessVerdict(status=status, reasons=reasons, suggestions=suggestions)


def _name(network: Network, pid: int) -> str:
    person = network.people.get(pid)
    return person.display_name if person else f"#{pid}"


def _connector_reasons(
    on: dict[str, bool],
    f: Facts,
    strength: TieStrength | None,
    size: AskSize,
    asker: str,
    asked: str,
) -> list[str]:
    """Why a connector can (or cannot) pass the ask on to the next person of a path."""
    if on["no_tie"]:
        return [f"{asker} and {asked} have no recorded contact"]
    out: list[str] = []
    score = float(f.score[0])
    if on["no_real"]:
        out.append(f"{asker} has never interacted with {asked}, as far as you know")
    if on["one_sided"]:
        out.append(f"{asker}'s contacts with {asked} go unanswered")
    elif on["unanswered"]:
        out.append(f"{asked} has not answered {asker}'s last message")
    if on["stale"] and not on["no_real"]:
        out.append(
            f"{asker} and {asked} have not been in touch for {span(float(f.days_since_real[0]))}"
        )
    if on["weak"] and not on["no_real"]:
        out.append(
            f"their tie's strength {score:.2f} is below the {NEEDS[size]:.2f}"
            f" a {size.value} ask needs"
        )
    if on["you_owe"] and size is not AskSize.SMALL:
        out.append(f"{asker} owes {asked} favours already")
    if not out:
        out.append(f"strength {score:.2f}, enough for {asker} to pass on a {size.value} ask")
        if strength is not None:
            out.extend(r for r in strength.reasons[:2] if not r.startswith("no "))
    return out


def _connector_suggestions(on: dict[str, bool], asker: str) -> list[str]:
    if on["no_tie"] or on["no_real"] or on["stale"] or on["weak"]:
        return [f"ask {asker} first whether they know them well enough to introduce you"]
    if on["one_sided"] or on["unanswered"]:
        return [f"ask {asker} whether someone else could pass it on"]
    return []


def _reasons(
    on: dict[str, bool],
    f: Facts,
    strength: TieStrength | None,
    recip: list[str],
    size: AskSize,
    name: str,
    rest: PastAsk | None = None,
    lopsided: OneSidedTie | None = None,
) -> list[str]:
    out: list[str] = []
    score = float(f.score[0])
    if on["no_tie"]:
        return [f"you have no relationship with {name} yet"]
    if on["no_real"]:
        if strength is not None and strength.acquaintance:
            out.append(strength.reasons[0])
        else:
            out.append("no real interaction recorded yet")
        if size is not AskSize.SMALL:
            out.append("a tie with no real interaction can carry a small ask at most")
    if on["one_sided"] and lopsided is not None:
        out.append("one-sided: " + "; ".join(lopsided.reasons[:-1]))
    elif on["unanswered"]:
        out.append("your last message is still unanswered")
    if on["stale"] and not on["no_real"]:
        out.append(f"no real contact for {span(float(f.days_since_real[0]))}")
    if on["weak"] and not on["no_real"]:
        out.append(f"strength {score:.2f} is below the {NEEDS[size]:.2f} a {size.value} ask needs")
    if on["you_owe"] and size is not AskSize.SMALL:
        out.append("you owe them: " + (recip[0] if recip else "they have given more"))
    if on["asked_recently"] and size is not AskSize.SMALL and rest is not None:
        out.append(rest.words() + _rest_why(rest))
    if not out:
        out.append(f"strength {score:.2f}, enough for a {size.value} ask")
    if strength is not None and not on["no_real"] and not on["one_sided"]:
        # What the strength rests on: the top reasons that are not already said.
        # Who answered and who reached out is said above and by the reciprocity (which
        # counts replies and meetings as returned effort), not by the strength's counts.
        out.extend(
            r
            for r in strength.reasons[:3]
            if r not in out
            and not r.startswith("no ")
            and " reached out " not in r
            and "unanswered" not in r
        )
    if not on["you_owe"] and recip and not on["one_sided"]:
        out.extend(
            r
            for r in recip
            if r.startswith(("you take turns", "you gave")) or r.endswith("all returned")
        )
    return out


def _rest_why(rest: PastAsk) -> str:
    """How long the tie rests after this ask, and why."""
    if rest.outcome is AskOutcome.PENDING:
        return f" (an open ask settles for {PENDING_DAYS / 30:.0f} months before the next)"
    return (
        f" (after a {'no' if rest.outcome is AskOutcome.DECLINED else 'silence'}, the tie rests"
        f" {REST_DAYS / 30:.0f} months before the next ask)"
    )


def _suggestions(
    network: Network,
    on: dict[str, bool],
    f: Facts,
    other: int,
    recip: list[str],
    now: datetime,
    status: Readiness,
    rest: PastAsk | None = None,
) -> list[str]:
    out: list[str] = []
    person = network.people.get(other)
    for kind, when in network.life_events.get(other, []):
        if isinstance(when, datetime) and 0 <= (now - when).days <= 180:
            if "job" in kind or "role" in kind or "promotion" in kind:
                where = person.headline if person and person.headline else "the new role"
                out.append(
                    f"they changed jobs {span((now - when).days)} ago: congratulate them on {where}"
                )
            else:
                out.append(
                    f"they had a {kind.replace('-', ' ')} {span((now - when).days)} ago:"
                    " send a note"
                )
    if status is Readiness.READY:
        return out
    if on["no_tie"]:
        out.append("look for a warm path: someone you know well who knows them")
        return out
    if on["one_sided"]:
        out.append("pause: don't push; give them room and let them reach out next")
        return out
    if on["you_owe"]:
        debt = next((r for r in recip if r.startswith("they gave")), "they have helped you")
        out.append(f"give first: {debt}; offer an intro, a referral or help they would value")
    if on["no_real"]:
        out.append(
            "turn the meeting into a relationship: follow up on what you talked about"
            " and offer something useful before asking"
        )
    elif on["stale"]:
        out.append(
            f"reconnect before asking: it has been {span(float(f.days_since_real[0]))};"
            " catch up first"
        )
    elif on["unanswered"]:
        out.append("wait for an answer to your last message before asking anything")
    elif on["weak"]:
        out.append("cultivate first: meet or call, and help with something of theirs")
    if on["asked_recently"] and rest is not None:
        until = now.date() + timedelta(days=max(rest.rests_until_days - rest.age_days, 0.0))
        out.append(
            "let your last ask settle before making another"
            if rest.outcome is AskOutcome.PENDING
            else f"give something first and ask again after {until:%Y-%m-%d}"
        )
    return out
