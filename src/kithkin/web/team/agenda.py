"""The agenda of a team member also lists the introductions teammates asked of them."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from kithkin.service.team import requests_for


def incoming_requests(request: Request) -> dict[str, Any]:
    """The requests still waiting for this member's answer, for the agenda page."""
    waiting = requests_for(request.app.state.team, request.state.actor).waiting
    return {"team_requests": waiting}
