"""Import: upload contact, calendar and mail files; see what came in; review proposed merges."""

from __future__ import annotations

import asyncio
import re
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from kithkin.errors import InvalidInput
from kithkin.ingest.detect import FORMATS
from kithkin.service import importing, merging, overview
from kithkin.service.app import App
from kithkin.service.import_limits import Limits
from kithkin.service.import_session import FileSummary
from kithkin.service.importing import ImportSummary
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep, app_for
from kithkin.web.rendering import is_htmx, render
from kithkin.web.settings import WebSettings

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["import"])

CHUNK = 1024 * 1024


def _save(uploads: list[UploadFile], folder: Path, web: WebSettings) -> list[Path]:
    """Write the uploads under their own base names, checking number, type and size."""
    chosen = [u for u in uploads if u.filename]
    if not chosen:
        raise InvalidInput("choose at least one file to import")
    if len(chosen) > web.max_upload_files:
        raise InvalidInput(f"at most {web.max_upload_files} files at a time")
    saved: list[Path] = []
    for upload in chosen:
        name = Path(upload.filename or "").name  # never a path from the browser
        if not name or Path(name).suffix.lower() not in web.upload_suffixes:
            raise InvalidInput(
                f"'{name}' is not a file Kithkin reads; send {', '.join(web.upload_suffixes)} files"
            )
        target = folder / f"{len(saved):02d}-{name}"
        written = 0
        with target.open("wb") as out:
            while chunk := upload.file.read(CHUNK):
                written += len(chunk)
                if written > web.max_upload_bytes:
                    raise InvalidInput(f"'{name}' is larger than the upload limit")
                out.write(chunk)
        saved.append(target)
    return saved


def _import(
    app: App,
    web: WebSettings,
    files: list[UploadFile],
    fmt: str,
    me: str,
    skip_bad: bool,
    dry_run: bool,
    limits: Limits,
) -> ImportSummary:
    with tempfile.TemporaryDirectory(prefix="kithkin-upload-") as tmp:
        paths = _save(files, Path(tmp), web)
        summary = importing.import_files(
            app,
            paths,
            fmt=fmt or None,
            me=[m for m in me.replace(",", " ").split() if m],
            skip_bad=skip_bad,
            dry_run=dry_run,
            limits=limits,
        )
    prefix = len(tmp) + 4  # the folder and the "NN-" that kept same-named uploads apart
    for f in summary.files:
        f.file = f.file[prefix:] if f.file.startswith(tmp) else f.file
    inside = re.compile(re.escape(tmp) + r"/\d\d-")
    summary.failed = [inside.sub("", line) for line in summary.failed]
    for f in summary.files:
        f.error = inside.sub("", f.error)
        f.bad = [inside.sub("", line) for line in f.bad]
        f.warnings = [inside.sub("", line) for line in f.warnings]
    return summary


# Imports under way, so that a signal to stop the server stops them first.
_running: set[Limits] = set()
_running_lock = threading.Lock()
_watching: dict[int, Any] = {}
POLL_SECONDS = 0.25  # how often a running import looks whether its client is still there


def _stop_all(reason: str) -> None:
    with _running_lock:
        for limits in _running:
            limits.cancel(reason)


def _on_signal(number: int, frame: FrameType | None) -> None:
    _stop_all("the import was stopped: the server is shutting down")
    previous = _watching.get(number)
    if callable(previous):
        previous(number, frame)


def _watch_signals() -> None:
    """Stop running imports on SIGTERM or SIGINT, then let the server's own handler run.

    The server waits for requests under way before it exits; without this, an
    import of a huge file would hold the shutdown until it ended. Installed on
    the first import, after the server installed its handlers, and only from the
    main thread (where signal handlers live).
    """
    if threading.current_thread() is not threading.main_thread():
        return
    for number in (signal.SIGTERM, signal.SIGINT):
        current = signal.getsignal(number)
        if current is not _on_signal:
            _watching[number] = current
            signal.signal(number, _on_signal)


async def _import_watched(
    request: Request,
    files: list[UploadFile],
    fmt: str,
    me: str,
    skip_bad: bool,
    dry_run: bool,
) -> ImportSummary:
    """Run the import in a worker thread, stopping it when the client leaves or a signal comes.

    The import checks its ``Limits`` between records, so it stops within a few
    hundred records and rolls back the file under way.
    """
    app: App = app_for(request)
    limits = Limits()
    _watch_signals()
    with _running_lock:
        _running.add(limits)
    try:
        work = asyncio.ensure_future(
            run_in_threadpool(
                _import, app, request.app.state.web, files, fmt, me, skip_bad, dry_run, limits
            )
        )
        while not work.done():
            await asyncio.wait({work}, timeout=POLL_SECONDS)
            if not work.done() and await request.is_disconnected():
                limits.cancel("the import was stopped: the browser left before it finished")
        return work.result()
    finally:
        with _running_lock:
            _running.discard(limits)


FILES = Annotated[list[UploadFile], File(description="Contacts, calendars or mail")]
FORMAT = Annotated[str, Form(pattern=f"^({'|'.join(FORMATS)})?$")]
ME = Annotated[str, Form(max_length=1000)]


def _page_context(request: Request, app: App) -> dict[str, Any]:
    web: WebSettings = request.app.state.web
    return {
        "formats": FORMATS,
        "accept": ",".join(web.upload_suffixes),
        "limit_mb": web.max_upload_bytes // (1024 * 1024),
        "max_files": web.max_upload_files,
        "proposals": merging.list_proposals(app),
    }


@pages.get("/import", response_class=HTMLResponse)
def import_page(request: Request, app: AppDep) -> HTMLResponse:
    return render(request, "import.html", _page_context(request, app))


@pages.post("/import", response_class=HTMLResponse)
async def import_form(
    request: Request,
    app: AppDep,
    files: FILES,
    format: FORMAT = "",
    me: ME = "",
    skip_bad: Annotated[bool, Form()] = False,
    dry_run: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    summary = await _import_watched(request, files, format, me, skip_bad, dry_run)
    status = await run_in_threadpool(overview.network_status, app)
    # Imported before saying who I am: the next step is the "Who are you?" page.
    needs_me = status.me is None and status.people > 0 and not summary.dry_run
    if is_htmx(request):
        context = {
            "summary": summary,
            "proposals": await run_in_threadpool(merging.list_proposals, app),
            "needs_me": needs_me,
        }
        return render(request, "_import_summary.html", context)
    # Without JavaScript: the import page again, the summary in its place.
    context = await run_in_threadpool(_page_context, request, app)
    return render(request, "import.html", {**context, "summary": summary, "needs_me": needs_me})


@pages.post("/import/review/{proposal_id}", response_class=HTMLResponse)
def decide_form(
    request: Request, app: AppDep, proposal_id: int, accept: Annotated[bool, Form()]
) -> HTMLResponse:
    result = merging.decide_proposal(app, proposal_id, accept)
    said = (
        f"Merged {result.merged_name} into {result.kept_name}."
        if result
        else "Kept apart: they will not be proposed again."
    )
    if is_htmx(request):
        return render(request, "_agenda_done.html", {"said": said})
    return render(request, "import.html", {**_page_context(request, app), "said": said})


@dataclass
class ImportAnswer:
    """What an import did, file by file, with the totals over the files imported."""

    files: list[FileSummary]
    dry_run: bool
    failed: list[str]
    totals: dict[str, int]


@dataclass
class DecisionAnswer:
    merged: merging.MergeResult | None  # None when the two were kept apart


@api.post(
    "/import",
    response_model=ImportAnswer,
    summary="Import uploaded files (vCard, CSV contacts, iCalendar, mail)",
)
async def import_api(
    request: Request,
    app: AppDep,
    files: FILES,
    format: FORMAT = "",
    me: ME = "",
    skip_bad: Annotated[bool, Form()] = False,
    dry_run: Annotated[bool, Form()] = False,
) -> JSONResponse:
    summary = await _import_watched(request, files, format, me, skip_bad, dry_run)
    return answer(ImportAnswer(summary.files, summary.dry_run, summary.failed, summary.totals))


@api.get(
    "/merges",
    response_model=list[merging.ProposalView],
    summary="Proposed merges waiting for review",
)
def proposals_api(app: AppDep) -> JSONResponse:
    return answer(merging.list_proposals(app))


class Decision(BaseModel):
    accept: bool


@api.post(
    "/merges/{proposal_id}",
    response_model=DecisionAnswer,
    summary="Merge the two people, or keep them apart",
)
def decide_api(app: AppDep, proposal_id: int, body: Decision) -> JSONResponse:
    return answer(DecisionAnswer(merging.decide_proposal(app, proposal_id, body.accept)))


ROUTERS = [pages, api]
