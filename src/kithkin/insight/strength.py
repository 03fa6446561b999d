"""Tie strength: a 0–1 score per pair with its reasons in plain words.

The score comes from ``strength_core.strength_arrays`` (channel-weighted,
half-life-decayed interactions, distinct days in contact, duration, people in
common, stated closeness and kinds, damped by one-sidedness and unanswered
contacts); this module feeds it a ``Network`` and words the result. The words
are put together only when a pair's ``reasons`` are first read: a page shows a
few dozen explanations, while a network has tens of thousands of pairs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Protocol

import numpy as np
import numpy.typing as npt

from kithkin.insight.acquaintance import acquaintance_reason, stated_evidence
from kithkin.insight.effort import InteractionColumns
from kithkin.insight.network import Network, history_order
from kithkin.insight.strength_core import (
    CHANNELS,
    DAY,
    EVENT,
    F64,
    StrengthArrays,
    StrengthParams,
    shared_neighbours,
    strength_arrays,
)
from kithkin.insight.strength_input import Pair, PairRows, pair_rows, seconds
from kithkin.model import AskOutcome, Channel, Tie, TieSource


class Explains(Protocol):
    """Words a scoring's ``k``-th pair on demand (``_Explainer``)."""

    def reasons(self, k: int) -> list[str]: ...


class TieStrength:
    """One pair's strength. ``reasons`` may be given as words, as a function that
    words them, or as an ``Explains`` and the pair's index in it; worded once, on
    first read. Read-only by convention."""

    __slots__ = ("_k", "_reasons", "a", "acquaintance", "b", "interactions", "last_contact",
                 "score")  # fmt: skip

    def __init__(
        self,
        a: int,  # the pair, a < b
        b: int,
        score: float,  # 0..1
        reasons: list[str] | Callable[[], list[str]] | Explains,  # most important first
        interactions: int,  # real interactions between the two
        last_contact: datetime | None,
        acquaintance: bool,  # no meaningful interaction (business card, LinkedIn-only)
        k: int = -1,  # with an ``Explains``: this pair's index in it
    ) -> None:
        self.a = a
        self.b = b
        self.score = score
        self._reasons = reasons
        self._k = k
        self.interactions = interactions
        self.last_contact = last_contact
        self.acquaintance = acquaintance

    @property
    def reasons(self) -> list[str]:
        found = self._reasons
        if isinstance(found, list):
            return found
        # Two threads may both word it: the same words. (A partial per pair would
        # cost more memory than the strength itself.)
        words = found() if callable(found) else found.reasons(self._k)
        self._reasons = words
        return words

    def _key(self) -> tuple[object, ...]:
        return (self.a, self.b, self.score, self.reasons, self.interactions,
                self.last_contact, self.acquaintance)  # fmt: skip

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TieStrength) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable reasons, as before: not hashable

    def __repr__(self) -> str:
        return (
            f"TieStrength(a={self.a!r}, b={self.b!r}, score={self.score!r}, "
            f"reasons={self.reasons!r}, interactions={self.interactions!r}, "
            f"last_contact={self.last_contact!r}, acquaintance={self.acquaintance!r})"
        )


def tie_strengths(
    network: Network,
    now: datetime,
    params: StrengthParams | None = None,
    columns: InteractionColumns | None = None,
) -> dict[Pair, TieStrength]:
    """Every tie in ``network.ties`` and every pair with interactions, keyed by (min, max).
    ``columns``: ``effort.columns_of(network.interactions)``, when already made."""
    return _scored(network, pair_rows(network, columns), now, params)


def rescored(
    network: Network,
    now: datetime,
    kept: Mapping[Pair, TieStrength],
    pairs: Iterable[Pair],
    params: StrengthParams | None = None,
) -> dict[Pair, TieStrength] | None:
    """What ``tie_strengths(network, now, params)`` gives, from ``kept`` (that, for
    the same ties, ``now`` and ``params``) where only ``pairs`` had interactions
    added: those pairs scored again, every other strength reused.

    Exact, because a pair's score reads only its own tie and interactions and how
    many people the two have in common. None when a pair is new to ``kept``: a
    new pair changes who has people in common across the whole network.
    """
    pairs = set(pairs)
    if not pairs <= kept.keys():
        return None
    out = dict(kept)
    if not pairs:
        return out
    # The pairs' interactions, in the network's order (the order of the sums, so of the
    # last bits of a score); their ties. A history in order is put in order by its key,
    # without a walk over all of it.
    wanted = {id(it): it for a, b in pairs for it in network.interactions_between(a, b)}
    if network.in_history_order:
        theirs = sorted(wanted.values(), key=history_order)
    else:
        theirs = [it for it in network.interactions if id(it) in wanted]
    sub = Network(
        me=network.me,
        people=network.people,
        ties=[tie for a, b in sorted(pairs) if (tie := network.tie(a, b)) is not None],
        interactions=theirs,
        exchanges=network.exchanges,
        asks=network.asks,
    )
    rows = pair_rows(sub)
    # People in common over every pair scored: the pairs ``kept`` holds, each person's
    # partners read from the network's indexes (the same pairs, since ``pairs`` are
    # among them and a pair is scored for a tie or an interaction).
    partners = network.partners
    common = np.array([len(partners(a) & partners(b)) for a, b in rows.pairs], dtype=float)
    found = _scored(sub, rows, now, params, common)
    out.update((pair, found[pair]) for pair in pairs)
    return out


def _scored(
    network: Network,
    rows: PairRows,
    now: datetime,
    params: StrengthParams | None,
    embedded: F64 | None = None,
) -> dict[Pair, TieStrength]:
    """Every pair of ``rows`` scored; ``embedded`` (people in common) when known."""
    ties = _pair_ties(network, rows)
    closeness, stated = _stated(ties, rows.n_pairs)
    favours = favours_between(network, rows, now)
    arrays = _strength_arrays(rows, now, params, closeness, stated, embedded, favours)
    # ``acquaintance.is_acquaintance`` over every pair at once, from the stated evidence
    # already computed: no real interaction, closeness under 3, weak stated kinds.
    acquaintance = (arrays.real == 0) & (np.nan_to_num(closeness) < 3) & (stated < 0.5)
    explain = _Explainer(network, rows, ties, arrays, acquaintance, now)
    # Plain Python values from here: one loop over pairs, no per-pair numpy calls.
    when: dict[float, datetime] = {}  # many pairs share a last contact (a group meeting)
    out: dict[Pair, TieStrength] = {}
    for k, (pair, score, last, real, acq) in enumerate(
        zip(
            rows.pairs,
            arrays.score.tolist(),
            arrays.last.tolist(),
            arrays.real.tolist(),
            acquaintance.tolist(),
            strict=True,
        )
    ):
        if last != last:  # nan: no contact
            contact = None
        elif (contact := when.get(last)) is None:
            contact = when[last] = datetime.fromtimestamp(last, UTC)
        out[pair] = TieStrength(pair[0], pair[1], score, explain, real, contact, acq, k)
    return out


def _pair_ties(network: Network, rows: PairRows) -> list[Tie | None]:
    """Each pair's tie, or None: the pairs of ties come first in ``rows.pairs``."""
    by_pair = network.ties_by_pair
    n_tied = len(by_pair)
    return [by_pair[p] for p in rows.pairs[:n_tied]] + [None] * (rows.n_pairs - n_tied)


def _stated(ties: list[Tie | None], n: int) -> tuple[F64, F64]:
    """Each pair's stated closeness (nan if none) and stated evidence (0–1)."""
    closeness = np.full(n, np.nan)
    stated = np.zeros(n)
    for k, tie in enumerate(ties):
        if tie is None:
            break  # the rest are pairs met only through interactions
        if tie.closeness:
            closeness[k] = tie.closeness
        stated[k] = stated_evidence(tie)
    return closeness, stated


def favours_between(network: Network, rows: PairRows, now: datetime) -> F64 | None:
    """Favours (by weight) and accepted asks between each pair up to now: evidence of a
    real tie."""
    if not network.exchanges and not network.asks:
        return None
    found: dict[Pair, float] = {}
    until = seconds(now)
    for ex in network.exchanges:
        if seconds(ex.when) > until:
            continue
        key = (min(ex.giver, ex.receiver), max(ex.giver, ex.receiver))
        found[key] = found.get(key, 0.0) + ex.weight
    if network.me is not None:
        for ask in network.asks:
            # Only a yes is evidence of a relationship: a declined or unanswered ask
            # says the tie could not carry it.
            if (
                ask.outcome is AskOutcome.ACCEPTED
                and ask.through != network.me
                and seconds(ask.when) <= until
            ):
                key = (min(ask.through, network.me), max(ask.through, network.me))
                found[key] = found.get(key, 0.0) + 1.0
    out = np.zeros(rows.n_pairs)
    index = rows.index
    for key, value in found.items():
        if (k := index.get(key)) is not None:
            out[k] = value
    return out


def network_strength_arrays(
    network: Network, rows: PairRows, now: datetime, params: StrengthParams | None = None
) -> StrengthArrays:
    """``strength_arrays`` over a network's pairs, with its ties' stated evidence."""
    closeness, stated = _stated(_pair_ties(network, rows), rows.n_pairs)
    return _strength_arrays(
        rows, now, params, closeness, stated, None, favours_between(network, rows, now)
    )


def _strength_arrays(
    rows: PairRows,
    now: datetime,
    params: StrengthParams | None,
    closeness: F64,
    stated: F64,
    embedded: F64 | None = None,
    favours: F64 | None = None,
) -> StrengthArrays:
    if embedded is None:
        embedded = (
            shared_neighbours(len(rows.nodes), rows.node_a, rows.node_b)
            if rows.n_pairs
            else np.zeros(0)
        )
    return strength_arrays(
        rows.n_pairs,
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
        favours=favours,
        params=params,
    )


def _channel_counts(rows: PairRows, since: float, until: float) -> np.ndarray:
    """Contacts (not left unanswered) per pair and channel in [since, until]."""
    n_ch = len(CHANNELS)
    mask = (rows.t >= since) & (rows.t <= until) & (rows.answered != 0)
    keys = rows.pair[mask] * n_ch + rows.channel[mask]
    counts = np.bincount(keys, minlength=rows.n_pairs * n_ch)
    return counts.reshape(rows.n_pairs, n_ch)


class _Explainer:
    """Everything the words for any pair of one scoring need, kept as arrays until asked."""

    COLUMNS = (
        "score", "last", "first", "real", "total", "by_a", "by_b", "unanswered", "unanswered_tail",
        "initiative_factor", "answer_factor", "common",
    )  # fmt: skip

    def __init__(
        self,
        network: Network,
        rows: PairRows,
        ties: list[Tie | None],
        arrays: StrengthArrays,
        acquaintance: npt.NDArray[np.bool_],
        now: datetime,
    ) -> None:
        # Me and the people, not the network: a kept scoring must not keep old histories.
        self.me, self.people = network.me, network.people
        self.rows, self.ties, self.now = rows, ties, seconds(now)
        self.acquaintance = acquaintance
        self.col: dict[str, F64] = {name: getattr(arrays, name) for name in self.COLUMNS}
        for part, values in arrays.parts.items():
            self.col[f"part_{part}"] = values
        self._counts: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._names: dict[int, str] | None = None

    def counts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Contacts per pair and channel in the last 3 months, the last year, and all events."""
        if self._counts is None:
            now, rows = self.now, self.rows
            self._counts = (
                _channel_counts(rows, now - 90 * DAY, now),
                _channel_counts(rows, now - 365 * DAY, now),
                _channel_counts(rows, -np.inf, now)[:, EVENT],
            )
        return self._counts

    def reasons(self, k: int) -> list[str]:
        if self._names is None:
            self._names = {pid: p.display_name for pid, p in self.people.items()}
        recent, year, events = self.counts()
        a, b = self.rows.pairs[k]
        tie = self.ties[k]
        row = {name: float(values[k]) for name, values in self.col.items()}
        words = Words(self.me, self._names, a, b)
        found = _reasons(row, words, tie, self.now, recent[k].tolist(), year[k].tolist())
        if self.acquaintance[k]:
            found.insert(0, acquaintance_reason(tie, int(events[k])))
        return found


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
    col: dict[str, float],
    words: Words,
    tie: Tie | None,
    now: float,
    recent: list[int],
    year: list[int],
) -> list[str]:
    """Candidate reasons with an importance in nats; the strongest come first."""
    found: list[tuple[float, str]] = []
    intensity = col["part_intensity"] + col["part_days"]
    for window, counts in (("the last 3 months", recent), ("the last year", year)):
        total = sum(counts)
        if total:
            # The two busiest channels; on a tie, the richer (CHANNELS runs richest first).
            for ch in sorted(range(len(counts)), key=lambda c: (-counts[c], c))[:2]:
                if counts[ch]:
                    text = f"{PHRASE[CHANNELS[ch]]} {times(counts[ch])} in {window}"
                    found.append((intensity * counts[ch] / total, text))
            break
    last = col["last"]
    if math.isnan(last):
        if col["total"] == 0:
            found.append((0.5, "no interaction recorded"))
    else:
        gap = (now - last) / DAY
        if gap > 180:
            found.append((1.0 + gap / 365, f"no contact for {span(gap)}"))
        elif not sum(year):
            found.append((0.2, f"last contact {span(gap)} ago"))
    # Attempts only (``insight.effort``): meetings and replies started nothing.
    by_a, by_b = int(col["by_a"]), int(col["by_b"])
    started = by_a + by_b
    if started >= 3:
        lost = 1.0 - col["initiative_factor"]
        most, who = max(by_a, by_b), words.starter(by_a >= by_b)
        unanswered = int(col["unanswered"])
        if lost >= 0.1:
            found.append(
                (2 * lost, f"{who} reached out {most} of {started} times, {unanswered} unanswered")
            )
        elif abs(by_a - by_b) <= max(1, started // 4):
            both = "they reach out as often as you" if words.mine else "both sides reach out"
            found.append((0.3, both))
        else:
            back = "all answered" if not unanswered else f"{unanswered} unanswered"
            found.append((0.2, f"{who} reached out {most} of {started} times, {back}"))
    tail = int(col["unanswered_tail"])
    if tail:
        what = "contact went" if tail == 1 else f"{tail} contacts went"
        found.append((1.5 - col["answer_factor"], f"the last {what} unanswered"))
    duration = col["part_duration"]
    if duration > 0 and not math.isnan(col["first"]):
        known = (last - col["first"]) / DAY
        if known >= 30:
            found.append((duration, f"in touch for {span(known)}"))
    n_common = int(col["common"])
    if n_common > 0:
        people = "person" if n_common == 1 else "people"
        # Context for the rest, rarely the lead.
        found.append((0.1 * col["part_embedded"], f"{n_common} {people} in common"))
    if col["part_favours"] > 0:
        found.append((col["part_favours"], "favours or asks between you" if words.mine
                      else "favours or asks between them"))  # fmt: skip
    if tie is not None:
        if tie.closeness:
            whose = "you rated" if words.mine else "stated"
            found.append((col["part_closeness"], f"{whose} closeness {tie.closeness}/5"))
        kinds = [x.kind for x in tie.kinds if not x.kind.startswith("met-at:")]
        if kinds:
            found.append((col["part_stated"] + 0.05, ", ".join(kinds)))
        if tie.source is TieSource.INFERRED:
            why = f": {tie.evidence}" if tie.evidence else ""
            found.append((0.1, f"inferred ({tie.confidence:.0%}){why}"))
    found.sort(key=lambda r: -r[0])
    return [text for _, text in found]
