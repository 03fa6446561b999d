"""Everyone and every tie read at once (through the driver's own cursor) against people
and ties read by id or person (through SQLAlchemy's rows), on SQLite and PostgreSQL:
the same records, field by field."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from kithkin.model import (
    Affiliation,
    Birthday,
    Email,
    Person,
    Phone,
    Tie,
    TieKind,
    TieSource,
    TieStatus,
)
from kithkin.service.app import App


def test_every_tie_at_once_is_each_persons_ties(app: App) -> None:
    rng = random.Random(3)
    with app.uow() as uow:
        people = [uow.people.add(Person(display_name=f"Person {k}")) for k in range(9)]
        for a, b in {tuple(sorted(rng.sample(people, 2))) for _ in range(25)}:
            uow.ties.save(
                Tie(
                    a,
                    b,
                    kinds=[
                        TieKind(kind, rng.choice(list(TieSource)), rng.random(), evidence)
                        for kind, evidence in rng.sample(
                            [("aunt", ""), ("colleague", "same team"), ("met-at:PyCon", "")],
                            rng.randint(0, 3),
                        )
                    ],
                    closeness=rng.choice([None, 1, 3, 5]),
                    source=rng.choice(list(TieSource)),
                    confidence=rng.choice([1.0, 0.25, 0.5]),
                    evidence=rng.choice(["", "a note"]),
                    since=rng.choice([None, date(2019, 4, 1)]),
                    status=rng.choice(list(TieStatus)),
                    snoozed_until=rng.choice([None, date(2026, 7, 1)]),
                ),
                now=datetime(2026, 1, 1, tzinfo=UTC),
            )
        uow.commit()
    with app.uow(write=False) as uow:
        every = uow.ties.all()
        assert len(every) > 10
        for p in people:
            assert uow.ties.of(p) == [tie for tie in every if p in (tie.person_a, tie.person_b)]
    for tie in every:
        assert type(tie.confidence) is float and type(tie.closeness) in (int, type(None))
        assert all(type(k.confidence) is float for k in tie.kinds)
        assert tie.since in (None, date(2019, 4, 1))


def test_everyone_at_once_is_everyone_by_id(app: App) -> None:
    rng = random.Random(5)
    with app.uow() as uow:
        for k in range(12):
            uow.people.add(
                Person(
                    display_name=f"Person {k}",
                    given_name=rng.choice(["", "Ada"]),
                    nicknames=rng.sample(["Ace", "Dee"], rng.randint(0, 2)),
                    emails=[Email(f"p{k}@example.com", rng.choice(["", "work"]))][: k % 2],
                    phones=[Phone("+441234567890")][: k % 3 == 0],
                    affiliations=[
                        Affiliation("Globex", "Engineer", date(2020, 1, 1), None, bool(k % 2))
                    ][: k % 2],
                    birthday=rng.choice([None, Birthday(4, 15), Birthday(4, 15, 1990)]),
                    skills=rng.sample(["python", "sql"], rng.randint(0, 2)),
                    links=["https://example.com"][: k % 4 == 0],
                    notes=rng.choice(["", "met at a conference"]),
                    circles=rng.sample(["family", "work:Globex"], rng.randint(0, 2)),
                    is_me=k == 0,
                )
            )
        uow.commit()
    with app.uow(write=False) as uow:
        everyone = uow.people.all()
        assert len(everyone) == 12
        assert everyone == uow.people.load_ids([p.id for p in everyone if p.id is not None])
