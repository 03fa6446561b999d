"""Create, edit, remove and undo through the service functions, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kithkin.errors import InvalidInput, NotFound
from kithkin.model import AskKind, AskOutcome, Channel, ExchangeKind
from kithkin.service import activity, jobs, notes, people, ties
from kithkin.service import editing_activity as ea
from kithkin.service import editing_network as en
from kithkin.service.app import App
from kithkin.service.circles import add_to_circle, list_circles
from kithkin.service.goals import add_goal
from kithkin.service.opportunities import add_opportunity, list_opportunities
from kithkin.service.undo import can_undo, undo


def _network(app: App) -> None:
    people.add_person(app, people.PersonChanges(name="Alex Morgan"), is_me=True)
    people.add_person(
        app, people.PersonChanges(name="Ann Lee", organisation="Globex", role="Engineer")
    )
    people.add_person(app, people.PersonChanges(name="Ben Okafor", circles=["neighbours"]))
    people.add_person(app, people.PersonChanges(name="Cleo Park", circles=["friends"]))


def _ago(app: App, days: int) -> datetime:
    return app.now() - timedelta(days=days)


def test_edit_org_ends_the_old_job_and_adds_one_current(app: App) -> None:
    _network(app)
    people.edit_person(app, "Ann Lee", people.PersonChanges(organisation="Contoso"))
    found = jobs.list_jobs(app, "Ann Lee")
    assert [(j.organisation, j.current) for j in found] == [("Globex", False), ("Contoso", True)]
    assert found[0].end == app.now().date()
    # A role alone changes the current job, it does not start another.
    people.edit_person(app, "Ann Lee", people.PersonChanges(role="Staff Engineer"))
    found = jobs.list_jobs(app, "Ann Lee")
    assert [(j.organisation, j.role, j.current) for j in found][-1] == (
        "Contoso",
        "Staff Engineer",
        True,
    )
    assert len(found) == 2


def test_jobs_with_dates_are_added_edited_and_removed(app: App) -> None:
    _network(app)
    jobs.add_job(app, "Ben Okafor", "Initech", "Analyst", date(2019, 3, 1), date(2022, 8, 31))
    jobs.edit_job(app, "Ben Okafor", 1, jobs.JobChanges(role="Senior Analyst"))
    (job,) = jobs.list_jobs(app, "Ben Okafor")
    assert (job.role, job.start, job.end, job.current) == (
        "Senior Analyst",
        date(2019, 3, 1),
        date(2022, 8, 31),
        False,
    )
    jobs.edit_job(app, "Ben Okafor", 1, jobs.JobChanges(end=jobs.CLEAR))
    assert jobs.list_jobs(app, "Ben Okafor")[0].current
    with pytest.raises(InvalidInput, match="before it starts"):
        jobs.edit_job(app, "Ben Okafor", 1, jobs.JobChanges(end=date(2018, 1, 1)))
    with pytest.raises(NotFound, match="no job 2"):
        jobs.remove_job(app, "Ben Okafor", 2)
    jobs.remove_job(app, "Ben Okafor", 1)
    assert jobs.list_jobs(app, "Ben Okafor") == []
    undo(app)
    assert [j.organisation for j in jobs.list_jobs(app, "Ben Okafor")] == ["Initech"]


def test_several_dated_notes_are_kept_edited_and_removed(app: App) -> None:
    _network(app)
    people.edit_person(app, "Ann Lee", people.PersonChanges(notes="Met at PyCon"))
    first = notes.add_note(app, "Ann Lee", "Moving to Lisbon in spring", _ago(app, 1))
    shown = people.show_person(app, "Ann Lee")
    assert [n.text for n in shown.notes] == ["Moving to Lisbon in spring", "Met at PyCon"]
    assert first.id is not None
    notes.edit_note(app, first.id, "Moved to Lisbon")
    assert notes.list_notes(app, "Ann Lee")[0].text == "Moved to Lisbon"
    notes.remove_note(app, first.id)
    assert [n.text for n in notes.list_notes(app, "Ann Lee")] == ["Met at PyCon"]
    assert undo(app).what.startswith("removed note")
    assert notes.list_notes(app, "Ann Lee")[0].text == "Moved to Lisbon"
    with pytest.raises(InvalidInput, match="needs some text"):
        notes.add_note(app, "Ann Lee", "   ")


def test_a_removed_interaction_comes_back_with_undo(app: App) -> None:
    _network(app)
    it = activity.log_interaction(
        app, Channel.CALL, ["Ann Lee"], when=_ago(app, 3), note="catch-up"
    )
    assert it.id is not None
    ea.remove_interaction(app, it.id)
    with pytest.raises(NotFound):
        ea.get_interaction(app, it.id)
    assert can_undo(app) is not None and "Ann Lee" in str(can_undo(app))
    undone = undo(app)
    assert "removed the call" in undone.what
    back = ea.get_interaction(app, it.id)
    assert (back.note, back.channel, sorted(back.participants)) == (
        "catch-up",
        Channel.CALL,
        sorted(it.participants),
    )
    # Undo is spent: a second one has nothing to take back.
    with pytest.raises(NotFound, match="nothing to undo"):
        undo(app)


def test_undo_is_refused_after_another_write(app: App) -> None:
    _network(app)
    it = activity.log_interaction(app, Channel.EMAIL, ["Ann Lee"], when=_ago(app, 2))
    assert it.id is not None
    ea.remove_interaction(app, it.id)
    add_to_circle(app, "friends", ["Ann Lee"])  # any other write
    assert can_undo(app) is None
    with pytest.raises(InvalidInput, match="only the very last change"):
        undo(app)
    with pytest.raises(NotFound):
        ea.get_interaction(app, it.id)


def test_an_interaction_is_edited(app: App) -> None:
    _network(app)
    it = activity.log_interaction(app, Channel.IN_PERSON, ["Ann Lee"], when=_ago(app, 5))
    assert it.id is not None
    changed = ea.edit_interaction(
        app,
        it.id,
        ea.InteractionChanges(
            channel=Channel.VIDEO, note="demo day", when=_ago(app, 4), people=["Ben Okafor"]
        ),
    )
    again = ea.get_interaction(app, it.id)
    assert again.channel is Channel.VIDEO and again.note == "demo day"
    assert again.when == _ago(app, 4)
    assert sorted(again.participants) == sorted(changed.participants)
    ben = people.show_person(app, "Ben Okafor").person.id
    me = people.show_person(app, "me").person.id
    assert set(again.participants) == {me, ben}
    with pytest.raises(InvalidInput, match="in the future"):
        ea.edit_interaction(app, it.id, ea.InteractionChanges(when=app.now() + timedelta(days=1)))
    undo(app)
    assert ea.get_interaction(app, it.id).channel is Channel.IN_PERSON


def test_favours_and_asks_are_edited_and_removed(app: App) -> None:
    _network(app)
    fav = activity.record_favour(app, ExchangeKind.ADVICE, "Ann Lee", True, _ago(app, 9))
    assert fav.id is not None
    ea.edit_favour(app, fav.id, ea.FavourChanges(kind=ExchangeKind.INTRO, given_by_me=False))
    edited = ea.get_favour(app, fav.id)
    assert edited.kind is ExchangeKind.INTRO and edited.receiver == fav.giver
    ea.remove_favour(app, fav.id)
    with pytest.raises(NotFound):
        ea.get_favour(app, fav.id)
    undo(app)
    assert ea.get_favour(app, fav.id).kind is ExchangeKind.INTRO

    ask = activity.record_ask(app, "Ann Lee", AskKind.INTRO, "an intro to Contoso", _ago(app, 8))
    assert ask.id is not None
    ea.edit_ask(app, ask.id, ea.AskChanges(outcome=AskOutcome.ACCEPTED, what="intro to Bo"))
    got = ea.get_ask(app, ask.id)
    assert (got.outcome, got.what) == (AskOutcome.ACCEPTED, "intro to Bo")
    with pytest.raises(InvalidInput, match="needs to say"):
        ea.edit_ask(app, ask.id, ea.AskChanges(what=" "))
    ea.remove_ask(app, ask.id)
    assert activity.list_asks(app) == []


def test_ties_between_two_others_are_added_edited_and_removed(app: App) -> None:
    _network(app)
    ties.add_tie(app, "Ben Okafor", "Cleo Park", ["neighbour"], closeness=2)
    tie = en.edit_tie(
        app, "Cleo Park", "Ben Okafor", en.TieChanges(kinds=["friend", "neighbour"], closeness=4)
    )
    assert sorted(k.kind for k in tie.kinds) == ["friend", "neighbour"]
    shown = people.show_person(app, "Ben Okafor")
    (view,) = shown.ties
    assert (view.other_name, sorted(view.kinds), view.closeness) == (
        "Cleo Park",
        ["friend", "neighbour"],
        4,
    )
    undo(app)
    (view,) = people.show_person(app, "Ben Okafor").ties
    assert (view.kinds, view.closeness) == (["neighbour"], 2)
    ties.remove_tie(app, "Ben Okafor", "Cleo Park")
    assert people.show_person(app, "Ben Okafor").ties == []
    undo(app)
    assert [v.other_name for v in people.show_person(app, "Ben Okafor").ties] == ["Cleo Park"]
    with pytest.raises(NotFound, match="no tie"):
        en.edit_tie(app, "Ann Lee", "Cleo Park", en.TieChanges(closeness=3))


def test_circles_are_renamed_merged_and_restored(app: App) -> None:
    _network(app)
    en.rename_circle(app, "neighbours", "street")
    assert dict(list_circles(app)).get("street") == 1
    en.rename_circle(app, "street", "friends")  # into an existing circle: one circle
    circles = dict(list_circles(app))
    assert circles["friends"] == 2 and "street" not in circles
    undo(app)
    circles = dict(list_circles(app))
    assert circles["street"] == 1 and circles["friends"] == 1
    with pytest.raises(NotFound):
        en.rename_circle(app, "nowhere", "x")


def test_goals_and_opportunities_are_edited(app: App) -> None:
    _network(app)
    goal = add_goal(app, "work at Contoso")
    edited = en.edit_goal(app, str(goal.id), en.GoalChanges(text="work at Initech"))
    assert (edited.target_kind, edited.target) == ("organisation", "Initech")
    opp = add_opportunity(app, "Contoso", "Platform Engineer")
    assert opp.id is not None
    en.edit_opportunity(app, opp.id, en.OpportunityChanges(role="Staff Engineer"))
    assert list_opportunities(app)[0].role == "Staff Engineer"
    with pytest.raises(InvalidInput, match="web address"):
        en.edit_opportunity(app, opp.id, en.OpportunityChanges(url="ftp://x"))
    undo(app)
    assert list_opportunities(app)[0].role == "Platform Engineer"


def test_a_removed_person_comes_back_with_ties_history_and_notes(app: App) -> None:
    _network(app)
    ties.add_tie(app, "Ann Lee", "Ben Okafor", ["colleague"])
    activity.log_interaction(app, Channel.CALL, ["Ann Lee"], when=_ago(app, 3), they_initiated=True)
    activity.record_favour(app, ExchangeKind.HELP, "Ann Lee", False, _ago(app, 2))
    notes.add_note(app, "Ann Lee", "Likes climbing")
    before = people.show_person(app, "Ann Lee")
    people.remove_person(app, "Ann Lee")
    with pytest.raises(NotFound):
        people.show_person(app, "Ann Lee")
    undo(app)
    after = people.show_person(app, "Ann Lee")
    assert after.person == before.person
    assert [t.other_name for t in after.ties] == [t.other_name for t in before.ties]
    assert after.interactions == before.interactions == 1
    assert [n.text for n in after.notes] == ["Likes climbing"]


def test_undo_of_an_added_person_removes_them(app: App) -> None:
    _network(app)
    people.add_person(app, people.PersonChanges(name="Dana Wu", notes="from the meetup"))
    assert undo(app).what == "added Dana Wu"
    with pytest.raises(NotFound):
        people.show_person(app, "Dana Wu")


def test_nothing_to_undo_on_a_new_database(app: App) -> None:
    with pytest.raises(NotFound, match="nothing to undo"):
        undo(app)


def test_upgrading_moves_each_one_note_into_a_dated_note(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import insert, select

    from kithkin.store import make_engine, prepare
    from kithkin.store import schema as t
    from kithkin.store.migrate import alembic_config

    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0004")
            stamp = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
            for name, text in (("Ann Lee", "Met at PyCon"), ("Ben Okafor", "")):
                conn.execute(
                    insert(t.person).values(
                        display_name=name,
                        nicknames=[],
                        skills=[],
                        links=[],
                        notes=text,
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
        prepare(engine)
        with engine.connect() as conn:
            moved = conn.execute(
                select(t.person_note.c.person_id, t.person_note.c.text, t.person_note.c.written_at)
            ).all()
            left = conn.execute(select(t.person.c.notes)).scalars().all()
        assert [(r.person_id, r.text, r.written_at) for r in moved] == [(1, "Met at PyCon", stamp)]
        assert left == ["", ""]
    finally:
        engine.dispose()


def test_letting_go_can_be_undone(app: App) -> None:
    from kithkin.model import TieStatus
    from kithkin.service.agenda import let_go

    _network(app)
    activity.log_interaction(app, Channel.CALL, ["Ann Lee"], when=_ago(app, 30))
    assert let_go(app, "Ann Lee").status is TieStatus.LET_GO
    assert undo(app).what == "let go of Ann Lee"
    me = people.show_person(app, "me")
    (tie,) = [t for t in me.ties if t.other_name == "Ann Lee"]
    assert tie.status == TieStatus.ACTIVE.value


def test_a_deleted_circle_comes_back_with_its_people(app: App) -> None:
    from kithkin.service.circles import remove_from_circle

    _network(app)
    remove_from_circle(app, "neighbours", [])
    assert "neighbours" not in dict(list_circles(app))
    assert undo(app).what == "deleted the circle 'neighbours'"
    assert dict(list_circles(app))["neighbours"] == 1
