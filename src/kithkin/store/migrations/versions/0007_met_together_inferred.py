"""met together, one definition: no co-recipient or co-attendee ties stored by imports

Revision ID: 0007
Revises: 0006

Older releases stored a tie per pair of people on one e-mail (``co-recipient``) or
at one meeting (``co-attendee``), beside the interaction itself; the same facts
gave a second, read-time tie ("met together", ``insight.inference``) with other
group sizes and confidences, and a stored one hid it. Now the interaction is the
one fact and the read-time rule the one definition: those kinds go (source
``inferred``, as imports wrote them), and a tie that held nothing else goes with
them. A tie the user stated, edited, paused or snoozed keeps them, as in 0006;
merges kept for ``kith unmerge`` are rewritten alike, and the data version moves.
Team mode runs this once per member's schema, as every single-user migration.
"""

from __future__ import annotations

from alembic import op

from kithkin.store.legacy import MET_TOGETHER, clean_merge_log, clean_stored_ties, new_data_version

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    ties_changed = clean_stored_ties(conn, MET_TOGETHER)
    merges_changed = clean_merge_log(conn, {}, MET_TOGETHER)
    if ties_changed or merges_changed:
        new_data_version(conn)


def downgrade() -> None:
    pass  # the interactions they came from are all still there; the rule reads them
