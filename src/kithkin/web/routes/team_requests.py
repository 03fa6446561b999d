"""Introduction requests between teammates: ask, answer (accept, decline, ignore), and say
how it went. Nothing of the teammate's network is shown until they accept."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from kithkin.service.team import (
    IntroRequest,
    Requests,
    answer_request,
    members,
    record_outcome,
    request_intro,
    requests_for,
)
from kithkin.service.team.reach import KINDS
from kithkin.web.answers import answer
from kithkin.web.rendering import render
from kithkin.web.team.deps import ActorDep, TeamDep

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/team/requests", tags=["team"])


@pages.get("/team/requests", response_class=HTMLResponse)
def requests_page(request: Request, team: TeamDep, actor: ActorDep) -> HTMLResponse:
    return render(request, "team_requests.html", {"requests": requests_for(team, actor)})


@pages.get("/team/requests/new", response_class=HTMLResponse)
def new_request_page(
    request: Request,
    team: TeamDep,
    actor: ActorDep,
    teammate: int,
    to: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[str, Query(max_length=20)] = "organisation",
) -> HTMLResponse:
    mates = {m.id: m.display_name for m in members(team, actor)}
    context = {
        "teammate": teammate,
        "teammate_name": mates.get(teammate, f"teammate #{teammate}"),
        "to": to,
        "kind": kind if kind in KINDS else "organisation",
        "kinds": KINDS,
    }
    return render(request, "team_request_new.html", context)


@pages.post("/team/requests")
def ask_form(
    team: TeamDep,
    actor: ActorDep,
    teammate: Annotated[int, Form()],
    to: Annotated[str, Form(max_length=200)],
    why: Annotated[str, Form(max_length=5000)],
    draft: Annotated[str, Form(max_length=5000)] = "",
    kind: Annotated[str, Form(max_length=20)] = "organisation",
) -> Response:
    request_intro(team, actor, teammate, to, why, draft, kind)
    return RedirectResponse("/team/requests", status_code=303)


@pages.post("/team/requests/{request_id}/answer")
def answer_form(
    team: TeamDep,
    actor: ActorDep,
    request_id: int,
    answer: Annotated[str, Form(max_length=20)],
    contact: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    answer_request(team, actor, request_id, answer, contact)
    return RedirectResponse("/team/requests", status_code=303)


@pages.post("/team/requests/{request_id}/outcome")
def outcome_form(
    team: TeamDep,
    actor: ActorDep,
    request_id: int,
    outcome: Annotated[str, Form(max_length=20)],
) -> Response:
    record_outcome(team, actor, request_id, outcome)
    return RedirectResponse("/team/requests", status_code=303)


class AskIn(BaseModel):
    teammate: int = Field(description="The teammate's account id (from team reach)")
    target: str = Field(max_length=200)
    why: str = Field(max_length=5000)
    draft: str = Field("", max_length=5000)
    kind: str = Field("organisation", max_length=20)


class AnswerIn(BaseModel):
    answer: str = Field(description="accept, decline or ignore", max_length=20)
    contact: str = Field("", max_length=2000, description="Whom you will introduce, if you accept")


class OutcomeIn(BaseModel):
    outcome: str = Field(description="worked or failed", max_length=20)


@api.get("", response_model=Requests, summary="Requests asked of me and asked by me")
def requests_api(team: TeamDep, actor: ActorDep) -> JSONResponse:
    return answer(requests_for(team, actor))


@api.post("", status_code=201, response_model=IntroRequest, summary="Ask for an introduction")
def ask_api(team: TeamDep, actor: ActorDep, body: AskIn) -> JSONResponse:
    made = request_intro(team, actor, body.teammate, body.target, body.why, body.draft, body.kind)
    return answer(made, 201)


@api.post(
    "/{request_id}/answer",
    response_model=IntroRequest,
    summary="Accept, decline or ignore a request asked of me",
)
def answer_api(team: TeamDep, actor: ActorDep, request_id: int, body: AnswerIn) -> JSONResponse:
    return answer(answer_request(team, actor, request_id, body.answer, body.contact))


@api.post("/{request_id}/outcome", response_model=IntroRequest, summary="How an introduction went")
def outcome_api(team: TeamDep, actor: ActorDep, request_id: int, body: OutcomeIn) -> JSONResponse:
    return answer(record_outcome(team, actor, request_id, body.outcome))


ROUTERS = [pages, api]
