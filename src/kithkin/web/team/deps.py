"""What team routes get injected: the team and the actor the session names."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kithkin.service.team import Account, Team, TeamActor


def _team(request: Request) -> Team:
    team: Team = request.app.state.team
    return team


def _actor(request: Request) -> TeamActor:
    # Set by TeamAccessMiddleware for every request past the login page.
    actor: TeamActor = request.state.actor
    return actor


def _account(request: Request) -> Account:
    account: Account = request.state.account
    return account


TeamDep = Annotated[Team, Depends(_team)]
ActorDep = Annotated[TeamActor, Depends(_actor)]
AccountDep = Annotated[Account, Depends(_account)]
