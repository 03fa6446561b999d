"""Bounded imports: a stopped or over-budget file is rolled back in one line, and one
file's failure never hides what the other files of the same import did."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Any

from kithkin.service import importing
from kithkin.service.app import App
from kithkin.service.import_limits import CHECK_EVERY, Limits

DATA = Path(__file__).resolve().parents[1] / "data"


def _mbox(path: Path, messages: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in range(messages):
            out.write(
                f"From p{n}@example.org Mon Jan 12 09:14:00 2026\n"
                f"From: Person {n} <p{n}@example.org>\nTo: me@example.com\n"
                f"Date: Mon, 12 Jan 2026 09:{n % 60:02d}:00 +0000\n"
                f"Message-ID: <m{n}@example.org>\nSubject: hello {n}\n\nbody\n\n"
            )
    return path


def _people(app: App) -> int:
    with app.uow() as uow:
        return len(uow.people.all())


def test_a_stopped_import_rolls_back_its_file_and_skips_the_rest(app: App, tmp_path: Path) -> None:
    first = _mbox(tmp_path / "first.mbox", 3 * CHECK_EVERY)
    second = _mbox(tmp_path / "second.mbox", 10)
    limits = Limits()

    def progress(file: str, done: int, total: int) -> None:
        # What a client leaving (web) or a signal does: set the flag from outside.
        limits.cancel("the import was stopped: the browser left before it finished")

    summary = importing.import_files(
        app, [first, second], me=["me@example.com"], progress=progress, limits=limits
    )
    assert [f.error.split(": ", 1)[1] for f in summary.files] == [
        f"the import was stopped: the browser left before it finished after {CHECK_EVERY * 2:,} "
        "records (nothing imported from this file)",
        "not imported: the import was stopped: the browser left before it finished",
    ]
    assert _people(app) == 0


def test_a_file_past_its_time_budget_stops_in_one_line(app: App, tmp_path: Path) -> None:
    slow = _mbox(tmp_path / "slow.mbox", 2 * CHECK_EVERY)
    summary = importing.import_files(app, [slow], me=["me@example.com"], limits=Limits(seconds=0.0))
    (error,) = summary.failed
    assert error == (
        f"{slow}: stopped after {CHECK_EVERY} records, past the limit of 0 seconds for one "
        "file (nothing imported from this file; split it into smaller files)"
    )
    assert _people(app) == 0


def test_one_failed_file_never_hides_the_summary_of_the_others(kith: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20260101T100000Z\n")
    good_mail = _mbox(tmp_path / "good.mbox", 3)
    card = DATA / "vcard" / "monica.vcf"
    result = kith("import", str(card), str(broken), str(good_mail), "--me", "me@example.com")
    assert result.code == 4
    assert f"Imported {card} (vcard)" in result.out
    assert f"Imported {good_mail} (mail): 3 added" in result.out
    assert f"{broken}: line 2 (event x): BEGIN:VEVENT without END:VEVENT" in result.err
    as_json = kith(
        "import",
        str(card),
        str(broken),
        str(good_mail),
        "--json",
        "--dry-run",
        "--me",
        "me@example.com",
    )
    files = {Path(f["file"]).name: f for f in json.loads(as_json.out)["files"]}
    assert files["good.mbox"]["error"] == "" and files["broken.ics"]["error"]


def test_a_stop_signal_to_the_server_stops_the_imports_under_way(app: App, tmp_path: Path) -> None:
    # What the web app's signal handler does when the server is asked to stop: every
    # import it registered is cancelled, and each stops at its next check.
    from kithkin.web.routes import imports

    first = _mbox(tmp_path / "first.mbox", 3 * CHECK_EVERY)
    limits = Limits()

    def progress(file: str, done: int, total: int) -> None:
        imports._on_signal(signal.SIGTERM, None)

    with imports._running_lock:
        imports._running.add(limits)
    try:
        summary = importing.import_files(
            app, [first], me=["me@example.com"], progress=progress, limits=limits
        )
    finally:
        with imports._running_lock:
            imports._running.discard(limits)
    (error,) = summary.failed
    assert "the import was stopped: the server is shutting down" in error
    assert _people(app) == 0


def test_a_web_import_stops_when_its_browser_leaves(app: App, tmp_path: Path) -> None:
    # A real request whose client has gone (its ASGI channel says http.disconnect): the
    # import, running in a worker thread, is told to stop and rolls its file back.
    import asyncio
    import io

    from fastapi import UploadFile
    from starlette.requests import Request

    from kithkin.web.app import create_app
    from kithkin.web.routes import imports

    big = _mbox(tmp_path / "big.mbox", 40 * CHECK_EVERY).read_bytes()
    web = create_app(app)

    async def gone() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    request = Request({"type": "http", "app": web, "method": "POST", "headers": []}, gone)
    upload = UploadFile(io.BytesIO(big), filename="big.mbox")
    done: list[importing.ImportSummary] = []
    # In a thread of its own: a test run may already have an event loop in this one.
    worker = threading.Thread(
        target=lambda: done.append(
            asyncio.run(imports._import_watched(request, [upload], "", "", False, False))
        )
    )
    worker.start()
    worker.join()
    (summary,) = done
    (error,) = summary.failed
    assert error.startswith("big.mbox: the import was stopped: the browser left")
    assert _people(app) == 0
