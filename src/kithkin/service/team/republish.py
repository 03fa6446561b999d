"""A member's shared summary, worked out again in the background after they change their network.

Working a summary out costs seconds on a large network (every path from the member,
the first ties checked), so it is not done before the answer to a write is sent, nor
after every write: the first write a member makes schedules one publish
``Team.republish_after`` seconds later, and the writes made meanwhile ride along with
it. A member logging calls all day costs one publish per window, not one per call.
When it is due, the publish runs on a thread of its own, only if the member's data
version moved since the last one it made. ``kith --member`` still publishes at once
after a command that changed the network (``cli.root``), and a member can publish at
once from the team page.
"""

from __future__ import annotations

import logging
import threading
import time

from kithkin.errors import KithkinError
from kithkin.service.team.publish import publish_reach
from kithkin.service.team.team import Team, TeamActor, member_app

log = logging.getLogger("kithkin.team")


class Republisher:
    """The members whose summary is due to be worked out again, and the thread that does it."""

    def __init__(self, team: Team) -> None:
        self.team = team
        self._due: dict[int, tuple[float, TeamActor]] = {}
        self._published: dict[int, str] = {}  # the data version each member's last one read
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def changed(self, actor: TeamActor) -> None:
        """The actor may have changed their network: publish within the window."""
        if actor.role not in ("admin", "member"):
            return
        with self._cond:
            if self._stopped:
                return
            if actor.account_id not in self._due:
                due = time.monotonic() + self.team.republish_after
                self._due[actor.account_id] = (due, actor)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="kithkin-republish", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def pending(self) -> list[int]:
        with self._cond:
            return sorted(self._due)

    def run_due(self, everyone: bool = False) -> int:
        """Publish the summaries that are due (every pending one with ``everyone``); how
        many were published."""
        now = time.monotonic()
        with self._cond:
            ready = [a for due, a in self._due.values() if everyone or due <= now]
            for actor in ready:
                del self._due[actor.account_id]
        return sum(self._publish(actor) for actor in ready)

    def _publish(self, actor: TeamActor) -> bool:
        try:
            with member_app(self.team, actor).uow(write=False) as uow:
                version = uow.data_version()
            if self._published.get(actor.account_id) == version:
                return False
            publish_reach(self.team, actor)
        except KithkinError as exc:  # e.g. the account was removed meanwhile
            log.warning("could not publish the summary of account %s: %s", actor.account_id, exc)
            return False
        self._published[actor.account_id] = version
        return True

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopped:
                    soonest = min((due for due, _ in self._due.values()), default=None)
                    wait = None if soonest is None else soonest - time.monotonic()
                    if wait is not None and wait <= 0:
                        break
                    self._cond.wait(wait)
                if self._stopped:
                    return
            try:
                self.run_due()
            except Exception:  # the thread must outlive one failure; the next write retries
                log.exception("publishing shared summaries in the background failed")

    def stop(self) -> None:
        """Stop the thread; what was still due is not published (the next write schedules
        it again; ``kith team publish`` does it at once)."""
        with self._cond:
            self._stopped = True
            thread, self._thread = self._thread, None
            self._cond.notify_all()
        if thread is not None:
            thread.join(timeout=60)


def republisher(team: Team) -> Republisher:
    """The team's one republisher, made when first needed."""
    with team.lock:
        if team.republisher is None:
            team.republisher = Republisher(team)
        found: Republisher = team.republisher
        return found
