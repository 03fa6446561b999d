"""A database an older release wrote, once upgraded, holds what this release writes from
the same files and the same commands (tests/data/old_database: the rows were written by
that release, see its README.md), on SQLite and PostgreSQL, alone or as a team
member's network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from kithkin.cli.main import run
from kithkin.store import make_engine, prepare
from kithkin.store import schema as t
from kithkin.store.legacy import MET_TOGETHER, plan_ties
from kithkin.store.migrate import alembic_config, current_revision, head_revision
from kithkin.store.sources import SourceRepository
from pg_databases import new_pg_database

DATA = Path(__file__).parents[1] / "data" / "old_database"
ROWS: dict[str, list[dict[str, Any]]] = json.loads((DATA / "rows.json").read_text())
STEPS: list[list[str]] = json.loads((DATA / "steps.json").read_text())
# The one place the upgrade keeps more than a fresh import: the user stated 'friend' on a
# tie the old import had called 'colleague', and the kind's row cannot tell whether the
# user said 'colleague' too. What the user may have said is kept.
KEPT_FOR_THE_USER = ("Eli Fox", "Ivo Jansen")


def _write_old_rows(url: str) -> None:
    """The old release's rows, at its revision, in the database at ``url``."""
    from alembic import command

    (revision,) = [r["version_num"] for r in ROWS["alembic_version"]]
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
            repo = SourceRepository(conn)
            for table in [*t.internal_metadata.sorted_tables, *t.metadata.sorted_tables]:
                if ROWS.get(table.name):
                    repo.load(table, ROWS[table.name])
                    if conn.dialect.name == "postgresql" and "id" in table.c:
                        # Rows came with their ids: the next one must follow them.
                        conn.execute(
                            text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                            {"t": table.name, "n": max(r["id"] for r in ROWS[table.name])},
                        )
        assert current_revision(engine) == revision
    finally:
        engine.dispose()


def _kith(url: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    monkeypatch.setenv("KITHKIN_DATABASE_URL", url)
    monkeypatch.chdir(DATA)
    try:
        run(["--now", "2026-06-01", *args])
    except SystemExit as exc:
        assert not exc.code, f"kith {' '.join(args)} exited {exc.code}"


def _contents(url: str) -> dict[str, Any]:
    """What a user could see of the network, by names rather than ids."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = dict(conn.execute(select(t.person.c.id, t.person.c.display_name)).all())
            org_names = dict(conn.execute(select(t.organisation.c.id, t.organisation.c.name)).all())
            kinds: dict[int, set[tuple[Any, ...]]] = {}
            for k in conn.execute(select(t.tie_kind)).all():
                kinds.setdefault(k.tie_id, set()).add((k.kind, k.source, k.confidence, k.evidence))
            ties = {
                (names[r.person_a], names[r.person_b]): (
                    r.source,
                    r.confidence,
                    r.evidence,
                    r.closeness,
                    r.status,
                    frozenset(kinds.get(r.id, set())),
                )
                for r in conn.execute(select(t.tie)).all()
            }
            organisations = sorted(
                (r.name, r.key, r.domain, json.dumps(r.contact))
                for r in conn.execute(select(t.organisation)).all()
            )
            jobs = sorted(
                (names[r.person_id], org_names[r.organisation_id], r.role, r.current)
                for r in conn.execute(select(t.affiliation)).all()
            )
            people = sorted(names.values())
            merges = len(conn.execute(select(t.merge_log.c.id)).all())
    finally:
        engine.dispose()
    return {"people": people, "organisations": organisations, "jobs": jobs, "ties": ties,
            "merges": merges}  # fmt: skip


@contextmanager
def _second_database(db_url: str, tmp_path: Path) -> Iterator[str]:
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
    else:
        with new_pg_database("kithkin_fresh") as url:
            yield url


def _compare(old: dict[str, Any], new: dict[str, Any]) -> None:
    for part in ("people", "organisations", "jobs", "merges"):
        assert old[part] == new[part], part
    assert set(old["ties"]) == set(new["ties"])
    for pair, tie in new["ties"].items():
        if pair != KEPT_FOR_THE_USER:
            assert old["ties"][pair] == tie, pair
    *same, kinds = old["ties"][KEPT_FOR_THE_USER]
    *same_new, kinds_new = new["ties"][KEPT_FOR_THE_USER]
    assert same == same_new
    assert {k[:2] for k in kinds - kinds_new} == {("colleague", "inferred")}


def test_the_old_rows_are_what_the_old_rules_wrote() -> None:
    # The fixture itself: colleague kinds stored by an import, organisations by the old fold.
    kinds = ROWS["tie_kind"]
    assert sum(k["kind"] == "colleague" and k["source"] == "inferred" for k in kinds) == 5
    assert {o["key"] for o in ROWS["organisation"]} >= {"globex", "globex corporation"}


def test_an_upgraded_old_database_holds_what_a_fresh_import_writes(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_old_rows(db_url)
    engine = make_engine(db_url)
    try:
        prepare(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    old = _contents(db_url)
    with _second_database(db_url, tmp_path) as fresh_url:
        for step in STEPS:
            _kith(fresh_url, monkeypatch, *step)
        new = _contents(fresh_url)
        _compare(old, new)
        # The colleague the user stated by hand stays theirs, as the command writes it today.
        assert ("colleague", "stated", 1.0, "") in old["ties"][("Eli Fox", "Fay Gold")][5]
        assert ("colleague", "stated", 1.0, "") in old["ties"][("Ana Lima", "Gus Hale")][5]
        # Three organisation rows where the old fold made seven.
        assert [o[1] for o in old["organisations"]] == ["cafe muller", "globex", "initech"]

        # The merge kept for unmerge was rewritten alike: undoing it on both gives the same.
        _kith(db_url, monkeypatch, "unmerge", "Cy Dutta")
        _kith(fresh_url, monkeypatch, "unmerge", "Cy Dutta")
        _compare(_contents(db_url), _contents(fresh_url))

    # Importing the same file again changes nothing: the rows are as this release keys them.
    before = _contents(db_url)
    _kith(db_url, monkeypatch, "import", "contacts.vcf")
    assert _contents(db_url) == before


def test_a_team_members_old_network_is_upgraded_in_its_own_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kithkin.store.team_database import TeamDatabase

    with new_pg_database("kithkin_team_old") as url:
        team = TeamDatabase(url, create=True)
        try:
            team.add_member_schema(7)
            member = team.member_url(7, as_member=False)
            # The member's network as the older release left it: its schema emptied and
            # written again at the old revision.
            engine = make_engine(member)
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA member_7 CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA member_7")
            engine.dispose()
            _write_old_rows(member)
        finally:
            team.close()
        TeamDatabase(url).close()  # opening the team brings members' networks up
        engine = make_engine(member)
        try:
            assert current_revision(engine) == head_revision()
        finally:
            engine.dispose()
        contents = _contents(member)
        assert not any(
            k[:2] == ("colleague", "inferred")
            for pair, tie in contents["ties"].items()
            if pair != KEPT_FOR_THE_USER
            for k in tie[5]
        )
        assert [o[1] for o in contents["organisations"]] == ["cafe muller", "globex", "initech"]


def _tie(tid: int, source: str = "inferred", status: str = "active") -> dict[str, Any]:
    return {"id": tid, "source": source, "confidence": 0.4, "evidence": "both at Globex",
            "status": status, "snoozed_until": None}  # fmt: skip


def _kind(kid: int, tid: int, kind: str = "colleague", source: str = "inferred") -> dict[str, Any]:
    return {"id": kid, "tie_id": tid, "kind": kind, "source": source, "confidence": 0.4,
            "evidence": "both at Globex" if kind == "colleague" else "said so"}  # fmt: skip


def test_a_tie_the_user_paused_is_kept_as_they_left_it() -> None:
    ties = {1: _tie(1, status="paused"), 2: _tie(2)}
    plan = plan_ties(ties, [_kind(1, 1), _kind(2, 2)])
    assert plan.drop_ties == {2} and plan.drop_kinds == {2}
    assert not plan.restate_kinds and not plan.tie_values


def test_a_stated_tie_keeps_the_kind_and_other_kinds_keep_the_tie() -> None:
    ties = {1: _tie(1, source="stated"), 2: _tie(2), 3: _tie(3, source="imported")}
    kinds = [_kind(1, 1), _kind(2, 2), _kind(3, 2, "co-attendee"), _kind(4, 3), _kind(5, 3, "x")]
    plan = plan_ties(ties, kinds)
    assert plan.restate_kinds == {1}
    assert plan.drop_kinds == {2, 4} and not plan.drop_ties
    # Tie 2 said of itself what the colleague rule said; it now says what is left.
    assert plan.tie_values == {2: {"source": "inferred", "confidence": 0.4, "evidence": "said so"}}


def test_co_recipients_go_and_a_stated_tie_keeps_them_as_they_were() -> None:
    ties = {1: _tie(1, source="stated"), 2: _tie(2), 3: _tie(3, source="imported")}
    kinds = [
        _kind(1, 1, "co-recipient"),
        {**_kind(2, 2, "co-attendee"), "evidence": "both at Globex"},
        _kind(3, 2, "co-recipient"),
        _kind(4, 3, "co-attendee"),
    ]
    plan = plan_ties(ties, kinds, MET_TOGETHER)
    assert not plan.restate_kinds  # nobody types "co-recipient"
    assert plan.drop_kinds == {2, 3, 4} and plan.drop_ties == {2}
