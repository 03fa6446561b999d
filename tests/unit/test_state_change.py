"""What a unit of work's statements wrote, as a follower of writes needs to know it."""

from __future__ import annotations

from kithkin.store.state import MOST_ADDED, Change, Seen


def _seen(*statements: str, added: tuple[int, ...] = (), many: bool = False) -> Seen:
    seen = Seen()
    for sql in statements:
        seen.statement(sql, many)
    for i in added:
        seen.added(i)
    return seen


def test_interactions_ties_and_favours_can_be_followed() -> None:
    seen = _seen(
        "INSERT INTO interaction (occurred_at) VALUES (?)",
        "INSERT INTO participant (interaction_id, person_id) VALUES (?, ?)",
        'UPDATE "tie" SET status=? WHERE tie.id = ?',
        "INSERT INTO exchange (giver_id) VALUES (%s)",
        "SELECT kithkin_state.value FROM kithkin_state FOR UPDATE",
        "UPDATE kithkin_state SET value=?",
        added=(7,),
    )
    assert seen.change() == Change(interactions=(7,), ties=True, favours=True)
    assert _seen("select * from person").change() == Change()


def test_anything_else_is_a_reload() -> None:
    for sql in (
        "INSERT INTO person (display_name) VALUES (?)",
        "UPDATE interaction SET answered=? WHERE external_id = ?",
        "DELETE FROM exchange WHERE id = ?",
        "delete from ask",
    ):
        assert _seen(sql).change() is None, sql


def test_interactions_written_but_not_named_are_a_reload() -> None:
    one = "INSERT INTO interaction (occurred_at) VALUES (?)"
    assert _seen(one, one, added=(1,)).change() is None  # one of two named
    assert _seen(one, added=(1,), many=True).change() is None  # a batch: ids unknown
    bulk = _seen()
    bulk.unaccounted()
    assert bulk.change() is None
    too_many = tuple(range(MOST_ADDED + 1))
    assert _seen(*[one] * len(too_many), added=too_many).change() is None
