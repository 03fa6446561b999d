"""sync sources: servers read by kith sync, and what was read from them

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import kithkin.store.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("folders", sa.JSON(), nullable=False),
        sa.Column("insecure", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("password_env", sa.String(length=100), server_default="", nullable=False),
        sa.Column("publish", sa.String(length=1000), server_default="", nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("last_run", kithkin.store.types.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), server_default="", nullable=False),
        sa.Column("last_changes", sa.JSON(), nullable=False),
        sa.Column("created_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_source")),
        sa.UniqueConstraint("name", name=op.f("uq_sync_source_name")),
    )
    op.create_table(
        "sync_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("collection", sa.String(length=1000), nullable=False),
        sa.Column("remote", sa.String(length=1000), nullable=False),
        sa.Column("etag", sa.String(length=200), nullable=False),
        sa.Column("keys", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sync_source.id"],
            name=op.f("fk_sync_item_source_id_sync_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_item")),
        sa.UniqueConstraint("source_id", "collection", "remote", name="uq_sync_item_remote"),
    )
    with op.batch_alter_table("sync_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_item_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_item_source_id"))
    op.drop_table("sync_item")
    op.drop_table("sync_source")
