"""Reading dates the way people type them, one way only.

A date is an ISO date or datetime (``2026-03-12``, ``2026-03-12T09:30+01:00``), a
phrase (``yesterday``, ``3 weeks ago``, ``12 March 2026``) or, once the user has
said which order they write numbers in (``DMY``, ``MDY`` or ``YMD``, a
preference kept in the database), a numeric date such as ``03/04/2026``. A numeric
date without that order could be read two ways and is refused, and so is a bare
number (``3``, ``1111111111``): neither is guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING

from kithkin.errors import InvalidDate, InvalidInput

if TYPE_CHECKING:
    from kithkin.service.app import App

FORMS = "write e.g. 2026-03-12, 2026-03-12T09:30, yesterday, '3 weeks ago' or '12 March 2026'"
DATE_ORDER = "date_order"  # the preference's name

# Digits in two or three groups split by one of / . - (not ISO, which is read first).
NUMERIC = re.compile(r"(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{1,4}))?")
BARE_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


class DateOrder(StrEnum):
    DMY = "DMY"
    MDY = "MDY"
    YMD = "YMD"


def parse_date_order(text: str) -> DateOrder:
    try:
        return DateOrder(text.strip().upper())
    except ValueError:
        raise InvalidInput(
            f"a date order is DMY (31/12/2026), MDY (12/31/2026) or YMD (2026/12/31), not '{text}'"
        ) from None


def date_order(app: App) -> DateOrder | None:
    """The order the user writes numeric dates in, if they said."""
    with app.uow() as uow:
        found = uow.preferences.get(DATE_ORDER)
    return DateOrder(found) if found is not None and found in DateOrder.__members__ else None


def set_date_order(app: App, order: DateOrder) -> None:
    with app.uow() as uow:
        uow.preferences.set(DATE_ORDER, order.value)
        uow.commit()


def when_of(app: App, text: str) -> datetime:
    """:func:`parse_when` with the user's date order, read only when a date needs it."""
    order = date_order(app) if NUMERIC.fullmatch(text.strip()) else None
    return parse_when(text, app.now(), order)


def day_of(app: App, text: str) -> date:
    return when_of(app, text).date()


def _utc(parsed: datetime, text: str) -> datetime:
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise InvalidDate(
            f"'{text}' is out of range: a date runs from year 1 to year 9999 in UTC"
        ) from None


def _numeric(match: re.Match[str], text: str, order: DateOrder | None, now: datetime) -> datetime:
    first, _, second, third = match.groups()
    if len(first) == 4:  # a year first is read one way only: year, month, day
        order = DateOrder.YMD
    if order is None:
        raise InvalidDate(
            f"'{text}' can be read more than one way; write it as YYYY-MM-DD (e.g. 2026-03-12)",
            see="date_order",
        )
    if third is None:  # no year: this year's, or last year's if that is still to come
        day, month = (first, second) if order is DateOrder.DMY else (second, first)
        if order is DateOrder.YMD:
            raise InvalidDate(f"'{text}' has no year; {FORMS}")
        year = now.year
    else:
        parts = {
            DateOrder.DMY: (third, second, first),
            DateOrder.MDY: (third, first, second),
            DateOrder.YMD: (first, second, third),
        }[order]
        year_text, month, day = parts
        if len(year_text) != 4:
            raise InvalidDate(f"'{text}': write the year with four digits ({order.value} order)")
        year = int(year_text)
    try:
        found = datetime(year, int(month), int(day))
        if third is None and found.date() > now.date():
            found = found.replace(year=year - 1)
    except ValueError:
        raise InvalidDate(f"'{text}' is not a date in {order.value} order; {FORMS}") from None
    return found


def parse_when(text: str, now: datetime, order: DateOrder | None = None) -> datetime:
    """An aware UTC datetime for ``text``, relative phrases counted from ``now``."""
    raw = text.strip()
    if not raw:
        raise InvalidDate(f"an empty date; {FORMS}")
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        parsed = None
    if parsed is None and BARE_NUMBER.fullmatch(raw):
        raise InvalidDate(f"'{text}' is a bare number, not a date; {FORMS}")
    if parsed is None and (match := NUMERIC.fullmatch(raw)):
        parsed = _numeric(match, raw, order, now)
    if parsed is None:
        # Imported here: dateparser takes a tenth of a second to load, and ISO dates skip it.
        import dateparser

        try:
            parsed = dateparser.parse(
                raw,
                settings={
                    "RELATIVE_BASE": now.astimezone(UTC).replace(tzinfo=None),
                    "PREFER_DATES_FROM": "past",
                    "RETURN_AS_TIMEZONE_AWARE": False,
                    "DATE_ORDER": (order or DateOrder.YMD).value,
                    "PARSERS": ["relative-time", "absolute-time"],
                },
                languages=["en"],
            )
        except (OverflowError, ValueError):
            parsed = None
        if parsed is None:
            raise InvalidDate(f"cannot read the date '{text}'; {FORMS}") from None
    return _utc(parsed, text)


def parse_day(text: str, now: datetime, order: DateOrder | None = None) -> date:
    return parse_when(text, now, order).date()


def parse_now(text: str) -> datetime:
    """``--now``: an ISO date or datetime; a bare date means noon UTC that day."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidDate(f"'today' is an ISO date such as 2026-06-01, not '{text}'") from None
    if len(text.strip()) <= 10:
        parsed = datetime.combine(parsed.date(), time(12, 0))
    return _utc(parsed, text)
