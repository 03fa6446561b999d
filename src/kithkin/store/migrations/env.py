"""Alembic environment: Kithkin hands in its own connection (see ``kithkin.store.migrate``)."""

from __future__ import annotations

from alembic import context

from kithkin.store.schema import internal_metadata, metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI
    from kithkin.store.engine import make_engine
    from kithkin.store.settings import Settings

    connection = make_engine(Settings.from_env().database_url).connect()

context.configure(
    connection=connection,
    target_metadata=[metadata, internal_metadata],
    render_as_batch=True,  # SQLite needs batch mode to alter tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
