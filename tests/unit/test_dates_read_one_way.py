"""Dates are read one way: ISO forms and phrases always; numeric dates only in the
order the user set; a bare number never."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kithkin.errors import InvalidDate, InvalidInput
from kithkin.service.when import DateOrder, parse_date_order, parse_day, parse_now, parse_when

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-12", date(2026, 3, 12)),
        ("2026-03-12T23:30-05:00", date(2026, 3, 13)),  # read in UTC
        ("2026/03/12", date(2026, 3, 12)),  # a year first is read one way only
        ("12 March 2026", date(2026, 3, 12)),
        ("yesterday", date(2026, 5, 31)),
        ("3 weeks ago", date(2026, 5, 11)),
    ],
)
def test_forms_that_mean_one_day_are_read_without_an_order(text: str, day: date) -> None:
    assert parse_day(text, NOW) == day


@pytest.mark.parametrize("text", ["03/04/2026", "3.4.2026", "03-04-2026", "3/4"])
def test_a_numeric_date_without_an_order_is_refused_with_the_iso_form(text: str) -> None:
    with pytest.raises(InvalidDate, match="more than one way; write it as YYYY-MM-DD") as err:
        parse_when(text, NOW)
    assert err.value.see == "date_order"


@pytest.mark.parametrize(
    ("order", "day"),
    [
        (DateOrder.DMY, date(2026, 4, 3)),
        (DateOrder.MDY, date(2026, 3, 4)),
    ],
)
def test_a_numeric_date_follows_the_order_set(order: DateOrder, day: date) -> None:
    assert parse_day("03/04/2026", NOW, order) == day
    assert parse_day("03.04.2026", NOW, order) == day


def test_a_numeric_date_without_a_year_is_the_last_one_not_to_come() -> None:
    assert parse_day("31/12", NOW, DateOrder.DMY) == date(2025, 12, 31)
    assert parse_day("1/5", NOW, DateOrder.DMY) == date(2026, 5, 1)


def test_an_impossible_numeric_date_is_refused() -> None:
    with pytest.raises(InvalidDate, match="not a date in MDY order"):
        parse_when("31/12/2026", NOW, DateOrder.MDY)


@pytest.mark.parametrize("text", ["3", "1111111111", "-5", "3.5"])
def test_a_bare_number_is_refused_with_the_forms_that_work(text: str) -> None:
    with pytest.raises(InvalidDate, match=r"bare number, not a date; write e\.g\. 2026-03-12"):
        parse_when(text, NOW, DateOrder.DMY)


@pytest.mark.parametrize(
    "text", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "9999-12-31T23:00-01:00"]
)
def test_a_date_out_of_range_at_any_offset_is_refused(text: str) -> None:
    with pytest.raises(InvalidDate, match="out of range"):
        parse_when(text, NOW)
    with pytest.raises(InvalidDate, match="out of range"):
        parse_now(text)


def test_a_date_order_is_one_of_three() -> None:
    assert parse_date_order("dmy") is DateOrder.DMY
    with pytest.raises(InvalidInput, match="DMY"):
        parse_date_order("DM")
