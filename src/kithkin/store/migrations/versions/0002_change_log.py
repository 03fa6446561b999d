"""the change log as tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 16:30:00

What each commit changed was kept as text ("token ids flags") in
``kithkin_state``; it becomes two tables. The old rows are dropped, not
converted: a process following them loads the network once instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kithkin_change",
        sa.Column("replaced", sa.String(length=32), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("ties", sa.Boolean(), nullable=False),
        sa.Column("favours", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("replaced", name=op.f("pk_kithkin_change")),
    )
    op.create_table(
        "kithkin_change_interaction",
        sa.Column("replaced", sa.String(length=32), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["replaced"],
            ["kithkin_change.replaced"],
            name=op.f("fk_kithkin_change_interaction_replaced_kithkin_change"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "replaced", "interaction_id", name=op.f("pk_kithkin_change_interaction")
        ),
    )
    op.execute("DELETE FROM kithkin_state WHERE key LIKE 'change:%'")


def downgrade() -> None:
    op.drop_table("kithkin_change_interaction")
    op.drop_table("kithkin_change")
