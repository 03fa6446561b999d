"""Import: upload contact, calendar and mail files; see what came in; review proposed merges."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from kithkin.errors import InvalidInput
from kithkin.ingest.detect import FORMATS
from kithkin.service import importing, merging
from kithkin.service.app import App
from kithkin.service.import_session import FileSummary
from kithkin.service.importing import ImportSummary
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep
from kithkin.web.rendering import render
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


FILES = Annotated[list[UploadFile], File(description="Contacts, calendars or mail")]
FORMAT = Annotated[str, Form(pattern=f"^({'|'.join(FORMATS)})?$")]
ME = Annotated[str, Form(max_length=1000)]


@pages.get("/import", response_class=HTMLResponse)
def import_page(request: Request, app: AppDep) -> HTMLResponse:
    web: WebSettings = request.app.state.web
    return render(
        request,
        "import.html",
        {
            "formats": FORMATS,
            "accept": ",".join(web.upload_suffixes),
            "limit_mb": web.max_upload_bytes // (1024 * 1024),
            "max_files": web.max_upload_files,
            "proposals": merging.list_proposals(app),
        },
    )


@pages.post("/import", response_class=HTMLResponse)
def import_form(
    request: Request,
    app: AppDep,
    files: FILES,
    format: FORMAT = "",
    me: ME = "",
    skip_bad: Annotated[bool, Form()] = False,
    dry_run: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    summary = _import(app, request.app.state.web, files, format, me, skip_bad, dry_run)
    context = {"summary": summary, "proposals": merging.list_proposals(app)}
    return render(request, "_import_summary.html", context)


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
    return render(request, "_agenda_done.html", {"said": said})


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
def import_api(
    request: Request,
    app: AppDep,
    files: FILES,
    format: FORMAT = "",
    me: ME = "",
    skip_bad: Annotated[bool, Form()] = False,
    dry_run: Annotated[bool, Form()] = False,
) -> JSONResponse:
    summary = _import(app, request.app.state.web, files, format, me, skip_bad, dry_run)
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
