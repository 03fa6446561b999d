"""Who is asking, on a team server: the session cookie names one account, and the request
then runs on that member's own network.

Every page and answer but the login page needs a session opened on the login page;
the session is kept in the team's database (hashed), so logging out, or an admin
closing it, ends it at once. The middleware puts on the request's state the
account, its ``TeamActor`` and the member's ``App``: every single-user page then
reads that member's network and nothing else.
"""

from __future__ import annotations

from anyio import Semaphore, to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kithkin.service.team import Team, actor_of, member_app, session_account
from kithkin.service.team.republish import republisher
from kithkin.web.access import refuse
from kithkin.web.security import cookie_value

# Reachable without logging in: the login page, the static files, the liveness probe,
# and members' calendar feeds (their secret address is the key: web.routes.team_feed).
OPEN_PATHS = ("/login", "/healthz")
OPEN_PREFIXES = ("/static/", "/feed/")
SESSION_COOKIE = "kithkin_team_session"
READING = ("GET", "HEAD", "OPTIONS")
# Requests about the team (reach, requests, publishing, hiding; logging out) change no
# member's own network; hiding publishes by itself.
TEAM = ("/team", "/api/v1/team", "/logout")
# The team's own answers: short (a few indexed rows and kept path answers), never queued
# behind members' pages (``service.team.team.PAGES_AT_ONCE``).
TEAM_API = "/api/v1/team/"


def is_page(method: str, path: str) -> bool:
    """Whether a request reads a member's network as a page (or the API's reads of it):
    it takes its turn among ``PAGES_AT_ONCE``. Writes and the team's API do not."""
    return method in READING and not path.startswith(TEAM_API)


class TeamAccessMiddleware:
    def __init__(self, app: ASGIApp, team: Team, cookie: str = SESSION_COOKIE) -> None:
        self.app = app
        self.team = team
        self.cookie = cookie
        # Waited for on the event loop: a request in the queue holds no thread.
        self.pages = Semaphore(team.pages_at_once)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(OPEN_PREFIXES) or path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        token = cookie_value(scope, self.cookie)
        # The session is a database row: look it up off the event loop.
        found = await to_thread.run_sync(session_account, self.team, token) if token else None
        if found is None:
            await refuse(scope, send, "log in first: POST /login with email and password", False)
            return
        account, _ = found
        app = await to_thread.run_sync(member_app, self.team, account)
        state = scope.setdefault("state", {})
        state["account"] = account
        state["actor"] = actor_of(account)
        state["kithkin"] = app
        status = 0

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        if is_page(scope["method"], path):
            async with self.pages:
                await self.app(scope, receive, sending)
        else:
            await self.app(scope, receive, sending)
        if scope["method"] not in READING and 200 <= status < 400 and not path.startswith(TEAM):
            # The member may have changed their network: their shared summary follows in
            # the background, after the answer (service.team.republish).
            republisher(self.team).changed(actor_of(account))
