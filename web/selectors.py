"""Read-only figures for the dashboard, computed live from the user's scoped querysets.

Each monthly series is one aggregate query grouped by month (not one query per month).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from activities.models import Activity, ServiceRecord
from casework.models import MediationCase, ResidentRequest
from community.periods import month_bounds, quarter_bounds, quarter_of, today
from members.models import ContactLog, Member
from volunteers.models import Volunteer


@dataclass(frozen=True)
class MonthFigures:
    activities: int
    hours: Decimal
    people_served: int
    volunteers_served: int
    active_volunteers: int


def _day_range(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware datetimes from the start of `start` to the start of the day after `end` (local time)."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz),
        timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz),
    )


def month_figures(user, day: datetime.date | None = None) -> MonthFigures:
    day = day or today()
    first, last = month_bounds(day)
    since, until = _day_range(first, last)
    activities = (
        Activity.objects.visible_to(user)
        .filter(start__gte=since, start__lt=until)
        .exclude(status__in=[Activity.Status.CANCELLED, Activity.Status.DRAFT])
        .aggregate(count=Count("pk"), served=Sum("beneficiaries_count"))
    )
    records = (
        ServiceRecord.objects.visible_to(user)
        .confirmed()
        .filter(date__range=(first, last))
        .aggregate(hours=Sum("hours"), people=Count("volunteer", distinct=True))
    )
    return MonthFigures(
        activities=activities["count"],
        hours=records["hours"] or Decimal(0),
        people_served=activities["served"] or 0,
        volunteers_served=records["people"],
        active_volunteers=Volunteer.objects.visible_to(user).active().count(),
    )


@dataclass(frozen=True)
class Coverage:
    contacted: int
    total: int
    quarter: int
    year: int
    start: datetime.date
    end: datetime.date

    @property
    def percent(self) -> int:
        return round(100 * self.contacted / self.total) if self.total else 0

    @property
    def missing(self) -> int:
        return self.total - self.contacted


def contact_coverage(user, day: datetime.date | None = None) -> Coverage:
    day = day or today()
    contacted, total = Member.objects.visible_to(user).contact_coverage(day)
    start, end = quarter_bounds(day)
    return Coverage(contacted, total, quarter_of(day), day.year, start, end)


def members_to_contact(user, limit: int = 8):
    """Active members not contacted this quarter, care-managed (frail) ones first."""
    return (
        Member.objects.visible_to(user)
        .active()
        .not_contacted_in_quarter()
        .select_related("grid")
        .order_by("management_mode", "name", "pk")[:limit]  # "care" sorts before "direct"
    )


def upcoming_activities(user, limit: int = 6):
    return (
        Activity.objects.visible_to(user)
        .upcoming()
        .exclude(status=Activity.Status.CANCELLED)
        .with_counts()
        .select_related("service_type", "site", "team")[:limit]
    )


def open_casework(user) -> dict:
    requests = ResidentRequest.objects.visible_to(user).filter(
        status__in=[ResidentRequest.Status.RAISED, ResidentRequest.Status.ASSIGNED]
    )
    cases = MediationCase.objects.visible_to(user).exclude(status__in=MediationCase.CLOSED_STATUSES)
    return {
        "requests": requests.order_by("raised_on", "pk")[:5],
        "request_count": requests.count(),
        "cases": cases.order_by("received_on", "pk")[:5],
        "case_count": cases.count(),
    }


def _anniversary_q(field: str, days: list[datetime.date]) -> Q:
    q = Q()
    for day in days:
        q |= Q(**{f"{field}__month": day.month, f"{field}__day": day.day})
        # 29 February anniversaries are kept on 28 February in common years.
        if day.month == 2 and day.day == 28 and not _is_leap(day.year):
            q |= Q(**{f"{field}__month": 2, f"{field}__day": 29})
    return q


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def anniversaries_this_week(user, day: datetime.date | None = None) -> dict:
    """Birthdays and political birthdays (Party anniversaries) of active members in the next 7 days."""
    day = day or today()
    days = [day + datetime.timedelta(days=n) for n in range(7)]
    members = Member.objects.visible_to(user).active()
    birthdays = sorted(
        members.filter(_anniversary_q("birth_date", days)),
        key=lambda m: m.next_birthday(day),
    )
    political = sorted(
        members.filter(is_party_member=True).filter(_anniversary_q("party_joined_on", days)),
        key=lambda m: m.next_political_birthday(day),
    )
    return {"birthdays": birthdays, "political": political, "until": days[-1]}


def last_months(day: datetime.date, count: int = 12) -> list[datetime.date]:
    """First days of the last `count` months, oldest first, ending with the month of `day`."""
    months = []
    current = day.replace(day=1)
    for _ in range(count):
        months.append(current)
        current = (current - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def monthly_series(user, day: datetime.date | None = None) -> dict:
    """Activities, service hours, people served and contacts per month for the last 12 months."""
    day = day or today()
    months = last_months(day)
    since, until = _day_range(months[0], month_bounds(day)[1])
    tz = timezone.get_current_timezone()

    def as_dict(rows, key="value"):
        out = {}
        for row in rows:
            month = row["month"]
            if isinstance(month, datetime.datetime):
                month = timezone.localtime(month, tz).date() if timezone.is_aware(month) else month.date()
            out[month.replace(day=1)] = row[key] or 0
        return out

    activity_rows = (
        Activity.objects.visible_to(user)
        .filter(start__gte=since, start__lt=until)
        .exclude(status__in=[Activity.Status.CANCELLED, Activity.Status.DRAFT])
        .annotate(month=TruncMonth("start", tzinfo=tz))
        .values("month")
        .annotate(value=Count("pk"), served=Sum("beneficiaries_count"))
        .order_by("month")
    )
    activity_rows = list(activity_rows)
    hour_rows = (
        ServiceRecord.objects.visible_to(user)
        .confirmed()
        .filter(date__gte=months[0], date__lte=month_bounds(day)[1])
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(value=Sum("hours"))
        .order_by("month")
    )
    contact_rows = (
        ContactLog.objects.visible_to(user)
        .filter(contacted_on__gte=months[0], contacted_on__lte=month_bounds(day)[1])
        .annotate(month=TruncMonth("contacted_on"))
        .values("month")
        .annotate(value=Count("pk"))
        .order_by("month")
    )
    activities = as_dict(activity_rows)
    served = as_dict(activity_rows, "served")
    hours = as_dict(hour_rows)
    contacts = as_dict(contact_rows)
    return {
        "labels": [f"{m:%Y-%m}" for m in months],
        "activities": [activities.get(m, 0) for m in months],
        "served": [served.get(m, 0) for m in months],
        "hours": [float(hours.get(m, 0)) for m in months],
        "contacts": [contacts.get(m, 0) for m in months],
    }
