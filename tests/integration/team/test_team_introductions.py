"""The must-show story on the real PostgreSQL: two members, each with a private network
imported from real-format files; A finds a path through B's network only as B's shared
summary; B receives the request and accepts; A then sees the introduction; a third member
sees none of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kithkin.errors import InvalidInput, NotFound, NotPermitted
from kithkin.service.importing import import_files
from kithkin.service.serial import jsonable
from kithkin.service.team import (
    Account,
    Team,
    actor_of,
    add_member,
    answer_request,
    audit_for,
    member_app,
    publish_reach,
    record_outcome,
    request_intro,
    requests_for,
    team_reach,
)

from .conftest import PASSWORD

pytestmark = pytest.mark.postgres
DATA = Path(__file__).parents[2] / "data"
SAMPLES = DATA / "samples"
# B's people: none of these may reach A before B accepts.
B_PEOPLE = ["Wei Chen", "Daniel Okafor", "Priya Raman", "Margaret", "okafor@", "wei.chen"]


def _network(team: Team, email: str, name: str, files: list[Path]) -> Account:
    member = add_member(team, email, name, "member", PASSWORD)
    summary = import_files(member_app(team, member), files, me=[email], region="US")
    assert summary.files and [f.error for f in summary.files if f.error] == []
    publish_reach(team, actor_of(member))
    return member


def _samples() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix != ".md")


def _shown(value: object) -> str:
    return json.dumps(jsonable(value), ensure_ascii=False)


def test_a_finds_b_s_reach_asks_b_accepts_and_c_sees_none_of_it(team: Team) -> None:
    alex = _network(team, "alex.morgan@example.com", "Alex Morgan", _samples())
    anais = _network(team, "anais.dubois@example.fr", "Anaïs Dubois", [DATA / "vcard/monica.vcf"])
    jo = _network(team, "jo@example.com", "Jo Mueller", [DATA / "vcard/outlook.vcf"])
    a, b, c = actor_of(anais), actor_of(alex), actor_of(jo)

    # A's own network does not reach Contoso; B's shared summary does, in words only.
    found = team_reach(team, a, "Contoso")
    assert found.kind == "organisation"
    assert [(r.member_name, r.own) for r in found.routes] == [("Alex Morgan", False)]
    route = found.routes[0]
    assert route.strength in ("strong", "moderate", "weak") and route.hops >= 1
    assert 0 < route.chance < 1 and route.path is None
    assert route.fragile and found.fragile  # only Alex reaches Contoso
    shown = _shown(found)
    assert not [name for name in B_PEOPLE if name in shown], shown

    # A asks B; nothing of B's network reaches A while B has not answered.
    asked = request_intro(
        team, a, alex.id, "Contoso", "I am applying for the data role there", "Dear Alex, …"
    )
    assert asked.status == "asked" and asked.contact == ""
    waiting = requests_for(team, b).waiting
    assert [(r.id, r.requester_name, r.why) for r in waiting] == [
        (asked.id, "Anaïs Dubois", "I am applying for the data role there")
    ]
    before = _shown(requests_for(team, a))
    assert not [name for name in B_PEOPLE if name in before]

    # Only B may answer; B accepts and the introduction is revealed to A.
    with pytest.raises(NotPermitted):
        answer_request(team, a, asked.id, "accept")
    accepted = answer_request(team, b, asked.id, "accept")
    assert accepted.status == "accepted"
    (mine,) = requests_for(team, a).outgoing
    assert mine.status == "accepted" and "Contoso" in mine.contact
    assert any(name in mine.contact for name in ("Wei Chen", "Daniel Okafor")), mine.contact
    with pytest.raises(InvalidInput, match="already accepted"):
        answer_request(team, b, asked.id, "decline")
    assert record_outcome(team, a, asked.id, "worked").outcome == "worked"

    # C sees none of it: no request, no audit row about A or B, no way to answer it.
    theirs = requests_for(team, c)
    assert theirs.incoming == [] and theirs.outgoing == []
    with pytest.raises(NotFound):
        answer_request(team, c, asked.id, "accept")
    assert all(e.subject_id == jo.id or e.actor_id == jo.id for e in audit_for(team, c))
    with team.uow(c, write=False) as uow:
        assert uow.requests.visible() == []

    # The audit log: B can read that A saw B's reach and asked; the admin reads all.
    about_b = {(e.action, e.actor_id) for e in audit_for(team, b)}
    assert {("reach.shown", anais.id), ("request.asked", anais.id)} <= about_b
    assert ("request.accepted", alex.id) in {(e.action, e.actor_id) for e in audit_for(team, a)}


def test_a_declined_or_ignored_request_reveals_nothing_and_lowers_the_route(team: Team) -> None:
    alex = _network(team, "alex.morgan@example.com", "Alex Morgan", _samples())
    anais = _network(team, "anais.dubois@example.fr", "Anaïs Dubois", [DATA / "vcard/monica.vcf"])
    a, b = actor_of(anais), actor_of(alex)
    before = team_reach(team, a, "Contoso").routes[0].chance
    for answer in ("decline", "ignore"):
        asked = request_intro(team, a, alex.id, "Contoso", "a reason")
        answered = answer_request(team, b, asked.id, answer, contact="Wei Chen")
        assert answered.contact == "" and answered.status in ("declined", "ignored")
    after = team_reach(team, a, "Contoso").routes[0]
    assert after.chance < before and after.willing < 0.8
