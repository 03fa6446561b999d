"""A team server's login page: e-mail address, password and (when set) the TOTP code.

A session is a random token in a cookie (HttpOnly, SameSite=Strict, and Secure over
HTTPS) whose
hash is kept in the team's database; wrong attempts are counted there per address,
so the limit holds across restarts and processes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kithkin.errors import LoginRefused
from kithkin.service.team import authenticate, close_session, open_session
from kithkin.web.rendering import render
from kithkin.web.routes.login import _safe_next
from kithkin.web.security import cookie_value
from kithkin.web.team.access import SESSION_COOKIE
from kithkin.web.team.deps import TeamDep

pages = APIRouter(include_in_schema=False)


def _secure(request: Request) -> bool:
    """Secure over HTTPS: always, once the server leaves loopback (TLS of its own, or the
    proxy's X-Forwarded-Proto). On plain loopback HTTP a browser would drop a Secure
    cookie from 127.0.0.1, and the cookie never leaves the machine anyway."""
    return request.url.scheme == "https"


def _page(request: Request, next_: str, email: str, error: str | None, status: int) -> HTMLResponse:
    context = {"next": next_, "email": email, "error": error}
    return render(request, "team_login.html", context, status_code=status)


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    return _page(request, _safe_next(next), "", None, 200)


@pages.post("/login", response_class=HTMLResponse)
def log_in(
    request: Request,
    team: TeamDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    code: Annotated[str, Form(max_length=12)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    target = _safe_next(next)
    try:
        account = authenticate(team, email, password, code.strip() or None)
    except LoginRefused as exc:
        status = 429 if str(exc).startswith("too many") else 401
        return _page(request, target, email, str(exc), status)
    session = open_session(team, account)
    done = RedirectResponse(target, status_code=303)
    done.set_cookie(
        SESSION_COOKIE,
        session.token,
        # Relative: the team's clock may be fixed (--now) while the browser's runs.
        max_age=max(1, int((session.expires_at - team.now()).total_seconds())),
        path="/",
        secure=_secure(request),
        httponly=True,
        samesite="strict",
    )
    return done


@pages.post("/logout")
def log_out(request: Request, team: TeamDep) -> Response:
    token = cookie_value(request.scope, SESSION_COOKIE)
    if token:
        close_session(team, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=_secure(request), httponly=True, samesite="strict"
    )
    return response


ROUTERS = [pages]
