"""kith sync against a real Radicale server: contacts and calendars, first sync, nothing
new, changes and deletions, and the faults a real server gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kithkin.service import sync
from kithkin.service.app import App
from kithkin.service.importing import ensure_me
from sync.conftest import MemoryKeyring
from sync.sync_servers import PASSWORD, SAMPLES, Radicale, cards, events

ME = "alex.morgan@example.com"


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KITH_TEST_PASSWORD", PASSWORD)


def _me(app: App) -> None:
    with app.uow() as uow:
        ensure_me(uow, [ME], app.now())
        uow.commit()


def _fill_contacts(server: Radicale) -> tuple[str, dict[str, str]]:
    book = server.make("contacts", "addressbook")
    stored: dict[str, str] = {}
    for path in [SAMPLES / "vcard" / f for f in ("iphone.vcf", "nextcloud.vcf", "android.vcf")]:
        for n, card in enumerate(cards(path)):
            href = f"{book}{path.stem}-{n}.vcf"
            if server.put(href, card):  # Radicale refuses a vCard 2.1 card vobject cannot write
                stored[href] = card
    assert len(stored) >= 5
    return book, stored


def _names(app: App) -> set[str]:
    with app.uow() as uow:
        return {p.display_name for p in uow.people.all() if not p.is_me}


def _version(app: App) -> str:
    with app.uow(write=False) as uow:
        return uow.data_version()


def untouched_since(app: App, version: str) -> bool:
    """Only the sync's own bookkeeping was written since ``version``: no person, tie,
    interaction or favour, nothing a process keeping the network must load again."""
    with app.uow(write=False) as uow:
        changes = uow.changes_since(version)
    return changes is not None and not any(c.interactions or c.ties or c.favours for c in changes)


def test_first_sync_reads_every_card_and_a_second_writes_nothing(
    app: App, radicale: Radicale
) -> None:
    _me(app)
    _fill_contacts(radicale)
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    first = sync.sync(app)
    assert first.failed == []
    assert {"Priya Raman", "Margaret Lindqvist", "Chris Doyle", "Wei Chen"} <= _names(app)
    before = _version(app)
    second = sync.sync(app)
    assert second.failed == []
    assert second.sources[0].changes == {}
    assert untouched_since(app, before)  # nothing written to the network


def test_a_second_sync_with_nothing_changed_asks_no_report_and_a_change_is_still_read(
    app: App, radicale: Radicale
) -> None:
    _me(app)
    _, stored = _fill_contacts(radicale)
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    assert sync.sync(app).failed == []
    reports = radicale.requests("REPORT")
    assert reports >= 2  # the sync-collection and the multiget of the cards
    second = sync.sync(app).sources[0]
    assert second.error == "" and second.changes == {}
    assert radicale.requests("REPORT") == reports  # the ctag had not moved
    priya = next(h for h, c in stored.items() if "FN:Priya Raman" in c)
    assert radicale.put(priya, stored[priya].replace("FN:Priya Raman", "FN:Priya Raman-Iyer"))
    third = sync.sync(app).sources[0]
    assert third.error == "" and third.changes.get("fetched") == 1
    assert radicale.requests("REPORT") > reports
    assert "Priya Raman-Iyer" in _names(app)


def test_a_changed_card_updates_the_person_and_a_deleted_one_is_retracted(
    app: App, radicale: Radicale
) -> None:
    _me(app)
    _, stored = _fill_contacts(radicale)
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    sync.sync(app)
    priya = next(h for h, c in stored.items() if "FN:Priya Raman" in c)
    chris = next(h for h, c in stored.items() if "FN:Chris Doyle" in c)
    radicale.put(priya, stored[priya].replace("TITLE:Data Science Manager", "TITLE:VP Data"))
    radicale.delete(chris)
    run = sync.sync(app).sources[0]
    assert run.error == ""
    assert run.changes["deleted"] == 1 and run.changes["fetched"] == 1
    assert "Chris Doyle" not in _names(app)
    with app.uow() as uow:
        person = next(p for p in uow.people.all() if p.display_name == "Priya Raman")
        assert any(a.role == "VP Data" for a in person.affiliations)
        assert uow.sources.source_records("vcard").keys() == {
            c.split("UID:")[1].split()[0] for h, c in stored.items() if h != chris
        }


def test_a_person_known_from_elsewhere_stays_when_the_card_goes(
    app: App, radicale: Radicale
) -> None:
    from kithkin.service.importing import import_files

    _me(app)
    _, stored = _fill_contacts(radicale)
    import_files(app, [SAMPLES / "mail" / "alex-morgan.mbox"], me=[ME])  # Priya wrote to Alex
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    sync.sync(app)
    priya = next(h for h, c in stored.items() if "FN:Priya Raman" in c)
    radicale.delete(priya)
    assert sync.sync(app).failed == []
    assert any("Priya" in n for n in _names(app))  # the mail names her "Priya R."


def test_a_card_also_imported_from_a_file_keeps_its_person_when_it_goes_from_the_server(
    app: App, radicale: Radicale, tmp_path: Path
) -> None:
    from kithkin.service.importing import import_files

    _me(app)
    _, stored = _fill_contacts(radicale)
    chris = next(h for h, c in stored.items() if "FN:Chris Doyle" in c)
    wei = next(h for h, c in stored.items() if "FN:Wei Chen" in c)
    exported = tmp_path / "chris.vcf"  # the same card, exported from the phone once
    exported.write_text(stored[chris], encoding="utf-8")
    assert import_files(app, [exported], me=[ME]).failed == []
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    assert sync.sync(app).failed == []
    radicale.delete(chris)
    radicale.delete(wei)
    run = sync.sync(app).sources[0]
    assert run.error == "" and run.changes["deleted"] == 2
    names = _names(app)
    assert "Chris Doyle" in names  # the file still gives him
    assert "Wei Chen" not in names  # the server alone did


def test_events_sync_and_a_deleted_event_takes_its_interactions(
    app: App, radicale: Radicale
) -> None:
    _me(app)
    calendar = radicale.make("calendar", "calendar")
    items = events(SAMPLES / "calendar" / "alex-morgan.ics")
    for uid, text in items.items():
        assert radicale.put(f"{calendar}{uid}.ics", text)
    sync.add_source(app, "caldav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    assert sync.sync(app).failed == []
    with app.uow() as uow:
        before = uow.activity.interactions()
    assert before
    gone = next(
        uid for uid in items if any(i.external_id.startswith(uid) for i in before if i.external_id)
    )
    radicale.delete(f"{calendar}{gone}.ics")
    run = sync.sync(app).sources[0]
    assert run.error == "" and run.changes.get("retracted", 0) >= 1
    with app.uow() as uow:
        after = uow.activity.interactions()
    assert not any(i.external_id and i.external_id.startswith(gone) for i in after)
    assert len(after) < len(before)


def test_wrong_password_is_one_line_and_the_other_sources_still_sync(
    app: App, radicale: Radicale, monkeypatch: pytest.MonkeyPatch
) -> None:
    _me(app)
    _fill_contacts(radicale)
    monkeypatch.setenv("KITH_WRONG", "not the password")
    sync.add_source(
        app, "carddav", radicale.base, radicale.user, name="bad", password_env="KITH_WRONG"
    )
    sync.add_source(
        app, "carddav", radicale.base, radicale.user, name="good", password_env="KITH_TEST_PASSWORD"
    )
    report = sync.sync(app)
    assert report.failed == [
        f"bad: {radicale.base}: the server refused the user name or password (HTTP 401)"
    ]
    assert "Chris Doyle" in _names(app)
    status = {s.name: s for s in sync.status(app)}
    assert "401" in status["bad"].last_error and status["good"].last_error == ""


# A card Radicale stores and serves (vobject reads a vCard inside a vCard, and an empty
# FN is an FN) but the import's parser rejects: the outer card ends at the inner BEGIN
# and names nobody.
NESTED = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:nested-1\r\nFN:\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nEND:VCARD\r\nEND:VCARD\r\n"
)


def test_a_card_the_parser_rejects_is_one_line_and_the_rest_still_syncs(
    app: App, radicale: Radicale
) -> None:
    _me(app)
    book, stored = _fill_contacts(radicale)
    calendar = radicale.make("calendar", "calendar")
    for uid, text in events(SAMPLES / "calendar" / "alex-morgan.ics").items():
        assert radicale.put(f"{calendar}{uid}.ics", text)
    assert radicale.put(f"{book}nested.vcf", NESTED)
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    sync.add_source(
        app,
        "caldav",
        radicale.base,
        radicale.user,
        name="calendar",
        password_env="KITH_TEST_PASSWORD",
    )
    report = sync.sync(app)
    assert report.failed == []
    cards_run, calendar_run = report.sources
    assert cards_run.error == "" and calendar_run.error == ""
    assert len(cards_run.bad) == 1
    assert "nested.vcf" in cards_run.bad[0] and "BEGIN:VCARD without END:VCARD" in cards_run.bad[0]
    assert {"Priya Raman", "Chris Doyle"} <= _names(app)
    with app.uow() as uow:
        assert len(uow.sources.source_records("vcard")) == len(stored)  # none from the bad card
        assert uow.activity.interactions()  # the calendar source synced too
    # Mended on the server, the card is read at the next sync.
    mended = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:nested-1\r\nFN:Ines Mended\r\nEND:VCARD\r\n"
    assert radicale.put(f"{book}nested.vcf", mended)
    again = sync.sync(app).sources[0]
    assert again.bad == [] and "Ines Mended" in _names(app)


def test_a_server_that_stops_loses_nothing_and_the_next_sync_finishes(
    app: App, radicale: Radicale
) -> None:
    _me(app)
    _, stored = _fill_contacts(radicale)
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    radicale.stop()
    report = sync.sync(app)
    assert len(report.failed) == 1 and "cannot reach the server" in report.failed[0]
    assert _names(app) == set()
    radicale.start()
    assert sync.sync(app).failed == []
    with app.uow() as uow:
        assert len(uow.sources.source_records("vcard")) == len(stored)
    assert sync.sync(app).sources[0].changes == {}


def test_a_sync_token_the_server_no_longer_accepts_means_a_full_read(
    app: App, radicale: Radicale
) -> None:
    _me(app)
    _, _stored = _fill_contacts(radicale)
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    sync.sync(app)
    people = _names(app)
    with app.uow() as uow:
        source = uow.sync_sources.all()[0]
        assert source.id is not None
        # Tokens only, no ctag stored (as a sync before ctags left it): the REPORT is asked.
        forgotten = {
            k: "http://radicale.org/ns/sync/" + "0" * 64
            for k in source.state
            if k != sync.CTAG_STATE
        }
        uow.sync_sources.set_state(source.id, forgotten)
        uow.commit()
    run = sync.sync(app).sources[0]
    assert run.error == ""
    assert any("forgot the sync-token" in n for n in run.notes)
    assert _names(app) == people
    assert run.changes.get("added", 0) == 0


def test_a_server_stopped_mid_sync_loses_nothing(app: App, radicale: Radicale) -> None:
    _me(app)
    _, stored = _fill_contacts(radicale)
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")

    def stop_before_the_cards_are_fetched(source: str, done: int, total: int) -> None:
        radicale.stop()  # the changes were listed; the cards were not fetched yet

    report = sync.sync(app, progress=stop_before_the_cards_are_fetched)
    assert len(report.failed) == 1 and "cannot reach the server" in report.failed[0]
    assert _names(app) == set()
    radicale.start()
    assert sync.sync(app).failed == []
    with app.uow() as uow:
        assert len(uow.sources.source_records("vcard")) == len(stored)


def test_the_agenda_is_published_as_tasks_updated_not_doubled(app: App, radicale: Radicale) -> None:
    from kithkin.service.agenda import build
    from kithkin.service.demo import build_demo

    build_demo(app)  # a network with an agenda
    tasks = radicale.make("tasks", "calendar")
    sync.add_source(
        app, "caldav", tasks, radicale.user, password_env="KITH_TEST_PASSWORD", publish_agenda=tasks
    )
    items = build(app).items
    assert items, "the demo has an agenda"
    first = sync.sync(app).sources[0]
    assert first.error == "" and first.changes["tasks published"] == len(items)

    def listed() -> dict[str, str]:
        from kithkin.service import sync_dav as dav

        with dav.client(radicale.user, PASSWORD, False) as http:
            found = dav.listing(http, tasks).changed
            return {h: t for h, (_, t) in dav.fetch(http, tasks, "caldav", sorted(found)).items()}

    on_server = listed()
    assert len(on_server) == len(items)
    assert all("BEGIN:VTODO" in t for t in on_server.values())
    again = sync.sync(app).sources[0]
    assert "tasks published" not in again.changes
    assert listed() == on_server  # nothing rewritten, nothing doubled
    # Done with someone on the agenda: their task goes, the others stay as they were.
    from kithkin.service.agenda import done

    done(app, items[0].name)
    now_items = build(app).items
    third = sync.sync(app).sources[0]
    assert third.changes.get("tasks published", 0) >= 1
    after = listed()
    assert len(after) == len(now_items)
    assert not any(items[0].name in t and "BEGIN:VTODO" in t for t in after.values()) or any(
        i.name == items[0].name for i in now_items
    )


def test_a_password_given_once_lives_in_the_keyring_never_in_the_database(
    app: App, radicale: Radicale, db_url: str, memory_keyring: MemoryKeyring
) -> None:
    from sqlalchemy import create_engine, text

    _me(app)
    _fill_contacts(radicale)
    sync.add_source(app, "carddav", radicale.base, radicale.user, name="phone", password=PASSWORD)
    assert memory_keyring.get_password("kithkin", "phone") == PASSWORD
    assert sync.sync(app).failed == []
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT * FROM sync_source")).all()
    finally:
        engine.dispose()
    assert rows and all(PASSWORD not in str(tuple(r)) for r in rows)
    sync.remove_source(app, "phone")
    assert memory_keyring.get_password("kithkin", "phone") is None


def test_a_refused_put_of_the_agenda_is_one_line_and_the_events_stay(
    app: App, radicale: Radicale
) -> None:
    from kithkin.service.demo import build_demo

    build_demo(app)  # a network with an agenda
    calendar = radicale.make("calendar", "calendar")
    items = events(SAMPLES / "calendar" / "alex-morgan.ics")
    for uid, text in items.items():
        assert radicale.put(f"{calendar}{uid}.ics", text)
    # Another user's calendar: Radicale lets each user write only their own.
    elsewhere = radicale.base.replace(f"/{radicale.user}/", "/someone-else/tasks/")
    sync.add_source(
        app,
        "caldav",
        calendar,
        radicale.user,
        password_env="KITH_TEST_PASSWORD",
        publish_agenda=elsewhere,
    )
    with app.uow() as uow:
        before = len(uow.activity.interactions())
    run = sync.sync(app).sources[0]
    assert run.error.startswith(f"the agenda was not published: {elsewhere}")
    assert "refused to write there (HTTP 403)" in run.error and "\n" not in run.error
    assert run.changes["fetched"] == len(items)  # what was read is imported all the same
    with app.uow() as uow:
        imported = len(uow.activity.interactions())
    assert imported > before
    again = sync.sync(app).sources[0]
    assert again.error == run.error and "fetched" not in again.changes
    with app.uow() as uow:
        assert len(uow.activity.interactions()) == imported  # nothing doubled
    status = {s.name: s for s in sync.status(app)}
    assert status[run.name].last_error == run.error


def _renamed_then_lost(
    app: App, radicale: Radicale, name: str, renamed: str
) -> tuple[Path, bytes, Callable[[str, int, int], None]]:
    """After a first sync, ``name``'s card is renamed on the server: the file that holds
    it, its new bytes, and a progress callback that deletes the file between the
    sync-collection answer (which lists the change) and the multiget."""
    _me(app)
    _, stored = _fill_contacts(radicale)
    sync.add_source(app, "carddav", radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    assert sync.sync(app).failed == []
    href = next(h for h, c in stored.items() if f"FN:{name}" in c)
    assert radicale.put(href, stored[href].replace(f"FN:{name}", f"FN:{renamed}"))
    on_disk = next(radicale.collections.rglob(href.rsplit("/", 1)[1]))

    def vanish_between_report_and_multiget(source: str, done: int, total: int) -> None:
        if done == 0:
            on_disk.unlink()

    return on_disk, on_disk.read_bytes(), vanish_between_report_and_multiget


def test_a_changed_card_the_server_lists_but_does_not_hand_over_is_asked_for_again(
    app: App, radicale: Radicale
) -> None:
    on_disk, changed, vanish = _renamed_then_lost(app, radicale, "Priya Raman", "Priya Raman-Iyer")
    run = sync.sync(app, progress=vanish).sources[0]
    assert run.error == "" and "Priya Raman-Iyer" not in _names(app)
    on_disk.write_bytes(changed)  # back, as the sync-collection had listed it
    again = sync.sync(app).sources[0]
    assert again.error == "" and again.changes.get("fetched") == 1
    assert "Priya Raman-Iyer" in _names(app)
    # The user was told, in one line, that the change would be asked for again.
    told = [n for n in run.notes if "could not be fetched" in n]
    assert len(told) == 1 and "the next sync asks for them again" in told[0]


def test_a_listed_card_that_is_really_gone_is_retracted_on_the_next_sync(
    app: App, radicale: Radicale
) -> None:
    _, _, vanish = _renamed_then_lost(app, radicale, "Chris Doyle", "Chris Doyle-Ng")
    first = sync.sync(app, progress=vanish).sources[0]
    assert first.error == "" and "Chris Doyle" in _names(app)
    # The token was kept: the server now says the card is deleted, and it is retracted.
    second = sync.sync(app).sources[0]
    assert second.error == "" and second.changes.get("deleted") == 1
    assert not any("could not be fetched" in n for n in second.notes)
    assert "Chris Doyle" not in _names(app)
