"""Reading dates the way people type them: ISO forms and phrases like ``3 weeks ago``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from kithkin.errors import InvalidDate


def parse_when(text: str, now: datetime) -> datetime:
    """An aware UTC datetime for ``text``, relative phrases counted from ``now``."""
    raw = text.strip()
    if not raw:
        raise InvalidDate("an empty date; write e.g. 2026-03-12, yesterday or '3 weeks ago'")
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        # Imported here: dateparser takes a tenth of a second to load, and ISO dates skip it.
        import dateparser

        parsed = dateparser.parse(
            raw,
            settings={
                "RELATIVE_BASE": now.astimezone(UTC).replace(tzinfo=None),
                "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
                "DATE_ORDER": "YMD",
            },
            languages=["en"],
        )
        if parsed is None:
            raise InvalidDate(
                f"cannot read the date '{text}'; write e.g. 2026-03-12, yesterday or '3 weeks ago'"
            ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_day(text: str, now: datetime) -> date:
    return parse_when(text, now).date()


def parse_now(text: str) -> datetime:
    """``--now``: an ISO date or datetime; a bare date means noon UTC that day."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidDate(f"--now takes an ISO date such as 2026-06-01, not '{text}'") from None
    if len(text.strip()) <= 10:
        parsed = datetime.combine(parsed.date(), time(12, 0))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
