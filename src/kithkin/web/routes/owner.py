"""Saying who I am: "this is me" on a person an import made, or my name and addresses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from kithkin.errors import InvalidInput, KithkinError
from kithkin.service import overview
from kithkin.service import owner as svc
from kithkin.service.app import App
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.errors import message_for, status_for
from kithkin.web.rendering import is_htmx, render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/me", tags=["network"])


def whoami_context(
    app: App,
    status: overview.NetworkStatus | None = None,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the "Who are you?" page shows: the people an import made who may be me."""
    return {
        "status": status or overview.network_status(app),
        "candidates": svc.owner_candidates(app),
        "typed": typed or {},
        "errors": errors or {},
    }


@pages.get("/me", response_class=HTMLResponse)
def whoami_page(request: Request, app: AppDep) -> HTMLResponse:
    return render(request, "whoami.html", whoami_context(app))


@pages.post("/me")
def claim_form(
    request: Request,
    app: AppDep,
    person: Annotated[int | None, Form(ge=1)] = None,
    name: Annotated[str, Form(max_length=200)] = "",
    email: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    typed = {"name": name, "email": email}
    try:
        svc.read_addresses([email])
    except InvalidInput as exc:
        return _refused(request, app, typed, "me-email", exc)
    try:
        svc.claim_me(app, person, name, [email])
    except KithkinError as exc:
        return _refused(request, app, typed, "me-name", exc)
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": "/"})
    return RedirectResponse("/", status_code=303)  # after a POST, the browser GETs the agenda


def _refused(
    request: Request, app: App, typed: dict[str, str], field: str, exc: KithkinError
) -> HTMLResponse:
    """The page again, as typed, with the error beside the field it is about."""
    context = whoami_context(app, typed=typed, errors={field: message_for(exc)})
    return render(request, "whoami.html", context, status_for(exc))


class ClaimIn(BaseModel):
    person_id: int | None = Field(None, ge=1, description="The person who is me, if listed")
    name: str = Field("", max_length=200, description="My name (a new me, or a new name)")
    emails: list[str] = Field(default_factory=list, max_length=50)


@api.post(
    "",
    response_model=svc.ClaimResult,
    summary="Say who I am: adopt a person an import made, or name a new me",
)
def claim_api(app: AppDep, body: ClaimIn) -> JSONResponse:
    return answer(svc.claim_me(app, body.person_id, body.name, body.emails))


@api.get(
    "/candidates",
    response_model=list[svc.OwnerCandidate],
    summary="People already in the network who may be me, likeliest first",
)
def candidates_api(
    app: AppDep,
    name: Annotated[str, Query(max_length=200)] = "",
    email: Annotated[list[str] | None, Query(max_length=50)] = None,
) -> JSONResponse:
    return answer(svc.owner_candidates(app, name, email or []))


ROUTERS = [pages, api]
