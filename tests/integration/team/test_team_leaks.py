"""The leak check: as member A, try to read every other member's private rows.

Two ways: through every service a member calls, with the other members' ids; and
past the first wall on purpose: A's own units of work (the team one and A's network)
query the other members' schemas and the team tables directly. With row-level
security on, nothing comes back; with it switched off (``set_row_security``), the
same queries return the other members' rows, so this test can fail.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kithkin.errors import NotFound, NotPermitted
from kithkin.service.importing import import_files
from kithkin.service.opportunities import add_opportunity
from kithkin.service.team import (
    Account,
    Team,
    TeamActor,
    account_by_email,
    actor_of,
    add_candidate,
    add_member,
    answer_request,
    audit_for,
    hidden_from_team,
    hide_person,
    member_app,
    move_candidate,
    openings,
    publish_reach,
    record_outcome,
    request_intro,
    requests_for,
)
from kithkin.store.team_security import member_schema, set_row_security

from .conftest import PASSWORD

pytestmark = pytest.mark.postgres
DATA = Path(__file__).parents[2] / "data"
PRIVATE_TEAM_TABLES = ["intro_request", "audit", "hidden", "candidate", "candidate_move"]


THREE = ["ann@example.com", "alex.morgan@example.com", "jo@example.com"]


def _three(team: Team) -> None:
    """A with a small network; B and C with theirs, a request between them, B's candidate,
    a person B hides."""
    made = []
    for email, name, file in zip(
        THREE,
        ["Ann A", "Alex Morgan", "Jo C"],
        [DATA / "vcard/monica.vcf", DATA / "samples/vcard/android.vcf", DATA / "vcard/outlook.vcf"],
        strict=True,
    ):
        member = add_member(team, email, name, "member", PASSWORD)
        import_files(member_app(team, member), [file], me=[email])
        publish_reach(team, actor_of(member))
        made.append(member)
    _, b, c = made
    bapp = member_app(team, b)
    opening = add_opportunity(bapp, "Contoso", "Data Engineer")
    assert opening.id is not None
    candidate = add_candidate(team, actor_of(b), opening.id, "Daniel Okafor")
    move_candidate(team, actor_of(b), candidate.id, "contacted")
    hide_person(team, actor_of(b), "Tomás Herrera")
    asked = request_intro(team, actor_of(c), b.id, "Contoso", "to talk about the data team")
    answer_request(team, actor_of(b), asked.id, "accept", contact="Daniel, on Friday")


@pytest.fixture
def team(built_team: Callable[[str, Callable[[Team], None]], Team]) -> Team:
    """A copy of the team of three that every test here starts from (built once)."""
    return built_team("three", _three)


@pytest.fixture
def three(team: Team) -> tuple[Account, Account, Account]:
    a, b, c = (account_by_email(team, email) for email in THREE)
    return a, b, c


def direct_leaks(team: Team, actor: TeamActor, others: list[Account]) -> dict[str, int]:
    """Rows of other members A's units of work see when they name those rows on purpose."""
    found: dict[str, int] = {}
    with team.uow(actor, write=False) as uow:
        for table in PRIVATE_TEAM_TABLES:
            column = "requester_id" if table == "intro_request" else "member_id"
            if table == "audit":
                column = "subject_id"
            ids = ", ".join(str(o.id) for o in others)
            n = uow.conn.execute(
                text(f"SELECT count(*) FROM team.{table} WHERE {column} IN ({ids})")
            ).scalar_one()
            if table == "intro_request":
                n += uow.conn.execute(
                    text(f"SELECT count(*) FROM team.{table} WHERE teammate_id IN ({ids})")
                ).scalar_one()
            if n:
                found[f"team.{table}"] = n
        # The account rows of others (addresses) and sessions are not A's either.
        n = uow.conn.execute(
            text(f"SELECT count(*) FROM team.account WHERE id <> {actor.account_id}")
        ).scalar_one()
        if n:
            found["team.account"] = n
    # A's own network: its connections run as the role with A as actor.
    app = member_app(team, actor)
    with app.uow(write=False) as uow:
        for other in others:
            schema = member_schema(other.id)
            tables = uow.conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
            ).scalars()
            for table in list(tables):
                n = uow.conn.execute(text(f'SELECT count(*) FROM {schema}."{table}"')).scalar_one()
                if n:
                    found[f"{schema}.{table}"] = n
    return found


def test_nothing_leaks_with_row_level_security_and_it_would_without(
    team: Team, three: tuple[Account, Account, Account]
) -> None:
    a, b, c = three
    assert direct_leaks(team, actor_of(a), [b, c]) == {}
    # The other members do hold those rows: each sees its own.
    assert direct_leaks(team, actor_of(b), [b]) != {}
    engine = create_engine(team.db.url)
    try:
        with engine.begin() as conn:
            set_row_security(conn, on=False)
        leaked = direct_leaks(team, actor_of(a), [b, c])
        assert {"team.intro_request", "team.candidate", "team.hidden"} <= set(leaked)
        assert f"{member_schema(b.id)}.person" in leaked
        assert f"{member_schema(c.id)}.person" in leaked
    finally:
        with engine.begin() as conn:
            set_row_security(conn, on=True)
        engine.dispose()
    assert direct_leaks(team, actor_of(a), [b, c]) == {}


def test_every_service_refuses_another_member_s_rows(
    team: Team, three: tuple[Account, Account, Account]
) -> None:
    a, b, c = three
    actor = actor_of(a)
    seen = requests_for(team, actor)
    assert seen.incoming == [] and seen.outgoing == []
    assert [e for e in audit_for(team, actor) if a.id not in (e.actor_id, e.subject_id)] == []
    assert openings(team, actor) == []
    assert hidden_from_team(team, actor) == []
    for request_id in range(1, 4):
        with pytest.raises(NotFound):
            answer_request(team, actor, request_id, "accept")
        with pytest.raises(NotFound):
            record_outcome(team, actor, request_id, "worked")
    for candidate_id in range(1, 4):
        with pytest.raises(NotFound):
            move_candidate(team, actor, candidate_id, "placed")
    # B's candidate is B's: A's move found nothing and B's stays where B put it.
    (opening,) = openings(team, actor_of(b))
    assert [x.stage for x in opening.candidates] == ["contacted"]
    with pytest.raises((NotFound, NotPermitted)):
        answer_request(team, actor_of(c), 1, "accept")  # C asked it; only B answers


def test_a_request_changes_only_as_its_parties_may_even_past_the_services(
    team: Team, three: tuple[Account, Account, Account]
) -> None:
    """Beyond what it shows: the requester cannot answer their own request, the teammate
    cannot say how it went, nobody rewrites what was asked (a trigger, below the services)."""
    from sqlalchemy.exc import ProgrammingError

    _, b, c = three
    attempts = [
        (c, "status = 'declined'", "only the teammate asked answers"),
        (b, "outcome = 'worked'", "only the requester says how"),
        (c, "why = 'something else'", "cannot be changed"),
        (b, "teammate_id = requester_id", "cannot be changed"),
    ]
    for who, change, refused in attempts:
        with team.uow(actor_of(who)) as uow, pytest.raises(ProgrammingError, match=refused):
            uow.conn.execute(text(f"UPDATE team.intro_request SET {change} WHERE id = 1"))
    with team.uow(actor_of(c)) as uow:
        uow.conn.execute(text("UPDATE team.intro_request SET outcome = 'worked' WHERE id = 1"))
        uow.commit()
    (done,) = requests_for(team, actor_of(c)).outgoing
    assert (done.status, done.outcome, done.why) == (
        "accepted",
        "worked",
        "to talk about the data team",
    )
