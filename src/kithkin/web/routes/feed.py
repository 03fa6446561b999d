"""The agenda as a calendar feed: ``/agenda.ics``, for a calendar app to subscribe to."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from kithkin.service import agenda as svc
from kithkin.service.calendar_feed import agenda_ics
from kithkin.web.deps import AppDep

# A file for calendar apps, like a page, rather than part of the JSON API's schema.
router = APIRouter(include_in_schema=False)


@router.api_route("/agenda.ics", methods=["GET", "HEAD"], response_class=Response)
def agenda_feed(app: AppDep) -> Response:
    # A calendar app polls this URL; with a password set it sends it by HTTP Basic auth.
    return Response(
        agenda_ics(svc.build(app)),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="kithkin-agenda.ics"'},
    )


ROUTERS = [router]
