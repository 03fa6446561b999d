"""Team reach on the real PostgreSQL: organisations, named people and fields; one's own
full paths beside teammates' summaries; fragile organisations; hiding people and circles;
recruiting candidates with the warm path to the hiring manager."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kithkin.errors import InvalidInput, NotPermitted
from kithkin.service.circles import add_to_circle
from kithkin.service.importing import import_files
from kithkin.service.opportunities import add_opportunity
from kithkin.service.team import (
    Account,
    Team,
    account_by_email,
    actor_of,
    add_candidate,
    add_member,
    hide_circle,
    hide_person,
    member_app,
    move_candidate,
    openings,
    publish_reach,
    request_intro,
    set_hiring_manager,
    team_reach,
    unhide,
)

from .conftest import PASSWORD

pytestmark = pytest.mark.postgres
DATA = Path(__file__).parents[2] / "data"
SAMPLES = sorted(p for p in (DATA / "samples").rglob("*") if p.is_file() and p.suffix != ".md")


def _member(team: Team, email: str, name: str, files: list[Path], role: str = "member") -> Account:
    member = add_member(team, email, name, role, PASSWORD)
    if files:
        import_files(member_app(team, member), files, me=[email], region="US")
        publish_reach(team, actor_of(member))
    return member


CREW = ["alex.morgan@example.com", "ana@example.fr", "cy@example.com"]


def _crew(team: Team) -> None:
    _member(team, CREW[0], "Alex Morgan", SAMPLES)
    _member(team, CREW[1], "Ana", [DATA / "vcard/monica.vcf"])
    _member(team, CREW[2], "Cy", [DATA / "samples/vcard/android.vcf"])


@pytest.fixture
def team(built_team: Callable[[str, Callable[[Team], None]], Team]) -> Team:
    """A copy of the team of three that every test here starts from (built once)."""
    return built_team("crew", _crew)


@pytest.fixture
def crew(team: Team) -> tuple[Account, Account, Account]:
    alex, ana, cy = (account_by_email(team, email) for email in CREW)
    return alex, ana, cy


def test_own_paths_with_names_teammates_in_words_and_two_members_are_not_fragile(
    team: Team, crew: tuple[Account, Account, Account]
) -> None:
    alex, ana, _ = crew
    mine = team_reach(team, actor_of(alex), "Contoso")
    own = [r for r in mine.routes if r.own]
    assert own and all(r.path is not None and r.member_id == alex.id for r in own)
    assert {r.path.target_name for r in own if r.path} <= {"Wei Chen", "Daniel Okafor"}
    assert [r.member_name for r in mine.routes if not r.own] == ["Cy"]
    assert mine.members == 2 and not mine.fragile
    assert [r.chance for r in mine.routes] == sorted((r.chance for r in mine.routes), reverse=True)

    theirs = team_reach(team, actor_of(ana), "Contoso")
    assert {r.member_name for r in theirs.routes} == {"Alex Morgan", "Cy"}
    assert not any(r.fragile for r in theirs.routes)


def test_an_organisation_is_found_by_any_spelling_of_its_name(
    team: Team, crew: tuple[Account, Account, Account]
) -> None:
    _, ana, _ = crew
    plain = team_reach(team, actor_of(ana), "Contoso", kind="organisation")
    assert plain.routes
    for spelling in ("Contoso, Inc.", "The Contoso Corporation", "CONTOSO LTD"):
        other = team_reach(team, actor_of(ana), spelling, kind="organisation")
        assert [(r.member_name, r.chance) for r in other.routes] == [
            (r.member_name, r.chance) for r in plain.routes
        ], spelling


def test_a_named_person_by_name_or_address_and_a_field(
    team: Team, crew: tuple[Account, Account, Account]
) -> None:
    _, ana, _ = crew
    by_name = team_reach(team, actor_of(ana), "Daniel Okafor")
    assert by_name.kind == "person"
    assert {r.member_name for r in by_name.routes} == {"Alex Morgan", "Cy"}
    by_mail = team_reach(team, actor_of(ana), "daniel.okafor@contoso.example.com", kind="person")
    assert {r.member_name for r in by_mail.routes} == {"Alex Morgan", "Cy"}
    assert team_reach(team, actor_of(ana), "Nobody Known", kind="person").routes == []
    field = team_reach(team, actor_of(ana), "engineering", kind="field")
    assert "Alex Morgan" in {r.member_name for r in field.routes}


def test_hidden_people_and_circles_leave_the_summary(
    team: Team, crew: tuple[Account, Account, Account]
) -> None:
    alex, ana, cy = crew
    a = actor_of(alex)
    with member_app(team, alex).uow(write=False) as uow:
        # The samples hold Wei Chen twice until the merges are reviewed: hide both.
        wei = [pid for pid, name, _ in uow.people.names() if name == "Wei Chen"]
    hide_person(team, a, "Daniel Okafor")
    for pid in wei:
        hide_person(team, a, pid)
    routes = team_reach(team, actor_of(ana), "Contoso").routes
    assert [r.member_name for r in routes] == ["Cy"]
    (only,) = team_reach(team, actor_of(ana), "Daniel Okafor", kind="person").routes
    assert only.member_id == cy.id
    for pid in wei:
        unhide(team, a, "person", str(pid))
    assert {r.member_name for r in team_reach(team, actor_of(ana), "Contoso").routes} == {
        "Alex Morgan",
        "Cy",
    }
    add_to_circle(member_app(team, alex), "contoso friends", [f"#{pid}" for pid in wei])
    hide_circle(team, a, "Contoso Friends")
    assert [r.member_name for r in team_reach(team, actor_of(ana), "Contoso").routes] == ["Cy"]
    with pytest.raises(InvalidInput, match="never shared"):
        hide_person(team, a, "me")


def test_a_viewer_reads_reach_but_asks_nobody(
    team: Team, crew: tuple[Account, Account, Account]
) -> None:
    alex = crew[0]
    viewer = _member(team, "vi@example.com", "Vi", [], role="viewer")
    assert team_reach(team, actor_of(viewer), "Contoso").routes
    with pytest.raises(NotPermitted):
        request_intro(team, actor_of(viewer), alex.id, "Contoso", "curious")
    with pytest.raises(NotPermitted):
        publish_reach(team, actor_of(viewer))


def test_candidates_move_through_stages_with_a_warm_path_to_the_hiring_manager(
    team: Team, crew: tuple[Account, Account, Account]
) -> None:
    alex = crew[0]
    a = actor_of(alex)
    opening = add_opportunity(member_app(team, alex), "Contoso", "Data Engineer")
    assert opening.id is not None
    (view,) = openings(team, a)
    assert view.hiring_manager == "" and view.path is not None  # staff of Contoso meanwhile
    assert view.path.target_name in ("Wei Chen", "Daniel Okafor")
    with member_app(team, alex).uow(write=False) as uow:
        first = {name: pid for pid, name, _ in reversed(uow.people.names())}
    assert set_hiring_manager(team, a, opening.id, f"#{first['Wei Chen']}") == "Wei Chen"
    made = add_candidate(team, a, opening.id, f"#{first['Priya Raman']}")
    assert made.stage == "sourced"
    for stage in ("contacted", "introduced", "interviewing", "placed"):
        move_candidate(team, a, made.id, stage)
    with pytest.raises(InvalidInput, match="unknown stage"):
        move_candidate(team, a, made.id, "hired")
    with pytest.raises(InvalidInput, match="already a candidate"):
        add_candidate(team, a, opening.id, f"#{first['Priya Raman']}")
    (view,) = openings(team, a)
    assert view.hiring_manager == "Wei Chen"
    assert view.path is not None and view.path.target_name == "Wei Chen"
    assert [(c.person_name, c.stage) for c in view.candidates] == [("Priya Raman", "placed")]
    with team.uow(a, write=False) as uow:
        assert [s for s, _ in uow.recruiting.history(made.id)] == [
            "sourced",
            "contacted",
            "introduced",
            "interviewing",
            "placed",
        ]
