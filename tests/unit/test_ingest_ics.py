"""iCalendar beyond the sample: several time zones, video calls, large events, moved occurrences."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kithkin.ingest import ics
from kithkin.ingest.records import BadRecord, InteractionRecord, Record, Skipped, TieRecord
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
    assert sync.initiator is not None and sync.initiator.name == "Müller, Jürgen"
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


def test_large_gathering_is_an_event_and_ties_weaken_with_size() -> None:
    records = list(ics.parse(DATA / "zones.ics", me=ME))
    meetup = _meetings(records)["meetup@example.org"]
    assert meetup.channel is Channel.EVENT
    assert len(meetup.parties) == 11
    ties = [r for r in records if isinstance(r, TieRecord) and r.origin == meetup.origin]
    assert len(ties) == 45  # every pair of the ten people besides me
    assert {t.confidence for t in ties} == {0.18}
    chat = [r for r in records if isinstance(r, TieRecord) and "Standup" in r.evidence]
    assert {t.confidence for t in chat} == {0.67}


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
