"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 01:45:30.026974
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kithkin.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kithkin_state",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_kithkin_state")),
    )
    op.create_table(
        "circle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle")),
        sa.UniqueConstraint("name", name=op.f("uq_circle_name")),
    )
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("ask", sa.String(length=20), server_default="intro", nullable=False),
        sa.Column("created_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    op.create_table(
        "merge_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.Column("undone", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_log")),
    )
    op.create_table(
        "opportunity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=2000), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("domain", sa.String(length=255), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("key", name=op.f("uq_organisation_key")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("given_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("family_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("middle_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("prefix", sa.String(length=50), server_default="", nullable=False),
        sa.Column("suffix", sa.String(length=50), server_default="", nullable=False),
        sa.Column("nicknames", sa.JSON(), nullable=False),
        sa.Column("location", sa.String(length=300), server_default="", nullable=False),
        sa.Column("birthday", sa.String(length=10), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("is_me", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "provenance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column("file", sa.String(length=1000), server_default="", nullable=False),
        sa.Column("record", sa.String(length=200), server_default="", nullable=False),
        sa.Column("at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provenance")),
    )
    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.create_index("ix_provenance_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "affiliation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=300), server_default="", nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("current", sa.Boolean(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_affiliation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_affiliation_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliation")),
    )
    with op.batch_alter_table("affiliation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_affiliation_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_affiliation_person_id"), ["person_id"], unique=False)

    op.create_table(
        "ask",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("through_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("asked_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=20), server_default="pending", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["through_id"], ["person.id"], name=op.f("fk_ask_through_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ask")),
    )
    with op.batch_alter_table("ask", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ask_through_id"), ["through_id"], unique=False)

    op.create_table(
        "email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("label", sa.String(length=100), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_email_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email")),
        sa.UniqueConstraint("person_id", "address", name=op.f("uq_email_person_id")),
    )
    with op.batch_alter_table("email", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_email_person_id"), ["person_id"], unique=False)

    op.create_table(
        "exchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("giver_id", sa.Integer(), nullable=False),
        sa.Column("receiver_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("weight", sa.Float(), server_default="1", nullable=False),
        sa.Column("occurred_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["giver_id"],
            ["person.id"],
            name=op.f("fk_exchange_giver_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["receiver_id"],
            ["person.id"],
            name=op.f("fk_exchange_receiver_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange")),
    )
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_giver_id"), ["giver_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exchange_receiver_id"), ["receiver_id"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("initiator_id", sa.Integer(), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("external_id", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=50), server_default="user", nullable=False),
        sa.ForeignKeyConstraint(
            ["initiator_id"],
            ["person.id"],
            name=op.f("fk_interaction_initiator_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction")),
        sa.UniqueConstraint("external_id", name=op.f("uq_interaction_external_id")),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_initiator_id"), ["initiator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interaction_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "life_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("occurred_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_life_event_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_life_event")),
    )
    with op.batch_alter_table("life_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_life_event_person_id"), ["person_id"], unique=False)

    op.create_table(
        "membership",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=50), server_default="stated", nullable=False),
        sa.ForeignKeyConstraint(
            ["circle_id"],
            ["circle.id"],
            name=op.f("fk_membership_circle_id_circle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_membership_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "circle_id", name=op.f("pk_membership")),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_circle_id"), ["circle_id"], unique=False)

    op.create_table(
        "merge_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_a", sa.Integer(), nullable=False),
        sa.Column("person_b", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=20), server_default="open", nullable=False),
        sa.Column("created_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_a"],
            ["person.id"],
            name=op.f("fk_merge_proposal_person_a_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_b"],
            ["person.id"],
            name=op.f("fk_merge_proposal_person_b_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_proposal")),
        sa.UniqueConstraint("person_a", "person_b", name=op.f("uq_merge_proposal_person_a")),
    )
    with op.batch_alter_table("merge_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merge_proposal_person_a"), ["person_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_merge_proposal_person_b"), ["person_b"], unique=False)

    op.create_table(
        "phone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_phone_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone")),
        sa.UniqueConstraint("person_id", "number", name=op.f("uq_phone_person_id")),
    )
    with op.batch_alter_table("phone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phone_number"), ["number"], unique=False)
        batch_op.create_index(batch_op.f("ix_phone_person_id"), ["person_id"], unique=False)

    op.create_table(
        "source_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("file", sa.String(length=1000), server_default="", nullable=False),
        sa.Column("imported_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_source_record_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_record")),
        sa.UniqueConstraint("source", "key", name=op.f("uq_source_record_source")),
    )
    with op.batch_alter_table("source_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_record_person_id"), ["person_id"], unique=False)

    op.create_table(
        "tie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_a", sa.Integer(), nullable=False),
        sa.Column("person_b", sa.Integer(), nullable=False),
        sa.Column("closeness", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), server_default="1", nullable=False),
        sa.Column("evidence", sa.Text(), server_default="", nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), server_default="active", nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("created_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_a"], ["person.id"], name=op.f("fk_tie_person_a_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_b"], ["person.id"], name=op.f("fk_tie_person_b_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tie")),
        sa.UniqueConstraint("person_a", "person_b", name=op.f("uq_tie_person_a")),
    )
    with op.batch_alter_table("tie", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tie_person_a"), ["person_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_tie_person_b"), ["person_b"], unique=False)

    op.create_table(
        "participant",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_participant_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_participant_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "person_id", name=op.f("pk_participant")),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index("ix_participant_person", ["person_id"], unique=False)

    op.create_table(
        "tie_kind",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tie_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), server_default="1", nullable=False),
        sa.Column("evidence", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["tie_id"], ["tie.id"], name=op.f("fk_tie_kind_tie_id_tie"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tie_kind")),
        sa.UniqueConstraint("tie_id", "kind", name=op.f("uq_tie_kind_tie_id")),
    )
    with op.batch_alter_table("tie_kind", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tie_kind_tie_id"), ["tie_id"], unique=False)

    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_table("kithkin_state")
    with op.batch_alter_table("tie_kind", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tie_kind_tie_id"))

    op.drop_table("tie_kind")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index("ix_participant_person")

    op.drop_table("participant")
    with op.batch_alter_table("tie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tie_person_b"))
        batch_op.drop_index(batch_op.f("ix_tie_person_a"))

    op.drop_table("tie")
    with op.batch_alter_table("source_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_record_person_id"))

    op.drop_table("source_record")
    with op.batch_alter_table("phone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phone_person_id"))
        batch_op.drop_index(batch_op.f("ix_phone_number"))

    op.drop_table("phone")
    with op.batch_alter_table("merge_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merge_proposal_person_b"))
        batch_op.drop_index(batch_op.f("ix_merge_proposal_person_a"))

    op.drop_table("merge_proposal")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_circle_id"))

    op.drop_table("membership")
    with op.batch_alter_table("life_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_life_event_person_id"))

    op.drop_table("life_event")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_interaction_initiator_id"))

    op.drop_table("interaction")
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_receiver_id"))
        batch_op.drop_index(batch_op.f("ix_exchange_giver_id"))

    op.drop_table("exchange")
    with op.batch_alter_table("email", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_person_id"))
        batch_op.drop_index(batch_op.f("ix_email_address"))

    op.drop_table("email")
    with op.batch_alter_table("ask", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ask_through_id"))

    op.drop_table("ask")
    with op.batch_alter_table("affiliation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_affiliation_person_id"))
        batch_op.drop_index(batch_op.f("ix_affiliation_organisation_id"))

    op.drop_table("affiliation")
    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.drop_index("ix_provenance_entity")

    op.drop_table("provenance")
    op.drop_table("person")
    op.drop_table("organisation")
    op.drop_table("opportunity")
    op.drop_table("merge_log")
    op.drop_table("goal")
    op.drop_table("circle")
    # ### end Alembic commands ###
