"""Team reach: who of us can reach an organisation, a person or a mentor's field.

Each route starts with the member whose tie is ready; a teammate's route shows only
what they share (strength in words, hops, whether their tie is ready), never whom
they know. The member's own routes show their own path.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from kithkin.errors import InvalidInput
from kithkin.service.team import (
    Account,
    PublishedSummary,
    TeamReach,
    members,
    publish_reach,
    team_reach,
)
from kithkin.service.team.feed import feed_path
from kithkin.service.team.reach import KINDS
from kithkin.web.answers import answer
from kithkin.web.rendering import render, wants_partial
from kithkin.web.team.deps import ActorDep, TeamDep

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/team", tags=["team"])


@pages.get("/team", response_class=HTMLResponse)
def reach_page(
    request: Request,
    team: TeamDep,
    actor: ActorDep,
    to: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
    published: bool = False,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "to": to,
        "kind": kind,
        "kinds": KINDS,
        "reach": None,
        "error": None,
        "published": published,
        "feed": feed_path(team, actor),
    }
    if to.strip():
        try:
            context["reach"] = team_reach(team, actor, to, kind or None)
        except InvalidInput as exc:
            context["error"] = str(exc)
    if wants_partial(request, "team-results"):
        return render(request, "_team_results.html", context)
    return render(request, "team.html", context)


@api.get("/reach", response_model=TeamReach, summary="Who of the team can reach a target")
def reach_api(
    team: TeamDep,
    actor: ActorDep,
    to: Annotated[str, Query(max_length=200)],
    kind: Annotated[str | None, Query(max_length=20)] = None,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
) -> JSONResponse:
    return answer(team_reach(team, actor, to, kind, k))


@pages.post("/team/publish")
def publish_form(team: TeamDep, actor: ActorDep) -> Response:
    publish_reach(team, actor)
    return RedirectResponse("/team?published=1", status_code=303)


@api.post(
    "/publish",
    response_model=PublishedSummary,
    summary="Work out my shared summary again from my network (after imports or edits here)",
)
def publish_api(team: TeamDep, actor: ActorDep) -> JSONResponse:
    return answer(publish_reach(team, actor))


@api.get("/members", response_model=list[Account], summary="Everyone in the team")
def members_api(team: TeamDep, actor: ActorDep) -> JSONResponse:
    return answer(members(team, actor))


ROUTERS = [pages, api]
