"""A backup moves between SQLite and PostgreSQL both ways, whatever its values hold:
NUL and other control characters, values at the longest a column keeps, any unicode,
extreme finite numbers. What no database keeps is refused or cleaned by the model first."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, delete

from kithkin.cli.main import run
from kithkin.errors import InvalidInput
from kithkin.model import (
    Affiliation,
    Channel,
    Email,
    Exchange,
    ExchangeKind,
    Interaction,
    Person,
    Phone,
    values,
)
from kithkin.service.app import App
from kithkin.service.backup import backup_data
from kithkin.store import Settings
from kithkin.store import schema as t
from pg_databases import new_pg_database

PG_ADMIN_URL = os.environ.get(
    "KITHKIN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

hostile = st.characters(codec="utf-8") | st.sampled_from(
    "\x00\x01\x1b\x7f\x85\r\n\t\u2028\ufeff\uffff\u200f'\";\\🜁\u0301"
)


def at_most(limit: int) -> st.SearchStrategy[str]:
    """Text up to ``limit`` characters, often exactly that long once cleaned."""
    short = st.text(hostile, min_size=1, max_size=40)
    return short | short.map(lambda s: (s * limit)[:limit])


@st.composite
def network(draw: st.DrawFn) -> tuple[list[Person], float, str]:
    people = []
    for i in range(draw(st.integers(1, 3))):
        name = draw(at_most(values.NAME))
        if not " ".join(values.clean(name).split()):
            name = f"Person {i}"
        local = draw(st.text("abcdefghij", min_size=1, max_size=64))
        domain = draw(st.text("klmnopqrst", min_size=1, max_size=values.EMAIL - 64 - 10))
        people.append(
            Person(
                display_name=name,
                given_name=draw(at_most(values.NAME_PART)),
                family_name=draw(at_most(values.NAME_PART)),
                prefix=draw(at_most(values.AFFIX)),
                nicknames=draw(st.lists(at_most(1000), max_size=2)),
                emails=[Email(f"{local}{i}@{domain}.example", draw(at_most(values.LABEL)))],
                phones=[Phone(draw(at_most(values.PHONE)))],
                affiliations=[Affiliation(draw(at_most(values.NAME)), draw(at_most(values.NAME)))],
                location=draw(at_most(values.NAME)),
                notes=draw(st.text(hostile, max_size=3000)),
            )
        )
    weight = draw(st.floats(min_value=1e-300, max_value=1e300, allow_nan=False))
    return people, weight, draw(st.text(hostile, max_size=500))


def kith(url: str, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        try:
            run(["--db", url, *args])
        except SystemExit as exc:
            return int(exc.code or 0), err.getvalue()
    return 0, err.getvalue()


@pytest.fixture
def pg_url() -> Iterator[str]:
    with new_pg_database("kithkin_across") as url:
        yield url


def _wipe(app: App) -> None:
    with app.uow() as uow:
        for table in reversed(t.metadata.sorted_tables):
            uow.conn.execute(delete(table))
        uow.commit()


def _tables(app: App) -> dict[str, Any]:
    with app.uow() as uow:
        tables: dict[str, Any] = backup_data(uow)["tables"]
        return tables


@pytest.mark.parametrize("direction", ["sqlite to postgresql", "postgresql to sqlite"])
def test_a_hostile_backup_restores_into_the_other_database(
    direction: str, pg_url: str, tmp_path: Path
) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'kithkin.db'}"
    source_url, target_url = (
        (sqlite_url, pg_url) if direction.startswith("sqlite") else (pg_url, sqlite_url)
    )
    source, target = App(Settings(source_url)), App(Settings(target_url))
    backup = tmp_path / "backup.json"

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(network())
    def moves(made: tuple[list[Person], float, str]) -> None:
        people, weight, note = made
        _wipe(source)
        _wipe(target)
        with source.uow() as uow:
            ids = [uow.people.add(p, WHEN) for p in people]
            other = uow.people.add(Person("Alex Morgan", is_me=True), WHEN)
            uow.activity.add_exchange(
                Exchange(ids[0], other, ExchangeKind.INTRO, WHEN, weight=weight, note=note)
            )
            uow.activity.add_interaction(
                Interaction(WHEN, Channel.CALL, [ids[0], other], note=note)
            )
            uow.commit()
        code, err = kith(source_url, "export", "json", "-o", str(backup))
        assert code == 0, err
        code, err = kith(target_url, "restore", str(backup))
        assert code == 0, err
        assert _tables(target) == _tables(source)

    try:
        moves()
    finally:
        source.close()
        target.close()


def test_what_no_database_keeps_is_refused_in_one_line() -> None:
    with pytest.raises(InvalidInput, match="a name is at most 300 characters"):
        Person("x" * 301)
    with pytest.raises(InvalidInput, match="an e-mail address is at most 320"):
        Email("a" * 300 + "@" + "b" * 20 + ".example")
    with pytest.raises(InvalidInput, match="finite"):
        Exchange(1, 2, ExchangeKind.INTRO, WHEN, weight=float("inf"))
    with pytest.raises(InvalidInput, match="finite"):
        Exchange(1, 2, ExchangeKind.INTRO, WHEN, weight=float("nan"))
    cleaned = Person("Ada\x00 Lovelace\x1b", notes="one\r\ntwo\x00\tthree\rfour")
    assert (cleaned.display_name, cleaned.notes) == ("Ada Lovelace", "one\ntwo\tthree\nfour")


def test_the_model_limits_are_the_store_columns() -> None:
    """The lengths the model checks are the lengths the PostgreSQL columns hold."""
    limits = {
        ("person", "display_name"): values.NAME,
        ("person", "given_name"): values.NAME_PART,
        ("person", "family_name"): values.NAME_PART,
        ("person", "middle_name"): values.NAME_PART,
        ("person", "prefix"): values.AFFIX,
        ("person", "suffix"): values.AFFIX,
        ("person", "location"): values.NAME,
        ("email", "address"): values.EMAIL,
        ("email", "label"): values.LABEL,
        ("phone", "number"): values.PHONE,
        ("phone", "label"): values.LABEL,
        ("organisation", "name"): values.NAME,
        ("organisation", "key"): values.NAME,
        ("affiliation", "role"): values.NAME,
        ("circle", "name"): values.NAME_PART,
        ("tie_kind", "kind"): values.NAME_PART,
        ("interaction", "external_id"): values.KEY,
        ("source_record", "key"): values.KEY,
        ("opportunity", "url"): values.LINK,
    }
    for (table, column), limit in limits.items():
        kind = t.metadata.tables[table].c[column].type
        assert isinstance(kind, String) and kind.length == limit, column
