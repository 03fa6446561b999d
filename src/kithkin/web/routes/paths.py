"""Paths: warm chains of ties from me to a target, the weakest link marked, and a draft intro."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from kithkin.errors import InvalidInput, NotFound
from kithkin.insight.targets import TargetKind
from kithkin.model import AskKind
from kithkin.service import paths as svc
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.errors import message_for, status_for
from kithkin.web.rendering import is_htmx, render, wants_partial

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/paths", tags=["paths"])

TO = Annotated[str, Query(max_length=200, description="A person, organisation, role or skill")]
KIND = Annotated[TargetKind | None, Query(description="What the target is; guessed when empty")]
ASK = Annotated[AskKind, Query(description="intro, referral or advice")]
ASK_WORDS = {"intro": "an introduction", "referral": "a referral", "advice": "advice"}
K = Annotated[int, Query(ge=1, le=20, description="How many paths")]


def _kind(raw: str) -> TargetKind | None:
    return TargetKind(raw) if raw in {k.value for k in TargetKind} else None


@pages.get("/paths", response_class=HTMLResponse)
def paths_page(
    request: Request,
    app: AppDep,
    to: TO = "",
    kind: Annotated[str, Query(max_length=20)] = "",
    ask: ASK = AskKind.INTRO,
) -> HTMLResponse:
    result, error, status = None, None, 200
    if to.strip():
        try:
            result = svc.find_paths(app, to, _kind(kind), ask, k=3)
        except (InvalidInput, NotFound) as exc:
            # In place of the results, under the form that still holds the question.
            error, status = message_for(exc), status_for(exc)
    context = {
        "error": error,
        "to": to,
        "kind": kind,
        "ask": ask,
        "result": result,
        "kinds": [k for k in TargetKind if k is not TargetKind.OPPORTUNITY],
        "asks": svc.ASKS,
        "ask_words": ASK_WORDS,
    }
    name = "_paths_results.html" if wants_partial(request, "paths-results") else "paths.html"
    return render(request, name, context, status)


@pages.get("/paths/intro", response_class=HTMLResponse)
def intro_fragment(
    request: Request,
    app: AppDep,
    to: TO,
    path: Annotated[int, Query(ge=1, le=20)] = 1,
    kind: Annotated[str, Query(max_length=20)] = "",
    ask: ASK = AskKind.INTRO,
) -> HTMLResponse:
    intro = svc.draft_intro_request(app, to, _kind(kind), ask, path)
    context = {"intro": intro, "slot": path, "to": to, "kind": kind, "ask": ask}
    # Without JavaScript the link opens the draft as a page of its own.
    return render(request, "_intro.html" if is_htmx(request) else "intro.html", context)


@api.get("", response_model=svc.PathResult, summary="The best warm paths from me to a target")
def paths_api(
    app: AppDep, to: TO, kind: KIND = None, ask: ASK = AskKind.INTRO, k: K = 3
) -> JSONResponse:
    return answer(svc.find_paths(app, to, kind, ask, k))


@api.get(
    "/intro",
    response_model=svc.IntroResult,
    summary="A draft request to the first person on a path",
)
def intro_api(
    app: AppDep,
    to: TO,
    kind: KIND = None,
    ask: ASK = AskKind.INTRO,
    path: Annotated[int, Query(ge=1, le=20)] = 1,
) -> JSONResponse:
    return answer(svc.draft_intro_request(app, to, kind, ask, path))


ROUTERS = [pages, api]
