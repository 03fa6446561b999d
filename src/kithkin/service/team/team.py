"""A team server as the services see it: its database and each member's own App."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kithkin.errors import InvalidInput, NotFound, NotPermitted
from kithkin.service.app import App, GatedLock
from kithkin.store import Settings
from kithkin.store.team_database import TeamDatabase
from kithkin.store.team_records import Account
from kithkin.store.team_uow import TeamUnitOfWork

if TYPE_CHECKING:
    from kithkin.service.team.republish import Republisher

# Connections each member's engine keeps open: a server holds one engine per member who
# has used it, and PostgreSQL allows 100 connections by default.
MEMBER_POOL = 1
# A member's shared summary is worked out again this long after their first write on
# the web (``service.team.republish``): the read model's own freshness window.
REPUBLISH_AFTER_S = 15 * 60.0
# How many members' read models may be worked out at once (loaded, scored, followed,
# their views and path answers built): see ``GatedLock``. One process runs Python on
# one core at a time: one at a time leaves short requests (team reach, a call logged)
# the most of it; measured against two in docs/scale.md.
HEAVY_AT_ONCE = 1
# Set to more (first views after a restart then load side by side, short requests
# wait longer meanwhile).
HEAVY_AT_ONCE_ENV = "KITHKIN_TEAM_HEAVY_AT_ONCE"


# How many members' reading requests (their pages, and the API's reads of their own
# network) are answered at once; the others wait their turn before they start. The
# team's own answers (team reach, introduction requests) and every write never wait
# for it: a page spends seconds of Python at 5,000 people (the path graph followed,
# paths searched again, the agenda followed, the page rendered), and every thread that
# runs Python at the same moment makes each of a short request's waits for the
# interpreter longer (it runs one thread at a time). Measured in docs/scale.md.
PAGES_AT_ONCE = 1
PAGES_AT_ONCE_ENV = "KITHKIN_TEAM_PAGES_AT_ONCE"


def _at_once(env: str, default: int) -> int:
    given = os.environ.get(env, "").strip()
    if not given:
        return default
    if not given.isdigit() or int(given) < 1:
        raise InvalidInput(f"{env} must be a whole number of 1 or more, not '{given}'")
    return int(given)


def heavy_at_once() -> int:
    """How many members' read models may be worked out at once (``HEAVY_AT_ONCE_ENV``)."""
    return _at_once(HEAVY_AT_ONCE_ENV, HEAVY_AT_ONCE)


def pages_at_once() -> int:
    """How many members' reading requests are answered at once (``PAGES_AT_ONCE_ENV``)."""
    return _at_once(PAGES_AT_ONCE_ENV, PAGES_AT_ONCE)


@dataclass(frozen=True)
class TeamActor:
    """Who a request acts for: every team unit of work is opened for one."""

    account_id: int
    role: str  # admin, member or viewer

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def actor_of(account: Account) -> TeamActor:
    return TeamActor(account.id, account.role)


@dataclass
class Team:
    """Built once at start-up (``open_team``); passed to every team service."""

    db: TeamDatabase
    fixed_now: datetime | None = None
    # One App per member, kept while the server runs: each holds that member's read model.
    apps: dict[int, App] = field(default_factory=dict, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    republish_after: float = REPUBLISH_AFTER_S
    gate: threading.Semaphore = field(
        default_factory=lambda: threading.Semaphore(HEAVY_AT_ONCE), repr=False
    )
    republisher: Republisher | None = field(default=None, repr=False)
    # How many members' reading requests the web app answers at once (``PAGES_AT_ONCE``).
    pages_at_once: int = PAGES_AT_ONCE

    def now(self) -> datetime:
        return self.fixed_now or datetime.now(UTC)

    def uow(self, actor: TeamActor, write: bool = True) -> TeamUnitOfWork:
        return self.db.uow(actor.account_id, write)

    def close(self) -> None:
        if self.republisher is not None:
            self.republisher.stop()
        with self.lock:
            apps, self.apps = list(self.apps.values()), {}
        for app in apps:
            app.close()
        self.db.close()


def open_team(
    url: str, now: datetime | None = None, heavy: int | None = None, pages: int | None = None
) -> Team:
    """The team kept in the PostgreSQL database at ``url`` (made by ``team_init``), with
    at most ``heavy`` members' read models worked out at once (default: ``heavy_at_once``)
    and ``pages`` members' reading requests answered at once (default: ``pages_at_once``)."""
    gate = threading.Semaphore(heavy_at_once() if heavy is None else heavy)
    at_once = pages_at_once() if pages is None else pages
    return Team(TeamDatabase(url), fixed_now=now, gate=gate, pages_at_once=at_once)


def member_app(team: Team, account: Account | TeamActor) -> App:
    """The member's own network: the single-user App over their schema only, running
    as the team role with the member as actor (see ``store.team_security``)."""
    account_id = account.id if isinstance(account, Account) else account.account_id
    with team.lock:
        app = team.apps.get(account_id)
        if app is None:
            settings = Settings(team.db.member_url(account_id), pool_size=MEMBER_POOL)
            app = App(settings, fixed_now=team.fixed_now)
            app.lock = GatedLock(team.gate)  # before anything is kept under it
            team.apps[account_id] = app
        return app


def account_by_email(team: Team, email: str) -> Account:
    """The account with this address (for an operator's command line)."""
    with team.db.system(write=False) as uow:
        found = uow.accounts.by_email(email.strip().casefold())
    if found is None:
        raise NotFound(f"no account in the team has the address '{email}'", see="team_members")
    return found


def teammate(uow: TeamUnitOfWork, account_id: int) -> Account:
    """A teammate by id, as any member may know them (name and role)."""
    for mate in uow.accounts.teammates():
        if mate.id == account_id:
            return mate
    raise NotFound(f"there is no teammate #{account_id}")


def require(actor: TeamActor, *roles: str) -> None:
    if actor.role not in roles:
        raise NotPermitted(
            f"a {actor.role} may not do this; it needs the role {' or '.join(roles)}"
        )
