"""The audit log: every team reach, request and answer. Admins read all of it; a member
reads what they did and what was done about them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from kithkin.service.team import AuditEntry, audit_for
from kithkin.web.answers import answer
from kithkin.web.rendering import render
from kithkin.web.team.deps import ActorDep, TeamDep

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/team", tags=["team"])


@pages.get("/team/audit", response_class=HTMLResponse)
def audit_page(request: Request, team: TeamDep, actor: ActorDep) -> HTMLResponse:
    context = {"entries": audit_for(team, actor), "admin": actor.is_admin}
    return render(request, "team_audit.html", context)


@api.get("/audit", response_model=list[AuditEntry], summary="The audit log I may read")
def audit_api(team: TeamDep, actor: ActorDep) -> JSONResponse:
    return answer(audit_for(team, actor))


ROUTERS = [pages, api]
