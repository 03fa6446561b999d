"""iCalendar (.ics, RFC 5545) → one InteractionRecord per event occurrence, and co-attendee ties.

Two passes over the file, each line by line: the first notes the time zones,
the latest start (for the default expansion window) and which series have
modified occurrences; the second cuts out each event, parses it with
icalendar together with the time zones, and expands recurring series with
recurring-ical-events. A broken event is one BadRecord naming its line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import combinations
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from kithkin.errors import ImportFailed
from kithkin.ingest import normalise
from kithkin.ingest.lines import Block, blocks, numbered_lines, open_binary, unfolded
from kithkin.ingest.records import (
    BadRecord,
    InteractionRecord,
    Origin,
    Party,
    Record,
    Skipped,
    TieRecord,
    unique_parties,
)
from kithkin.model import Channel

SOURCE = "ics"
LARGE_GATHERING = 8  # more people than this and a meeting is an event
MAX_TIE_GROUP = 30  # beyond this, sharing a room says nothing about two people
WINDOW_BACK = timedelta(days=730)
WINDOW_AHEAD = timedelta(days=365)
_KINDS = frozenset({"VEVENT"})
_VIDEO = re.compile(
    r"zoom\.us/|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|webex\.com|"
    r"whereby\.com|meet\.jit\.si|gotomeeting\.com|chime\.aws|facetime|skype\.com",
    re.IGNORECASE,
)
_NOT_PEOPLE = {"ROOM", "RESOURCE"}


@dataclass(slots=True)
class _Survey:
    """What the first pass learns about the calendar."""

    calendar: bool = False
    text: bool = False
    latest: date | None = None
    timezones: list[str] = field(default_factory=list)
    zone: str = ""  # X-WR-TIMEZONE: the zone of floating times and all-day events
    overridden: set[str] = field(default_factory=set)  # UIDs with modified occurrences


def parse(
    path: Path,
    *,
    me: Sequence[str] = (),
    region: str = "US",
    window: tuple[datetime, datetime] | None = None,
) -> Iterator[Record]:
    """Every event occurrence of the calendar: an interaction (and ties), Skipped or BadRecord.

    Recurring series are expanded inside ``window``; by default from two years
    before to one year after the latest event in the file.
    """
    survey = _survey(path)
    if not survey.calendar:
        if survey.text:
            raise ImportFailed(f"{path}: not an iCalendar file (no BEGIN:VCALENDAR line)")
        return
    if window is None:
        latest = datetime.combine(survey.latest or date.today(), time(0), tzinfo=UTC)
        window = (latest - WINDOW_BACK, latest + WINDOW_AHEAD)
    reader = _Reader(str(path), survey, frozenset(map(normalise.email, me)), window)
    held: dict[str, list[Block]] = {}
    with open_binary(path) as stream:
        for block in blocks(unfolded(numbered_lines(stream)), _KINDS):
            uid = _uid(block)
            if uid in survey.overridden:
                held.setdefault(uid, []).append(block)  # read with the rest of its series
            else:
                yield from reader.events([block])
    for group in held.values():
        yield from reader.events(group)


def _value(line: str) -> str:
    value = line.partition(":")[2]
    return value.strip()


def _name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].strip().upper()


def _uid(block: Block) -> str:
    for _, line in block.lines:
        if _name(line) == "UID":
            return _value(line)
    return ""


def _survey(path: Path) -> _Survey:
    survey = _Survey()
    depth: list[str] = []
    timezone: list[str] = []
    uid, recurrence = "", False
    with open_binary(path) as stream:
        for _, line in unfolded(numbered_lines(stream)):
            if line.strip():
                survey.text = True
            name = _name(line)
            marker = _value(line).upper()
            if name == "BEGIN":
                depth.append(marker)
                survey.calendar = survey.calendar or marker == "VCALENDAR"
                if marker == "VEVENT":
                    uid, recurrence = "", False
            if "VTIMEZONE" in depth:
                timezone.append(line)
            if name == "END" and depth:
                closed = depth.pop()
                if closed == "VTIMEZONE":
                    survey.timezones.append("\r\n".join(timezone))
                    timezone = []
                elif closed == "VEVENT" and recurrence and uid:
                    survey.overridden.add(uid)
            elif depth[-1:] == ["VEVENT"]:
                if name == "UID":
                    uid = _value(line)
                elif name == "RECURRENCE-ID":
                    recurrence = True
                elif name == "DTSTART":
                    survey.latest = _later(survey.latest, _value(line))
            elif depth == ["VCALENDAR"] and name == "X-WR-TIMEZONE":
                survey.zone = _value(line)
    return survey


def _later(latest: date | None, value: str) -> date | None:
    try:
        start = date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return latest
    return start if latest is None or start > latest else latest


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    # OSError: a TZID naming a folder of the zone database ("America") or a file
    # that cannot be read is as unknown as a misspelt one.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


class _Reader:
    """Turns the blocks of one event series into records."""

    def __init__(
        self, file: str, survey: _Survey, me: frozenset[str], window: tuple[datetime, datetime]
    ) -> None:
        self.file = file
        self.me = me
        self.window = window
        self.tz = _zone(survey.zone)
        self.head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        if survey.zone:
            self.head += f"X-WR-TIMEZONE:{survey.zone}\r\n"
        self.head += "".join(tz + "\r\n" for tz in survey.timezones)

    def events(self, group: list[Block]) -> Iterator[Record]:
        uid = _uid(group[0])
        origin = Origin(SOURCE, self.file, f"line {group[0].start} (event {uid or 'without UID'})")
        problems = [b for b in group if b.problem]
        if problems:
            yield BadRecord(origin, problems[0].problem)
            return
        try:
            occurrences, series = self._occurrences(group)
        except Exception as exc:  # icalendar raises many kinds; one event must not stop the rest
            yield BadRecord(origin, f"cannot read this event: {_short(exc)}")
            return
        if not occurrences:
            yield Skipped(origin, "recurring event with no occurrence in the window")
            return
        if all(_cancelled(o) for o in occurrences):
            yield Skipped(origin, "cancelled event")
            return
        for occurrence in occurrences:
            if _cancelled(occurrence):
                continue
            try:
                yield from self._records(occurrence, origin, uid, series=series)
            except Exception as exc:  # as above: an odd occurrence is reported, not fatal
                yield BadRecord(origin, f"cannot read this event: {_short(exc)}")

    def _occurrences(self, group: list[Block]) -> tuple[list[Any], bool]:
        """The occurrences of one event or series, and whether it is a series."""
        text = self.head
        for block in group:
            text += "BEGIN:VEVENT\r\n" + "".join(line + "\r\n" for _, line in block.lines)
            text += "END:VEVENT\r\n"
        calendar = icalendar.Calendar.from_ical(text + "END:VCALENDAR\r\n")
        components = list(calendar.walk("VEVENT"))
        if len(group) > 1 or any("RRULE" in c or "RDATE" in c for c in components):
            start, end = self.window
            return list(recurring_ical_events.of(calendar).between(start, end)), True
        return components, False

    def _records(self, event: Any, origin: Origin, uid: str, *, series: bool) -> Iterator[Record]:
        start = event.get("DTSTART")
        if start is None:
            yield Skipped(origin, "event without a start")
            return
        when = self._aware(start.dt)
        summary = normalise.text(str(event.get("SUMMARY", "")))
        key = uid or _synthetic_uid(summary, when)
        if series:
            original = event.get("RECURRENCE-ID")
            key = f"{key}/{_stamp(self._aware(original.dt) if original else when)}"
        organizer = _party(event.get("ORGANIZER"))
        attendees = [p for p in map(_party, _as_list(event.get("ATTENDEE"))) if p is not None]
        parties = unique_parties(([organizer] if organizer else []) + attendees)
        if not attendees or len(parties) < 2:
            yield Skipped(origin, "event without attendees")
            return
        where = f"{event.get('LOCATION', '')} {event.get('DESCRIPTION', '')}"
        if len(parties) > LARGE_GATHERING:
            channel = Channel.EVENT
        elif _VIDEO.search(where) or "X-GOOGLE-CONFERENCE" in event:
            channel = Channel.VIDEO
        else:
            channel = Channel.IN_PERSON
        yield InteractionRecord(
            origin=origin,
            key=key,
            when=when,
            channel=channel,
            parties=parties,
            initiator=organizer,
            note=summary,
            thread=uid,
        )
        others = [p for p in parties if p.email not in self.me]
        if len(parties) <= MAX_TIE_GROUP:
            confidence = round(min(0.8, 2 / len(parties)), 2)
            evidence = f"both at '{summary or 'an event'}' on {when.date().isoformat()}"
            for a, b in combinations(others, 2):
                yield TieRecord(origin, a, b, "co-attendee", confidence, evidence)

    def _aware(self, value: date | datetime) -> datetime:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=self.tz)
        return datetime.combine(value, time(0), tzinfo=self.tz)


def _cancelled(event: Any) -> bool:
    return str(event.get("STATUS", "")).upper() == "CANCELLED"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _party(value: Any) -> Party | None:
    """Someone on an event by their mailto: address; rooms, decliners and the nameless are not."""
    if value is None:
        return None
    params = getattr(value, "params", {})
    if str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
        return None
    if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
        return None
    address = str(value)
    if not address.lower().startswith("mailto:"):
        address = str(params.get("EMAIL", "")) if "@" not in address else address
    address = normalise.email(address)
    if "@" not in address:
        return None
    return Party(address, normalise.text(str(params.get("CN", ""))).strip('"'))


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _synthetic_uid(summary: str, when: datetime) -> str:
    digest = hashlib.sha1(f"{summary}|{_stamp(when)}".encode(), usedforsecurity=False)
    return f"no-uid-{digest.hexdigest()[:16]}"


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
