"""The login page, when a password is set: a signed session cookie for this browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kithkin.web.access import FailedLogins, client_of, new_session, too_many
from kithkin.web.rendering import render
from kithkin.web.settings import WebSettings

pages = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only a page of this server: never another site after logging in."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _page(request: Request, next_: str, error: str | None, status: int) -> HTMLResponse:
    return render(request, "login.html", {"next": next_, "error": error}, status_code=status)


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    web: WebSettings = request.app.state.web
    if web.login is None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _page(request, _safe_next(next), None, 200)


@pages.post("/login", response_class=HTMLResponse)
def log_in(
    request: Request,
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    web: WebSettings = request.app.state.web
    target = _safe_next(next)
    if web.login is None:
        return RedirectResponse(target, status_code=303)
    failures: FailedLogins = request.app.state.failed_logins
    client = client_of(request.scope)
    wait = failures.wait(client)
    if wait:
        response = _page(request, target, too_many(wait), 429)
        response.headers["Retry-After"] = str(wait)
        return response
    if not web.login.verify(password):
        failures.failed(client)
        return _page(request, target, "that is not the password; type it again", 401)
    failures.succeeded(client)
    done = RedirectResponse(target, status_code=303)
    done.set_cookie(
        web.session_cookie,
        new_session(web.login),
        max_age=web.session_days * 86400,
        path="/",
        httponly=True,
        samesite="strict",
    )
    return done


@pages.post("/logout")
def log_out(request: Request) -> Response:
    web: WebSettings = request.app.state.web
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(web.session_cookie, path="/", httponly=True, samesite="strict")
    return response


ROUTERS = [pages]
