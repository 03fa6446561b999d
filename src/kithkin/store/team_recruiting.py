"""Recruiting: candidates for a member's openings, and the stages they moved through."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from kithkin.store.team_records import Candidate
from kithkin.store.team_schema import candidate, candidate_move, opening_manager


def _candidate(r: Any) -> Candidate:
    return Candidate(
        id=r.id,
        opportunity_id=r.opportunity_id,
        person_id=r.person_id,
        person_name=r.person_name,
        stage=r.stage,
        added_at=r.added_at,
        moved_at=r.moved_at,
    )


class RecruitingRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def find(self, member: int, opportunity: int, person: int) -> Candidate | None:
        c = candidate.c
        row = self.conn.execute(
            select(candidate).where(
                c.member_id == member, c.opportunity_id == opportunity, c.person_id == person
            )
        ).first()
        return None if row is None else _candidate(row)

    def get(self, candidate_id: int) -> Candidate | None:
        row = self.conn.execute(select(candidate).where(candidate.c.id == candidate_id)).first()
        return None if row is None else _candidate(row)

    def add(
        self, member: int, opportunity: int, person: int, name: str, stage: str, now: datetime
    ) -> Candidate:
        new_id = self.conn.execute(
            candidate.insert()
            .values(
                member_id=member,
                opportunity_id=opportunity,
                person_id=person,
                person_name=name,
                stage=stage,
                added_at=now,
                moved_at=now,
            )
            .returning(candidate.c.id)
        ).scalar_one()
        self._log(member, int(new_id), stage, now)
        found = self.get(int(new_id))
        assert found is not None
        return found

    def move(self, member: int, candidate_id: int, stage: str, now: datetime) -> None:
        self.conn.execute(
            update(candidate)
            .where(candidate.c.id == candidate_id)
            .values(stage=stage, moved_at=now)
        )
        self._log(member, candidate_id, stage, now)

    def _log(self, member: int, candidate_id: int, stage: str, now: datetime) -> None:
        self.conn.execute(
            candidate_move.insert().values(
                member_id=member, candidate_id=candidate_id, stage=stage, at=now
            )
        )

    def of_opening(self, opportunity: int | None = None) -> list[Candidate]:
        query = select(candidate).order_by(candidate.c.opportunity_id, candidate.c.id)
        if opportunity is not None:
            query = query.where(candidate.c.opportunity_id == opportunity)
        return [_candidate(r) for r in self.conn.execute(query)]

    def history(self, candidate_id: int) -> list[tuple[str, datetime]]:
        c = candidate_move.c
        rows = self.conn.execute(
            select(c.stage, c.at).where(c.candidate_id == candidate_id).order_by(c.id)
        )
        return [(s, at) for s, at in rows]

    def set_manager(self, member: int, opportunity: int, person: int) -> None:
        c = opening_manager.c
        done = self.conn.execute(
            update(opening_manager)
            .where(c.member_id == member, c.opportunity_id == opportunity)
            .values(person_id=person)
        )
        if not done.rowcount:
            self.conn.execute(
                opening_manager.insert().values(
                    member_id=member, opportunity_id=opportunity, person_id=person
                )
            )

    def managers(self) -> dict[int, int]:
        """Opening -> its hiring manager, for the acting member's openings."""
        rows = self.conn.execute(
            select(opening_manager.c.opportunity_id, opening_manager.c.person_id)
        )
        return {o: p for o, p in rows}
