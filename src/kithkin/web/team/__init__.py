"""The web app of a team server: each member's own pages on their own network, plus the
team's pages (reach, introduction requests, audit), behind a login per account."""

from __future__ import annotations

from fastapi import FastAPI

from kithkin.service.team import Team
from kithkin.web.app import ROUTE_MODULES, NavItem, new_api, protect
from kithkin.web.settings import WebSettings
from kithkin.web.team.access import TeamAccessMiddleware
from kithkin.web.team.agenda import incoming_requests

# The single-user pages (without the one-password login), then the team's own.
TEAM_ROUTE_MODULES: list[tuple[str, NavItem | None]] = [
    *[(name, item) for name, item in ROUTE_MODULES if name != "login"],
    ("team_login", None),
    ("team_reach", NavItem("Team", "/team")),
    ("team_requests", None),
    ("team_audit", None),
    ("team_feed", None),
]


def create_team_app(team: Team, web: WebSettings | None = None) -> FastAPI:
    """Build a team server's web app over ``team``; nothing here runs at import time."""
    web = web or WebSettings()
    api = new_api(web, TEAM_ROUTE_MODULES)
    api.state.team = team
    api.state.agenda_extras = incoming_requests
    api.add_middleware(TeamAccessMiddleware, team=team)
    protect(api, web)
    return api


__all__ = ["TEAM_ROUTE_MODULES", "create_team_app"]
