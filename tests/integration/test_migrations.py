"""The migrations build exactly the schema in ``kithkin.store.schema``, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from kithkin.store import make_engine, prepare
from kithkin.store.migrate import HEAD, current_revision, head_revision
from kithkin.store.schema import internal_metadata, metadata


def test_upgrading_an_empty_database_builds_exactly_the_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        prepare(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, [metadata, internal_metadata])  # type: ignore[arg-type]
            tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
        assert differences == []
        assert tables == set(metadata.tables) | set(internal_metadata.tables)
        prepare(engine)  # a second run finds nothing to do
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_head_is_the_newest_migration() -> None:
    # ``prepare`` recognises an up-to-date database by this constant, without Alembic.
    assert head_revision() == HEAD
