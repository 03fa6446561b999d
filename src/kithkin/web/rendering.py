"""Jinja templates: autoescaped HTML, a few filters, and the CSRF token on every page."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def _day(value: datetime | date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _ago(value: datetime | None, now: datetime) -> str:
    """'3 days ago', 'in 2 weeks': how far a date is from the network's ``now``."""
    if value is None:
        return "never"
    days = (now.date() - value.date()).days
    future, days = days < 0, abs(days)
    if days == 0:
        return "today"
    if days < 14:
        text = f"{days} day{'s' if days != 1 else ''}"
    elif days < 60:
        text = f"{days // 7} weeks"
    elif days < 730:
        text = f"{days // 30} months"
    else:
        text = f"{days // 365} years"
    return f"in {text}" if future else f"{text} ago"


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = _day
    env.filters["percent"] = _percent
    env.globals["ago"] = _ago
    return Jinja2Templates(env=env)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def wants_partial(request: Request, target: str) -> bool:
    """An htmx request aimed at one element, not a history restore that needs the full page."""
    return (
        is_htmx(request)
        and request.headers.get("hx-target") == target
        and request.headers.get("hx-history-restore-request") != "true"
    )


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page or a partial; every template sees the request, the CSRF token and ``now``."""
    templates: Jinja2Templates = request.app.state.templates
    state = request.app.state
    # On a team server: the member's own network, or (the login page) the team's clock.
    clock = getattr(request.state, "kithkin", None) or state.kithkin or state.team
    ctx: dict[str, Any] = {
        "csrf_token": request.state.csrf_token,
        "now": clock.now(),
        "nav": state.nav,
        "path": request.url.path,
        "password_set": state.web.login is not None or state.team is not None,
        "account": getattr(request.state, "account", None),
        **(context or {}),
    }
    return templates.TemplateResponse(request, name, ctx, status_code=status_code, headers=headers)
