"""The agenda (the home page of a network): whom to contact this week, and acting on it in place."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from kithkin.model import Channel
from kithkin.service import agenda as svc
from kithkin.service.serial import jsonable
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/agenda", tags=["agenda"])

SNOOZE_CHOICES = (7, 30, 90)


def agenda_context(app: AppDep) -> dict[str, Any]:
    """What the home page shows once the network has people."""
    return {
        "agenda": svc.build(app),
        "channels": list(Channel),
        "snooze_choices": SNOOZE_CHOICES,
    }


def _acted(request: Request, said: str) -> HTMLResponse:
    """The item's card becomes one line saying what was done."""
    return render(request, "_agenda_done.html", {"said": said})


@pages.post("/agenda/{person_id}/done", response_class=HTMLResponse)
def done_form(
    request: Request,
    app: AppDep,
    person_id: int,
    channel: Annotated[Channel, Form()] = Channel.MESSAGE,
    note: Annotated[str, Form(max_length=5000)] = "",
) -> HTMLResponse:
    it = svc.done(app, f"#{person_id}", channel, note)
    return _acted(request, f"Done: logged a {it.channel.value} today.")


@pages.post("/agenda/{person_id}/snooze", response_class=HTMLResponse)
def snooze_form(
    request: Request, app: AppDep, person_id: int, days: Annotated[int, Form(ge=1, le=365)] = 7
) -> HTMLResponse:
    state = svc.snooze(app, f"#{person_id}", days)
    return _acted(request, f"Snoozed {state.name} until {state.snoozed_until}.")


@pages.post("/agenda/{person_id}/pause", response_class=HTMLResponse)
def pause_form(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    state = svc.pause(app, f"#{person_id}")
    return _acted(request, f"Paused: no reminders about {state.name} until they write.")


@pages.post("/agenda/{person_id}/let-go", response_class=HTMLResponse)
def let_go_form(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    state = svc.let_go(app, f"#{person_id}")
    return _acted(request, f"Let go of {state.name}; the history stays.")


# -- API -------------------------------------------------------------------------------------


class DoneIn(BaseModel):
    channel: Channel = Channel.MESSAGE
    note: str = Field("", max_length=5000)


class SnoozeIn(BaseModel):
    days: int = Field(7, ge=1, le=365)


@api.get("", summary="This week's agenda: whom to contact and why")
def agenda_api(app: AppDep) -> dict[str, Any]:
    return jsonable(svc.build(app))  # type: ignore[no-any-return]


@api.post("/{person_id}/done", summary="Mark an item done: logs the contact")
def done_api(app: AppDep, person_id: int, body: DoneIn) -> dict[str, Any]:
    return jsonable(svc.done(app, f"#{person_id}", body.channel, body.note))  # type: ignore[no-any-return]


@api.post("/{person_id}/snooze", summary="No items about this person for some days")
def snooze_api(app: AppDep, person_id: int, body: SnoozeIn) -> dict[str, Any]:
    return jsonable(svc.snooze(app, f"#{person_id}", body.days))  # type: ignore[no-any-return]


@api.post("/{person_id}/pause", summary="No reminders until they get in touch")
def pause_api(app: AppDep, person_id: int) -> dict[str, Any]:
    return jsonable(svc.pause(app, f"#{person_id}"))  # type: ignore[no-any-return]


@api.post("/{person_id}/let-go", summary="Stop reminders for good; the history stays")
def let_go_api(app: AppDep, person_id: int) -> dict[str, Any]:
    return jsonable(svc.let_go(app, f"#{person_id}"))  # type: ignore[no-any-return]


ROUTERS = [pages, api]
