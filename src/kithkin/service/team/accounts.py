"""Accounts of a team: starting one, adding members, logging in, sessions.

Passwords are kept as argon2id hashes. Logging in is rate limited by what is
stored, not by process memory, so a restart or a second server process does not
reset it: five wrong attempts for an address within fifteen minutes (since its
last right one) refuse every attempt until the window has passed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kithkin.errors import InvalidInput, LoginRefused, NotFound
from kithkin.model.keys import email_key
from kithkin.service.login import MIN_LENGTH
from kithkin.service.team import totp
from kithkin.service.team.team import Team, TeamActor, require
from kithkin.store.team_database import TeamDatabase
from kithkin.store.team_records import ROLES, Account

_HASHER = PasswordHasher()  # argon2id with the library's recommended cost
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class WebSession:
    """A logged-in browser: the token goes in the cookie (only its hash is stored)."""

    token: str
    csrf: str
    account: Account
    expires_at: datetime


def _address(email: str) -> str:
    normal = email_key(email)
    if not normal:
        raise InvalidInput(f"'{email}' is not an e-mail address; write it as name@host")
    return normal


def _check(name: str, password: str, role: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("an account needs a name, e.g. --name 'Ada Lovelace'")
    if role not in ROLES:
        raise InvalidInput(f"unknown role '{role}'; use one of {', '.join(ROLES)}")
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"the password is {len(password)} characters long; use at least {MIN_LENGTH}"
        )
    return name


def team_init(
    url: str, admin_email: str, admin_name: str, password: str, now: datetime | None = None
) -> Account:
    """Start a team in an empty PostgreSQL database, with its first admin."""
    email = _address(admin_email)
    name = _check(admin_name, password, "admin")
    db = TeamDatabase(url, create=True)
    team = Team(db, fixed_now=now)
    try:
        return _add(team, email, name, "admin", password)
    finally:
        team.close()


def add_member(team: Team, email: str, name: str, role: str, password: str) -> Account:
    """A new account with an empty network of its own (a schema at the newest revision)."""
    return _add(team, _address(email), _check(name, password, role), role, password)


def _add(team: Team, email: str, name: str, role: str, password: str) -> Account:
    with team.db.system() as uow:
        if uow.accounts.by_email(email) is not None:
            raise InvalidInput(f"the team already has an account for {email}")
        account = uow.accounts.add(email, name, role, _HASHER.hash(password), team.now())
        uow.commit()
    # The schema is made after the account commits (DDL and migrations run on their own
    # connections); a failure here leaves an account whose network is made on next open.
    team.db.add_member_schema(account.id)
    return account


def members(team: Team, actor: TeamActor) -> list[Account]:
    """Everyone in the team: admins see addresses, others names and roles."""
    with team.uow(actor, write=False) as uow:
        if actor.is_admin:
            return uow.accounts.all()
        return uow.accounts.teammates()


def all_accounts(team: Team) -> list[Account]:
    """Every account with its address, for the operator who holds the database URL."""
    with team.db.system(write=False) as uow:
        return uow.accounts.all()


def authenticate(team: Team, email: str, password: str, code: str | None = None) -> Account:
    """The account, when the password (and the code, for an account with TOTP) is right.

    The same message whatever was wrong, so it tells nobody which addresses exist."""
    address = email_key(email) or email.strip().casefold()
    now = team.now()
    refused = LoginRefused("wrong e-mail address, password or code")
    with team.db.system() as uow:
        if uow.accounts.failures_since(address, now - WINDOW) >= MAX_FAILURES:
            raise LoginRefused(
                f"too many wrong attempts for {address}; wait {WINDOW.seconds // 60} minutes"
            )
        found = uow.accounts.secrets(address)
        ok = False
        if found is not None:
            account, hashed, secret = found
            ok = _verify(hashed, password)
            if ok and secret is not None:
                ok = code is not None and totp.verify(secret, code, now)
        else:
            _verify(_DUMMY, password)  # as slow as a real check
        uow.accounts.record_attempt(address, ok, now)
        uow.commit()
    if not ok or found is None:
        raise refused
    return account


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY = _HASHER.hash("not anyone's password")


def set_password(team: Team, actor: TeamActor, account_id: int, password: str) -> None:
    """A member sets their own password; an admin anyone's."""
    if account_id != actor.account_id:
        require(actor, "admin")
    _check("x", password, "member")
    with team.db.system() as uow:
        if uow.accounts.get(account_id) is None:
            raise NotFound(f"there is no account #{account_id}")
        uow.accounts.set_password(account_id, _HASHER.hash(password))
        uow.commit()


def enable_totp(team: Team, actor: TeamActor) -> str:
    """A new TOTP secret for the actor's own account; returns it for the authenticator app."""
    secret = totp.new_secret()
    with team.db.system() as uow:
        uow.accounts.set_totp(actor.account_id, secret)
        uow.commit()
    return secret


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(team: Team, account: Account) -> WebSession:
    now = team.now()
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    expires = now + SESSION_LIFETIME
    with team.db.system() as uow:
        uow.accounts.drop_expired_sessions(now)
        uow.accounts.add_session(_token_hash(token), account.id, csrf, now, expires)
        uow.commit()
    return WebSession(token, csrf, account, expires)


def session_account(team: Team, token: str) -> tuple[Account, str] | None:
    """The account a session cookie belongs to and its CSRF token; None when unknown or
    expired."""
    if not token:
        return None
    return team.db.session(_token_hash(token), team.now())


def close_session(team: Team, token: str) -> None:
    with team.db.system() as uow:
        uow.accounts.close_session(_token_hash(token))
        uow.commit()


__all__ = [
    "WebSession",
    "add_member",
    "all_accounts",
    "authenticate",
    "close_session",
    "enable_totp",
    "members",
    "open_session",
    "session_account",
    "set_password",
    "team_init",
]
