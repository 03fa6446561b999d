"""Tie strength: a 0–1 score per pair with its reasons in plain words.

The score comes from ``strength_core.strength_arrays`` (channel-weighted,
half-life-decayed interactions, distinct days in contact, duration, people in
common, stated closeness and kinds, damped by one-sidedness and unanswered
contacts); this module feeds it a ``Network`` and words the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from kithkin.insight.acquaintance import acquaintance_reason, is_acquaintance, stated_evidence
from kithkin.insight.network import Network
from kithkin.insight.strength_core import (
    CHANNELS,
    DAY,
    EVENT,
    StrengthArrays,
    StrengthParams,
    shared_neighbours,
    strength_arrays,
)
from kithkin.insight.strength_input import Pair, PairRows, pair_rows, seconds
from kithkin.model import Channel, Tie, TieSource


@dataclass(frozen=True)
class TieStrength:
    a: int  # the pair, a < b
    b: int
    score: float  # 0..1
    reasons: list[str]  # plain words, most important first
    interactions: int  # real interactions between the two
    last_contact: datetime | None
    acquaintance: bool  # no meaningful interaction (business card, LinkedIn-only)


def tie_strengths(
    network: Network, now: datetime, params: StrengthParams | None = None
) -> dict[Pair, TieStrength]:
    """Every tie in ``network.ties`` and every pair with interactions, keyed by (min, max)."""
    rows = pair_rows(network)
    arrays = network_strength_arrays(network, rows, now, params)
    recent = _channel_counts(rows, seconds(now) - 90 * DAY, seconds(now))
    year = _channel_counts(rows, seconds(now) - 365 * DAY, seconds(now))
    events = _channel_counts(rows, -np.inf, seconds(now))[:, EVENT]
    out: dict[Pair, TieStrength] = {}
    for k, (a, b) in enumerate(rows.pairs):
        tie = network.tie(a, b)
        last = arrays.last[k]
        acquaintance = is_acquaintance(int(arrays.real[k]), tie)
        words = Words(network, a, b)
        reasons = _reasons(arrays, k, words, tie, now, recent[k], year[k])
        if acquaintance:
            reasons.insert(0, acquaintance_reason(tie, int(events[k])))
        out[(a, b)] = TieStrength(
            a=a,
            b=b,
            score=float(arrays.score[k]),
            reasons=reasons,
            interactions=int(arrays.real[k]),
            last_contact=None if np.isnan(last) else datetime.fromtimestamp(last, UTC),
            acquaintance=acquaintance,
        )
    return out


def network_strength_arrays(
    network: Network, rows: PairRows, now: datetime, params: StrengthParams | None = None
) -> StrengthArrays:
    """``strength_arrays`` over a network's pairs, with its ties' stated evidence."""
    n = rows.n_pairs
    ties = [network.tie(a, b) for a, b in rows.pairs]
    closeness = np.array(
        [t.closeness if t is not None and t.closeness else np.nan for t in ties], dtype=np.float64
    )
    stated = np.array([stated_evidence(t) for t in ties], dtype=np.float64)
    ids = sorted({x for pair in rows.pairs for x in pair})
    dense = {pid: i for i, pid in enumerate(ids)}
    pa = np.array([dense[a] for a, _ in rows.pairs], dtype=np.int64)
    pb = np.array([dense[b] for _, b in rows.pairs], dtype=np.int64)
    embedded = shared_neighbours(len(ids), pa, pb) if n else np.zeros(0)
    return strength_arrays(
        n,
        rows.pair,
        rows.t,
        rows.channel,
        rows.initiator,
        rows.answered,
        seconds(now),
        share=rows.share,
        closeness=closeness,
        stated=stated,
        embedded=embedded,
        params=params,
    )


def _channel_counts(rows: PairRows, since: float, until: float) -> np.ndarray:
    """Contacts (not left unanswered) per pair and channel in [since, until]."""
    n_ch = len(CHANNELS)
    mask = (rows.t >= since) & (rows.t <= until) & (rows.answered != 0)
    keys = rows.pair[mask] * n_ch + rows.channel[mask]
    counts = np.bincount(keys, minlength=rows.n_pairs * n_ch)
    return counts.reshape(rows.n_pairs, n_ch)


class Words:
    """How to name the two sides: "you"/"they" when one of them is me, names otherwise."""

    def __init__(self, network: Network, a: int, b: int) -> None:
        self.mine = network.me in (a, b)
        self.first_is_me = network.me == a

        def name(pid: int) -> str:
            person = network.people.get(pid)
            return person.display_name if person else f"#{pid}"

        self.a, self.b = name(a), name(b)

    def starter(self, by_a: bool) -> str:
        if self.mine:
            return "you" if by_a == self.first_is_me else "they"
        return self.a if by_a else self.b


PHRASE = {
    Channel.IN_PERSON: "met in person",
    Channel.CALL: "spoke on the phone",
    Channel.VIDEO: "had a video call",
    Channel.MESSAGE: "exchanged messages",
    Channel.EMAIL: "exchanged e-mails",
    Channel.EVENT: "were at the same event",
}


def times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def span(days: float) -> str:
    """A duration the way people say it: 5 days, 3 weeks, 4 months, 2 years."""
    if days < 14:
        d = max(round(days), 1)
        return f"{d} day" + ("s" if d != 1 else "")
    if days < 60:
        return f"{round(days / 7)} weeks"
    if days < 730:
        return f"{round(days / 30.44)} months"
    return f"{round(days / 365.25)} years"


def _reasons(
    arr: StrengthArrays,
    k: int,
    words: Words,
    tie: Tie | None,
    now: datetime,
    recent: np.ndarray,
    year: np.ndarray,
) -> list[str]:
    """Candidate reasons with an importance in nats; the strongest come first."""
    found: list[tuple[float, str]] = []
    intensity = float(arr.parts["intensity"][k] + arr.parts["days"][k])
    for window, counts in (("the last 3 months", recent), ("the last year", year)):
        if counts.sum():
            for ch in np.argsort(-counts * _order_bonus(), kind="stable")[:2]:
                if counts[ch]:
                    text = f"{PHRASE[CHANNELS[ch]]} {times(int(counts[ch]))} in {window}"
                    found.append((intensity * counts[ch] / counts.sum(), text))
            break
    last = arr.last[k]
    if np.isnan(last):
        if arr.total[k] == 0:
            found.append((0.5, "no interaction recorded"))
    else:
        gap = (seconds(now) - last) / DAY
        if gap > 180:
            found.append((1.0 + gap / 365, f"no contact for {span(gap)}"))
        elif not year.sum():
            found.append((0.2, f"last contact {span(gap)} ago"))
    started = int(arr.by_a[k] + arr.by_b[k])
    if started >= 3:
        lost = 1.0 - float(arr.initiative_factor[k])
        if lost < 0.1:
            both = "they reach out as often as you" if words.mine else "both sides reach out"
            found.append((0.3, both))
        else:
            by_a = bool(arr.by_a[k] >= arr.by_b[k])
            most = int(max(arr.by_a[k], arr.by_b[k]))
            found.append((2 * lost, f"{words.starter(by_a)} started {most} of {started} contacts"))
    tail = int(arr.unanswered_tail[k])
    if tail:
        what = "contact went" if tail == 1 else f"{tail} contacts went"
        found.append((1.0 - float(arr.answer_factor[k]) + 0.5, f"the last {what} unanswered"))
    span_days = float(arr.parts["duration"][k])
    if span_days > 0 and not np.isnan(arr.first[k]):
        known = (last - arr.first[k]) / DAY
        if known >= 30:
            found.append((span_days, f"in touch for {span(known)}"))
    n_common = int(arr.common[k])
    if n_common > 0:
        found.append(
            (
                0.1 * float(arr.parts["embedded"][k]),  # context for the rest, rarely the lead
                f"{n_common} {'person' if n_common == 1 else 'people'} in common",
            )
        )
    if tie is not None:
        if tie.closeness:
            whose = "you rated" if words.mine else "stated"
            found.append((float(arr.parts["closeness"][k]), f"{whose} closeness {tie.closeness}/5"))
        kinds = [x.kind for x in tie.kinds if not x.kind.startswith("met-at:")]
        if kinds:
            found.append((float(arr.parts["stated"][k]) + 0.05, ", ".join(kinds)))
        if tie.source is TieSource.INFERRED:
            why = f": {tie.evidence}" if tie.evidence else ""
            found.append((0.1, f"inferred ({tie.confidence:.0%}){why}"))
    found.sort(key=lambda r: -r[0])
    return [text for _, text in found]


def _order_bonus() -> np.ndarray:
    """Break ties between channel counts in favour of the richer channel."""
    return 1.0 + np.linspace(0.01, 0.0, len(CHANNELS))
