"""The tables. Changes go through an Alembic migration in ``migrations/versions``;
``tests/store/test_migrations.py`` checks that the migrations build exactly this."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
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

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _person_fk(name: str, nullable: bool = False) -> Column[int]:
    return Column(
        name, Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=nullable, index=True
    )


person = Table(
    "person",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("display_name", String(300), nullable=False),
    Column("given_name", String(200), nullable=False, server_default=""),
    Column("family_name", String(200), nullable=False, server_default=""),
    Column("middle_name", String(200), nullable=False, server_default=""),
    Column("prefix", String(50), nullable=False, server_default=""),
    Column("suffix", String(50), nullable=False, server_default=""),
    Column("nicknames", JSON, nullable=False),
    Column("location", String(300), nullable=False, server_default=""),
    Column("birthday", String(10)),  # ISO date or --MM-DD
    Column("skills", JSON, nullable=False),
    Column("links", JSON, nullable=False),
    Column("notes", Text, nullable=False, server_default=""),
    Column("is_me", Boolean, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

email = Table(
    "email",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk("person_id"),
    Column("address", String(320), nullable=False, index=True),
    Column("label", String(100), nullable=False, server_default=""),
    UniqueConstraint("person_id", "address"),
)

phone = Table(
    "phone",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk("person_id"),
    Column("number", String(64), nullable=False, index=True),
    Column("label", String(100), nullable=False, server_default=""),
    UniqueConstraint("person_id", "number"),
)

organisation = Table(
    "organisation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("key", String(300), nullable=False, unique=True),  # normalised name
    Column("domain", String(255), nullable=False, server_default=""),
    # From the organisation's own card: {"emails": [[address, label]], "phones": [[number,
    # label]], "location": "..."}; NULL when no card was imported.
    Column("contact", JSON, nullable=True),
)

affiliation = Table(
    "affiliation",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk("person_id"),
    Column(
        "organisation_id",
        Integer,
        ForeignKey("organisation.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("role", String(300), nullable=False, server_default=""),
    Column("start", Date),
    Column("end", Date),
    Column("current", Boolean, nullable=False, server_default="1"),
)

circle = Table(
    "circle",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
)

membership = Table(
    "membership",
    metadata,
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "circle_id",
        Integer,
        ForeignKey("circle.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("source", String(50), nullable=False, server_default="stated"),
)

tie = Table(
    "tie",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk("person_a"),  # always the smaller id of the pair
    _person_fk("person_b"),
    Column("closeness", Integer),
    Column("source", String(20), nullable=False),
    Column("confidence", Float, nullable=False, server_default="1"),
    Column("evidence", Text, nullable=False, server_default=""),
    Column("since", Date),
    Column("status", String(20), nullable=False, server_default="active"),
    Column("snoozed_until", Date),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("person_a", "person_b"),
)

tie_kind = Table(
    "tie_kind",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tie_id", Integer, ForeignKey("tie.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(200), nullable=False),
    Column("source", String(20), nullable=False),
    Column("confidence", Float, nullable=False, server_default="1"),
    Column("evidence", Text, nullable=False, server_default=""),
    UniqueConstraint("tie_id", "kind"),
)

interaction = Table(
    "interaction",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("occurred_at", UTCDateTime, nullable=False, index=True),
    Column("channel", String(20), nullable=False),
    Column("initiator_id", Integer, ForeignKey("person.id", ondelete="SET NULL"), index=True),
    Column("answered", Boolean),
    Column("note", Text, nullable=False, server_default=""),
    Column("external_id", String(500), unique=True),  # NULL for typed-in interactions
    Column("source", String(50), nullable=False, server_default="user"),
)

participant = Table(
    "participant",
    metadata,
    Column(
        "interaction_id",
        Integer,
        ForeignKey("interaction.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_participant_person", "person_id"),
)

exchange = Table(
    "exchange",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk("giver_id"),
    _person_fk("receiver_id"),
    Column("kind", String(30), nullable=False),
    Column("weight", Float, nullable=False, server_default="1"),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
)

ask = Table(
    "ask",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk("through_id"),
    Column("kind", String(20), nullable=False),
    Column("what", Text, nullable=False),
    Column("asked_at", UTCDateTime, nullable=False),
    Column("outcome", String(20), nullable=False, server_default="pending"),
    Column("note", Text, nullable=False, server_default=""),
)

life_event = Table(
    "life_event",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk("person_id"),
    Column("kind", String(50), nullable=False),  # job-change, move, birth, …
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
)

opportunity = Table(
    "opportunity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("organisation", String(300), nullable=False),
    Column("role", String(300), nullable=False),
    Column("url", String(2000), nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
)

goal = Table(
    "goal",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", String(500), nullable=False),
    Column("target_kind", String(20), nullable=False),
    Column("target", String(500), nullable=False),
    Column("ask", String(20), nullable=False, server_default="intro"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
)

provenance = Table(
    "provenance",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity", String(30), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("field", String(100), nullable=False),
    Column("source", String(50), nullable=False),
    Column("file", String(1000), nullable=False, server_default=""),
    Column("record", String(200), nullable=False, server_default=""),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_provenance_entity", "entity", "entity_id"),
)

source_record = Table(
    # One row per record of an imported file: re-importing finds what it made before.
    "source_record",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(50), nullable=False),
    Column("key", String(500), nullable=False),
    _person_fk("person_id"),
    Column("digest", String(64), nullable=False),
    Column("file", String(1000), nullable=False, server_default=""),
    Column("imported_at", UTCDateTime, nullable=False),
    UniqueConstraint("source", "key"),
)

merge_proposal = Table(
    "merge_proposal",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk("person_a"),
    _person_fk("person_b"),
    Column("score", Float, nullable=False),
    Column("evidence", Text, nullable=False, server_default=""),
    Column("status", String(20), nullable=False, server_default="open"),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("person_a", "person_b"),
)

person_note = Table(
    # Dated notes on a person, several per person (the ``notes`` column holds only what
    # an address book's card said).
    "person_note",
    metadata,
    Column("id", Integer, primary_key=True),
    _person_fk("person_id"),
    Column("written_at", UTCDateTime, nullable=False),
    Column("text", Text, nullable=False),
)

merge_log = Table(
    "merge_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kept_id", Integer, nullable=False),
    Column("merged_id", Integer, nullable=False),
    Column("snapshot", JSON, nullable=False),  # what unmerge needs to restore
    Column("at", UTCDateTime, nullable=False),
    Column("undone", Boolean, nullable=False, server_default="0"),
)


# Bookkeeping, not part of the network: kept out of ``metadata`` so that backups,
# merges and the demo's reset, which walk the network's tables, never see it.
internal_metadata = MetaData(naming_convention=metadata.naming_convention)

STATE_VALUE_LENGTH = 64

state = Table(
    # ``data_version`` changes on every commit, in any process: caches key on it.
    "kithkin_state",
    internal_metadata,
    Column("key", String(50), primary_key=True),
    Column("value", String(STATE_VALUE_LENGTH), nullable=False),
)

TOKEN_LENGTH = 32  # a data version token: uuid4().hex

# The log of what each commit changed, for a process that keeps the network and
# follows writes (``store.state``): one row per commit that a follower can apply,
# keyed by the data version it replaced.
change_log = Table(
    "kithkin_change",
    internal_metadata,
    Column("replaced", String(TOKEN_LENGTH), primary_key=True),
    Column("token", String(TOKEN_LENGTH), nullable=False),  # the version it wrote
    Column("ties", Boolean, nullable=False),  # ties added or their state changed
    Column("favours", Boolean, nullable=False),  # favours added
)

# The interactions each logged commit added.
change_interaction = Table(
    "kithkin_change_interaction",
    internal_metadata,
    Column(
        "replaced",
        String(TOKEN_LENGTH),
        ForeignKey("kithkin_change.replaced", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("interaction_id", Integer, primary_key=True),
)

# Servers that ``kith sync`` reads (configuration, not the network: never in a
# backup's network tables nor reset by the demo). Passwords are never stored here.
sync_source = Table(
    "sync_source",
    internal_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),  # carddav, caldav, imap
    Column("url", String(1000), nullable=False),
    Column("username", String(200), nullable=False),
    Column("folders", JSON, nullable=False),  # IMAP folders to read
    Column("insecure", Boolean, nullable=False, server_default="0"),
    Column("password_env", String(100), nullable=False, server_default=""),
    Column("publish", String(1000), nullable=False, server_default=""),  # agenda calendar URL
    Column("state", JSON, nullable=False),  # sync-tokens per collection, UIDVALIDITY per folder
    Column("last_run", UTCDateTime),
    Column("last_error", Text, nullable=False, server_default=""),
    Column("last_changes", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# The last change made by an edit or a removal, to take it back: the rows it touched as
# they were before (``store.undo``). One row at most; ``token`` is the data version its
# commit wrote, so any later write makes it stale.
undo = Table(
    "kithkin_undo",
    internal_metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(TOKEN_LENGTH), nullable=False),
    Column("what", String(500), nullable=False),
    Column("snapshot", JSON, nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

sync_item = Table(
    # One row per remote item read: its ETag (or UID) and the record keys it gave.
    "sync_item",
    internal_metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "source_id",
        Integer,
        ForeignKey("sync_source.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("collection", String(1000), nullable=False),
    Column("remote", String(1000), nullable=False),
    Column("etag", String(200), nullable=False),
    Column("keys", JSON, nullable=False),
    UniqueConstraint("source_id", "collection", "remote", name="uq_sync_item_remote"),
)
