"""The PostgreSQL database an ``app`` test gets is emptied rather than migrated again:
it must be exactly what the migrations build, and a changed schema is built afresh."""

from __future__ import annotations

from collections.abc import Callable

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text

from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.store import Settings
from kithkin.store.migrate import HEAD, current_revision
from kithkin.store.schema import internal_metadata, metadata


def _rows_and_schema(url: str) -> tuple[dict[str, int], list[object], str | None]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in metadata.tables.items()
            }
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            both = [metadata, internal_metadata]  # alembic takes a list, though typed for one
            differences = compare_metadata(context, both)  # type: ignore[arg-type]
        return rows, differences, current_revision(engine)
    finally:
        engine.dispose()


def _first_new_id(url: str) -> int:
    app = App(Settings(url))
    try:
        return add_person(app, PersonChanges(name="Leo Martins")).id or 0
    finally:
        app.close()


def test_an_emptied_database_is_the_migrated_one_with_no_rows_and_ids_from_one(
    pg_database: str, migrated_empty_pg: Callable[[str], None]
) -> None:
    migrated_empty_pg(pg_database)
    fresh_id = _first_new_id(pg_database)
    migrated_empty_pg(pg_database)
    app = App(Settings(pg_database))
    try:
        init_network(app, "Alex Morgan", ["alex@example.org"])
        for name in ("Sam Rivera", "Dana Cole"):
            add_person(app, PersonChanges(name=name))
    finally:
        app.close()
    assert _rows_and_schema(pg_database)[0]["person"] == 3
    migrated_empty_pg(pg_database)
    rows, differences, revision = _rows_and_schema(pg_database)
    assert set(rows.values()) == {0}, rows
    assert differences == []
    assert revision == HEAD
    assert _first_new_id(pg_database) == fresh_id  # the sequences start again


def test_a_changed_schema_is_built_again_from_the_migrations(
    pg_database: str, migrated_empty_pg: Callable[[str], None]
) -> None:
    migrated_empty_pg(pg_database)
    engine = create_engine(pg_database)
    try:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE person ADD COLUMN shoe_size integer"))
            conn.execute(text("CREATE INDEX person_by_name ON person (display_name)"))
        migrated_empty_pg(pg_database)
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("person")}
            indexes = {i["name"] for i in inspect(conn).get_indexes("person")}
    finally:
        engine.dispose()
    assert "shoe_size" not in columns
    assert "person_by_name" not in indexes
    assert _rows_and_schema(pg_database)[1:] == ([], HEAD)


def _synchronous_commit(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SHOW synchronous_commit")).scalar_one())
    finally:
        engine.dispose()


def test_test_databases_and_their_demo_copies_commit_without_waiting_for_the_disk(
    pg_database: str, fill_demo: Callable[[str], None]
) -> None:
    assert _synchronous_commit(pg_database) == "off"
    # A copy made from the demo's template database does not inherit the setting by itself.
    fill_demo(pg_database)
    assert _synchronous_commit(pg_database) == "off"
