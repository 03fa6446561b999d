"""The first page: the agenda, or on an empty network the way in (demo or import)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kithkin.service import overview
from kithkin.service.serial import jsonable
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["network"])


@pages.get("/", response_class=HTMLResponse)
def home(request: Request, app: AppDep) -> HTMLResponse:
    status = overview.network_status(app)
    if status.empty:
        return render(request, "welcome.html", {"status": status})
    return render(request, "home.html", {"status": status})


@api.get("/status", summary="How big the network is and who owns it")
def status_api(app: AppDep) -> dict[str, Any]:
    status = overview.network_status(app)
    return {**jsonable(status), "empty": status.empty}


ROUTERS = [pages, api]
