"""The tables of a team server, in the PostgreSQL schema ``team``.

A team server is one PostgreSQL database: this schema holds what the team shares
(accounts, sessions, shared summaries, introduction requests, the audit log,
recruiting candidates); every member's own network is the single-user schema in a
schema of its own, ``member_<account id>`` (see ``store.team_security``).

The team schema is versioned by a number in ``team.team_info`` rather than by
Alembic: it lives beside the single-user migrations, never inside them, so a
single-user database never sees these tables. ``TEAM_VERSION`` moves with every
change to the tables below, and ``create_team_schema`` brings an older one up.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from kithkin.store.types import UTCDateTime

SCHEMA = "team"
TEAM_VERSION = 1

team_metadata = MetaData(schema=SCHEMA)


def _account_fk(name: str, nullable: bool = False) -> Column[int]:
    return Column(
        name,
        Integer,
        ForeignKey(f"{SCHEMA}.account.id", ondelete="CASCADE"),
        nullable=nullable,
        index=True,
    )


team_info = Table(
    "team_info",
    team_metadata,
    Column("key", String(50), primary_key=True),
    Column("value", Text, nullable=False),
)

account = Table(
    "account",
    team_metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("display_name", String(300), nullable=False),
    Column("role", String(10), nullable=False),  # admin, member or viewer
    Column("password_hash", Text, nullable=False),  # argon2id
    Column("totp_secret", String(64)),  # base32; None: no second factor
    Column("created_at", UTCDateTime, nullable=False),
)

web_session = Table(
    "web_session",
    team_metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the cookie's token
    _account_fk("account_id"),
    Column("csrf", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)

login_attempt = Table(
    "login_attempt",
    team_metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_login_attempt_email_at", "email", "at"),
)

# What a member publishes of their network: one row per organisation they reach.
shared_reach = Table(
    "shared_reach",
    team_metadata,
    _account_fk("member_id"),
    Column("org_key", String(300), nullable=False),  # model.keys.organisation_key
    Column("org_name", String(300), nullable=False),
    Column("strength", String(20), nullable=False),  # the first tie in words
    Column("hops", Integer, nullable=False),
    Column("chance", Float, nullable=False),  # of the member's best path
    Column("ready", Boolean, nullable=False),  # the member's first tie is ready for the ask
    Column("published_at", UTCDateTime, nullable=False),
    UniqueConstraint("member_id", "org_key", name="uq_shared_reach_member_org"),
)

# People a member reaches, known to the team only by keyed hashes of name and e-mail.
shared_person = Table(
    "shared_person",
    team_metadata,
    _account_fk("member_id"),
    Column("key_hash", String(64), nullable=False),
    Column("strength", String(20), nullable=False),
    Column("hops", Integer, nullable=False),
    Column("chance", Float, nullable=False),
    Column("ready", Boolean, nullable=False),
    UniqueConstraint("member_id", "key_hash", name="uq_shared_person_member_key"),
    Index("ix_shared_person_key", "key_hash"),
)

# Fields a member reaches someone with expertise in (for "a data-engineering mentor").
shared_field = Table(
    "shared_field",
    team_metadata,
    _account_fk("member_id"),
    Column("field_key", String(200), nullable=False),
    Column("field_name", String(200), nullable=False),
    Column("strength", String(20), nullable=False),
    Column("hops", Integer, nullable=False),
    Column("chance", Float, nullable=False),
    Column("ready", Boolean, nullable=False),
    UniqueConstraint("member_id", "field_key", name="uq_shared_field_member_key"),
)

hidden = Table(
    "hidden",
    team_metadata,
    _account_fk("member_id"),
    Column("kind", String(10), nullable=False),  # person (ref: its id) or circle (ref: name)
    Column("ref", String(300), nullable=False),
    UniqueConstraint("member_id", "kind", "ref", name="uq_hidden_member_kind_ref"),
)

intro_request = Table(
    "intro_request",
    team_metadata,
    Column("id", Integer, primary_key=True),
    _account_fk("requester_id"),
    _account_fk("teammate_id"),
    Column("target", String(300), nullable=False),
    Column("target_kind", String(20), nullable=False),
    Column("why", Text, nullable=False),
    Column("draft", Text, nullable=False),
    Column("status", String(10), nullable=False),  # asked, accepted, declined, ignored
    Column("contact", Text, nullable=False, server_default=""),  # revealed once accepted
    Column("outcome", String(10)),  # worked or failed, told by the requester
    Column("asked_at", UTCDateTime, nullable=False),
    Column("answered_at", UTCDateTime),
    Column("outcome_at", UTCDateTime),
)

audit = Table(
    "audit",
    team_metadata,
    Column("id", Integer, primary_key=True),
    _account_fk("actor_id"),
    Column("action", String(40), nullable=False),
    _account_fk("subject_id", nullable=True),  # the member it is about
    Column("detail", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

candidate = Table(
    "candidate",
    team_metadata,
    Column("id", Integer, primary_key=True),
    _account_fk("member_id"),
    Column("opportunity_id", Integer, nullable=False),  # in the member's own network
    Column("person_id", Integer, nullable=False),  # in the member's own network
    Column("person_name", String(300), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("moved_at", UTCDateTime, nullable=False),
    UniqueConstraint("member_id", "opportunity_id", "person_id", name="uq_candidate_opening"),
)

candidate_move = Table(
    "candidate_move",
    team_metadata,
    Column("id", Integer, primary_key=True),
    _account_fk("member_id"),
    Column(
        "candidate_id",
        Integer,
        ForeignKey(f"{SCHEMA}.candidate.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("stage", String(20), nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# The hiring manager of one of a member's openings (an opportunity in their network).
opening_manager = Table(
    "opening_manager",
    team_metadata,
    _account_fk("member_id"),
    Column("opportunity_id", Integer, nullable=False),
    Column("person_id", Integer, nullable=False),
    UniqueConstraint("member_id", "opportunity_id", name="uq_opening_manager_opening"),
)
