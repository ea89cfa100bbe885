"""Nightly statistics (queue `stats`)."""

from __future__ import annotations

import datetime

from celery import shared_task

from .services import statistics_nightly, statistics_recompute


@shared_task(acks_late=True)
def statistics_nightly_run(day: str | None = None) -> list[str]:
    """Recompute the month of the day and the one before, and every month changed since the
    last nightly run. Returns the months recomputed ("YYYY-MM")."""
    months = statistics_nightly(day=datetime.date.fromisoformat(day) if day else None)
    return [f"{month:%Y-%m}" for month in months]


@shared_task(acks_late=True)
def statistics_month(month: str) -> int:
    """Recompute one month ("YYYY-MM" or any date in it); returns the number of rows stored."""
    day = datetime.date.fromisoformat(f"{month}-01" if len(month) == 7 else month)
    return statistics_recompute(month=day)
