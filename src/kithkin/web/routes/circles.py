"""Circles: the user's own soft labels, each a way into one network."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kithkin.service import circles as svc
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["circles"])


@pages.get("/circles", response_class=HTMLResponse)
def circles_page(request: Request, app: AppDep) -> HTMLResponse:
    return render(request, "circles.html", {"circles": svc.list_circles(app)})


@api.get("/circles", summary="Every circle with its number of people")
def circles_api(app: AppDep) -> list[dict[str, Any]]:
    return [{"circle": name, "people": n} for name, n in svc.list_circles(app)]


ROUTERS = [pages, api]
