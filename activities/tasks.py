"""Periodic work on activities: reminders before the start, the next weeks of every recurring
series, and the waiting-list safety net. The rules themselves live in activities.services;
these tasks find what is due and call them.

Each periodic task takes an optional day ("YYYY-MM-DD", default today) so a day can be
replayed by hand (`manage.py run_task ... --date`), and is idempotent.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.periods import today
from notifications.models import Notification
from notifications.services import notify, sent_keys

from .models import Activity, ActivitySeries, SignUp
from .services import series_generate, waitlist_promote


def parse_day(day: str | datetime.date | None) -> datetime.date | None:
    if day is None or isinstance(day, datetime.date):
        return day
    return datetime.date.fromisoformat(day)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- Reminders --------------------------------------------------------------------------------


def reminder_window(day: datetime.date | None, now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Activities starting in (start, end] are due a reminder.

    A scheduled run covers the next ACTIVITY_REMINDER_HOURS from now. Replaying a day covers
    what the runs of that whole day would have: from its start (never the past) to the end of
    the day plus the reminder hours.
    """
    ahead = datetime.timedelta(hours=settings.ACTIVITY_REMINDER_HOURS)
    if day is None:
        return now, now + ahead
    return max(_local_midnight(day), now), _local_midnight(day + datetime.timedelta(days=1)) + ahead


def activity_reminders_send(*, start: datetime.datetime, end: datetime.datetime) -> int:
    """Remind everyone with a confirmed place in a published activity starting in (start, end].

    Keyed on the activity's start, so an activity moved to another time is reminded again.
    People on the waiting list or who cancelled are not reminded, nor anyone without a login.
    """
    signups = (
        SignUp.objects.filter(
            status=SignUp.Status.CONFIRMED,
            activity__status=Activity.Status.PUBLISHED,
            activity__start__gt=start,
            activity__start__lte=end,
            volunteer__user__is_active=True,
        )
        .select_related("activity__site", "volunteer__user")
        .order_by("activity__start", "pk")
    )
    planned = [
        (signup, f"activity-reminder:{signup.activity_id}:{signup.volunteer_id}:{signup.activity.start.isoformat()}")
        for signup in signups
    ]
    already = sent_keys(key for _signup, key in planned)
    sent = 0
    for signup, key in planned:
        if key in already:
            continue
        activity = signup.activity
        body = _("{title} starts on {start} at {place}.").format(
            title=activity.title,
            start=timezone.localtime(activity.start).strftime("%Y-%m-%d %H:%M"),
            place=activity.place or _("the place announced"),
        )
        if activity.what_to_bring:
            body += " " + _("Please bring: {things}.").format(things=activity.what_to_bring)
        if notify(
            recipient=signup.volunteer.user,
            kind=Notification.Kind.ACTIVITY_REMINDER,
            title=_("Reminder: {title}").format(title=activity.title),
            body=body,
            url=f"/me/activities/{activity.pk}/",
            dedup_key=key,
        ):
            sent += 1
    return sent


@shared_task(acks_late=True)
def activity_reminders(day: str | None = None) -> int:
    start, end = reminder_window(parse_day(day), timezone.now())
    return activity_reminders_send(start=start, end=end)


# --- Recurring series -------------------------------------------------------------------------


def series_generate_all(*, day: datetime.date) -> int:
    """Keep SERIES_GENERATE_WEEKS weeks of occurrences generated for every active series.
    series_generate never duplicates or revives an occurrence that exists in any state."""
    until = day + datetime.timedelta(weeks=settings.SERIES_GENERATE_WEEKS)
    created = 0
    series = ActivitySeries.objects.filter(is_active=True, starts_on__lte=until).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    for one in series.order_by("pk").iterator():
        created += len(series_generate(series=one, until=until, since=day))
    return created


@shared_task(acks_late=True)
def series_generate_upcoming(day: str | None = None) -> int:
    return series_generate_all(day=parse_day(day) or today())


# --- Waiting list -----------------------------------------------------------------------------


def waitlist_promote_all(*, now: datetime.datetime) -> int:
    """Give free places of upcoming published activities to the first in line (a safety net:
    a cancellation promotes at once; this catches places freed any other way)."""
    due = (
        Activity.objects.filter(status=Activity.Status.PUBLISHED, start__gt=now)
        .with_counts()
        .filter(waitlist_count__gt=0)
        .filter(Q(capacity__isnull=True) | Q(confirmed_count__lt=F("capacity")))
        .order_by("start", "pk")
    )
    return sum(len(waitlist_promote(activity=activity)) for activity in due)


@shared_task(acks_late=True)
def waitlist_promote_due(day: str | None = None) -> int:
    """The day is accepted for `run_task` but makes no difference: places are free now or not."""
    return waitlist_promote_all(now=timezone.now())
