"""A member's agenda as a calendar feed on a team server: a secret address of their own.

A calendar app subscribes to an address and polls it; it cannot log in. So each
member's feed has an address that is its own key: the account's id and a keyed hash
(HMAC-SHA256 with the team's own key) of the id and the member's password hash. Nothing
is stored; changing the password gives a new address and ends the old one (the way to
revoke a feed that was shared by mistake). The feed reads the member's own network only.
"""

from __future__ import annotations

import hashlib
import hmac

from kithkin.errors import NotFound
from kithkin.service.team.team import Team, TeamActor
from kithkin.store.team_records import Account

FEED_PATH = "/feed/{token}/agenda.ics"


def _signature(team: Team, account_id: int, password_hash: str) -> str:
    message = f"agenda-feed:{account_id}:{password_hash}".encode()
    return hmac.new(team.db.hash_key().encode(), message, hashlib.sha256).hexdigest()[:40]


def _password_hash(team: Team, account_id: int) -> tuple[Account, str] | None:
    with team.db.system(write=False) as uow:
        found = uow.accounts.get(account_id)
        secrets = uow.accounts.secrets(found.email) if found is not None else None
    return None if secrets is None else (secrets[0], secrets[1])


def feed_path(team: Team, actor: TeamActor) -> str:
    """The path of the actor's own agenda feed (``/feed/…/agenda.ics``)."""
    found = _password_hash(team, actor.account_id)
    if found is None:
        raise NotFound(f"there is no account #{actor.account_id}")
    token = f"{actor.account_id}.{_signature(team, actor.account_id, found[1])}"
    return FEED_PATH.format(token=token)


def feed_account(team: Team, token: str) -> Account | None:
    """The account whose feed ``token`` opens; None for any token that is not one."""
    head, _, signature = token.partition(".")
    if not head.isdigit() or len(head) > 12 or not signature:
        return None
    found = _password_hash(team, int(head))
    if found is None:
        return None
    account, password_hash = found
    expected = _signature(team, account.id, password_hash)
    return account if hmac.compare_digest(expected, signature) else None
