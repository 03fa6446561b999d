"""People: the searchable list, a person's page, and logging what happens in place."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from kithkin.errors import InvalidInput, KithkinError
from kithkin.model import Channel, Exchange, ExchangeKind, Interaction, Tier
from kithkin.service import activity, agenda, circles, overview, relationships
from kithkin.service import people as svc
from kithkin.service.app import App
from kithkin.service.relationships import PeoplePage
from kithkin.service.when import when_of
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.errors import message_for, status_for
from kithkin.web.rendering import is_htmx, render, wants_partial

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["people"])

PAGE_SIZE = 50
SORTS = relationships.PAGE_SORTS


Q = Annotated[str, Query(max_length=200, description="Words to look for in any field")]
CIRCLE = Annotated[str, Query(max_length=200, description="Only this circle (work matches work:*)")]
ORG = Annotated[str, Query(max_length=200, description="Only people at this organisation")]
SORT = Annotated[str, Query(pattern="^(name|strength|last contact|organisation)$")]
TIER = Annotated[Tier | None, Query(description="Only this Dunbar layer")]
OFFSET = Annotated[int, Query(ge=0, le=1_000_000)]


@pages.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request,
    app: AppDep,
    q: Q = "",
    circle: CIRCLE = "",
    organisation: ORG = "",
    tier: Annotated[str, Query(max_length=20)] = "",
    sort: SORT = "name",
    offset: OFFSET = 0,
) -> HTMLResponse:
    chosen = Tier(tier) if tier in {t.value for t in Tier} else None
    page = relationships.people_page(
        app, q, circle, organisation, chosen, sort=sort, offset=offset, limit=PAGE_SIZE
    )
    context = {
        "page": page,
        "q": q,
        "circle": circle,
        "organisation": organisation,
        "tier": tier,
        "tiers": list(Tier),
        "sort": sort,
        "sorts": SORTS,
        "circles": circles.list_circles(app),
    }
    # Search-as-you-type swaps only the results.
    name = "_people_results.html" if wants_partial(request, "results") else "people.html"
    return render(request, name, context)


@pages.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    return render(request, "person.html", _person_context(app, person_id))


def _person_context(app: App, person_id: int) -> dict[str, Any]:
    view = svc.show_person(app, person_id)
    return {
        "view": view,
        "person": view.person,
        "timeline": overview.person_timeline(app, person_id),
        "channels": list(Channel),
        "favour_kinds": list(ExchangeKind),
        "typed": {},  # what a form sent back with an error, to show it again
        "errors": {},  # field id -> the error shown beside that field
        "reminders": agenda.reminder_state(app, person_id),
    }


def _typed_date(app: App, when: str) -> datetime | None:
    return when_of(app, when) if when.strip() else None


def _form_error(
    request: Request,
    app: App,
    person_id: int,
    typed: dict[str, dict[str, Any]],
    field: str,
    exc: KithkinError,
) -> HTMLResponse:
    """The forms again, as they were typed, with the error beside the field it is about."""
    context = {
        **_person_context(app, person_id),
        "typed": typed,
        "errors": {field: message_for(exc)},
    }
    status = status_for(exc)
    if is_htmx(request):
        retarget = {"HX-Retarget": "#log-forms", "HX-Reswap": "outerHTML"}
        return render(request, "_log_forms.html", context, status, headers=retarget)
    return render(request, "person.html", context, status)


@pages.post("/people/{person_id}/interactions", response_class=HTMLResponse)
def log_interaction_form(
    request: Request,
    app: AppDep,
    person_id: int,
    channel: Annotated[Channel, Form()],
    when: Annotated[str, Form(max_length=100)] = "",
    they_initiated: Annotated[bool, Form()] = False,
    no_answer: Annotated[bool, Form()] = False,
    note: Annotated[str, Form(max_length=5000)] = "",
) -> HTMLResponse:
    try:
        at = _typed_date(app, when)
    except InvalidInput as exc:
        typed = {
            "interaction": {
                "channel": channel.value,
                "when": when,
                "note": note,
                "they_initiated": they_initiated,
                "no_answer": no_answer,
            }
        }
        return _form_error(request, app, person_id, typed, "it-when", exc)
    it = activity.log_interaction(
        app,
        channel,
        [person_id],
        when=at,
        they_initiated=they_initiated,
        answered=False if no_answer else None,
        note=note,
    )
    return _after_change(
        request, app, person_id, f"Logged a {it.channel.value} on {it.when:%Y-%m-%d}."
    )


@pages.post("/people/{person_id}/favours", response_class=HTMLResponse)
def record_favour_form(
    request: Request,
    app: AppDep,
    person_id: int,
    kind: Annotated[ExchangeKind, Form()],
    direction: Annotated[str, Form(pattern="^(given|received)$")],
    when: Annotated[str, Form(max_length=100)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
) -> HTMLResponse:
    try:
        at = _typed_date(app, when)
    except InvalidInput as exc:
        typed = {"favour": {"kind": kind.value, "direction": direction, "when": when, "note": note}}
        return _form_error(request, app, person_id, typed, "fv-when", exc)
    ex = activity.record_favour(
        app,
        kind,
        person_id,
        given_by_me=direction == "given",
        when=at,
        note=note,
    )
    word = "given" if direction == "given" else "received"
    return _after_change(
        request, app, person_id, f"Recorded a {ex.kind.value} {word} on {ex.when:%Y-%m-%d}."
    )


def _after_change(request: Request, app: AppDep, person_id: int, message: str) -> HTMLResponse:
    """htmx gets the refreshed relationship panel; a plain form post gets the whole page."""
    context = {**_person_context(app, person_id), "message": message}
    if is_htmx(request):
        return render(request, "_relationship.html", context)
    return render(request, "person.html", context)


# -- API -------------------------------------------------------------------------------------


@api.get("/people", response_model=PeoplePage, summary="List or search people across every circle")
def list_people_api(
    app: AppDep,
    q: Q = "",
    circle: CIRCLE = "",
    organisation: ORG = "",
    tier: TIER = None,
    sort: SORT = "name",
    offset: OFFSET = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = PAGE_SIZE,
) -> JSONResponse:
    return answer(
        relationships.people_page(
            app, q, circle, organisation, tier, sort=sort, offset=offset, limit=limit
        )
    )


@api.get(
    "/people/{person_id}",
    response_model=svc.PersonView,
    summary="A person with ties across circles",
)
def show_person_api(app: AppDep, person_id: int) -> JSONResponse:
    return answer(svc.show_person(app, person_id))


@api.get(
    "/people/{person_id}/timeline",
    response_model=list[overview.TimelineEntry],
    summary="Interactions and favours with a person",
)
def timeline_api(app: AppDep, person_id: int) -> JSONResponse:
    return answer(overview.person_timeline(app, person_id))


class InteractionIn(BaseModel):
    channel: Channel
    when: str = Field("", max_length=100, description="ISO date or a phrase like '3 days ago'")
    they_initiated: bool = False
    no_answer: bool = False
    note: str = Field("", max_length=5000)


class FavourIn(BaseModel):
    kind: ExchangeKind
    given_by_me: bool
    when: str = Field("", max_length=100)
    note: str = Field("", max_length=5000)


@api.post(
    "/people/{person_id}/interactions",
    status_code=201,
    response_model=Interaction,
    summary="Log an interaction",
)
def log_interaction_api(app: AppDep, person_id: int, body: InteractionIn) -> JSONResponse:
    it = activity.log_interaction(
        app,
        body.channel,
        [person_id],
        when=when_of(app, body.when) if body.when.strip() else None,
        they_initiated=body.they_initiated,
        answered=False if body.no_answer else None,
        note=body.note,
    )
    return answer(it, 201)


@api.post(
    "/people/{person_id}/favours",
    status_code=201,
    response_model=Exchange,
    summary="Record a favour",
)
def record_favour_api(app: AppDep, person_id: int, body: FavourIn) -> JSONResponse:
    ex = activity.record_favour(
        app,
        body.kind,
        person_id,
        given_by_me=body.given_by_me,
        when=when_of(app, body.when) if body.when.strip() else None,
        note=body.note,
    )
    return answer(ex, 201)


ROUTERS = [pages, api]
