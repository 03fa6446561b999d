"""Team mode: members pool their networks on one PostgreSQL server, with privacy between them.

Each member's own network is the single-user product over a schema of its own
(``member_app``); what the team sees of it is the shared summary the member
publishes. Every function takes the ``Team`` and the acting ``TeamActor``, and
opens its units of work for that actor only (see ``store.team_security`` for the
second wall). Typed results (dataclasses) throughout.
"""

from kithkin.service.team.accounts import (
    WebSession,
    add_member,
    all_accounts,
    authenticate,
    close_session,
    enable_totp,
    members,
    open_session,
    session_account,
    set_password,
    team_init,
)
from kithkin.service.team.publish import (
    PublishedSummary,
    hidden_from_team,
    hide_circle,
    hide_person,
    publish_reach,
    unhide,
)
from kithkin.service.team.reach import TeamReach, TeamRoute, team_reach
from kithkin.service.team.recruiting import (
    OpeningView,
    add_candidate,
    move_candidate,
    openings,
    set_hiring_manager,
)
from kithkin.service.team.requests import (
    Requests,
    answer_request,
    audit_for,
    record_outcome,
    request_intro,
    requests_for,
)
from kithkin.service.team.team import (
    Team,
    TeamActor,
    account_by_email,
    actor_of,
    member_app,
    open_team,
)
from kithkin.store.team_records import STAGES, Account, AuditEntry, Candidate, IntroRequest

__all__ = [
    "STAGES",
    "Account",
    "AuditEntry",
    "Candidate",
    "IntroRequest",
    "OpeningView",
    "PublishedSummary",
    "Requests",
    "Team",
    "TeamActor",
    "TeamReach",
    "TeamRoute",
    "WebSession",
    "account_by_email",
    "actor_of",
    "add_candidate",
    "add_member",
    "all_accounts",
    "answer_request",
    "audit_for",
    "authenticate",
    "close_session",
    "enable_totp",
    "hidden_from_team",
    "hide_circle",
    "hide_person",
    "member_app",
    "members",
    "move_candidate",
    "open_session",
    "open_team",
    "openings",
    "publish_reach",
    "record_outcome",
    "request_intro",
    "requests_for",
    "session_account",
    "set_hiring_manager",
    "set_password",
    "team_init",
    "team_reach",
    "unhide",
]
