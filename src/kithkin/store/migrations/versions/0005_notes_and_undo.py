"""notes and undo: several dated notes per person, and the last change kept for undo

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import kithkin.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("written_at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_note_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_note")),
    )
    with op.batch_alter_table("person_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_note_person_id"), ["person_id"], unique=False)
    op.create_table(
        "kithkin_undo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("what", sa.String(length=500), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("at", kithkin.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kithkin_undo")),
    )
    _move_notes()


def _move_notes() -> None:
    """Each person's one note becomes their first dated note, dated when the person was
    last changed (the best date there is for it); the column keeps only a card's note
    from later imports."""
    conn = op.get_bind()
    person = sa.table(
        "person",
        sa.column("id", sa.Integer()),
        sa.column("notes", sa.Text()),
        sa.column("updated_at", kithkin.store.types.UTCDateTime()),
    )
    note = sa.table(
        "person_note",
        sa.column("person_id", sa.Integer()),
        sa.column("written_at", kithkin.store.types.UTCDateTime()),
        sa.column("text", sa.Text()),
    )
    rows = conn.execute(
        sa.select(person.c.id, person.c.notes, person.c.updated_at)
        .where(person.c.notes != "")
        .order_by(person.c.id)
    ).all()
    if not rows:
        return
    conn.execute(
        sa.insert(note),
        [
            {"person_id": r.id, "written_at": r.updated_at or datetime.now(UTC), "text": r.notes}
            for r in rows
        ],
    )
    conn.execute(sa.update(person).where(person.c.notes != "").values(notes=""))


def downgrade() -> None:
    op.drop_table("kithkin_undo")
    with op.batch_alter_table("person_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_note_person_id"))
    op.drop_table("person_note")
