"""The migrations build exactly the schema in ``kithkin.store.schema``, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

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


def test_upgrading_from_0001_moves_the_change_log_into_its_tables(db_url: str) -> None:
    from alembic import command

    from kithkin.store.migrate import alembic_config
    from kithkin.store.schema import change_log, state

    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0001")
            conn.execute(
                state.insert(),
                [
                    {"key": "data_version", "value": "b" * 32},
                    {"key": "change:" + "a" * 32, "value": "b" * 32 + " 7 t"},
                ],
            )
        assert current_revision(engine) == "0001"
        prepare(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            both = [metadata, internal_metadata]  # alembic takes a list, though typed for one
            assert compare_metadata(context, both) == []  # type: ignore[arg-type]
            keys = set(conn.execute(select(state.c.key)).scalars())
            logged = conn.execute(select(change_log)).all()
        assert keys == {"data_version"}  # the version stays; the old text log is gone
        assert logged == []
    finally:
        engine.dispose()
