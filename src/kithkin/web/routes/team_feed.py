"""A member's agenda as a calendar feed on a team server, at a secret address of their own.

A calendar app cannot log in, so ``/feed/{token}/agenda.ics`` needs no session: the
address is the key (``service.team.feed``). ``/api/v1/team/feed`` tells a logged-in
member their address; the team page shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response

from kithkin.service import agenda as svc
from kithkin.service.calendar_feed import agenda_ics
from kithkin.service.team import member_app
from kithkin.service.team.feed import feed_account, feed_path
from kithkin.web.answers import answer
from kithkin.web.team.deps import ActorDep, TeamDep

feed = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/team", tags=["team"])


@dataclass(frozen=True)
class FeedAddress:
    path: str  # to add to the server's address, e.g. https://kith.example.org/feed/…


@feed.api_route("/feed/{token}/agenda.ics", methods=["GET", "HEAD"], response_class=Response)
def member_feed(team: TeamDep, token: Annotated[str, Path(max_length=100)]) -> Response:
    account = feed_account(team, token)
    if account is None:
        # The same answer for every wrong address: it tells nobody which accounts exist.
        return Response("no such feed\n", status_code=404, media_type="text/plain")
    return Response(
        agenda_ics(svc.build(member_app(team, account))),
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="kithkin-agenda.ics"',
            "Cache-Control": "private, no-store",
        },
    )


@api.get("/feed", response_model=FeedAddress, summary="The address of my agenda's calendar feed")
def feed_api(team: TeamDep, actor: ActorDep) -> JSONResponse:
    return answer(FeedAddress(path=feed_path(team, actor)))


ROUTERS = [feed, api]
