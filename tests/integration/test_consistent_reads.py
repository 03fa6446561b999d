"""A commit from another process, landing between two reads of one unit of work,
is neither applied to a network labelled with the older version nor applied twice.

The write is a real ``kith log`` process, started from a hook at the moment the
reading process has read the data version and is about to read anything else:
the interleaving that READ COMMITTED on PostgreSQL used to get wrong.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from kithkin.model import Channel
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.read_model.scored import Scored, scored_network
from kithkin.service.setup import init_network

KITH = Path(sys.executable).with_name("kith")


def _log_elsewhere(db_url: str, name: str) -> None:
    """``kith log call NAME`` in a process of its own."""
    env = {**os.environ, "KITHKIN_DATABASE_URL": db_url}
    env.pop("KITHKIN_DEBUG", None)
    done = subprocess.run(
        [str(KITH), "--now", "2026-06-01T12:00:00+00:00", "log", "call", name],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@contextmanager
def _commit_after_version_read(db_url: str, name: str) -> Iterator[list[str]]:
    """While inside: once this process has read the data version, the next statement
    it runs waits until another process has committed a logged interaction."""
    fired: list[str] = []
    armed = [False]

    def hook(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        if fired:
            return
        if armed[0]:
            fired.append(sql)
            _log_elsewhere(db_url, name)
        elif "kithkin_state" in sql and "data_version" in str(params) and "UPDATE" not in sql:
            armed[0] = True

    event.listen(Engine, "before_cursor_execute", hook)
    try:
        yield fired
    finally:
        event.remove(Engine, "before_cursor_execute", hook)


def _assert_as_a_fresh_load(app: App) -> None:
    kept = scored_network(app)
    fresh_app = App(app.settings, fixed_now=app.fixed_now)
    try:
        fresh: Scored = scored_network(fresh_app)
    finally:
        fresh_app.close()
    assert kept.version == fresh.version
    assert len(kept.network.interactions) == len(fresh.network.interactions)
    assert kept.network.interactions == fresh.network.interactions
    assert kept.network.ties == fresh.network.ties
    assert kept.strengths == fresh.strengths


@pytest.mark.parametrize("held", ["followed", "loaded"])
def test_a_commit_between_two_reads_is_applied_once(app: App, db_url: str, held: str) -> None:
    init_network(app, "Alex Morgan", [])
    add_person(app, PersonChanges(name="Ben Okafor"))
    log_interaction(app, Channel.CALL, ["Ben Okafor"])
    if held == "followed":
        scored_network(app)  # kept; the write below is then followed, not loaded
        log_interaction(app, Channel.EMAIL, ["Ben Okafor"])
    with _commit_after_version_read(db_url, "Ben Okafor") as fired:
        during = scored_network(app)
    assert fired, "the other process never wrote"
    # The commit that landed meanwhile is followed exactly once...
    _assert_as_a_fresh_load(app)
    assert len(scored_network(app).network.interactions) == (3 if held == "followed" else 2)
    # ... because what was read is the data as of the version it is labelled with.
    assert len(during.network.interactions) == (2 if held == "followed" else 1)
