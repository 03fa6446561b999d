"""iCalendar (.ics, RFC 5545) → one InteractionRecord per event occurrence.

Two passes over the file, each line by line: the first notes the time zones
and which series have modified occurrences; the second cuts out each event,
parses it with icalendar together with the time zones, and expands recurring
series with recurring-ical-events. An odd property (a broken ``RDATE``, a
second ``DTSTART``) is dropped with a warning naming its line and the event is
kept; an event whose start cannot be read is one BadRecord naming its line.

Work is bounded whatever the file says: a series is expanded from its start
up to the import's ``now`` (what comes after is a plan, not an interaction),
keeping at most ``MAX_PER_EVENT`` occurrences per series (the latest ones) and
``MAX_PER_FILE`` per file, and a rule that repeats more often than hourly is
not expanded at all.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from warnings import catch_warnings, simplefilter
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from kithkin.errors import ImportFailed
from kithkin.ingest import normalise
from kithkin.ingest.lines import Block, blocks, numbered_lines, open_binary, unfolded
from kithkin.ingest.mail_headers import display_name
from kithkin.ingest.records import (
    BadRecord,
    InteractionRecord,
    Notice,
    Origin,
    Party,
    Record,
    Skipped,
    unique_parties,
)
from kithkin.model import Channel

SOURCE = "ics"
LARGE_GATHERING = 8  # more people than this and a meeting is an event
# A weekly meeting for twenty years is about 1,000 occurrences, a daily one for four;
# the latest 1,000 of a series are all a strength or a cadence can still use.
MAX_PER_EVENT = 1_000
# A working calendar of ten years holds about 5,000 meetings; four times that from
# series alone is a file of runaway rules.
MAX_PER_FILE = 20_000
MAX_PER_DAY = 24  # a rule repeating more often than hourly describes no meeting
EARLIEST_YEAR = 1900  # year 1 (Go's zero time) and the like are placeholders, not dates
_KINDS = frozenset({"VEVENT"})
_VIDEO = re.compile(
    r"zoom\.us/|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|webex\.com|"
    r"whereby\.com|meet\.jit\.si|gotomeeting\.com|chime\.aws|facetime|skype\.com",
    re.IGNORECASE,
)
_NOT_PEOPLE = {"ROOM", "RESOURCE"}
# Attendees who were not, or will not be, at the meeting (RFC 5545 3.2.12, 3.2.16).
_ABSENT_STATUS = {"DECLINED", "DELEGATED"}
# Properties that appear once in an event; a second copy is dropped with a warning.
_SINGLE = (
    "DTSTART",
    "DTEND",
    "DURATION",
    "RECURRENCE-ID",
    "UID",
    "STATUS",
    "SUMMARY",
    "ORGANIZER",
    "LOCATION",
    "DESCRIPTION",
    "SEQUENCE",
    "DTSTAMP",
)
# What a broken property can be left out of the event without losing the event.
_RECURRENCE = ("RDATE", "EXDATE", "RRULE", "EXRULE")
_PER_DAY = {"SECONDLY": 86_400, "MINUTELY": 1_440, "HOURLY": 24}
_PERIOD_DAYS = {"DAILY": 1.0, "WEEKLY": 7.0, "MONTHLY": 30.0, "YEARLY": 365.0}


@dataclass(slots=True)
class _Survey:
    """What the first pass learns about the calendar."""

    calendar: bool = False
    text: bool = False
    timezones: list[str] = field(default_factory=list)
    zone: str = ""  # X-WR-TIMEZONE: the zone of floating times and all-day events
    overridden: set[str] = field(default_factory=set)  # UIDs with modified occurrences


def parse(
    path: Path,
    *,
    me: Sequence[str] = (),
    region: str = "US",
    window: tuple[datetime, datetime] | None = None,
    now: datetime | None = None,
) -> Iterator[Record]:
    """Every event occurrence of the calendar: an interaction (and ties), Skipped or BadRecord.

    Recurring series are expanded inside ``window``: by default from each
    series' start to ``now`` (the import's time). Events after ``now`` are plans
    and are skipped.
    """
    survey = _survey(path)
    if not survey.calendar:
        if survey.text:
            raise ImportFailed(
                f"{path}: not an iCalendar file (no BEGIN:VCALENDAR or BEGIN:VEVENT line)"
            )
        return
    if window is None:
        window = (datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC), now or datetime.now(UTC))
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
                # Bare VEVENT blocks without their VCALENDAR (libical's test files, some
                # exporters' fragments) are still events: read them.
                survey.calendar = survey.calendar or marker in ("VCALENDAR", "VEVENT")
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
            elif depth == ["VCALENDAR"] and name == "X-WR-TIMEZONE":
                survey.zone = _value(line)
    return survey


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    # OSError: a TZID naming a folder of the zone database ("America") or a file
    # that cannot be read is as unknown as a misspelt one.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


class _Unusable(Exception):
    """The event's core (its start) cannot be read: the event is a BadRecord."""


def _event_lines(block: Block) -> list[str]:
    """The block's lines with Exchange's spaces inside recurrence rules taken out.

    Exchange writes ``RRULE:FREQ=WEEKLY;BYDAY=MO, TU``; the rule is clear, only
    the spaces are not RFC 5545, so they are removed rather than the rule dropped.
    """
    out: list[str] = []
    for _, line in block.lines:
        if _name(line) in ("RRULE", "EXRULE"):
            head, _, value = line.partition(":")
            line = f"{head}:{''.join(value.split())}"
        out.append(line)
    return out


def _has_attendee(block: Block) -> bool:
    """Whether the event itself names an attendee (an alarm's ATTENDEE is whom it e-mails)."""
    depth = 0
    for _, line in block.lines:
        name = _name(line)
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth = max(0, depth - 1)
        elif name == "ATTENDEE" and depth == 0:
            return True
    return False


def _line_of(block: Block, name: str, nth: int = 0) -> int:
    """The line number of the ``nth`` property ``name`` in the block (else the block's)."""
    seen = 0
    for number, line in block.lines:
        if _name(line) == name:
            if seen == nth:
                return number
            seen += 1
    return block.start


def _short_value(value: Any) -> str:
    raw = value if isinstance(value, icalendar.prop.vBroken) else value.to_ical()
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _freq(rule: Any) -> tuple[str, int]:
    try:
        return str(rule.get("FREQ", [""])[0]).upper(), max(1, int(rule.get("INTERVAL", [1])[0]))
    except (TypeError, ValueError, IndexError, AttributeError):
        return "", 1


def _per_day(rule: Any) -> float:
    """About how many occurrences a day a recurrence rule makes, at most (from its parts)."""
    freq, interval = _freq(rule)
    if freq in _PER_DAY:
        return _PER_DAY[freq] / interval
    within_day = 1
    for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        within_day *= max(1, len(rule.get(part, [])))
    days = max(1, len(rule.get("BYDAY", [])), len(rule.get("BYMONTHDAY", [])))
    period = _PERIOD_DAYS.get(freq, 1.0)
    return within_day * min(days, period) / period / interval


def _dense(rule: Any) -> str:
    """Why a recurrence rule repeats more often than any meeting, or ""."""
    if _per_day(rule) <= MAX_PER_DAY:
        return ""
    freq, interval = _freq(rule)
    return f"FREQ={freq}" + (f";INTERVAL={interval}" if interval > 1 else "")


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
        self.expanded = 0  # occurrences of series so far, against MAX_PER_FILE
        self.file_capped = False

    def events(self, group: list[Block]) -> Iterator[Record]:
        uid = _uid(group[0])
        origin = Origin(SOURCE, self.file, f"line {group[0].start} (event {uid or 'without UID'})")
        problems = [b for b in group if b.problem]
        if problems:
            yield BadRecord(origin, problems[0].problem)
            return
        warnings: list[Notice] = []
        if not any(_has_attendee(block) for block in group):
            # Checked before expanding: a series nobody attends is one skip, not a thousand.
            yield Skipped(origin, "event without attendees")
            return
        try:
            with catch_warnings():
                # icalendar warns on stderr about what it guessed (a vendor TZID prefix);
                # the import reports what matters in its own summary.
                simplefilter("ignore")
                calendar = self._calendar(group, origin, warnings)
                occurrences, series = self._occurrences(calendar, group, origin, warnings)
        except _Unusable as exc:
            yield BadRecord(origin, str(exc))
            return
        except Exception as exc:  # icalendar raises many kinds; one event must not stop the rest
            yield BadRecord(origin, f"cannot read this event: {_short(exc)}")
            return
        yield from warnings
        if isinstance(occurrences, str):
            yield Skipped(origin, occurrences)
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

    def _calendar(self, group: list[Block], origin: Origin, warnings: list[Notice]) -> Any:
        """The series as a calendar, each odd property dropped with a warning."""
        text = self.head
        for block in group:
            text += "BEGIN:VEVENT\r\n" + "".join(line + "\r\n" for line in _event_lines(block))
            text += "END:VEVENT\r\n"
        calendar = icalendar.Calendar.from_ical(text + "END:VCALENDAR\r\n")
        for block, event in zip(group, calendar.walk("VEVENT"), strict=False):
            self._tidy(block, event, origin, warnings)
        return calendar

    def _tidy(self, block: Block, event: Any, origin: Origin, warnings: list[Notice]) -> None:
        def warn(name: str, nth: int, why: str) -> None:
            where = Origin(SOURCE, self.file, f"line {_line_of(block, name, nth)} ({name})")
            warnings.append(Notice(where, why))

        for name in _SINGLE:
            value = event.get(name)
            if isinstance(value, list) and value:
                for nth, extra in enumerate(value[1:], 1):
                    warn(name, nth, f"second {name} dropped: '{_short_value(extra)}'")
                event.pop(name)
                event.add(name, value[0])
        for name, error in list(getattr(event, "errors", [])):
            if name not in event:
                continue
            if name == "DTSTART":
                raise _Unusable(f"DTSTART is not a date or time: '{_short_value(event[name])}'")
            warn(name, 0, f"{name} dropped: {_short_text(error)}")
            event.pop(name)
        start = event.get("DTSTART")
        if start is not None and isinstance(getattr(start, "dt", None), date):
            rule = event.get("RRULE")
            rules = rule if isinstance(rule, list) else [rule] if rule is not None else []
            why = next((d for d in map(_dense, rules) if d), "")
            if why:
                warn(
                    "RRULE",
                    0,
                    f"RRULE dropped: {why} repeats more than {MAX_PER_DAY} times a day, "
                    "more often than any meeting; only its first occurrence is read",
                )
                event.pop("RRULE")

    def _occurrences(
        self, calendar: Any, group: list[Block], origin: Origin, warnings: list[Notice]
    ) -> tuple[list[Any] | str, bool]:
        """The occurrences of one event or series (or why there are none), and if it is a series."""
        components = list(calendar.walk("VEVENT"))
        starts = [self._start(c) for c in components]
        known = [s for s in starts if s is not None]
        if not known:
            return "event without a start", False
        if max(known).year < EARLIEST_YEAR:
            return f"event dated before {EARLIEST_YEAR} (year {min(known).year})", False
        if len(group) == 1 and not any(p in components[0] for p in ("RRULE", "RDATE")):
            if known[0] > self.window[1]:
                return "planned event (after the import)", False
            return components, False
        if min(known) > self.window[1]:
            return "planned event (after the import)", True
        for attempt in range(len(_RECURRENCE) + 1):
            try:
                rules = [r for c in components for r in _as_list(c.get("RRULE"))]
                return self._expand(calendar, min(known), rules, origin, warnings), True
            except Exception as exc:
                # A property the expansion chokes on is dropped, the least needed first.
                dropped = next(
                    (n for n in _RECURRENCE[attempt:] if any(n in c for c in components)), ""
                )
                if not dropped:
                    raise
                for block, component in zip(group, components, strict=False):
                    if dropped in component:
                        component.pop(dropped)
                        where = Origin(
                            SOURCE, self.file, f"line {_line_of(block, dropped)} ({dropped})"
                        )
                        warnings.append(Notice(where, f"{dropped} dropped: {_short(exc)}"))
        raise _Unusable("cannot expand this recurring event")

    def _expand(
        self,
        calendar: Any,
        first: datetime,
        rules: list[Any],
        origin: Origin,
        warnings: list[Notice],
    ) -> list[Any] | str:
        """The latest occurrences of a series inside the window, within the caps.

        Walked back from the window's end in spans sized to hold about
        ``MAX_PER_EVENT`` occurrences at the rule's own pace (doubled while they
        come back short): each span is one query, and every query costs the rule's
        occurrences from its start up to the span's end, so a walk forward in small
        steps would cost their square.
        """
        if self.file_capped:
            return f"recurring event past the cap of {MAX_PER_FILE:,} occurrences per file"
        begin, end = self.window
        begin = max(begin, first)
        per_day = max((_per_day(r) for r in rules), default=1.0)
        span = timedelta(days=min(max(MAX_PER_EVENT / per_day, 1.0), 100 * 365.0))
        query = recurring_ical_events.of(calendar)
        found: dict[datetime, Any] = {}
        stop = end
        while stop > begin and len(found) <= MAX_PER_EVENT:
            start = max(begin, stop - span)
            before = len(found)
            for occurrence in query.between(start, stop):
                when = self._start(occurrence)
                if when is not None and begin <= when <= end:
                    found.setdefault(when, occurrence)
            if len(found) - before < MAX_PER_EVENT // 2:
                span *= 2
            stop = start
        latest = sorted(found)[-MAX_PER_EVENT:]
        if len(found) > MAX_PER_EVENT:
            warnings.append(
                Notice(
                    origin,
                    f"recurring event cut at the cap of {MAX_PER_EVENT:,} occurrences per event: "
                    f"the latest {len(latest):,}, from {latest[0].date().isoformat()}, kept",
                )
            )
        room = MAX_PER_FILE - self.expanded
        if len(latest) > room:
            self.file_capped = True
            latest = latest[len(latest) - room :]
            warnings.append(
                Notice(
                    origin,
                    f"recurring events cut at the cap of {MAX_PER_FILE:,} occurrences per file: "
                    "later series are skipped",
                )
            )
        self.expanded += len(latest)
        if not latest:
            return "recurring event with no occurrence in the window"
        return [found[when] for when in latest]

    def _start(self, event: Any) -> datetime | None:
        value = getattr(event.get("DTSTART"), "dt", None)
        if not isinstance(value, date):
            return None
        try:
            return self._aware(value)
        except (OverflowError, ValueError):
            return None

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
    """Someone at an event by their mailto: address.

    Rooms, resources, those who declined or delegated, non-participants (copied
    for information) and the nameless are not.
    """
    if value is None:
        return None
    params = getattr(value, "params", {})
    if str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
        return None
    if str(params.get("PARTSTAT", "")).upper() in _ABSENT_STATUS:
        return None
    if str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT":
        return None
    address = str(value)
    if not address.lower().startswith("mailto:"):
        address = str(params.get("EMAIL", "")) if "@" not in address else address
    address = normalise.email(address)
    if "@" not in address:
        return None
    # Outlook writes CN="Raman, Priya"; a CN that is an address names nobody.
    return Party(address, display_name(str(params.get("CN", ""))))


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _synthetic_uid(summary: str, when: datetime) -> str:
    digest = hashlib.sha1(f"{summary}|{_stamp(when)}".encode(), usedforsecurity=False)
    return f"no-uid-{digest.hexdigest()[:16]}"


def _short(exc: Exception) -> str:
    return _short_text(str(exc)) or "not in the form RFC 5545 gives"


def _short_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:117] + "..."
