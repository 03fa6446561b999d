"""Tie strength: a 0–1 score per pair with its reasons in plain words.

The score comes from ``strength_core.strength_arrays`` (channel-weighted,
half-life-decayed interactions, distinct days in contact, duration, people in
common, stated closeness and kinds, damped by one-sidedness and unanswered
contacts); this module feeds it a ``Network`` and words the result.
"""

from __future__ import annotations

import math
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
    recent = _channel_counts(rows, seconds(now) - 90 * DAY, seconds(now)).tolist()
    year = _channel_counts(rows, seconds(now) - 365 * DAY, seconds(now)).tolist()
    events = _channel_counts(rows, -np.inf, seconds(now))[:, EVENT].tolist()
    # Plain Python values from here: one loop over pairs, no per-pair numpy calls.
    col = _columns(arrays)
    names = {pid: p.display_name for pid, p in network.people.items()}
    ties = network.ties_by_pair
    now_s = seconds(now)
    out: dict[Pair, TieStrength] = {}
    for k, (a, b) in enumerate(rows.pairs):
        tie = ties.get((a, b))
        last = col["last"][k]
        real = int(col["real"][k])
        acquaintance = is_acquaintance(real, tie)
        words = Words(network.me, names, a, b)
        reasons = _reasons(col, k, words, tie, now_s, recent[k], year[k])
        if acquaintance:
            reasons.insert(0, acquaintance_reason(tie, int(events[k])))
        out[(a, b)] = TieStrength(
            a=a,
            b=b,
            score=col["score"][k],
            reasons=reasons,
            interactions=real,
            last_contact=None if math.isnan(last) else datetime.fromtimestamp(last, UTC),
            acquaintance=acquaintance,
        )
    return out


def _columns(arr: StrengthArrays) -> dict[str, list[float]]:
    """The arrays the explanation reads, as Python lists (fast to index one by one)."""
    col: dict[str, list[float]] = {
        name: getattr(arr, name).tolist()
        for name in (
            "score", "last", "first", "real", "total", "by_a", "by_b", "unanswered_tail",
            "initiative_factor", "answer_factor", "common",
        )
    }  # fmt: skip
    for part, values in arr.parts.items():
        col[f"part_{part}"] = values.tolist()
    return col


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

    def __init__(self, me: int | None, names: dict[int, str], a: int, b: int) -> None:
        self.mine = me in (a, b)
        self.first_is_me = me == a
        self.names, self.a, self.b = names, a, b

    def starter(self, by_a: bool) -> str:
        if self.mine:
            return "you" if by_a == self.first_is_me else "they"
        pid = self.a if by_a else self.b
        return self.names.get(pid, f"#{pid}")


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
    col: dict[str, list[float]],
    k: int,
    words: Words,
    tie: Tie | None,
    now: float,
    recent: list[int],
    year: list[int],
) -> list[str]:
    """Candidate reasons with an importance in nats; the strongest come first."""
    found: list[tuple[float, str]] = []
    intensity = col["part_intensity"][k] + col["part_days"][k]
    for window, counts in (("the last 3 months", recent), ("the last year", year)):
        total = sum(counts)
        if total:
            # The two busiest channels; on a tie, the richer (CHANNELS runs richest first).
            for ch in sorted(range(len(counts)), key=lambda c: (-counts[c], c))[:2]:
                if counts[ch]:
                    text = f"{PHRASE[CHANNELS[ch]]} {times(counts[ch])} in {window}"
                    found.append((intensity * counts[ch] / total, text))
            break
    last = col["last"][k]
    if math.isnan(last):
        if col["total"][k] == 0:
            found.append((0.5, "no interaction recorded"))
    else:
        gap = (now - last) / DAY
        if gap > 180:
            found.append((1.0 + gap / 365, f"no contact for {span(gap)}"))
        elif not sum(year):
            found.append((0.2, f"last contact {span(gap)} ago"))
    by_a, by_b = int(col["by_a"][k]), int(col["by_b"][k])
    started = by_a + by_b
    if started >= 3:
        lost = 1.0 - col["initiative_factor"][k]
        if lost < 0.1:
            both = "they reach out as often as you" if words.mine else "both sides reach out"
            found.append((0.3, both))
        else:
            most = max(by_a, by_b)
            who = words.starter(by_a >= by_b)
            found.append((2 * lost, f"{who} started {most} of {started} contacts"))
    tail = int(col["unanswered_tail"][k])
    if tail:
        what = "contact went" if tail == 1 else f"{tail} contacts went"
        found.append((1.5 - col["answer_factor"][k], f"the last {what} unanswered"))
    duration = col["part_duration"][k]
    if duration > 0 and not math.isnan(col["first"][k]):
        known = (last - col["first"][k]) / DAY
        if known >= 30:
            found.append((duration, f"in touch for {span(known)}"))
    n_common = int(col["common"][k])
    if n_common > 0:
        people = "person" if n_common == 1 else "people"
        # Context for the rest, rarely the lead.
        found.append((0.1 * col["part_embedded"][k], f"{n_common} {people} in common"))
    if tie is not None:
        if tie.closeness:
            whose = "you rated" if words.mine else "stated"
            found.append((col["part_closeness"][k], f"{whose} closeness {tie.closeness}/5"))
        kinds = [x.kind for x in tie.kinds if not x.kind.startswith("met-at:")]
        if kinds:
            found.append((col["part_stated"][k] + 0.05, ", ".join(kinds)))
        if tie.source is TieSource.INFERRED:
            why = f": {tie.evidence}" if tie.evidence else ""
            found.append((0.1, f"inferred ({tie.confidence:.0%}){why}"))
    found.sort(key=lambda r: -r[0])
    return [text for _, text in found]
