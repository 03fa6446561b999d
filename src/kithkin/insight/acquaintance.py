"""Telling an acquaintance (a business card, a LinkedIn connection) from a relationship.

A tie is an acquaintance when nothing real has happened across it — no meeting,
call or answered message, only a shared event or an imported contact — and the
user has not stated a relationship (a kind such as friend or aunt, or a
closeness of 3 or more).
"""

from __future__ import annotations

from kithkin.model import Tie, TieSource

# Kinds that are a relationship in themselves, even with nothing logged.
CLOSE_KINDS = frozenset(
    {
        "partner", "spouse", "wife", "husband", "mother", "father", "parent", "son", "daughter",
        "child", "sister", "brother", "sibling", "aunt", "uncle", "cousin", "niece", "nephew",
        "grandmother", "grandfather", "grandparent", "grandchild", "family", "relative",
        "friend", "close friend", "best friend", "mentor", "mentee", "godparent",
    }
)  # fmt: skip
WORK_KINDS = frozenset(
    {
        "colleague", "coworker", "co-worker", "manager", "report", "teammate", "classmate",
        "neighbour", "neighbor", "roommate", "flatmate", "client", "cofounder", "co-founder",
        "former colleague", "alumni", "teacher", "student", "coach",
    }
)  # fmt: skip
# Kinds that only say two people crossed paths.
THIN_KINDS = frozenset({"contact", "linkedin", "business card", "card", "connection", "met"})
THIN_PREFIXES = ("met-at:", "linkedin", "imported")


def kind_weight(kind: str) -> float:
    """How much a stated kind says about the relationship, 0–1."""
    k = kind.strip().lower()
    if k in CLOSE_KINDS:
        return 1.0
    if k in WORK_KINDS or k.startswith(("colleague", "classmate", "work:", "school:")):
        return 0.6
    if k in THIN_KINDS or k.startswith(THIN_PREFIXES):
        return 0.0
    return 0.4  # a kind we do not know: something, not much


def stated_evidence(tie: Tie | None) -> float:
    """0–1: what stated kinds, or an inferred tie's confidence, say about a tie."""
    if tie is None:
        return 0.0
    best = 0.0
    for k in tie.kinds:
        confidence = k.confidence if k.source is TieSource.INFERRED else 1.0
        best = max(best, kind_weight(k.kind) * confidence)
    if tie.source is TieSource.INFERRED and not tie.kinds:
        best = max(best, 0.5 * tie.confidence)
    return best


def acquaintance_reason(tie: Tie | None, events: int) -> str:
    """One line on why a tie is only an acquaintance, naming where they met if known."""
    where = ""
    if tie is not None:
        met = [k.kind.split(":", 1)[1] for k in tie.kinds if k.kind.startswith("met-at:")]
        where = met[0] if met else ""
    if where:
        return f"acquaintance: met at {where}, no real interaction since"
    if events:
        return "acquaintance: only shared events, no real interaction"
    if tie is not None and tie.source is TieSource.IMPORTED:
        return "acquaintance: an imported contact, no real interaction"
    return "acquaintance: no real interaction recorded"
