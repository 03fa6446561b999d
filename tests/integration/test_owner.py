"""Saying who I am after an import, on SQLite and PostgreSQL: one me, never two."""

from __future__ import annotations

from pathlib import Path

import pytest

from kithkin.errors import InvalidInput, NotFound
from kithkin.model import Person
from kithkin.service.app import App
from kithkin.service.importing import import_files
from kithkin.service.merging import unmerge
from kithkin.service.owner import claim_me, owner_candidates
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network

SAMPLES = Path(__file__).parent.parent / "data" / "samples"
MBOX = SAMPLES / "mail" / "alex-morgan.mbox"
ADDRESS = "alex.morgan@example.com"


def _mes(app: App) -> list[Person]:
    with app.uow(write=False) as uow:
        return [p for p in uow.people.all() if p.is_me]


def _count(app: App) -> int:
    with app.uow(write=False) as uow:
        return uow.people.count()


def test_the_mailbox_owner_is_the_first_candidate_and_is_adopted(app: App) -> None:
    import_files(app, [MBOX])
    people = _count(app)
    (first, *_) = owner_candidates(app)
    assert (first.name, first.emails) == ("Alex Morgan", [ADDRESS])
    with app.uow(write=False) as uow:
        every = uow.activity.interaction_count()
    # The owner of a mailbox takes part in every interaction it holds.
    assert every > 0 and first.interactions == every
    assert f"takes part in {every} of the imported interactions" == first.why
    claimed = claim_me(app, first.id)
    assert claimed.adopted and claimed.id == first.id and claimed.merged == []
    assert [p.id for p in _mes(app)] == [first.id] and _count(app) == people
    assert owner_candidates(app) == []  # nobody else is me


def test_my_addresses_spread_over_records_become_one_me(app: App) -> None:
    import_files(app, [MBOX])
    other = add_person(app, PersonChanges(name="A. Morgan", emails=["alex@home.example"]))
    people = _count(app)
    claimed = claim_me(app, None, "Alex Morgan", [f"{ADDRESS}; alex@home.example"])
    assert claimed.adopted and claimed.merged == ["A. Morgan"]
    (me,) = _mes(app)
    assert sorted(e.address for e in me.emails) == [ADDRESS, "alex@home.example"]
    assert "A. Morgan" in me.nicknames and _count(app) == people - 1
    # The merge is in the log like any other, so it can be undone.
    back = unmerge(app, "me")
    assert back.merged_id == other.id and _count(app) == people


def test_a_name_alone_adopts_the_one_record_with_that_name(app: App) -> None:
    import_files(app, [MBOX])
    assert init_network(app, "Alex Morgan", []) is not None
    (me,) = _mes(app)
    assert [e.address for e in me.emails] == [ADDRESS]  # the imported record, not a new one


def test_nobody_to_adopt_adds_a_new_me_and_a_second_claim_renames_it(app: App) -> None:
    claimed = claim_me(app, None, "Alex Morgan", [ADDRESS])
    assert not claimed.adopted and claimed.emails == [ADDRESS]
    again = claim_me(app, None, "Alexandra Morgan", ["alex@home.example"])
    assert again.id == claimed.id and again.name == "Alexandra Morgan"
    (me,) = _mes(app)
    assert "Alex Morgan" in me.nicknames and len(me.emails) == 2


def test_bad_claims_change_nothing(app: App) -> None:
    import_files(app, [MBOX])
    people = _count(app)
    with pytest.raises(InvalidInput, match="'alex@@home' is not an e-mail address"):
        claim_me(app, None, "Alex Morgan", ["alex@@home"])
    with pytest.raises(InvalidInput, match="say your name"):
        claim_me(app, None, "", [])
    with pytest.raises(NotFound):
        claim_me(app, 99_999)
    assert _mes(app) == [] and _count(app) == people
