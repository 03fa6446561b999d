"""Accounts, web sessions and login attempts of a team."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, text, update

from kithkin.store.team_records import Account
from kithkin.store.team_schema import account, login_attempt, web_session


def _account(row: Any) -> Account:
    return Account(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        role=row.role,
        created_at=row.created_at,
        has_totp=bool(getattr(row, "totp_secret", None)),
    )


_PUBLIC = (
    account.c.id,
    account.c.email,
    account.c.display_name,
    account.c.role,
    account.c.created_at,
)


class AccountRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, email: str, name: str, role: str, password_hash: str, now: datetime) -> Account:
        row = self.conn.execute(
            account.insert()
            .values(
                email=email,
                display_name=name,
                role=role,
                password_hash=password_hash,
                created_at=now,
            )
            .returning(*_PUBLIC)
        ).one()
        return _account(row)

    def count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(account)).scalar_one())

    def get(self, account_id: int) -> Account | None:
        row = self.conn.execute(select(*_PUBLIC).where(account.c.id == account_id)).first()
        return None if row is None else _account(row)

    def by_email(self, email: str) -> Account | None:
        row = self.conn.execute(select(*_PUBLIC).where(account.c.email == email)).first()
        return None if row is None else _account(row)

    def secrets(self, email: str) -> tuple[Account, str, str | None] | None:
        """The account with its password hash and TOTP secret (the server's own unit only)."""
        row = self.conn.execute(
            select(*_PUBLIC, account.c.password_hash, account.c.totp_secret).where(
                account.c.email == email
            )
        ).first()
        if row is None:
            return None
        return _account(row), row.password_hash, row.totp_secret

    def set_password(self, account_id: int, password_hash: str) -> None:
        self.conn.execute(
            update(account).where(account.c.id == account_id).values(password_hash=password_hash)
        )

    def set_totp(self, account_id: int, secret: str | None) -> None:
        self.conn.execute(
            update(account).where(account.c.id == account_id).values(totp_secret=secret)
        )

    def teammates(self) -> list[Account]:
        """Every account's name and role, for any account of the team (a security-definer
        function: members may not read each other's rows of ``account``)."""
        rows = self.conn.execute(text("SELECT id, display_name, role FROM team.teammates()"))
        return [
            Account(id=r.id, email="", display_name=r.display_name, role=r.role, created_at=_EPOCH)
            for r in rows
        ]

    def all(self) -> list[Account]:
        return [_account(r) for r in self.conn.execute(select(*_PUBLIC).order_by(account.c.id))]

    # -- sessions ---------------------------------------------------------------------
    def add_session(
        self, token_hash: str, account_id: int, csrf: str, now: datetime, expires: datetime
    ) -> None:
        self.conn.execute(
            web_session.insert().values(
                token_hash=token_hash,
                account_id=account_id,
                csrf=csrf,
                created_at=now,
                expires_at=expires,
            )
        )

    def session(self, token_hash: str, now: datetime) -> tuple[Account, str] | None:
        row = self.conn.execute(
            select(*_PUBLIC, web_session.c.csrf)
            .join(web_session, web_session.c.account_id == account.c.id)
            .where(web_session.c.token_hash == token_hash, web_session.c.expires_at > now)
        ).first()
        return None if row is None else (_account(row), row.csrf)

    def close_session(self, token_hash: str) -> None:
        self.conn.execute(delete(web_session).where(web_session.c.token_hash == token_hash))

    def drop_expired_sessions(self, now: datetime) -> None:
        self.conn.execute(delete(web_session).where(web_session.c.expires_at <= now))

    # -- login attempts ------------------------------------------------------------------
    def record_attempt(self, email: str, ok: bool, now: datetime) -> None:
        self.conn.execute(login_attempt.insert().values(email=email, ok=ok, at=now))

    def failures_since(self, email: str, since: datetime) -> int:
        """Wrong attempts for ``email`` since ``since`` and after its last right one."""
        last_ok = (
            select(func.max(login_attempt.c.at))
            .where(login_attempt.c.email == email, login_attempt.c.ok.is_(True))
            .scalar_subquery()
        )
        query = select(func.count()).where(
            login_attempt.c.email == email,
            login_attempt.c.ok.is_(False),
            login_attempt.c.at >= since,
            login_attempt.c.at > func.coalesce(last_ok, since),
        )
        return int(self.conn.execute(query).scalar_one())


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # teammates() shows no creation time
