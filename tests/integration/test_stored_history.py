"""The whole history read as columns (``ActivityRepository.history``) against the rows read
one object at a time (``interactions``), on SQLite and PostgreSQL: the same interactions
in the same order, the same columns as ``columns_of`` takes from the objects, made when
asked for and the same object each time after; cleaned or refused as before."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import numpy as np
import pytest
from sqlalchemy import text

from kithkin.errors import InvalidInput
from kithkin.insight.effort import columns_of
from kithkin.insight.network import Network, history_order
from kithkin.model import Channel, Interaction, Person
from kithkin.model.history import StoredHistory
from kithkin.service.app import App

START = datetime(2025, 1, 1, 9, tzinfo=UTC)
COLUMNS = ("t", "id", "channel", "initiator", "answered", "sizes", "flat")


def _write(app: App, seed: int) -> list[int]:
    """People and a history with groups, shared times, no initiator, every answer, notes."""
    rng = random.Random(seed)
    with app.uow() as uow:
        people = [uow.people.add(Person(display_name=f"Person {k}")) for k in range(8)]
        for _ in range(rng.randint(20, 60)):
            who = rng.sample(people, rng.choice([2, 2, 2, 3, 4]))
            uow.activity.add_interaction(
                Interaction(
                    START + timedelta(hours=rng.randint(0, 30)),  # equal times: order by id
                    rng.choice(list(Channel)),
                    who,
                    initiator=rng.choice([None, *who]),
                    answered=rng.choice([None, True, False]),
                    note=rng.choice(["", "", "lunch", "a long call\nabout work"]),
                    external_id=rng.choice(["", f"msg-{rng.random()}"]),
                )
            )
        uow.commit()
    return people


@pytest.mark.parametrize("seed", range(4))
def test_the_history_as_columns_is_the_history_as_objects(app: App, seed: int) -> None:
    people = _write(app, seed)
    with app.uow() as uow:
        # One person left in an interaction: no interaction between people, read as none.
        alone = uow.activity.add_interaction(Interaction(START, Channel.CALL, people[:2]))
        uow.conn.execute(
            text(f"DELETE FROM participant WHERE interaction_id = {alone}")
            if seed % 2
            else text(f"DELETE FROM participant WHERE interaction_id = {alone} AND person_id = 1")
        )
        uow.commit()
    with app.uow(write=False) as uow:
        objects, history = uow.activity.interactions(), uow.activity.history()
    assert len(history) == len(objects) > 0
    rng = random.Random(seed)
    asked = rng.sample(range(len(history)), len(history) // 3)
    first = {k: history[k] for k in asked}  # some made before the others
    assert list(history) == objects and history == objects and objects == history
    assert all(first[k] is history[k] for k in asked)  # the same object each time
    assert history[-1:] == objects[-1:] and history[::2] == objects[::2]
    made, taken = columns_of(objects), columns_of(history)
    for name in COLUMNS:
        ours, theirs = getattr(taken, name), getattr(made, name)
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), name
    keys = list(map(history_order, objects))
    assert history.in_history_order() == all(a < b for a, b in pairwise(keys))


def test_columns_are_read_without_making_the_objects(app: App) -> None:
    _write(app, 7)
    with app.uow(write=False) as uow:
        history = uow.activity.history()
    unmade = history._made.count(None)  # all but those read at once (a note on two lines)
    assert unmade > len(history) // 2
    columns_of(history)
    Network(None, {}, [], history).in_history_order  # noqa: B018
    assert history._made.count(None) == unmade


def test_a_followed_history_keeps_the_rest_unmade_and_in_order(app: App) -> None:
    people = _write(app, 11)
    with app.uow(write=False) as uow:
        history = uow.activity.history()
        objects = uow.activity.interactions()
    network = Network(None, {}, [], history)
    added = [
        Interaction(START + timedelta(hours=h), Channel.CALL, people[:2], id=10_000 + h)
        for h in (-1, 5, 5, 40)
    ]
    followed = network.followed_by(added)
    assert isinstance(followed.interactions, StoredHistory)
    # Made: the new ones, and those each bisection looked at; the rest not.
    probes = len(added) * (len(history) + len(added)).bit_length()
    assert followed.interactions._made.count(None) >= history._made.count(None) - probes
    expected = Network(None, {}, [], objects).followed_by(added).interactions
    assert list(followed.interactions) == expected
    assert len(history) == len(objects) and list(history) == objects  # the original unchanged
    # Columns no longer say the followed history's order: taken from its objects.
    taken = columns_of(followed.interactions)
    assert np.array_equal(taken.id, columns_of(expected).id)


def test_a_stored_row_is_cleaned_or_refused_as_before(app: App) -> None:
    people = _write(app, 3)
    with app.uow() as uow:
        first = Interaction(START, Channel.EMAIL, people[:2], initiator=people[0])
        uow.activity.add_interaction(first)
        uow.conn.execute(text("UPDATE interaction SET note = :note"), {"note": "bell\x07rang"})
        uow.commit()
    with app.uow(write=False) as uow:
        history = uow.activity.history()
        assert list(history) == uow.activity.interactions()
    assert {it.note for it in history} == {"bellrang"}
    with app.uow() as uow:
        uow.conn.execute(text(f"UPDATE interaction SET initiator_id = {people[5]}"))
        uow.commit()
    with app.uow(write=False) as uow:
        with pytest.raises(InvalidInput, match="must take part"):
            uow.activity.interactions()
        with pytest.raises(InvalidInput, match="must take part"):
            uow.activity.history()


def test_threads_reading_one_history_get_the_same_objects(app: App) -> None:
    _write(app, 5)
    with app.uow(write=False) as uow:
        history = uow.activity.history()
    n = len(history)

    def read(k: int) -> list[Interaction]:
        # Half the threads make the objects one by one, from either end; half all at once.
        if k % 2:
            return list(history)
        if k % 4:
            return [history[i] for i in range(n)]
        return [history[i] for i in range(n - 1, -1, -1)][::-1]

    with ThreadPoolExecutor(8) as pool:
        seen = list(pool.map(read, range(16)))
    for found in seen:
        assert all(a is b for a, b in zip(found, history, strict=True))
