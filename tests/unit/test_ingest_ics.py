"""iCalendar beyond the sample: several time zones, video calls, large events, moved occurrences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytest import MonkeyPatch

from kithkin.ingest import ics
from kithkin.ingest.records import (
    BadRecord,
    InteractionRecord,
    Notice,
    Record,
    Skipped,
)
from kithkin.model import Channel

DATA = Path(__file__).resolve().parents[1] / "data" / "calendar"
ME = ("alex.morgan@example.com",)


def _meetings(records: list[Record]) -> dict[str, InteractionRecord]:
    return {r.key: r for r in records if isinstance(r, InteractionRecord)}


def test_time_zones_custom_and_named_resolve_to_the_right_instant() -> None:
    meetings = _meetings(list(ics.parse(DATA / "zones.ics", me=ME)))
    sync = next(m for m in meetings.values() if m.note == "Roadmap sync")
    assert sync.when == datetime(2026, 1, 15, 9, 0, tzinfo=UTC)  # Outlook's W. Europe zone
    assert sync.key.startswith("040000008200E00074C5B7101A82E008")  # folded UID unfolded
    assert sync.channel is Channel.VIDEO  # a Teams link
    assert {p.email for p in sync.parties} == {
        "j.mueller@fabrikam.example.com",
        "alex.morgan@example.com",
        "rachel.kim@fabrikam.example.com",
    }  # not the room
    # Outlook's CN="Müller, Jürgen" is the family name first: turned round.
    assert sync.initiator is not None and sync.initiator.name == "Jürgen Müller"
    dinner = meetings["tokyo-dinner@example.jp"]
    assert dinner.when == datetime(2026, 2, 20, 10, 0, tzinfo=UTC)
    assert [p.email for p in dinner.parties] == ["keiko@example.jp", "alex.morgan@example.com"]


def test_series_with_exception_date_and_a_moved_occurrence() -> None:
    meetings = _meetings(list(ics.parse(DATA / "zones.ics", me=ME)))
    standups = sorted((k, m.when) for k, m in meetings.items() if k.startswith("standup-ny"))
    assert standups == [
        ("standup-ny@example.com/20260302T143000Z", datetime(2026, 3, 2, 14, 30, tzinfo=UTC)),
        ("standup-ny@example.com/20260316T133000Z", datetime(2026, 3, 16, 13, 30, tzinfo=UTC)),
        # Moved to 14:00; its key stays that of the occurrence it replaces.
        ("standup-ny@example.com/20260323T133000Z", datetime(2026, 3, 23, 18, 0, tzinfo=UTC)),
    ]


def test_large_gathering_is_an_event_with_everyone_in_it() -> None:
    records = list(ics.parse(DATA / "zones.ics", me=ME))
    meetup = _meetings(records)["meetup@example.org"]
    assert meetup.channel is Channel.EVENT
    assert len(meetup.parties) == 11


def test_broken_event_is_one_bad_record_and_events_without_me_keep_their_people() -> None:
    records = list(ics.parse(DATA / "zones.ics", me=ME))
    (bad,) = [r for r in records if isinstance(r, BadRecord)]
    assert bad.origin.record == "line 60 (event broken@example.com)"
    assert "DTSTART" in bad.reason
    lunch = _meetings(records)["without-me@example.com"]
    assert [p.email for p in lunch.parties] == [
        "wei.chen@contoso.example.com",
        "daniel.okafor@contoso.example.com",
    ]


def test_window_limits_the_expansion_of_a_series() -> None:
    window = (datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 3, 20, tzinfo=UTC))
    meetings = _meetings(list(ics.parse(DATA / "zones.ics", me=ME, window=window)))
    assert sorted(k for k in meetings if k.startswith("standup")) == [
        "standup-ny@example.com/20260316T133000Z",
    ]
    assert "tokyo-dinner@example.jp" in meetings  # single events are facts, not expanded


def test_a_series_entirely_outside_the_window_is_skipped_with_its_reason() -> None:
    window = (datetime(2030, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC))
    records = list(ics.parse(DATA / "zones.ics", me=ME, window=window))
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert [(s.origin.record, s.reason) for s in skipped] == [
        (
            "line 48 (event standup-ny@example.com)",
            "recurring event with no occurrence in the window",
        ),
    ]


def test_a_calendar_zone_naming_a_folder_of_the_zone_database_reads_as_utc(
    tmp_path: Path,
) -> None:
    # ZoneInfo("America") raises IsADirectoryError, not ZoneInfoNotFoundError: it used
    # to stop the whole file instead of falling back like any unknown zone.
    path = tmp_path / "folder-zone.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:America\r\nBEGIN:VEVENT\r\n"
        "UID:zone-folder@example.com\r\nDTSTART:20260115T090000\r\nSUMMARY:Coffee\r\n"
        "ORGANIZER:mailto:alex.morgan@example.com\r\nATTENDEE:mailto:keiko@example.jp\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    meeting = _meetings(list(ics.parse(path, me=ME)))["zone-folder@example.com"]
    assert meeting.when == datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _odd() -> list[Record]:
    return list(ics.parse(DATA / "odd.ics", me=ME, now=NOW))


def test_absent_attendees_are_not_participants_and_exchange_rules_are_read() -> None:
    meetings = _meetings(_odd())
    # BYDAY=MO, TU (Exchange) is the rule it means: four occurrences, Mondays and Tuesdays.
    weekly = sorted(k for k in meetings if k.startswith("exchange/"))
    assert weekly == [
        "exchange/20260105T100000Z",
        "exchange/20260106T100000Z",
        "exchange/20260112T100000Z",
        "exchange/20260113T100000Z",
    ]
    # ROLE=NON-PARTICIPANT (c@) and PARTSTAT=DELEGATED (d@) are not at the meeting.
    assert [p.email for p in meetings[weekly[0]].parties] == ["a@example.com", "b@example.com"]


def test_an_odd_property_is_dropped_with_a_warning_naming_its_line_and_the_event_kept() -> None:
    records = _odd()
    warned = {(w.origin.record, w.text.split(":")[0]) for w in records if isinstance(w, Notice)}
    assert ("line 15 (RDATE)", "RDATE dropped") in warned
    assert ("line 23 (DTSTART)", "second DTSTART dropped") in warned
    meetings = _meetings(records)
    assert sorted(k for k in meetings if k.startswith("badrdate/")) == [
        "badrdate/20260105T100000Z",
        "badrdate/20260112T100000Z",
    ]
    assert meetings["dup"].when == datetime(2026, 1, 5, 10, tzinfo=UTC)  # the first DTSTART
    assert not [r for r in records if isinstance(r, BadRecord)]


def test_year_one_and_year_9999_are_skipped_with_their_reason() -> None:
    skipped = {s.origin.record: s.reason for s in _odd() if isinstance(s, Skipped)}
    assert skipped["line 27 (event zero)"] == "event dated before 1900 (year 1)"
    assert skipped["line 33 (event max)"] == "planned event (after the import)"


def test_runaway_rules_are_capped_per_event_and_open_series_stop_at_now() -> None:
    records = _odd()
    meetings = _meetings(records)
    secondly = [k for k in meetings if k.startswith("secondly")]
    assert secondly == ["secondly"]  # FREQ=SECONDLY: its rule dropped, one meeting
    for uid in ("hourly", "daily-open"):
        keys = sorted(k for k in meetings if k.startswith(uid + "/"))
        assert len(keys) == ics.MAX_PER_EVENT
        assert max(meetings[k].when for k in keys) <= NOW  # nothing after the import
    daily = sorted(meetings[k].when for k in meetings if k.startswith("daily-open/"))
    assert daily[-1].date() == NOW.date() - timedelta(days=1) or daily[-1].date() == NOW.date()
    cuts = [w.text for w in records if isinstance(w, Notice) and "cap of 1,000" in w.text]
    assert len(cuts) == 2


def test_the_file_cap_stops_further_series(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(ics, "MAX_PER_FILE", 2_500)  # the rule, at a size a test can afford
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:s{n}\r\nDTSTART:20200101T{n % 24:02d}0000Z\r\nRRULE:FREQ=DAILY\r\n"
        "ORGANIZER:mailto:a@example.com\r\nATTENDEE:mailto:b@example.com\r\nEND:VEVENT\r\n"
        for n in range(ics.MAX_PER_FILE // ics.MAX_PER_EVENT + 2)
    )
    path = tmp_path / "many.ics"
    path.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n")
    records = list(ics.parse(path, now=NOW))
    assert sum(isinstance(r, InteractionRecord) for r in records) == ics.MAX_PER_FILE
    assert any(isinstance(r, Notice) and "per file" in r.text for r in records)
    assert any(isinstance(r, Skipped) and "per file" in r.reason for r in records)


def test_a_utf8_byte_order_mark_does_not_hide_the_calendar(tmp_path: Path) -> None:
    path = tmp_path / "bom.ics"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "zones.ics").read_bytes())
    with_bom = _meetings(list(ics.parse(path, me=ME)))
    without = _meetings(list(ics.parse(DATA / "zones.ics", me=ME)))
    assert {k: (m.when, m.parties) for k, m in with_bom.items()} == {
        k: (m.when, m.parties) for k, m in without.items()
    }
    assert with_bom


def test_a_minutely_series_without_end_is_one_meeting(tmp_path: Path) -> None:
    path = tmp_path / "minutely.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:minutely\r\n"
        "DTSTART:20250101T090000Z\r\nRRULE:FREQ=MINUTELY\r\n"
        "ORGANIZER:mailto:a@example.com\r\nATTENDEE:mailto:b@example.com\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    records = list(ics.parse(path, now=NOW))
    assert list(_meetings(records)) == ["minutely"]  # not 525,600 a year
    assert any(isinstance(r, Notice) and "RRULE" in r.text for r in records)
