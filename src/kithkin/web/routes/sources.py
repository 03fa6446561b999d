"""Sources: the servers ``kith sync`` reads, their last run, and a button to sync now."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from kithkin.service import sync
from kithkin.service.serial import jsonable
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["sources"])

TEXT = Annotated[str, Form(max_length=1000)]


def _page(request: Request, app: Any, report: sync.SyncReport | None = None) -> HTMLResponse:
    context = {"sources": sync.status(app), "kinds": sync.KINDS, "report": report}
    return render(request, "sources.html", context)


@pages.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, app: AppDep) -> HTMLResponse:
    return _page(request, app)


@pages.post("/sources", response_class=HTMLResponse)
def add_form(
    request: Request,
    app: AppDep,
    kind: TEXT,
    url: TEXT,
    user: TEXT,
    name: TEXT = "",
    folders: TEXT = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    password_env: Annotated[str, Form(max_length=100)] = "",
    insecure: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    sync.add_source(
        app,
        kind,
        url,
        user,
        name=name,
        folders=[f.strip() for f in folders.split(",") if f.strip()],
        insecure=insecure,
        password=password or None,
        password_env=password_env,
    )
    return _page(request, app)


@pages.post("/sources/sync", response_class=HTMLResponse)
def sync_form(request: Request, app: AppDep, name: TEXT = "") -> HTMLResponse:
    report = sync.sync(app, name or None)
    return _page(request, app, report)


@pages.get("/sources/{name}/remove", response_class=HTMLResponse)
def remove_question(request: Request, name: str) -> HTMLResponse:
    """Removing asks first, on a page of its own (works without JavaScript)."""
    context = {
        "question": f"Stop syncing {name}?",
        "detail": "What it brought stays in your network; its saved password is forgotten.",
        "action": f"/sources/{quote(name, safe='')}/remove",
        "button": "Remove the source",
        "back": "/sources",
        "undoable": False,
    }
    return render(request, "edit_confirm.html", context)


@pages.post("/sources/{name}/remove", response_class=HTMLResponse)
def remove_form(request: Request, app: AppDep, name: str) -> HTMLResponse:
    sync.remove_source(app, name)
    return _page(request, app)


class NewSource(BaseModel):
    kind: str = Field(max_length=20, description="carddav, caldav or imap")
    url: str = Field(max_length=1000)
    user: str = Field(max_length=200)
    name: str = Field("", max_length=100)
    folders: list[str] = Field(default_factory=list, max_length=50)
    insecure: bool = False
    password: str | None = Field(None, max_length=1000, description="kept in the system keyring")
    password_env: str = Field("", max_length=100, description="or read from this variable")
    publish_agenda: str = Field("", max_length=1000, description="CalDAV: agenda tasks go here")


@api.get("/sources", summary="The servers kith sync reads, with their last run")
def sources_api(app: AppDep) -> Any:
    return jsonable(sync.status(app))


@api.post("/sources", summary="Add a CardDAV, CalDAV or IMAP server to sync from")
def add_api(app: AppDep, body: NewSource) -> Any:
    return jsonable(
        sync.add_source(
            app,
            body.kind,
            body.url,
            body.user,
            name=body.name,
            folders=body.folders,
            insecure=body.insecure,
            password=body.password,
            password_env=body.password_env,
            publish_agenda=body.publish_agenda,
        )
    )


@api.delete("/sources/{name}", summary="Stop syncing a source (what it brought stays)")
def remove_api(app: AppDep, name: str) -> Any:
    return jsonable(sync.remove_source(app, name))


@api.post("/sources/sync", summary="Sync every source now, or the one named")
def sync_api(app: AppDep, name: str | None = None) -> Any:
    report = sync.sync(app, name)
    return {**jsonable(report), "failed": report.failed}


ROUTERS = [pages, api]
