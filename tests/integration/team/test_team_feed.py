"""A member's agenda as a calendar feed on a team server: a secret address of their own that
needs no session, reads their network only, and ends when their password changes; on the
real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from kithkin.service.importing import import_files
from kithkin.service.team import Team, actor_of, add_member, member_app, set_password
from kithkin.service.team.feed import feed_account, feed_path

from .conftest import PASSWORD, log_in, web_client

pytestmark = pytest.mark.postgres
DATA = Path(__file__).parents[2] / "data"
SAMPLES = sorted(p for p in (DATA / "samples").rglob("*") if p.is_file() and p.suffix != ".md")


def test_the_feed_address_opens_that_members_agenda_alone(team: Team) -> None:
    alex = add_member(team, "alex.morgan@example.com", "Alex Morgan", "member", PASSWORD)
    import_files(member_app(team, alex), SAMPLES, me=[alex.email], region="US")
    ana = add_member(team, "ana@example.fr", "Ana", "member", PASSWORD)
    import_files(member_app(team, ana), [DATA / "vcard/monica.vcf"], me=[ana.email], region="US")
    with web_client(team) as client:
        assert client.get("/agenda.ics").status_code == 401  # the session's feed needs a login
        log_in(client, alex.email)
        path = client.get("/api/v1/team/feed").json()["path"]
        assert path == feed_path(team, actor_of(alex))
        assert path in client.get("/team").text  # shown on the team page
    with web_client(team) as calendar_app:  # no session: the address is the key
        feed = calendar_app.get(path)
        assert feed.status_code == 200, feed.text
        assert feed.headers["content-type"].startswith("text/calendar")
        assert feed.text.startswith("BEGIN:VCALENDAR")
        assert calendar_app.head(path).status_code == 200
        theirs = feed_path(team, actor_of(ana))
        assert theirs != path
        assert calendar_app.get(theirs).status_code == 200
        # A forged or altered address opens nothing, and says nothing about who exists.
        token = path.split("/")[2]
        head, _, signature = token.partition(".")
        for wrong in (
            f"{head}.{signature[:-1]}{'0' if signature[-1] != '0' else '1'}",
            f"{ana.id}.{signature}",
            f"999999.{signature}",
            head,
            "x.y",
        ):
            answer = calendar_app.get(f"/feed/{wrong}/agenda.ics")
            assert (answer.status_code, answer.text) == (404, "no such feed\n"), wrong
        # A new password: a new address; the old one is closed.
        set_password(team, actor_of(alex), alex.id, "another long password")
        assert calendar_app.get(path).status_code == 404
        assert feed_account(team, token) is None
        assert calendar_app.get(feed_path(team, actor_of(alex))).status_code == 200
