"""Goals and opportunities: the page that lists them, each with Edit and Remove (the
forms are in ``editing_pages``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kithkin.service.editing_network import active_goals
from kithkin.service.opportunities import list_opportunities
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)


@pages.get("/goals", response_class=HTMLResponse)
def goals_page(request: Request, app: AppDep) -> HTMLResponse:
    context = {"goals": active_goals(app), "opportunities": list_opportunities(app)}
    return render(request, "edit_goals.html", context)


ROUTERS = [pages]
