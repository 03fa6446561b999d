"""Mentors: who in the whole network could mentor me in a field, with fit, seniority and path."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from kithkin.errors import InvalidInput, NotFound
from kithkin.insight.targets import TargetKind
from kithkin.model import AskKind
from kithkin.service import paths as svc
from kithkin.service.app import App
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.errors import message_for, status_for
from kithkin.web.rendering import render, wants_partial

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["paths"])

FIELD = Annotated[str, Query(max_length=200, description="The field, e.g. 'data engineering'")]
LIMIT = Annotated[int, Query(ge=1, le=50, description="How many mentors at most")]
PAGE_LIMIT = 5


def _draft(app: App, person_id: int) -> svc.IntroResult:
    """A request for advice to the first person on the way to this mentor."""
    return svc.draft_intro_request(app, f"#{person_id}", TargetKind.PERSON, AskKind.ADVICE)


@pages.get("/mentors", response_class=HTMLResponse)
def mentors_page(
    request: Request,
    app: AppDep,
    field: FIELD = "",
    draft: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    mentors: list[svc.MentorView] | None = None
    error, status = None, 200
    drafts: dict[int, Any] = {}
    if field.strip():
        try:
            mentors = svc.find_mentors(app, field, PAGE_LIMIT)
            # Without JavaScript, "Draft" reloads the page with the draft under its mentor.
            if draft is not None and any(m.person_id == draft for m in mentors):
                drafts[draft] = _draft(app, draft)
        except (InvalidInput, NotFound) as exc:
            error, status = message_for(exc), status_for(exc)
    context = {"field": field, "mentors": mentors, "error": error, "drafts": drafts}
    name = "_mentor_results.html" if wants_partial(request, "mentor-results") else "mentors.html"
    return render(request, name, context, status)


@pages.get("/mentors/intro", response_class=HTMLResponse)
def mentor_intro(
    request: Request, app: AppDep, person: Annotated[int, Query(ge=1)]
) -> HTMLResponse:
    return render(request, "_intro.html", {"intro": _draft(app, person), "slot": f"m{person}"})


@api.get(
    "/mentors",
    response_model=list[svc.MentorView],
    summary="Possible mentors in a field, friends of friends included, by fit and reach",
)
def mentors_api(
    app: AppDep, field: Annotated[str, Query(min_length=1, max_length=200)], limit: LIMIT = 5
) -> JSONResponse:
    return answer(svc.find_mentors(app, field, limit))


ROUTERS = [pages, api]
