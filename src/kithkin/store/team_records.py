"""Plain records the team store hands to services (and services hand to adapters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ROLES = ("admin", "member", "viewer")
STATUSES = ("asked", "accepted", "declined", "ignored")
OUTCOMES = ("worked", "failed")
STAGES = ("sourced", "contacted", "introduced", "interviewing", "placed", "closed")


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    display_name: str
    role: str  # admin, member or viewer
    created_at: datetime
    has_totp: bool = False


@dataclass(frozen=True)
class SharedRow:
    """One line of a member's shared summary: that they reach something, and how well."""

    member_id: int
    key: str  # organisation or field folded, or a person's keyed hash
    name: str  # organisation or field as written; "" for a person
    strength: str  # the member's first tie in words
    hops: int
    chance: float
    ready: bool


@dataclass(frozen=True)
class IntroRequest:
    id: int
    requester_id: int
    requester_name: str
    teammate_id: int
    teammate_name: str
    target: str
    target_kind: str
    why: str
    draft: str
    status: str  # asked, accepted, declined or ignored
    contact: str  # what the teammate revealed on accepting; "" before
    outcome: str | None
    asked_at: datetime
    answered_at: datetime | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    actor_id: int
    actor_name: str
    action: str
    subject_id: int | None
    detail: str
    at: datetime


@dataclass(frozen=True)
class Candidate:
    id: int
    opportunity_id: int
    person_id: int
    person_name: str
    stage: str
    added_at: datetime
    moved_at: datetime


@dataclass(frozen=True)
class TeammateRecord:
    """How a teammate answered the introductions asked of them (feeds ranking)."""

    accepted: int
    declined: int
    ignored: int
    worked: int
    failed: int
