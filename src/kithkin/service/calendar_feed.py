"""The agenda as an iCalendar feed: one all-day event per item, for any calendar app.

All-day VEVENTs rather than VTODOs, because the common calendar apps import
events but many ignore tasks. A UID is stable for a person, a kind of reason
and a week, so re-importing this week's feed updates the events instead of
doubling them. Snoozed ties are not in the agenda, so not in the feed.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event

from kithkin.insight.agenda import Agenda, AgendaItem

PRODID = "-//Kithkin//Agenda//EN"
RANK = "X-KITHKIN-RANK"  # the item's place in the agenda, 1 first


def item_uid(item: AgendaItem) -> str:
    year, week, _ = item.due.isocalendar()
    kind = item.kind.value.replace(" ", "-")
    return f"agenda-{item.person}-{kind}-{year}W{week:02d}@kithkin"


def summary(item: AgendaItem) -> str:
    return f"Contact {item.name}: {item.reason}"


def agenda_ics(agenda: Agenda) -> bytes:
    """The agenda's items as an iCalendar file, in agenda order."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Kithkin agenda")
    for rank, item in enumerate(agenda.items, 1):
        event = Event()
        event.add("uid", item_uid(item))
        event.add("dtstamp", agenda.now)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", summary(item))
        lines = [item.suggestion, "", f"Why: {item.reason}"]
        lines += [f"Also: {also}" for also in item.also]
        event.add("description", "\n".join(lines))
        event.add("categories", [item.kind.value])
        event.add("transp", "TRANSPARENT")  # a reminder, not busy time
        event.add(RANK, str(rank))
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
