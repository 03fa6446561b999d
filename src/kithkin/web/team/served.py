"""A team server's web app as each of several web processes builds it (``kith serve --team
--workers N``).

With more than one process, uvicorn starts each worker from an import string and builds
the app there; what ``kith serve`` was told reaches the workers in one environment
variable. Every worker opens the team itself: members' read models are per process,
and each follows the database's data version (``service.read_model``), so a member
whose requests reach two processes sees the same network in both; sessions, login
attempts and CSRF tokens live in the database or the cookies, not in a process.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime

from starlette.types import ASGIApp

from kithkin.service.team import Team, open_team
from kithkin.service.when import parse_now
from kithkin.web.exposure import ProxyOnly, proxy_networks
from kithkin.web.settings import WebSettings
from kithkin.web.team import create_team_app

ENV = "KITHKIN_TEAM_SERVER"
# How long a thread runs before another may take over (Python's default is 5 ms): many
# members share one process, and a short request (a page from kept views, team reach)
# takes its turn between long ones (a network loaded and scored) sooner. See docs/scale.md.
SWITCH_INTERVAL_S = 0.0005


def team_web(
    url: str, now: datetime | None, host: str, allow_host: list[str], behind_proxy: str | None
) -> tuple[Team, ASGIApp]:
    """The team at ``url`` and its web app, as one process serves it."""
    team = open_team(url, now=now)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    web: ASGIApp = create_team_app(team, WebSettings.for_host(host, tuple(allow_host)))
    if behind_proxy is not None:
        web = ProxyOnly(web, proxy_networks(behind_proxy))
    return team, web


def worker_environment(
    url: str, now: str | None, host: str, allow_host: list[str], behind_proxy: str | None
) -> dict[str, str]:
    """What each worker process needs to build the app (``served_app``)."""
    given = {
        "url": url,
        "now": now,
        "host": host,
        "allow_host": allow_host,
        "behind_proxy": behind_proxy,
    }
    return {ENV: json.dumps(given)}


def served_app() -> ASGIApp:
    """The app of one worker process (uvicorn's factory)."""
    given = json.loads(os.environ[ENV])
    now = parse_now(given["now"]) if given["now"] else None
    _, web = team_web(given["url"], now, given["host"], given["allow_host"], given["behind_proxy"])
    return web
