"""The app factory: one FastAPI application over one ``App`` (settings, engine, ``now``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import import_module

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import Message, Scope

import kithkin
from kithkin.service.app import App
from kithkin.service.login import failures_path
from kithkin.web import errors
from kithkin.web.access import AccessMiddleware, FailedLogins
from kithkin.web.answers import PROBLEMS
from kithkin.web.rendering import STATIC, make_templates
from kithkin.web.security import SecurityMiddleware, csrf_protect
from kithkin.web.settings import WebSettings


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    href: str


# Router modules in kithkin.web.routes, each holding a resource's pages and its API;
# the ones with a navigation entry appear in the header in this order.
ROUTE_MODULES: list[tuple[str, NavItem | None]] = [
    ("home", NavItem("Agenda", "/")),
    ("agenda", None),
    # Before people: /people/new is a page of its own, not a person's id.
    ("editing_pages", None),
    ("people", NavItem("People", "/people")),
    ("paths", NavItem("Paths", "/paths")),
    ("mentors", NavItem("Mentors", "/mentors")),
    ("map", NavItem("Map", "/map")),
    ("imports", NavItem("Import", "/import")),
    ("report", NavItem("Report", "/report")),
    ("circles", NavItem("Circles", "/circles")),
    ("goals", None),
    ("sources", NavItem("Sources", "/sources")),
    ("system", None),
    ("editing_api", None),
    ("owner", None),
    ("feed", None),
    ("login", None),
]


def create_app(app: App, web: WebSettings | None = None) -> FastAPI:
    """Build the web app; nothing here runs at import time."""
    web = web or WebSettings()
    api = new_api(web, ROUTE_MODULES)
    api.state.kithkin = app
    # Outermost last: the host check runs first, then the security headers and CSRF cookie,
    # then the password (when one is set).
    api.add_middleware(
        AccessMiddleware,
        login=web.login,
        cookie=web.session_cookie,
        max_age_s=web.session_days * 86400,
        failures=api.state.failed_logins,
    )
    protect(api, web)
    return api


def new_api(web: WebSettings, modules: list[tuple[str, NavItem | None]]) -> FastAPI:
    """The application with the routers of ``modules``, its templates and error pages."""
    api = FastAPI(
        title="Kithkin",
        version=kithkin.__version__,
        summary="Your whole network as one network of real relationships.",
        description="Everything the Kithkin pages do, as JSON under /api/v1. "
        "State-changing requests need the CSRF token from GET /api/v1/csrf "
        "in the X-CSRF-Token header.",
        docs_url=None,  # the interactive docs load scripts from a CDN; nothing leaves the machine
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(csrf_protect)],
        responses=PROBLEMS,
        lifespan=_routes_ready,
    )
    api.state.kithkin = None  # one App for everyone; a team server finds each member's own
    api.state.team = None
    api.state.web = web
    api.state.templates = make_templates()
    api.state.failed_logins = FailedLogins(
        web.max_failed_logins,
        web.failed_login_window_s,
        path=failures_path(web.login) if web.login is not None else None,
    )
    api.state.nav = [item for _, item in modules if item is not None]
    # What else the agenda page shows (a team server: the introductions asked of the member).
    api.state.agenda_extras = None
    errors.install(api)
    for name, _ in modules:
        module = import_module(f"kithkin.web.routes.{name}")
        for router in module.ROUTERS:
            api.include_router(router)
    api.mount("/static", StaticFiles(directory=STATIC), name="static")
    return api


@asynccontextmanager
async def _routes_ready(api: FastAPI) -> AsyncIterator[None]:
    """Before serving: FastAPI works out each route's parameters and response models
    (pydantic schemas, a quarter of a second for all of ours) on the first request that
    reaches its router, so the first page a user opens paid for every route. A request
    no route matches, given to the router alone (no middleware, nothing answered to
    anyone), makes it do that work now."""
    path = "/.routes-ready"  # matches no route, with or without a trailing slash
    scope: Scope = {
        "type": "http", "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
        "headers": [], "client": None, "server": ("127.0.0.1", 80),
    }  # fmt: skip

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        return None  # the 404 goes nowhere

    await api.router(scope, receive, send)
    yield


def protect(api: FastAPI, web: WebSettings) -> None:
    """The security headers, the CSRF cookie and the body cap; outermost, the host check."""
    api.add_middleware(
        SecurityMiddleware, csrf_cookie=web.csrf_cookie, max_body=web.max_upload_bytes
    )
    api.add_middleware(TrustedHostMiddleware, allowed_hosts=list(web.allowed_hosts))
