"""The platform's periodic schedule, declared in one place.

`manage.py setup_schedule` writes it to django-celery-beat's tables, where admins can change
times or switch a task off in Django admin; `manage.py run_task NAME --date YYYY-MM-DD` runs
any of them by hand for a day. Times are Asia/Shanghai.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Periodic:
    name: str  # the PeriodicTask's name, and the name `run_task` knows it by
    task: str  # the Celery task (module path of the function)
    description: Promise
    crontab: dict[str, str] = field(default_factory=dict)  # minute, hour, day_of_week, day_of_month, month_of_year


SCHEDULE: tuple[Periodic, ...] = (
    Periodic(
        "activity-reminders",
        "activities.tasks.activity_reminders",
        _("Remind volunteers with a confirmed place before an activity starts (ACTIVITY_REMINDER_HOURS)."),
        {"minute": "*/15"},
    ),
    Periodic(
        "waitlist-promote",
        "activities.tasks.waitlist_promote_due",
        _("Give free places of upcoming activities to the first on the waiting list."),
        {"minute": "7,37"},
    ),
    Periodic(
        "series-generate",
        "activities.tasks.series_generate_upcoming",
        _("Keep the next weeks of every recurring activity generated (SERIES_GENERATE_WEEKS)."),
        {"minute": "10", "hour": "2"},
    ),
    Periodic(
        "statistics-nightly",
        "reports.tasks.statistics_nightly_run",
        _("Recompute the monthly statistics of this month, last month and any month changed since."),
        {"minute": "30", "hour": "1"},
    ),
    Periodic(
        "star-levels",
        "volunteers.tasks.star_levels",
        _("Congratulate volunteers who reached a new star level."),
        {"minute": "0", "hour": "3"},
    ),
    Periodic(
        "birthday-greetings",
        "members.tasks.birthday_greetings",
        _("Tell community staff about today's political birthdays and birthdays of elderly members."),
        {"minute": "30", "hour": "7"},
    ),
    Periodic(
        "festival-visits",
        "members.tasks.festival_visits",
        _("Send the festival visit list to community staff a week before each traditional festival."),
        {"minute": "0", "hour": "8"},
    ),
    Periodic(
        "contact-reminders",
        "members.tasks.contact_reminders",
        _("In the last weeks of a quarter, list the members not yet contacted (weekly)."),
        {"minute": "30", "hour": "8"},
    ),
)

# Tasks `run_task` knows besides the schedule.
EXTRA_TASKS = {"statistics-month": "reports.tasks.statistics_month"}


def task_path(name: str) -> str | None:
    """The Celery task for a schedule name (or a task path given as it is)."""
    for periodic in SCHEDULE:
        if name in (periodic.name, periodic.task):
            return periodic.task
    if name in EXTRA_TASKS.values():
        return name
    return EXTRA_TASKS.get(name)
