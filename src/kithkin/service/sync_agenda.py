"""``--publish-agenda``: the weekly agenda written into a calendar as tasks (VTODO).

Each item is one resource named after its UID (stable for a person, a reason and
a week), so a sync rewrites a task only when its text changed and removes the
tasks no longer on the agenda: updated, never doubled."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import quote

from icalendar import Calendar, Todo

from kithkin.insight.agenda import AgendaItem
from kithkin.service.agenda import build
from kithkin.service.app import App
from kithkin.service.calendar_feed import PRODID, item_uid, summary


def task(item: AgendaItem, now: datetime) -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    todo = Todo()
    todo.add("uid", item_uid(item))
    todo.add("dtstamp", now)
    todo.add("summary", summary(item))
    todo.add("description", item.suggestion)
    todo.add("due", item.due)
    todo.add("status", "NEEDS-ACTION")
    calendar.add_component(todo)
    return bytes(calendar.to_ical()).decode()


def _digest(item: AgendaItem) -> str:
    text = "\n".join((item_uid(item), summary(item), item.suggestion, item.due.isoformat()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def publish(app: App, http: Any, calendar: str, published: dict[str, str]) -> dict[str, str]:
    """Write the agenda's tasks that changed, delete those gone; what is published now."""
    from kithkin.service import sync_dav as dav

    agenda = build(app)
    now = app.now()
    wanted = {item_uid(i): i for i in agenda.items}
    base = calendar if calendar.endswith("/") else calendar + "/"
    out: dict[str, str] = {}
    for uid, item in wanted.items():
        digest = _digest(item)
        if published.get(uid) != digest:
            dav.put(http, base + quote(uid) + ".ics", task(item, now), "text/calendar")
        out[uid] = digest
    for uid in set(published) - set(wanted):
        response = http.delete(base + quote(uid) + ".ics")
        if response.status_code not in (200, 204, 404):
            raise dav.DavError(f"{base}: DELETE answered HTTP {response.status_code}")
    return out
