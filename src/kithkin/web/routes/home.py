"""The first page: the agenda, or on an empty network the way in (demo or import)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from kithkin.service import overview
from kithkin.service.demo import DemoSummary, build_demo
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.rendering import is_htmx, render
from kithkin.web.routes.agenda import agenda_context
from kithkin.web.routes.owner import whoami_context

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["network"])


@pages.get("/", response_class=HTMLResponse)
def home(request: Request, app: AppDep) -> HTMLResponse:
    status = overview.network_status(app)
    if status.empty:
        return render(request, "welcome.html", {"status": status})
    if status.me is None:
        # Imported files, but nobody is "me" yet: the agenda is about my relationships.
        return render(request, "whoami.html", whoami_context(app, status))
    return render(request, "agenda.html", {"status": status, **agenda_context(app, request)})


@pages.post("/demo")
def load_demo(request: Request, app: AppDep) -> Response:
    build_demo(app)
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": "/"})
    return RedirectResponse("/", status_code=303)  # after a POST, the browser GETs the agenda


@api.get(
    "/status",
    response_model=overview.NetworkStatus,
    summary="How big the network is and who owns it",
)
def status_api(app: AppDep) -> JSONResponse:
    return answer(overview.network_status(app))


@api.post(
    "/demo",
    status_code=201,
    response_model=DemoSummary,
    summary="Build the demo network into an empty database",
)
def demo_api(app: AppDep) -> JSONResponse:
    return answer(build_demo(app), 201)


ROUTERS = [pages, api]
