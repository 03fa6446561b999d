"""What routes get injected: the running ``App``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kithkin.service.app import App


def app_for(request: Request) -> App:
    """The network this request reads: the server's one ``App``, or on a team server the
    member's own, found by the team access middleware from the session."""
    app: App | None = getattr(request.state, "kithkin", None) or request.app.state.kithkin
    if app is None:  # a team server's open page (the login page) has no network
        raise RuntimeError("no network for this request; the access middleware lets none by")
    return app


AppDep = Annotated[App, Depends(app_for)]
