import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def time_machine_today(monkeypatch):
    """Set the local date the rules see as "today" (quarters, ages, anniversaries)."""
    real_localdate = timezone.localdate

    def set_today(day: datetime.date) -> None:
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, timezone=None: day if value is None else real_localdate(value, timezone),
        )

    return set_today
