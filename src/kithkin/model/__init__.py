"""Plain domain types: no imports of any other layer."""

from kithkin.model.enums import (
    AskKind,
    AskOutcome,
    AskSize,
    Channel,
    ExchangeKind,
    Readiness,
    Tier,
    TieSource,
    TieStatus,
)
from kithkin.model.network import (
    Ask,
    Exchange,
    Interaction,
    Opportunity,
    Organisation,
    Provenance,
    Tie,
    TieKind,
    normalise_circle,
)
from kithkin.model.person import Affiliation, Birthday, Email, Person, Phone

__all__ = [
    "Affiliation",
    "Ask",
    "AskKind",
    "AskOutcome",
    "AskSize",
    "Birthday",
    "Channel",
    "Email",
    "Exchange",
    "ExchangeKind",
    "Interaction",
    "Opportunity",
    "Organisation",
    "Person",
    "Phone",
    "Provenance",
    "Readiness",
    "Tie",
    "TieKind",
    "TieSource",
    "TieStatus",
    "Tier",
    "normalise_circle",
]
