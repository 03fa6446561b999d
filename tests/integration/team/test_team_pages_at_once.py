"""A team server answers a few members' pages at once (``PAGES_AT_ONCE``): another page
waits for its turn, while the team's own API answers at once meanwhile."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as Waiting
from pathlib import Path
from typing import Any

import pytest

from fixed_values import NOW
from kithkin.service.app import GatedLock
from kithkin.service.importing import import_files
from kithkin.service.team import add_member, member_app, open_team, team_init

from .conftest import PASSWORD, log_in, web_client

pytestmark = pytest.mark.postgres
SAMPLES = Path(__file__).parents[2] / "data" / "samples"
EMAIL = "alex.morgan@example.com"


def _held_by_another_thread(lock: GatedLock) -> bool:
    if not lock._lock.acquire(blocking=False):
        return True
    lock._lock.release()
    return False


@pytest.mark.parametrize("pages", [1, 2])
def test_a_page_waits_for_its_turn_while_the_team_api_answers(team_url: str, pages: int) -> None:
    team_init(team_url, "admin@example.com", "Ada Admin", PASSWORD, now=NOW)
    team = open_team(team_url, now=NOW, pages=pages)
    try:
        alex = add_member(team, EMAIL, "Alex Morgan", "member", PASSWORD)
        app = member_app(team, alex)
        files = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix != ".md")
        import_files(app, files, me=[EMAIL], region="US")
        assert isinstance(app.lock, GatedLock)
        app.cache.clear()  # the agenda must work out the read model: it needs the gate
        with web_client(team) as client, ThreadPoolExecutor(2) as pool:  # one event loop
            log_in(client, EMAIL)
            team.gate.acquire()  # no read model can be worked out meanwhile
            try:
                agenda: Future[Any] = pool.submit(client.get, "/")
                deadline = time.monotonic() + 30
                while not _held_by_another_thread(app.lock):  # the agenda has its turn
                    assert time.monotonic() < deadline and not agenda.done()
                    time.sleep(0.01)
                status: Future[Any] = pool.submit(client.get, "/api/v1/status")
                team_api = client.get("/api/v1/team/requests")
                assert team_api.status_code == 200, team_api.text
                if pages == 1:
                    with pytest.raises(Waiting):  # its turn comes after the agenda's
                        status.result(timeout=1.0)
                else:
                    assert status.result(timeout=30).status_code == 200
                assert not agenda.done()
            finally:
                team.gate.release()
            assert agenda.result(timeout=60).status_code == 200
            assert status.result(timeout=60).status_code == 200
    finally:
        team.close()
