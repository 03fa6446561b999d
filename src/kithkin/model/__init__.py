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
from kithkin.model.records import Job, PersonNote

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
    "Job",
    "Opportunity",
    "Organisation",
    "Person",
    "PersonNote",
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
