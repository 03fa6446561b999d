"""Ties nobody stated but the records imply: the one rule, with confidence and evidence.

Nothing this rule infers is stored. An import writes what its files say (jobs,
circles, group meetings) and every reader infers from those facts as they are
now: the path graph (``graph.build_graph``) and a person's ties
(``service.people``) call ``infer_ties`` and nothing else. So an edited job, a
merge or the passing of time (a current job that ends) changes the inference at
once, and no stale guess outlives the facts it was made from. A mail or calendar
file says who was on a message or at a meeting: that is the interaction, stored
with its participants, and "met together" below is the one rule that reads it
(imports once also stored a co-recipient or co-attendee tie per pair, a second
rule for the same thing, with other sizes and confidences).

The rule:

- **Colleagues and classmates**: one organisation (``model.keys.organisation_key``,
  so "Globex Corporation" and "Globex" are one employer) in overlapping periods.
  People with dates overlap by date; people both there now overlap now; an undated
  past job says nothing about who was there at the same time. A group larger than
  ``MAX_GROUP`` (a whole company) makes nobody acquainted, and confidence falls as
  the group grows. Two records with one name at one organisation are more likely
  one person twice (a merge to review) than colleagues.
- **Family and household**: a shared ``family`` or ``household`` circle;
  **classmates** also by a shared ``school:X`` circle.
- **Met together**: meetings and e-mail threads of three to ``MAX_GROUP`` people. (Two
  people in touch one to one need no inference: the strength of their contact is
  scored from the interactions themselves, whoever they are.)

A pair that already has a stored tie is never inferred again: what the user
stated or a file said comes first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations

from kithkin.insight.network import Network
from kithkin.model import Affiliation, Person
from kithkin.model.keys import fold, organisation_key

MAX_GROUP = 60  # larger groups (a whole company) do not make everyone acquainted
TEAM = 8  # up to this many, colleagues probably know each other; beyond, less and less
DATED = 0.6  # confidence for overlapping dated periods at one small organisation
UNDATED = 0.45  # for two people both there now, with no dates to compare
SCHOOL_WORDS = ("school", "university", "college", "academy", "lycée", "institute")


@dataclass(frozen=True)
class InferredTie:
    a: int
    b: int
    kind: str
    confidence: float
    evidence: str
    # What the rule found both in: an organisation (as the first of the two writes it;
    # ``organisation_key`` groups its spellings), a circle, or group meetings ("").
    basis: str = "meetings"  # "organisation", "circle" or "meetings"
    among: str = ""


def _period(a: Affiliation, today: date) -> tuple[date, date]:
    return (a.start or date.min, today if a.current else (a.end or a.start or date.min))


def _overlap(x: tuple[date, date], y: tuple[date, date]) -> bool:
    return x[0] <= y[1] and y[0] <= x[1]


def _years(a: Affiliation) -> str:
    if a.start is None and a.end is None:
        return "now" if a.current else "at some time"
    first = str(a.start.year) if a.start else "?"
    last = "now" if a.current else (str(a.end.year) if a.end else "?")
    return f"{first}–{last}"


def _is_school(org: str, circles: set[str]) -> bool:
    return any(w in org.casefold() for w in SCHOOL_WORDS) or f"school:{org}".casefold() in circles


def colleague_confidence(xa: Affiliation, xb: Affiliation, group: int, today: date) -> float:
    """How likely two people at one organisation (of ``group`` people in the network)
    know each other through it: 0 when their periods do not overlap, or nothing
    says they do, or the group is too large to mean anything."""
    if group > MAX_GROUP:
        return 0.0
    dated = bool((xa.start or xa.end) and (xb.start or xb.end))
    if not dated and not (xa.current and xb.current):
        return 0.0  # undated past stints: nothing says they were there together
    if not _overlap(_period(xa, today), _period(xb, today)):
        return 0.0
    # A small team makes colleagues likely acquainted; a larger one less so.
    scale = min(1.0, math.sqrt(TEAM / group))
    return (DATED if dated else UNDATED) * scale


def infer_ties(
    network: Network, now: datetime, among: Collection[int] | None = None
) -> list[InferredTie]:
    """Every tie the rule infers in ``network``, or only those with someone in
    ``among``; at most one per pair (the most confident), sorted by pair."""
    today = now.date()
    found: dict[tuple[int, int], InferredTie] = {}
    wanted = None if among is None else set(among)

    def put(
        a: int, b: int, kind: str, confidence: float, evidence: str, basis: str, among: str
    ) -> None:
        key = (min(a, b), max(a, b))
        if key in network.ties_by_pair or a == b:
            return
        if wanted is not None and a not in wanted and b not in wanted:
            return
        old = found.get(key)
        if old is None or confidence > old.confidence:
            found[key] = InferredTie(
                key[0], key[1], kind, round(confidence, 2), evidence, basis, among
            )

    by_org: dict[str, list[tuple[Person, Affiliation]]] = defaultdict(list)
    for person in network.people.values():
        for aff in person.affiliations:
            by_org[organisation_key(aff.organisation)].append((person, aff))
    for members in by_org.values():
        group = len({p.id for p, _ in members})
        if group < 2 or group > MAX_GROUP:
            continue
        if wanted is not None and not any(p.id in wanted for p, _ in members):
            continue
        for (pa, xa), (pb, xb) in combinations(members, 2):
            if pa.id == pb.id or pa.id is None or pb.id is None:
                continue
            if fold(pa.display_name) == fold(pb.display_name):
                continue  # one name at one employer: one person twice (a merge to review)
            confidence = colleague_confidence(xa, xb, group, today)
            if confidence <= 0:
                continue
            circles = {c.casefold() for c in (*pa.circles, *pb.circles)}
            kind = "classmate" if _is_school(xa.organisation, circles) else "colleague"
            evidence = (
                f"both at {xa.organisation}: {pa.display_name} {_years(xa)}, "
                f"{pb.display_name} {_years(xb)}"
            )
            put(pa.id, pb.id, kind, confidence, evidence, "organisation", xa.organisation)

    by_circle: dict[str, list[int]] = defaultdict(list)
    for pid, person in network.people.items():
        for c in person.circles:
            by_circle[c].append(pid)
    for circle, pids in by_circle.items():
        head = circle.split(":", 1)[0]
        if len(pids) < 2 or len(pids) > MAX_GROUP or network.me in pids:
            continue
        if head in ("family", "household"):
            kind, confidence = ("family" if head == "family" else "household"), 0.6
        elif head == "school":
            kind, confidence = "classmate", 0.3
        else:
            continue
        for a, b in combinations(sorted(pids), 2):
            put(a, b, kind, confidence, f"both in the circle {circle}", "circle", circle)

    met: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    notes: dict[tuple[int, int], str] = {}
    meetings = network.interactions
    if wanted is not None and len(wanted) == 1:  # one person's, already in the network's order
        meetings = network.interactions_of.get(next(iter(wanted)), [])
    elif wanted is not None:  # only theirs, in the network's order (the last note wins)
        theirs = {id(it) for p in wanted for it in network.interactions_of.get(p, [])}
        meetings = [it for it in meetings if id(it) in theirs]
    for it in meetings:
        people = sorted(set(it.participants))
        if len(people) < 3 or len(people) > MAX_GROUP:
            continue
        for a, b in combinations(people, 2):
            met[(a, b)].append(it.when)
            if it.note:
                notes[(a, b)] = it.note
    for (a, b), whens in met.items():
        confidence = min(0.8, 0.35 + 0.15 * (len(whens) - 1))
        last = max(whens)
        what = f" ({notes[(a, b)]})" if (a, b) in notes else ""
        evidence = (
            f"together in {len(whens)} group interaction{'s' if len(whens) > 1 else ''}, "
            f"last on {last:%Y-%m-%d}{what}"
        )
        put(a, b, "met-together", confidence, evidence, "meetings", "")
    return sorted(found.values(), key=lambda t: (t.a, t.b))
