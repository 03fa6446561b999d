"""The agenda (the home page of a network): whom to contact this week, and acting on it in place."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from kithkin.errors import NotFound
from kithkin.insight.agenda import Agenda
from kithkin.model import Channel, Interaction
from kithkin.service import agenda as svc
from kithkin.service import overview
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.rendering import is_htmx, render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/agenda", tags=["agenda"])

SNOOZE_CHOICES = (7, 30, 90)


def agenda_context(app: AppDep, request: Request) -> dict[str, Any]:
    """What the home page shows once the network has people (on a team server, also the
    introductions teammates asked of this member)."""
    extras = request.app.state.agenda_extras
    return {
        "agenda": svc.build(app),
        "channels": list(Channel),
        "snooze_choices": SNOOZE_CHOICES,
        **(extras(request) if extras is not None else {}),
    }


def _acted(
    request: Request, app: AppDep, said: str, person_id: int, undo: bool = False
) -> HTMLResponse:
    """htmx: the item's card becomes one line saying what was done (with Undo where it
    can be undone). Without JavaScript: the whole agenda again, the line above it."""
    context = {"said": said, "person_id": person_id, "undo": undo}
    if is_htmx(request):
        return render(request, "_agenda_done.html", context)
    status = overview.network_status(app)
    return render(
        request, "agenda.html", {"status": status, **agenda_context(app, request), **context}
    )


@pages.post("/agenda/{person_id}/done", response_class=HTMLResponse)
def done_form(
    request: Request,
    app: AppDep,
    person_id: int,
    channel: Annotated[Channel, Form()] = Channel.MESSAGE,
    note: Annotated[str, Form(max_length=5000)] = "",
) -> HTMLResponse:
    it = svc.done(app, person_id, channel, note)
    return _acted(request, app, f"Done: logged a {it.channel.value} today.", person_id)


@pages.post("/agenda/{person_id}/snooze", response_class=HTMLResponse)
def snooze_form(
    request: Request, app: AppDep, person_id: int, days: Annotated[int, Form(ge=1, le=365)] = 7
) -> HTMLResponse:
    state = svc.snooze(app, person_id, days)
    return _acted(
        request, app, f"Snoozed {state.name} until {state.snoozed_until}.", person_id, undo=True
    )


@pages.post("/agenda/{person_id}/pause", response_class=HTMLResponse)
def pause_form(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    state = svc.pause(app, person_id)
    said = f"Paused: no reminders about {state.name} until they write."
    return _acted(request, app, said, person_id, undo=True)


@pages.get("/agenda/{person_id}/let-go", response_class=HTMLResponse)
def let_go_confirm(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    """Letting go asks first: in place with htmx, as its own page without JavaScript."""
    state = svc.reminder_state(app, person_id)
    if state is None:
        raise NotFound("you have no tie with this person", see="ties")
    name = "_let_go_confirm.html" if is_htmx(request) else "let_go.html"
    return render(request, name, {"state": state})


@pages.post("/agenda/{person_id}/let-go", response_class=HTMLResponse)
def let_go_form(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    state = svc.let_go(app, person_id)
    said = f"Let go of {state.name}; the history stays."
    return _acted(request, app, said, person_id, undo=True)


@pages.post("/agenda/{person_id}/resume", response_class=HTMLResponse, response_model=None)
def resume_form(
    request: Request,
    app: AppDep,
    person_id: int,
    back: Annotated[str, Form(pattern="^(agenda|person)$")] = "agenda",
) -> Response:
    state = svc.resume(app, person_id)
    said = f"Reminders about {state.name} are back on."
    if back == "person":
        if is_htmx(request):
            return render(request, "_reminders.html", {"reminders": state, "said": said})
        # The person's page shows the state; after a POST the browser GETs it.
        return RedirectResponse(f"/people/{person_id}", status_code=303)
    return _acted(request, app, said, person_id)


# -- API -------------------------------------------------------------------------------------


class DoneIn(BaseModel):
    channel: Channel = Channel.MESSAGE
    note: str = Field("", max_length=5000)


class SnoozeIn(BaseModel):
    days: int = Field(7, ge=1, le=365)


@api.get("", response_model=Agenda, summary="This week's agenda: whom to contact and why")
def agenda_api(app: AppDep) -> JSONResponse:
    return answer(svc.build(app))


@api.post(
    "/{person_id}/done", response_model=Interaction, summary="Mark an item done: logs the contact"
)
def done_api(app: AppDep, person_id: int, body: DoneIn) -> JSONResponse:
    return answer(svc.done(app, person_id, body.channel, body.note))


@api.post(
    "/{person_id}/snooze",
    response_model=svc.TieState,
    summary="No items about this person for some days",
)
def snooze_api(app: AppDep, person_id: int, body: SnoozeIn) -> JSONResponse:
    return answer(svc.snooze(app, person_id, body.days))


@api.post(
    "/{person_id}/pause",
    response_model=svc.TieState,
    summary="No reminders until they get in touch",
)
def pause_api(app: AppDep, person_id: int) -> JSONResponse:
    return answer(svc.pause(app, person_id))


@api.post(
    "/{person_id}/let-go",
    response_model=svc.TieState,
    summary="Stop reminders for good; the history stays",
)
def let_go_api(app: AppDep, person_id: int) -> JSONResponse:
    return answer(svc.let_go(app, person_id))


@api.post(
    "/{person_id}/resume",
    response_model=svc.TieState,
    summary="Undo a snooze, pause or letting go: reminders come back when due",
)
def resume_api(app: AppDep, person_id: int) -> JSONResponse:
    return answer(svc.resume(app, person_id))


ROUTERS = [pages, api]
