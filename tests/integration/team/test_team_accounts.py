"""Accounts of a team on the real PostgreSQL: starting one, members with networks of their
own, logging in with a persistent rate limit, sessions, TOTP."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from fixed_values import NOW
from kithkin.errors import DatabaseError, InvalidInput, LoginRefused, NotAKithkinDatabase
from kithkin.service.app import App
from kithkin.service.importing import import_files
from kithkin.service.team import (
    Team,
    actor_of,
    add_member,
    authenticate,
    close_session,
    enable_totp,
    member_app,
    members,
    open_session,
    open_team,
    session_account,
    team_init,
)
from kithkin.service.team.totp import code_at

from .conftest import PASSWORD

pytestmark = pytest.mark.postgres
VCARDS = Path(__file__).parents[2] / "data" / "vcard"


def test_a_member_gets_a_network_of_their_own(team: Team) -> None:
    ben = add_member(team, "Ben@Example.com", "Ben Okafor", "member", PASSWORD)
    assert ben.email == "ben@example.com" and ben.role == "member"
    app = member_app(team, ben)
    import_files(app, [VCARDS / "outlook.vcf"], me=["ben@example.com"])
    assert _people(app) > 1
    # The admin's network is another schema: empty.
    admin = authenticate(team, "admin@example.com", PASSWORD)
    assert _people(member_app(team, admin)) == 0
    # Nothing went to the public schema: the database holds no single-user network.
    engine = create_engine(team.db.url)
    with engine.connect() as conn:
        public = conn.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        ).scalar_one()
        alembic = conn.execute(text(f"SELECT version_num FROM member_{ben.id}.alembic_version"))
        assert public == 0 and alembic.scalar_one()
    engine.dispose()


def _people(app: App) -> int:
    with app.uow(write=False) as uow:
        return len(uow.people.all())


def test_members_see_names_admins_see_addresses(team: Team) -> None:
    ben = add_member(team, "ben@example.com", "Ben Okafor", "member", PASSWORD)
    admin = authenticate(team, "admin@example.com", PASSWORD)
    by_admin = members(team, actor_of(admin))
    by_ben = members(team, actor_of(ben))
    assert [m.email for m in by_admin] == ["admin@example.com", "ben@example.com"]
    assert [m.display_name for m in by_ben] == ["Ada Admin", "Ben Okafor"]
    assert all(m.email == "" for m in by_ben)


def test_bad_input_is_refused_with_nothing_written(team: Team, team_url: str) -> None:
    with pytest.raises(InvalidInput, match="characters long"):
        add_member(team, "cy@example.com", "Cy", "member", "short")
    with pytest.raises(InvalidInput, match="role"):
        add_member(team, "cy@example.com", "Cy", "boss", PASSWORD)
    with pytest.raises(InvalidInput, match="not an e-mail address"):
        add_member(team, "cy", "Cy", "member", PASSWORD)
    add_member(team, "cy@example.com", "Cy", "member", PASSWORD)
    with pytest.raises(InvalidInput, match="already has an account"):
        add_member(team, "CY@example.com", "Cy again", "member", PASSWORD)
    with pytest.raises(DatabaseError, match="already holds a team"):
        team_init(team_url, "x@example.com", "X", PASSWORD)
    admin = authenticate(team, "admin@example.com", PASSWORD)
    assert len(members(team, actor_of(admin))) == 2


def test_sqlite_and_a_database_without_a_team_are_refused(tmp_path: Path, db_url: str) -> None:
    if db_url.startswith("sqlite"):
        with pytest.raises(DatabaseError, match="needs a PostgreSQL database"):
            open_team(db_url)
        return
    with pytest.raises(NotAKithkinDatabase, match="holds no team") as refused:
        open_team(db_url)
    assert refused.value.see == "team_init"  # the CLI says: start one with 'kith team init'


def test_five_wrong_passwords_in_fifteen_minutes_lock_the_login(team_url: str) -> None:
    team_init(team_url, "admin@example.com", "Ada Admin", PASSWORD, now=NOW)
    for minute in range(5):
        clock = open_team(team_url, now=NOW + timedelta(minutes=minute))
        with pytest.raises(LoginRefused, match="wrong e-mail address, password or code"):
            authenticate(clock, "admin@example.com", "not the password")
        clock.close()
    # A new process (the count is stored, not kept in memory) refuses even the right one.
    later = open_team(team_url, now=NOW + timedelta(minutes=6))
    with pytest.raises(LoginRefused, match="too many wrong attempts"):
        authenticate(later, "admin@example.com", PASSWORD)
    later.close()
    after = open_team(team_url, now=NOW + timedelta(minutes=21))
    assert authenticate(after, "admin@example.com", PASSWORD).display_name == "Ada Admin"
    after.close()


def test_sessions_and_a_second_factor(team: Team) -> None:
    admin = authenticate(team, "admin@example.com", PASSWORD)
    session = open_session(team, admin)
    found = session_account(team, session.token)
    assert found is not None and found[0].id == admin.id and found[1] == session.csrf
    assert session_account(team, "forged") is None
    close_session(team, session.token)
    assert session_account(team, session.token) is None

    secret = enable_totp(team, actor_of(admin))
    with pytest.raises(LoginRefused):
        authenticate(team, "admin@example.com", PASSWORD)  # the code is now needed
    with pytest.raises(LoginRefused):
        authenticate(team, "admin@example.com", PASSWORD, code="000000")
    assert authenticate(team, "admin@example.com", PASSWORD, code=code_at(secret, NOW)).id == 1
