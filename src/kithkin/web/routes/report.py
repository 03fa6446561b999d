"""Report: the health of the whole network, as figures and as charts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kithkin.service import report as svc
from kithkin.service.serial import jsonable
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/report", tags=["report"])


@pages.get("/report", response_class=HTMLResponse)
def report_page(request: Request, app: AppDep) -> HTMLResponse:
    return render(request, "report.html", {"report": svc.network_health(app)})


@api.get("", summary="The network's health: tiers, reciprocity, reach and what is at risk")
def report_api(app: AppDep) -> Any:
    return jsonable(svc.network_health(app))


@api.get(
    "/chart.svg",
    summary="The network-health charts as an SVG image",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def chart_api(app: AppDep) -> Response:
    chart = svc.report_chart(svc.network_health(app), "svg")
    return Response(chart, media_type="image/svg+xml")


ROUTERS = [pages, api]
