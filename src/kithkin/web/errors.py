"""Errors as HTTP: our own errors keep their one-line message, with a status that fits.

An API request gets ``{"detail": message}``; a page gets the error page, and an
htmx request gets a small fragment swapped into the page's message area.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kithkin.errors import (
    ConnectionLost,
    DatabaseBusy,
    DatabaseError,
    DiskFull,
    ImportFailed,
    InvalidInput,
    KithkinError,
    LoginRefused,
    NotFound,
    NotPermitted,
)
from kithkin.web.rendering import is_htmx, render

STATUSES: list[tuple[type[KithkinError], int]] = [
    (LoginRefused, 401),
    (NotPermitted, 403),
    (NotFound, 404),
    (InvalidInput, 422),
    (ImportFailed, 422),
    (DiskFull, 507),
    (DatabaseError, 503),
]
# Worth trying again soon: the lock is released, the server comes back.
RETRY_AFTER: tuple[type[KithkinError], ...] = (DatabaseBusy, ConnectionLost)

# What to do next after an error, in the web app's words: pages and buttons. The CLI words
# the same topics as commands (kithkin.cli.hints); a test keeps the two tables in step.
HINTS: dict[str, str] = {
    "owner": "say who you are on the Import page (your own address) or build the demo",
    "edit_owner": "edit yourself on your own page",
    "people": "the People page lists everyone",
    "search": "the search box on the People page looks in every field",
    "ties": "log a contact with them first",
    "circles": "the Circles page lists them",
    "goals": "the Report page lists your goals",
    "asks": "the person's page lists their asks",
    "opportunities": "the Paths page lists them",
    "proposals": "the Import page lists the open proposals",
    "backup": "a backup is the JSON file that Kithkin exports",
    "interactions": "the person's page lists their interactions",
    "favours": "the person's page lists their favours",
    "empty": "import your contacts on the Import page, or build the demo",
    "date_order": "or write the date as year-month-day, e.g. 2026-03-12",
    "path_target": "type a name, an organisation, a role or a skill in the box",
    "password": "start the server again with a new password",
    "sources": "the Sources page lists them",
    "add_source": "add one on the Sources page",
    "team_members": "the Team page lists your teammates",
    "team_init": "an administrator starts the team before its server",
}


def message_for(exc: KithkinError) -> str:
    hint = HINTS.get(getattr(exc, "see", None) or "")
    return f"{exc}; {hint}" if hint else str(exc)


def status_for(exc: KithkinError) -> int:
    for kind, status in STATUSES:
        if isinstance(exc, kind):
            return status
    return 400


def _respond(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    if is_htmx(request):
        # Shown in the page's live message area rather than replacing the form.
        return render(
            request,
            "_error.html",
            {"status": status, "message": message},
            status_code=status,
            headers={"HX-Retarget": "#messages", "HX-Reswap": "innerHTML", **(headers or {})},
        )
    return render(
        request, "error.html", {"status": status, "message": message}, status, headers=headers
    )


def _ours(request: Request, exc: KithkinError) -> Response:
    # Worth a retry: say when (RFC 9110 Retry-After).
    wait = exc.retry_after if isinstance(exc, DatabaseBusy) else 2
    headers = {"Retry-After": str(wait)} if isinstance(exc, RETRY_AFTER) else None
    return _respond(request, status_for(exc), message_for(exc), headers)


def install(app: FastAPI) -> None:
    async def kithkin_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, KithkinError)
        return _ours(request, exc)

    async def failure(request: Request, exc: Exception) -> Response:
        # A locked database, a lost connection, a full disk: one line, not a 500.
        from kithkin.store.failures import as_kithkin_error

        known = as_kithkin_error(exc)
        if known is None:
            raise exc
        return _ours(request, known)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = "there is no such page"
        return _respond(request, exc.status_code, message)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "the form"
        return _respond(request, 422, f"{where}: {first.get('msg', 'invalid value')}")

    from sqlalchemy.exc import SQLAlchemyError

    app.add_exception_handler(KithkinError, kithkin_error)
    app.add_exception_handler(SQLAlchemyError, failure)
    app.add_exception_handler(OSError, failure)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in exc.errors()
    ]
