"""Self-calibration: the strength model's time scales and weights fitted to one
network's own history, causally.

The question the fit answers is the one a user asks of strength: *whom will I be
in contact with next?* History is cut at a few recent points (rolling origin);
at each cut, only the interactions before it score the pairs, and the pairs in
contact over the next ``horizon`` are the answer. The objective is the mean AUC
(per owner) over the cuts: nothing after the last cut's horizon is read, and
nothing at all from after the history given.

**Shrinkage.** The parameters are searched by coordinate ascent over fixed grids
starting from the defaults, then pulled back toward the defaults by the weight
``n / (n + PRIOR_CASES)``, where ``n`` is the effective number of labelled cases
(per owner and cut, ``pos * neg / (pos + neg)``: what an AUC rests on). Time
scales blend in log space, weights linearly. Below ``MIN_CASES`` the defaults
stand unchanged. So a network of 20 ties keeps nearly the defaults, and a log
of thousands of ties gets what its own history says. A fit that does no better
than the defaults on the cuts is not kept.

**Spread.** The fit learns an order of ties. The evidence scale is then set so
that the median tie at the cuts scores what it scores with the defaults (unless
that costs the cuts' AUC, where damping weighs against evidence), so that scores
keep their meaning for tiers and paths.

Pure: arrays in, a ``Calibration`` out; no clock, no I/O, deterministic.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import numpy.typing as npt

from kithkin.insight.effort import effort_codes, initiative_factor, unreturned
from kithkin.insight.strength_core import (
    BY_A,
    BY_B,
    CHANNELS,
    DAY,
    EVENT,
    F64,
    I8,
    I64,
    UNANSWERED,
    WEIGHTS,
    StrengthParams,
    shared_neighbours,
)

N_CUTS = 3
HORIZON_SHARE = 0.12  # of the history's span: the "recent weeks" each cut predicts
MAX_HORIZON_DAYS = 42.0  # at most six weeks, however long the history
MIN_CASES = 8.0  # effective cases below which the defaults stand
PRIOR_CASES = 60.0  # effective cases at which data and defaults weigh the same
SWEEPS = 2
WEIGHT_STEPS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)  # x the default weight
DAMPING_STEPS = {
    "one_sided_damping": (0.0, 0.2, 0.45, 0.7),
    "unanswered_damping": (0.4, 0.6, 0.75, 0.9, 1.0),
    "unanswered_contact": (0.0, 0.25, 0.5, 1.0),
}
MIN_CHANNEL_SHARE = 0.05  # a channel's weight is fitted only when it has this share of rows


@dataclass(frozen=True)
class History:
    """Interaction rows of one network, one row per (pair, interaction), as
    ``strength_input.PairRows`` holds them; ``node_a``/``node_b`` are each pair's
    two people as positions 0..n_nodes-1. ``owner`` is me (a position), or None
    to let every person in turn be the owner (a whole contact log). ``viewer``
    (with no owner) names, per pair, the one person whose view its rows are: a
    whole log of messages is given as two views of each pair, since only one's own
    messages can go unanswered (as ``kith import`` reads mail), and each view is
    then a case for its viewer alone."""

    pair: I64
    t: F64
    channel: I8
    initiator: I8
    answered: I8
    share: F64
    node_a: I64
    node_b: I64
    n_nodes: int
    owner: int | None = None
    favours: F64 | None = None  # per pair: favours and asks between the two
    viewer: I64 | None = None  # per pair: whose view it is (owner None only)

    @property
    def n_pairs(self) -> int:
        return len(self.node_a)

    def rows(self, which: npt.NDArray[np.bool_] | I64) -> History:
        """The same history with only the interaction rows ``which`` picks (a mask
        or an order); the pairs stay as they are."""
        return replace(
            self,
            pair=self.pair[which],
            t=self.t[which],
            channel=self.channel[which],
            initiator=self.initiator[which],
            answered=self.answered[which],
            share=self.share[which],
        )


@dataclass(frozen=True)
class Calibration:
    """What was learned, and what it rests on."""

    params: StrengthParams
    cases: float  # effective labelled cases (see the module doc)
    ties: int  # distinct pairs scored at the cuts
    interactions: int  # interaction rows the fit read
    shrink: float  # 0: the defaults; 1: the data alone
    horizon_days: float
    auc: float | None = None  # the fitted strength, mean over the cuts
    auc_default: float | None = None
    auc_recency: float | None = None  # "whom did I last see" on the same cuts
    fitted: dict[str, float] = field(default_factory=dict)  # before shrinkage

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["params"] = asdict(self.params)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Calibration:
        raw = dict(data)
        params = raw.pop("params")
        assert isinstance(params, dict)
        # JSON keeps the channel weights as lists of lists: back to pairs.
        channels = tuple((str(c), float(w)) for c, w in params.get("channel_weights", ()))
        return cls(params=StrengthParams(**{**params, "channel_weights": channels}), **raw)  # type: ignore[arg-type]


def with_effort(h: History) -> History:
    """``h`` (rows in time order) with its initiator and answered codes read as effort
    (``insight.effort``: meetings and replies are nobody's attempt, and a message
    replied to is answered). Reads only ``h``: a calibration gives it the rows before
    a cut."""
    by_pair = np.argsort(h.pair, kind="stable")  # by pair, then time
    init, ans = effort_codes(
        h.pair[by_pair], h.t[by_pair], h.channel[by_pair], h.initiator[by_pair],
        h.answered[by_pair],
    )  # fmt: skip
    initiator, answered = h.initiator.copy(), h.answered.copy()
    initiator[by_pair], answered[by_pair] = init, ans
    return replace(h, initiator=initiator, answered=answered)


def defaults_for(prior: StrengthParams | None = None) -> StrengthParams:
    return prior or StrengthParams()


# ---------------------------------------------------------------- one cut, prepared


@dataclass(frozen=True)
class _Cut:
    """Everything about one cut that does not depend on the parameters."""

    owner: I64  # per case: its owner (a group for the AUC)
    case_pair: I64  # per case: the pair (index into the cut's pairs)
    label: npt.NDArray[np.bool_]  # per case: in contact within the horizon
    n: int  # pairs
    cp: I64  # contact rows: pair, channel, share, age in days
    cch: I64
    cs: F64
    cage: F64
    up: I64  # unanswered attempts: pair, channel, share, age in days
    uch: I64
    us: F64
    uage: F64
    u_richest: I64  # per day with unanswered attempts only: its richest, its first
    u_starts: I64
    richest: I64  # per (pair, day): its richest contact row
    starts: I64  # per (pair, day): its first contact row (the day's decay)
    span_days: F64
    has_real: F64
    common: F64
    started: F64  # attempts (``insight.effort``)
    lost_a: F64  # attempts of each side left unanswered
    lost_b: F64
    tail: F64
    unans_share: F64
    favours: F64
    last: F64  # seconds of the last contact before the cut (recency)
    cases: float
    _sums: dict[float, tuple[F64, F64, F64, F64]] = field(default_factory=dict)

    def sums(self, hl: float) -> tuple[F64, F64, F64, F64]:
        """(pairs, channels) decayed shares of contacts, of richest contacts per day,
        of unanswered attempts and of the richest per day with those alone."""
        if hl not in self._sums:
            n_ch = len(CHANNELS)
            decay = np.exp2(-self.cage / hl)
            per_contact = np.bincount(
                self.cp * n_ch + self.cch, weights=self.cs * decay, minlength=self.n * n_ch
            ).reshape(self.n, n_ch)
            r = self.richest
            per_day = np.bincount(
                self.cp[r] * n_ch + self.cch[r],
                weights=self.cs[r] * decay[self.starts],
                minlength=self.n * n_ch,
            ).reshape(self.n, n_ch)
            u_decay = np.exp2(-self.uage / hl)
            per_unanswered = np.bincount(
                self.up * n_ch + self.uch, weights=self.us * u_decay, minlength=self.n * n_ch
            ).reshape(self.n, n_ch)
            ur = self.u_richest
            per_unanswered_day = np.bincount(
                self.up[ur] * n_ch + self.uch[ur],
                weights=self.us[ur] * u_decay[self.u_starts],
                minlength=self.n * n_ch,
            ).reshape(self.n, n_ch)
            self._sums[hl] = (
                per_contact.astype(np.float64),
                per_day.astype(np.float64),
                per_unanswered.astype(np.float64),
                per_unanswered_day.astype(np.float64),
            )
        return self._sums[hl]


def _cut(h: History, cut: float, horizon: float) -> _Cut | None:
    """The cut's pairs and features; ``h``'s rows are in time order (``calibrate``)."""
    k0 = int(np.searchsorted(h.t, cut, side="left"))
    k1 = int(np.searchsorted(h.t, cut + horizon, side="left"))
    # Effort as of the cut: a reply after it does not yet answer a message before it.
    past = with_effort(h.rows(np.arange(k0)))
    pair_b, ans_b = past.pair, past.answered
    contact_b = ans_b != UNANSWERED
    seen_all = np.zeros(h.n_pairs, dtype=bool)
    seen_all[pair_b[contact_b]] = True
    seen = seen_all.copy()
    if h.owner is not None:
        seen &= (h.node_a == h.owner) | (h.node_b == h.owner)
    pairs = np.flatnonzero(seen)
    if len(pairs) < 2:
        return None
    local = np.full(h.n_pairs, -1, dtype=np.int64)
    local[pairs] = np.arange(len(pairs))
    later = np.zeros(h.n_pairs, dtype=bool)
    later[h.pair[k0:k1][h.answered[k0:k1] != UNANSWERED]] = True

    rows = np.flatnonzero(local[pair_b] >= 0)
    # Rows already run in time order: a stable sort by pair keeps it within each pair.
    rows = rows[np.argsort(local[pair_b[rows]], kind="stable")]
    p = local[pair_b[rows]]
    t, ch, share = h.t[rows], h.channel[rows].astype(np.int64), h.share[rows]
    init, ans = past.initiator[rows], ans_b[rows]
    n = len(pairs)
    contact = ans != UNANSWERED
    age = (cut - t) / DAY

    cp, ct, cch, cs, cage = p[contact], t[contact], ch[contact], share[contact], age[contact]
    starts, richest = _days(cp, ct, cch, cs)
    # Days with unanswered attempts only: what they add when such attempts count.
    up, ut, uch, us = p[~contact], t[~contact], ch[~contact], share[~contact]
    day_key = np.floor(t / DAY).astype(np.int64)
    width = int(day_key.max() - day_key.min()) + 1 if len(t) else 1
    key = p * width + (day_key - (day_key.min() if len(t) else 0))
    # Rows run by pair, then time, so the keys are sorted: a binary search, not a hash.
    c_key, u_key = key[contact], key[~contact]
    at = np.minimum(np.searchsorted(c_key, u_key), max(len(c_key) - 1, 0))
    shared_day = (c_key[at] == u_key) if len(c_key) else np.zeros(len(u_key), dtype=bool)
    only = np.flatnonzero(~shared_day)
    o_starts, o_richest = _days(up[only], ut[only], uch[only], us[only])

    # Contacts run by pair, then time: each pair's first and last are its run's ends.
    lo = np.searchsorted(cp, np.arange(n), side="left")
    hi = np.searchsorted(cp, np.arange(n), side="right")
    has = hi > lo
    last = np.full(n, np.nan)
    last[has] = ct[hi[has] - 1]
    first_c = np.full(n, np.inf)
    first_c[has] = ct[lo[has]]
    span_days = np.where(np.isfinite(first_c), (last - first_c) / DAY, 0.0)
    real = contact & (ch != EVENT)
    has_real = (np.bincount(p, weights=real, minlength=n) > 0).astype(np.float64)
    by_a = np.bincount(p, weights=init == BY_A, minlength=n)
    by_b = np.bincount(p, weights=init == BY_B, minlength=n)
    started = by_a + by_b
    lost_a, lost_b = unreturned(p, init, ans, n)
    unans = (ans == UNANSWERED).astype(np.float64)
    questions = unans.copy() + (ans == 1)
    unans_share = np.bincount(p, weights=unans, minlength=n) / np.maximum(
        np.bincount(p, weights=questions, minlength=n), 1.0
    )
    # Unanswered rows since each pair's last contact.
    pos = np.arange(len(p))
    last_ok = np.full(n, -1)
    np.maximum.at(last_ok, p[contact], pos[contact])
    end = np.bincount(p, minlength=n).cumsum() - 1
    start_of = end - np.bincount(p, minlength=n) + 1
    tail = (end - np.maximum(last_ok, start_of - 1)).astype(np.float64)

    common = _common(h, np.flatnonzero(seen_all), pairs)

    label = later[pairs]
    a, b = h.node_a[pairs], h.node_b[pairs]
    if h.owner is None and h.viewer is not None:
        owner, case_pair, lab = h.viewer[pairs], np.arange(n), label
    elif h.owner is None:
        owner = np.concatenate([a, b])
        case_pair = np.concatenate([np.arange(n), np.arange(n)])
        lab = np.concatenate([label, label])
    else:
        owner = np.zeros(n, dtype=np.int64)
        case_pair, lab = np.arange(n), label
    pos_n = np.bincount(owner, weights=lab)
    tot = np.bincount(owner)
    neg_n = tot - pos_n
    both = (pos_n > 0) & (neg_n > 0)
    cases = float(np.sum(pos_n[both] * neg_n[both] / tot[both]))
    favours = h.favours[pairs] if h.favours is not None else np.zeros(n)
    return _Cut(
        owner=owner.astype(np.int64),
        case_pair=case_pair.astype(np.int64),
        label=lab,
        n=n,
        cp=cp,
        cch=cch,
        cs=cs,
        cage=cage,
        up=up,
        uch=uch,
        us=us,
        uage=age[~contact],
        u_richest=only[o_richest],
        u_starts=only[o_starts],
        richest=richest,
        starts=starts,
        span_days=span_days,
        has_real=has_real,
        common=common,
        started=started.astype(np.float64),
        lost_a=lost_a,
        lost_b=lost_b,
        tail=tail,
        unans_share=unans_share,
        favours=favours,
        last=np.nan_to_num(last, nan=-np.inf),
        cases=cases,
    )


def _days(p: I64, t: F64, ch: I64, share: F64) -> tuple[I64, I64]:
    """Rows in (pair, time) order grouped by (pair, day): each day's first row (its
    decay) and its richest row by the default channel weights."""
    day = np.floor(t / DAY).astype(np.int64)
    new_day = np.ones(len(day), dtype=bool)
    new_day[1:] = (day[1:] != day[:-1]) | (p[1:] != p[:-1])
    starts = np.flatnonzero(new_day)
    value = WEIGHTS[ch] * share
    richest = np.empty(len(starts), dtype=np.int64)
    if len(starts):
        seg = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(day)]))
        best = np.lexsort((-value, seg))  # within each day, the richest first
        first_of = np.r_[True, seg[best][1:] != seg[best][:-1]]
        richest = best[first_of]
    return starts, richest


def _common(h: History, everyone: I64, pairs: I64) -> F64:
    """People in common of each of ``pairs`` over the graph of ``everyone`` (the pairs
    in contact before the cut). With an owner, one product with the owner's column."""
    a, b = h.node_a[everyone], h.node_b[everyone]
    if h.owner is None:
        where = np.zeros(h.n_pairs)
        where[everyone] = shared_neighbours(h.n_nodes, a, b)
        found: F64 = where[pairs]
        return found
    # Imported here: scoring imports this module for its parameters, and a command that
    # only reads scores should not pay for scipy (a fit runs after writes).
    from scipy import sparse

    adj = sparse.csr_matrix(
        (np.ones(2 * len(a)), (np.concatenate([a, b]), np.concatenate([b, a]))),
        shape=(h.n_nodes, h.n_nodes),
    )
    adj.sum_duplicates()
    adj.data[:] = 1.0
    mine = adj[:, [h.owner]].toarray().ravel()
    through = np.asarray(adj @ mine).ravel()  # per person: people in common with the owner
    other = np.where(h.node_a[pairs] == h.owner, h.node_b[pairs], h.node_a[pairs])
    out: F64 = through[other]
    return out


# ---------------------------------------------------------------- scoring and AUC


def evidence(c: _Cut, p: StrengthParams, channel_weights: F64, hl: float) -> F64:
    """``strength_arrays``' evidence (nats, before damping) for the cut's pairs."""
    per_contact, per_day, per_unanswered, per_unanswered_day = c.sums(hl)
    intensity = (per_contact + p.unanswered_contact * per_unanswered) @ channel_weights
    days = (per_day + p.unanswered_contact * per_unanswered_day) @ channel_weights
    shared = (
        p.w_intensity * np.log1p(intensity)
        + p.w_days * np.log1p(days)
        + p.w_duration * np.minimum(c.span_days / p.duration_scale_days, 3.0) * c.has_real
        + p.w_favours * np.log1p(c.favours)
    )
    out: F64 = shared * (1.0 + p.w_embedded * np.log1p(c.common))
    return out


def log_score(c: _Cut, p: StrengthParams, channel_weights: F64, hl: float) -> F64:
    """log of ``strength_arrays``' score for the cut's pairs (monotone in it, never
    saturating), with ``channel_weights`` in ``CHANNELS`` order."""
    e = evidence(c, p, channel_weights, hl)
    base = np.log(-np.expm1(-np.maximum(e, 1e-12) / p.evidence_scale))
    initiative = initiative_factor(c.started, c.lost_a, c.lost_b, p.one_sided_damping)
    answer = p.unanswered_damping**c.tail * (1.0 - 0.5 * c.unans_share)
    out: F64 = base + np.log(np.maximum(initiative, 1e-12)) + np.log(np.maximum(answer, 1e-12))
    return out


def grouped_auc(group: I64, key: F64, label: npt.NDArray[np.bool_]) -> F64:
    """AUC of each group that has both kinds of label (tied keys share ranks)."""
    order = np.lexsort((key, group))
    g, k, y = group[order], key[order], label[order]
    n = len(g)
    if n == 0:
        return np.zeros(0)
    new_group = np.r_[True, g[1:] != g[:-1]]
    new_block = new_group | np.r_[True, k[1:] != k[:-1]]
    pos = np.arange(n)
    group_start = np.maximum.accumulate(np.where(new_group, pos, 0))
    block_id = np.cumsum(new_block) - 1
    block_start = pos[new_block]
    block_end = np.r_[block_start[1:], n] - 1
    rank = (block_start[block_id] + block_end[block_id]) / 2.0 - group_start + 1.0
    n_groups = int(g.max()) + 1
    pos_n = np.bincount(g, weights=y, minlength=n_groups)
    tot = np.bincount(g, minlength=n_groups).astype(np.float64)
    neg_n = tot - pos_n
    rank_pos = np.bincount(g, weights=rank * y, minlength=n_groups)
    valid = (pos_n > 0) & (neg_n > 0)
    auc: F64 = (rank_pos - pos_n * (pos_n + 1) / 2) / np.maximum(pos_n * neg_n, 1)
    return auc[valid]


def _objective(cuts: list[_Cut], keys: list[F64]) -> float:
    total, weight = 0.0, 0.0
    for c, key in zip(cuts, keys, strict=True):
        auc = grouped_auc(c.owner, key[c.case_pair], c.label)
        if len(auc):
            total += float(auc.mean()) * c.cases
            weight += c.cases
    return total / weight if weight else float("nan")


# ---------------------------------------------------------------- the fit


def _geometric(lo: float, hi: float, n: int) -> list[float]:
    return [float(x) for x in np.geomspace(lo, hi, n)]


def calibrate(
    history: History,
    prior: StrengthParams | None = None,
    now: float | None = None,
    *,
    horizon_share: float = HORIZON_SHARE,
    n_cuts: int = N_CUTS,
) -> Calibration:
    """Fit the strength parameters to ``history`` up to ``now`` (seconds; rows after
    it are never read) — see the module doc. ``horizon_share`` and ``n_cuts`` are
    the rolling origin's settings; ``kith`` keeps the defaults (the evaluation
    varies them to show what a different question would have learned)."""
    p0 = defaults_for(prior)
    if now is not None and bool(np.any(history.t > now)):
        history = history.rows(history.t <= now)
    history = history.rows(np.argsort(history.t, kind="stable"))
    n_rows = len(history.t)
    if n_rows == 0:
        return Calibration(p0, 0.0, 0, 0, 0.0, 0.0)
    start, end = float(history.t.min()), float(history.t.max())
    span = end - start
    horizon = min(horizon_share * span, MAX_HORIZON_DAYS * DAY)
    cut_points = [end - k * horizon for k in range(1, n_cuts + 1)]
    span_days = span / DAY
    h_days = max(horizon / DAY, 1e-6)
    half_lives = sorted({p0.half_life_days, *_geometric(h_days / 4, 2 * max(span_days, 1e-6), 9)})
    cuts = [c for x in cut_points if x > start and (c := _cut(history, x, horizon))]
    cases = sum(c.cases for c in cuts)
    ties = len({int(k) for c in cuts for k in c.case_pair}) if cuts else 0
    base = Calibration(p0, cases, ties, n_rows, 0.0, h_days)
    if not cuts or cases < MIN_CASES:
        return base

    channels = np.bincount(history.channel.astype(np.int64), minlength=len(CHANNELS))
    fit_channels = [i for i in range(len(CHANNELS)) if channels[i] >= MIN_CHANNEL_SHARE * n_rows]
    if len(fit_channels) < 2:
        fit_channels = []
    directed = bool(np.any(history.initiator != 0))
    questions = bool(np.any(history.answered == UNANSWERED))

    def score(params: StrengthParams, cw: F64) -> float:
        hl = params.half_life_days
        return _objective(cuts, [log_score(c, params, cw, hl) for c in cuts])

    weights0 = WEIGHTS.copy()
    auc_default = score(p0, weights0)
    best, best_w, best_value = p0, weights0, auc_default
    durations = _geometric(h_days, 4 * max(span_days, 1e-6), 6)
    grids: list[tuple[str, list[float]]] = [
        ("half_life_days", half_lives),
        ("w_intensity", [p0.w_intensity * s for s in WEIGHT_STEPS]),
        ("w_days", [p0.w_days * s for s in WEIGHT_STEPS]),
        ("w_duration", [p0.w_duration * s for s in WEIGHT_STEPS]),
        ("duration_scale_days", sorted({p0.duration_scale_days, *durations})),
        ("w_embedded", [p0.w_embedded * s for s in WEIGHT_STEPS]),
    ]  # fmt: skip
    if history.favours is not None and np.any(history.favours > 0):
        grids.append(("w_favours", [p0.w_favours * s for s in WEIGHT_STEPS]))
    if directed:
        grids.append(("one_sided_damping", list(DAMPING_STEPS["one_sided_damping"])))
    if questions:
        grids.append(("unanswered_damping", list(DAMPING_STEPS["unanswered_damping"])))
        grids.append(("unanswered_contact", list(DAMPING_STEPS["unanswered_contact"])))
    for _ in range(SWEEPS):
        for name, grid in grids:
            for value in grid:
                trial = _with(best, name, value)
                v = score(trial, best_w)
                if v > best_value + 1e-9:
                    best, best_value = trial, v
        for ch in fit_channels:
            for s in (0.25, 0.5, 2.0, 4.0):
                cw = best_w.copy()
                cw[ch] = weights0[ch] * s
                v = score(best, cw)
                if v > best_value + 1e-9:
                    best_w, best_value = cw, v

    shrink = cases / (cases + PRIOR_CASES)
    fitted = {name: float(getattr(best, name)) for name, _ in grids}
    fitted.update({f"channel_{CHANNELS[i].value}": float(best_w[i]) for i in fit_channels})
    blended = _blend(p0, best, shrink)
    channel_weights = {
        CHANNELS[i]: float(weights0[i] + shrink * (best_w[i] - weights0[i])) for i in fit_channels
    }
    if channel_weights:
        blended = replace(blended, channel_weights=tuple(sorted(
            ((c.value, w) for c, w in channel_weights.items()), key=lambda x: x[0]
        )))  # fmt: skip
    value = score(blended, blended.weights_array())
    # Keep the spread unless it costs the order: with damping (unanswered or one-sided
    # attempts) the scale weighs evidence against damping, and then the cuts decide.
    spread = _keep_the_spread(blended, p0, cuts, weights0)
    spread_value = score(spread, spread.weights_array())
    if spread_value >= value - 1e-9:
        blended, value = spread, spread_value
    if not value > auc_default:
        blended, value, shrink = p0, auc_default, 0.0
    recency = _objective(cuts, [c.last for c in cuts])
    return Calibration(
        params=blended,
        cases=round(cases, 3),
        ties=ties,
        interactions=n_rows,
        shrink=round(shrink, 4),
        horizon_days=h_days,
        auc=round(value, 4),
        auc_default=round(auc_default, 4),
        auc_recency=round(recency, 4),
        fitted=fitted,
    )


def _keep_the_spread(
    p1: StrengthParams, p0: StrengthParams, cuts: list[_Cut], weights0: F64
) -> StrengthParams:
    """``p1`` with its evidence scale moved so that the median tie at the cuts scores
    what it scores with ``p0``. The fit learns an order of ties, which no scale
    changes; left alone, a fit that raises every weight fourfold pushes nearly every
    score toward 1, and a path or a tier can then no longer tell ties apart."""
    e0 = np.concatenate([evidence(c, p0, weights0, p0.half_life_days) for c in cuts])
    e1 = np.concatenate([evidence(c, p1, p1.weights_array(), p1.half_life_days) for c in cuts])
    e0, e1 = e0[e0 > 0], e1[e1 > 0]
    if not len(e0) or not len(e1):
        return p1
    ratio = float(np.median(e1) / np.median(e0))
    if not math.isfinite(ratio) or ratio <= 0:
        return p1
    return replace(p1, evidence_scale=p0.evidence_scale * ratio)


TIME_SCALES = ("half_life_days", "duration_scale_days")
BLENDED = (
    "half_life_days", "duration_scale_days", "w_intensity", "w_days", "w_duration",
    "w_embedded", "w_favours", "one_sided_damping", "unanswered_damping", "unanswered_contact",
)  # fmt: skip


def _blend(p0: StrengthParams, p1: StrengthParams, shrink: float) -> StrengthParams:
    """``p0`` moved toward ``p1`` by ``shrink``: time scales in log space, the rest linearly."""
    out = {}
    for name in BLENDED:
        a, b = float(getattr(p0, name)), float(getattr(p1, name))
        if name in TIME_SCALES:
            out[name] = math.exp(math.log(a) + shrink * (math.log(b) - math.log(a)))
        else:
            out[name] = a + shrink * (b - a)
    for name, value in out.items():
        p0 = _with(p0, name, value)
    return p0


def _with(p: StrengthParams, name: str, value: float) -> StrengthParams:
    return replace(p, **{name: value})  # type: ignore[arg-type]  # a float field by name


# ---------------------------------------------------------------- in words


def _span(days: float) -> str:
    if days < 2:
        return f"{max(round(days * 24), 1)} hours"
    if days < 14:
        return f"{round(days)} days"
    if days < 60:
        return f"{round(days / 7)} weeks"
    if days < 730:
        return f"{round(days / 30.44)} months"
    return f"{round(days / 365.25)} years"


def learned(fit: Calibration | None) -> list[str]:
    """What the fit learned about this network, and how well it predicts, in plain words."""
    if fit is None:
        return ["Strength uses its usual settings: nothing has been learned from your history yet."]
    p0 = StrengthParams()
    p = fit.params
    if fit.shrink == 0.0:
        why = (
            "not enough history yet"
            if fit.cases < MIN_CASES
            else "what it found did no better than the usual settings"
        )
        return [f"Strength uses its usual settings ({why}; {fit.ties} ties looked at)."]
    out = [f"Your contacts fade over about {_span(p.half_life_days)} (half their weight gone)."]
    often = p.w_intensity + p.w_days
    if often > 2 * p.w_duration:
        out.append(
            "How often you are in touch counts more than for how long you have known someone."
        )
    elif p.w_duration > often:
        out.append("How long you have known someone counts more than how often you are in touch.")
    else:
        out.append("How often you are in touch and for how long count about the same.")
    if p.w_embedded < 0.5 * p0.w_embedded:
        out.append("People you both know add little.")
    elif p.w_embedded > 1.5 * p0.w_embedded:
        out.append("People you both know add much.")
    if p.one_sided_damping < 0.5 * p0.one_sided_damping:
        out.append("Whether your reaching out is returned matters little.")
    if p.unanswered_contact >= 0.5:
        out.append("A message left unanswered still counts as a sign of the tie.")
    if fit.auc is not None and fit.auc_recency is not None:
        out.append(
            f"On your own last {_span(fit.horizon_days * N_CUTS)}, it put a person you were then "
            f"in touch with above one you were not {fit.auc:.0%} of the time, against "
            f'{fit.auc_recency:.0%} for "whom did I see last" ({fit.ties} ties; '
            f"{fit.shrink:.0%} learned, the rest the usual settings)."
        )
    return out
