"""The closed vocabularies of the glossary."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """How an interaction happened; ordered here from richest to thinnest."""

    IN_PERSON = "in-person"
    CALL = "call"
    VIDEO = "video"
    MESSAGE = "message"
    EMAIL = "email"
    EVENT = "event"


class TieSource(StrEnum):
    STATED = "stated"
    IMPORTED = "imported"
    INFERRED = "inferred"


class TieStatus(StrEnum):
    """Whether the agenda may nudge about a tie (letting go deletes nothing)."""

    ACTIVE = "active"
    PAUSED = "paused"
    LET_GO = "let-go"


class ExchangeKind(StrEnum):
    INTRO = "intro"
    REFERRAL = "referral"
    ADVICE = "advice"
    RECOMMENDATION = "recommendation"
    HELP = "help"
    GIFT = "gift"


class AskSize(StrEnum):
    """How much an ask draws on a relationship."""

    SMALL = "small"  # advice, a question
    MEDIUM = "medium"  # an introduction
    LARGE = "large"  # a referral, a job


class AskKind(StrEnum):
    ADVICE = "advice"
    QUESTION = "question"
    INTRO = "intro"
    REFERRAL = "referral"
    JOB = "job"

    @property
    def size(self) -> AskSize:
        return {
            AskKind.ADVICE: AskSize.SMALL,
            AskKind.QUESTION: AskSize.SMALL,
            AskKind.INTRO: AskSize.MEDIUM,
            AskKind.REFERRAL: AskSize.LARGE,
            AskKind.JOB: AskSize.LARGE,
        }[self]


class AskOutcome(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NO_ANSWER = "no-answer"


class Readiness(StrEnum):
    READY = "ready"
    CULTIVATE_FIRST = "cultivate first"
    NOT_APPROPRIATE = "not appropriate"


class Tier(StrEnum):
    """Dunbar layers, innermost first."""

    INNER = "inner"
    CLOSE = "close"
    ACTIVE = "active"
    KNOWN = "known"
    ACQUAINTANCE = "acquaintance"
    DORMANT = "dormant"
