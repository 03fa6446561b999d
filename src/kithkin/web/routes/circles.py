"""Circles: the user's own soft labels, each a way into one network."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from kithkin.service import circles as svc
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["circles"])


@pages.get("/circles", response_class=HTMLResponse)
def circles_page(request: Request, app: AppDep) -> HTMLResponse:
    return render(request, "circles.html", {"circles": svc.list_circles(app)})


@api.get(
    "/circles",
    response_model=list[svc.CircleSize],
    summary="Every circle with its number of people",
)
def circles_api(app: AppDep) -> JSONResponse:
    return answer(svc.circle_sizes(app))


ROUTERS = [pages, api]
