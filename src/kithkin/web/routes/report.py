"""Report: the health of the whole network, as figures and as charts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from kithkin.insight.report import NetworkReport
from kithkin.service import report as svc
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/report", tags=["report"])


@pages.get("/report", response_class=HTMLResponse)
def report_page(request: Request, app: AppDep) -> HTMLResponse:
    return render(request, "report.html", {"report": svc.network_health(app)})


@api.get(
    "",
    response_model=NetworkReport,
    summary="The network's health: tiers, reciprocity, reach and what is at risk",
)
def report_api(app: AppDep) -> JSONResponse:
    return answer(svc.network_health(app))


@api.get(
    "/chart.svg",
    summary="The network-health charts as an SVG image",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def chart_api(app: AppDep) -> Response:
    chart = svc.chart_of(app, "svg")
    return Response(chart, media_type="image/svg+xml")


ROUTERS = [pages, api]
