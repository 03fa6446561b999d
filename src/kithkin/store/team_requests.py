"""Introduction requests between teammates, and the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text, update

from kithkin.store.team_records import AuditEntry, IntroRequest, TeammateRecord
from kithkin.store.team_schema import audit, intro_request

# Names come from the security-definer function: a member may not read another's
# account row, but may know their teammates' names.
_NAMES = text("SELECT id, display_name FROM team.teammates()").columns(
    id=intro_request.c.id.type, display_name=intro_request.c.target.type
)


def _names(conn: Connection) -> dict[int, str]:
    return {r.id: r.display_name for r in conn.execute(_NAMES)}


def _request(r: Any, names: dict[int, str]) -> IntroRequest:
    return IntroRequest(
        id=r.id,
        requester_id=r.requester_id,
        requester_name=names.get(r.requester_id, f"#{r.requester_id}"),
        teammate_id=r.teammate_id,
        teammate_name=names.get(r.teammate_id, f"#{r.teammate_id}"),
        target=r.target,
        target_kind=r.target_kind,
        why=r.why,
        draft=r.draft,
        status=r.status,
        contact=r.contact,
        outcome=r.outcome,
        asked_at=r.asked_at,
        answered_at=r.answered_at,
    )


class RequestRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(
        self,
        requester: int,
        teammate: int,
        target: str,
        target_kind: str,
        why: str,
        draft: str,
        now: datetime,
    ) -> IntroRequest:
        new_id = self.conn.execute(
            intro_request.insert()
            .values(
                requester_id=requester,
                teammate_id=teammate,
                target=target,
                target_kind=target_kind,
                why=why,
                draft=draft,
                status="asked",
                asked_at=now,
            )
            .returning(intro_request.c.id)
        ).scalar_one()
        found = self.get(int(new_id))
        assert found is not None
        return found

    def get(self, request_id: int) -> IntroRequest | None:
        row = self.conn.execute(
            select(intro_request).where(intro_request.c.id == request_id)
        ).first()
        return None if row is None else _request(row, _names(self.conn))

    def visible(self) -> list[IntroRequest]:
        """Every request the actor may see (the policies choose: asked by or of them)."""
        names = _names(self.conn)
        rows = self.conn.execute(select(intro_request).order_by(intro_request.c.id.desc()))
        return [_request(r, names) for r in rows]

    def involving(self, account_id: int) -> list[IntroRequest]:
        c = intro_request.c
        names = _names(self.conn)
        rows = self.conn.execute(
            select(intro_request)
            .where((c.requester_id == account_id) | (c.teammate_id == account_id))
            .order_by(c.id.desc())
        )
        return [_request(r, names) for r in rows]

    def answer(self, request_id: int, status: str, contact: str, now: datetime) -> bool:
        """Answer a request still waiting; False when it was answered meanwhile."""
        done = self.conn.execute(
            update(intro_request)
            .where(intro_request.c.id == request_id, intro_request.c.status == "asked")
            .values(status=status, contact=contact, answered_at=now)
        )
        return bool(done.rowcount)

    def set_outcome(self, request_id: int, outcome: str, now: datetime) -> None:
        self.conn.execute(
            update(intro_request)
            .where(intro_request.c.id == request_id)
            .values(outcome=outcome, outcome_at=now)
        )

    def record_of(self, teammate: int) -> TeammateRecord:
        """How ``teammate`` answered every request asked of them, and how the accepted
        ones went: counts only (a security-definer function), never the requests."""
        return self.records_of([teammate])[teammate]

    def records_of(self, teammates: Iterable[int]) -> dict[int, TeammateRecord]:
        """``record_of`` for several teammates in one statement (team reach asks it of
        every teammate on a route, on every question)."""
        wanted = sorted(set(teammates))
        count: dict[int, dict[str, int]] = {who: {} for who in wanted}
        if wanted:
            rows = self.conn.execute(
                text(
                    "SELECT w.who, r.status, r.outcome, r.n FROM unnest(:wanted) AS w(who) "
                    "CROSS JOIN LATERAL team.answer_record(w.who) AS r"
                ),
                {"wanted": wanted},
            ).all()
            for who, status, outcome, n in rows:
                each = count[who]
                each[status] = each.get(status, 0) + n
                if outcome:
                    each[outcome] = each.get(outcome, 0) + n
        return {
            who: TeammateRecord(
                accepted=c.get("accepted", 0),
                declined=c.get("declined", 0),
                ignored=c.get("ignored", 0),
                worked=c.get("worked", 0),
                failed=c.get("failed", 0),
            )
            for who, c in count.items()
        }


class AuditRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add_many(self, actor: int, rows: list[tuple[str, int | None, str]], now: datetime) -> None:
        """Several rows by one actor at once: (action, subject, detail)."""
        if rows:
            self.conn.execute(
                audit.insert(),
                [
                    {"actor_id": actor, "action": a, "subject_id": s, "detail": d, "at": now}
                    for a, s, d in rows
                ],
            )

    def add(self, actor: int, action: str, subject: int | None, detail: str, now: datetime) -> None:
        self.conn.execute(
            audit.insert().values(
                actor_id=actor, action=action, subject_id=subject, detail=detail, at=now
            )
        )

    def visible(self, limit: int = 500) -> list[AuditEntry]:
        """The log as far as the actor may read it: everything for an admin, else what is
        about them (the policies choose)."""
        names = _names(self.conn)
        rows = self.conn.execute(select(audit).order_by(audit.c.id.desc()).limit(limit))
        return [
            AuditEntry(
                id=r.id,
                actor_id=r.actor_id,
                actor_name=names.get(r.actor_id, f"#{r.actor_id}"),
                action=r.action,
                subject_id=r.subject_id,
                detail=r.detail,
                at=r.at,
            )
            for r in rows
        ]
