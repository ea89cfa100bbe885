"""Calendar periods the rules are counted in: quarters for the contact system, months for statistics."""

from __future__ import annotations

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the quarter that contains `day`."""
    first_month = (quarter_of(day) - 1) * 3 + 1
    start = datetime.date(day.year, first_month, 1)
    if first_month == 10:
        end = datetime.date(day.year, 12, 31)
    else:
        end = datetime.date(day.year, first_month + 3, 1) - datetime.timedelta(days=1)
    return start, end


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = day.replace(day=1)
    nxt = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, nxt - datetime.timedelta(days=1)


def anniversary(of: datetime.date, year: int) -> datetime.date:
    """The date's anniversary in `year`; 29 February falls on 28 February in common years."""
    try:
        return of.replace(year=year)
    except ValueError:
        return of.replace(year=year, day=28)


def next_anniversary(of: datetime.date, on_or_after: datetime.date) -> datetime.date:
    this_year = anniversary(of, on_or_after.year)
    if this_year >= on_or_after:
        return this_year
    return anniversary(of, on_or_after.year + 1)


def full_years(since: datetime.date, on: datetime.date) -> int:
    years = on.year - since.year
    if (on.month, on.day) < (since.month, since.day):
        years -= 1
    return years
