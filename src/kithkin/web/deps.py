"""What routes get injected: the running ``App``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kithkin.service.app import App


def _kithkin(request: Request) -> App:
    app: App = request.app.state.kithkin
    return app


AppDep = Annotated[App, Depends(_kithkin)]
