"""The process's collector controller: nested and concurrent pauses restore what was there."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from kithkin.process import collector_paused, fewer_collections


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_nested_pauses_restore_the_previous_state(enabled: bool) -> None:
    gc.enable() if enabled else gc.disable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled() is enabled


def test_a_pause_ended_by_an_error_restores_the_collector() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("building failed")
    assert gc.isenabled()


def test_concurrent_pauses_restore_only_when_the_last_one_ends() -> None:
    gc.enable()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            seen["after the first ended"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"after the first ended": False}  # the second still pauses it
    assert gc.isenabled()


def test_fewer_collections_nest_and_restore_the_thresholds() -> None:
    gc.set_threshold(700, 11, 12)
    with fewer_collections(50_000):
        assert gc.get_threshold() == (50_000, 11, 12)
        with fewer_collections(50_000), collector_paused():
            assert gc.get_threshold() == (50_000, 11, 12)
            assert not gc.isenabled()
        assert gc.get_threshold() == (50_000, 11, 12)
        assert gc.isenabled()
    assert gc.get_threshold() == (700, 11, 12)
