"""The gate a team server's member locks share: re-entrant per lock, and at most as many
locks held at once as the gate has places; and which requests take turns as pages."""

from __future__ import annotations

import threading

import pytest

from kithkin.errors import InvalidInput
from kithkin.service.app import GatedLock
from kithkin.service.team.team import (
    HEAVY_AT_ONCE,
    HEAVY_AT_ONCE_ENV,
    PAGES_AT_ONCE,
    PAGES_AT_ONCE_ENV,
    heavy_at_once,
    pages_at_once,
)
from kithkin.web.team.access import is_page


def test_a_lock_taken_again_by_its_thread_holds_one_place() -> None:
    gate = threading.Semaphore(1)
    lock = GatedLock(gate)
    with lock, lock:
        assert not gate.acquire(blocking=False)  # its one place is taken, once
    assert gate.acquire(blocking=False)  # and given back when the outer one ends
    gate.release()


def test_no_more_locks_are_held_at_once_than_the_gate_has_places() -> None:
    gate = threading.Semaphore(2)
    first, second, third = GatedLock(gate), GatedLock(gate), GatedLock(gate)
    inside = [threading.Event(), threading.Event()]
    release = threading.Event()

    def hold(lock: GatedLock, entered: threading.Event) -> None:
        with lock:
            entered.set()
            release.wait(10)

    threads = [
        threading.Thread(target=hold, args=(lock, entered))
        for lock, entered in zip((first, second), inside, strict=True)
    ]
    for t in threads:
        t.start()
    assert all(entered.wait(10) for entered in inside)  # both holders are in
    assert not third.acquire(timeout=0.2)  # a third member waits for a place
    release.set()
    for t in threads:
        t.join(10)
    assert third.acquire(timeout=5)
    third.release()
    assert first.acquire(blocking=False) and second.acquire(blocking=False)
    first.release()
    second.release()


def test_a_team_server_is_told_how_many_read_models_may_be_worked_out_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(HEAVY_AT_ONCE_ENV, raising=False)
    assert heavy_at_once() == HEAVY_AT_ONCE
    monkeypatch.setenv(HEAVY_AT_ONCE_ENV, " 3 ")
    assert heavy_at_once() == 3
    for wrong in ("0", "-1", "two"):
        monkeypatch.setenv(HEAVY_AT_ONCE_ENV, wrong)
        with pytest.raises(InvalidInput, match=HEAVY_AT_ONCE_ENV):
            heavy_at_once()


def test_a_team_server_is_told_how_many_pages_it_answers_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(PAGES_AT_ONCE_ENV, raising=False)
    assert pages_at_once() == PAGES_AT_ONCE
    monkeypatch.setenv(PAGES_AT_ONCE_ENV, "2")
    assert pages_at_once() == 2
    for wrong in ("0", "1.5", ""):
        monkeypatch.setenv(PAGES_AT_ONCE_ENV, wrong)
        if wrong:
            with pytest.raises(InvalidInput, match=PAGES_AT_ONCE_ENV):
                pages_at_once()
        else:
            assert pages_at_once() == PAGES_AT_ONCE  # unset and empty alike


def test_members_pages_take_turns_and_the_team_api_and_writes_do_not() -> None:
    assert is_page("GET", "/") and is_page("GET", "/people") and is_page("HEAD", "/map")
    assert is_page("GET", "/team")  # the team reach page searches the member's own paths
    assert is_page("GET", "/api/v1/people")  # the API's reads of the member's network
    assert not is_page("GET", "/api/v1/team/reach") and not is_page("GET", "/api/v1/team/requests")
    assert not is_page("POST", "/api/v1/people/3/interactions") and not is_page("POST", "/")
