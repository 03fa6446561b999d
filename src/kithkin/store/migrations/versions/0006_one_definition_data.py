"""one definition each, in the data: no colleague ties stored by imports, organisations
keyed by ``organisation_key``

Revision ID: 0006
Revises: 0005

Older releases did two things the one-definition rules no longer allow
(docs/architecture.md, "One definition of each concept"):

- An import stored a ``colleague`` kind (source ``inferred``, evidence "both at
  ORGANISATION") between people sharing an organisation; colleagues are now
  inferred when the network is read. Those kinds go, and a tie that held
  nothing else goes with them. A tie the user stated or edited is theirs and
  keeps every kind: ``kith tie add A B --kind colleague`` on a tie that already
  had the imported kind left that kind's row as it was, so the row may be the
  user's word; when the tie has no stated kind of its own, the kind becomes a
  stated one, as the command writes it today. A tie the user paused, let go or
  snoozed is kept whole, with their decision. Where what the tie said of itself
  (source, confidence, evidence) came from the colleague rule, it is taken
  from the best kind left, as an import writes it.
- Organisation rows were keyed by a plain fold ("globex corporation", "globex");
  they are keyed by ``model.keys.organisation_key`` now ("globex"). Rows that
  now share a key become the oldest one (the name an import would have kept:
  the first seen), with the others' jobs, domain and card details.

Merges kept for ``kith unmerge`` hold copies of the same rows: they are
rewritten alike, so an unmerge brings back neither an old colleague kind nor a
job at a removed organisation row. The data version moves, so every kept view
and the last change kept for undo are let go.

Team mode runs this once per member's schema (``TeamDatabase.migrate_member``):
every statement names its tables unqualified and finds the member's schema by
the search path.

There is no downgrade of the data: the removed rows were guesses that the
network now infers when it is read.
"""

from __future__ import annotations

from alembic import op

from kithkin.store.legacy import (
    COLLEAGUES,
    clean_merge_log,
    clean_stored_ties,
    new_data_version,
    rekey_organisations,
)

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    ties_changed = clean_stored_ties(conn, COLLEAGUES)
    moved, orgs_changed = rekey_organisations(conn)
    merges_changed = clean_merge_log(conn, moved, COLLEAGUES)
    if ties_changed or orgs_changed or merges_changed:
        new_data_version(conn)


def downgrade() -> None:
    pass  # the removed rows were guesses the network now infers when read; nothing to restore
