"""The gate a team server's member locks share: re-entrant per lock, and at most as many
locks held at once as the gate has places."""

from __future__ import annotations

import threading

from kithkin.service.app import GatedLock


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
