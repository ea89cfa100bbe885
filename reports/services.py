"""Computing the monthly statistics from the ledgers.

A month is recomputed as a whole: its rows are deleted and inserted again in one transaction,
under a lock on the month's StatisticMonth row, so running twice (a retry, a duplicated beat,
a hand run) gives the same table and readers never see half a month. Every figure comes from
a handful of GROUP BY queries, whatever the number of communities.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, ServiceRecord
from casework.models import MediationCase, ResidentRequest
from community.models import Community
from community.periods import month_bounds, quarter_bounds, today
from members.models import ContactLog, Member

from .models import CommunityIndicator, MonthlyStatistic, StatisticMonth

# Activities that count: held or to be held (not drafts, not cancelled).
COUNTED_ACTIVITY_STATUSES = (Activity.Status.PUBLISHED, Activity.Status.DONE)

Scope = MonthlyStatistic.Scope
# "Changed since" for a first run: everything ever written.
EVERYTHING = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return first_of_month(month.replace(day=1) - datetime.timedelta(days=1))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _blank() -> dict:
    return {
        "activities": 0,
        "people_served": 0,
        "volunteers_active": 0,
        "service_hours": Decimal("0"),
        "members_total": 0,
        "members_contacted": 0,
        "requests_done": 0,
        "disputes_mediated": 0,
    }


def statistics_compute(*, month: datetime.date) -> dict[tuple, dict]:
    """The month's figures, keyed by (scope, street_id, community_id, team_id, service_type_id)."""
    first, last = month_bounds(month)
    cells: dict[tuple, dict] = defaultdict(_blank)
    street_of = dict(Community.objects.values_list("pk", "street_id"))

    def cell(scope, street_id, community_id, team_id=None, service_type_id=None) -> dict:
        return cells[(scope, street_id, community_id, team_id, service_type_id)]

    # Activities and people served, by the activity's start in local time.
    activities = Activity.objects.filter(
        status__in=COUNTED_ACTIVITY_STATUSES,
        start__gte=_local_midnight(first),
        start__lt=_local_midnight(last + datetime.timedelta(days=1)),
    )
    for extra, scope in ((None, Scope.COMMUNITY), ("team_id", Scope.TEAM), ("service_type_id", Scope.SERVICE_TYPE)):
        fields = ["street_id", "community_id"] + ([extra] if extra else [])
        rows = activities.values(*fields).annotate(n=Count("pk"), served=Coalesce(Sum("beneficiaries_count"), 0))
        for row in rows.order_by():
            if extra and row[extra] is None:
                continue  # no team: counted in the community total only
            key = {"team_id": None, "service_type_id": None, **({extra: row[extra]} if extra else {})}
            target = cell(scope, row["street_id"], row["community_id"], key["team_id"], key["service_type_id"])
            target["activities"] += row["n"]
            target["people_served"] += row["served"]

    # Confirmed service hours and distinct active volunteers, by the record's date and community.
    records = ServiceRecord.objects.confirmed().filter(date__range=(first, last))
    for extra, scope in (
        (None, Scope.COMMUNITY),
        ("activity__team_id", Scope.TEAM),
        ("service_type_id", Scope.SERVICE_TYPE),
    ):
        fields = ["community_id"] + ([extra] if extra else [])
        rows = records.values(*fields).annotate(hours=Sum("hours"), volunteers=Count("volunteer_id", distinct=True))
        for row in rows.order_by():
            if extra and row[extra] is None:
                continue
            team_id = row[extra] if scope == Scope.TEAM else None
            type_id = row[extra] if scope == Scope.SERVICE_TYPE else None
            target = cell(scope, street_of[row["community_id"]], row["community_id"], team_id, type_id)
            target["service_hours"] += row["hours"] or Decimal("0")
            target["volunteers_active"] += row["volunteers"]

    # Quarterly contact coverage, quarter to date at the month's end, among active members.
    quarter_start, _quarter_end = quarter_bounds(first)
    contacted = ContactLog.objects.filter(member=OuterRef("pk"), contacted_on__range=(quarter_start, last))
    members = (
        Member.objects.active()
        .annotate(contacted=Exists(contacted))
        .values("community_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(contacted=True)))
        .order_by()
    )
    for row in members:
        target = cell(Scope.COMMUNITY, street_of[row["community_id"]], row["community_id"])
        target["members_total"] = row["total"]
        target["members_contacted"] = row["done"]

    done_requests = (
        ResidentRequest.objects.filter(status=ResidentRequest.Status.DONE, done_on__range=(first, last))
        .values("community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in done_requests:
        cell(Scope.COMMUNITY, street_of[row["community_id"]], row["community_id"])["requests_done"] = row["n"]

    mediated = (
        MediationCase.objects.filter(status=MediationCase.Status.RESOLVED, closed_on__range=(first, last))
        .values("community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in mediated:
        cell(Scope.COMMUNITY, street_of[row["community_id"]], row["community_id"])["disputes_mediated"] = row["n"]

    return dict(cells)


def statistics_recompute(*, month: datetime.date, nightly_at: datetime.datetime | None = None) -> int:
    """Replace the stored statistics of one month by a fresh computation; return the row count."""
    month = first_of_month(month)
    StatisticMonth.objects.get_or_create(month=month)
    with transaction.atomic():
        # Lock first: a second run of the same month waits, then redoes the work on fresh data.
        stamp = StatisticMonth.objects.select_for_update().get(month=month)
        cells = statistics_compute(month=month)
        MonthlyStatistic.objects.filter(month=month).delete()
        MonthlyStatistic.objects.bulk_create(
            [
                MonthlyStatistic(
                    month=month,
                    scope=scope,
                    street_id=street_id,
                    community_id=community_id,
                    team_id=team_id,
                    service_type_id=type_id,
                    **figures,
                )
                for (scope, street_id, community_id, team_id, type_id), figures in cells.items()
            ],
            batch_size=1000,
        )
        stamp.computed_at = timezone.now()
        if nightly_at is not None:
            stamp.nightly_at = nightly_at
        stamp.save()
    return len(cells)


def _months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    month = first_of_month(first)
    while month <= last:
        months.append(month)
        month = first_of_month(month + datetime.timedelta(days=32))
    return months


def statistics_touched_months(*, since: datetime.datetime, until: datetime.date) -> set[datetime.date]:
    """Months whose figures may have changed since `since`: the months of records, activities,
    contacts, requests and cases written since then (up to the month of `until`)."""
    months: set[datetime.date] = set(ServiceRecord.objects.filter(updated_at__gte=since).dates("date", "month"))
    months.update(
        timezone.localtime(start).date()
        for start in Activity.objects.filter(updated_at__gte=since).datetimes("start", "month")
    )
    for month in ContactLog.objects.filter(created_at__gte=since).dates("contacted_on", "month"):
        # Coverage is quarter to date: a contact counts in every later month of its quarter.
        months.update(_months_between(month, quarter_bounds(month)[1]))
    months.update(
        ResidentRequest.history.filter(history_date__gte=since).exclude(done_on=None).dates("done_on", "month")
    )
    months.update(
        MediationCase.history.filter(history_date__gte=since).exclude(closed_on=None).dates("closed_on", "month")
    )
    last = first_of_month(until)
    return {month for month in months if month <= last}


def statistics_nightly(*, day: datetime.date | None = None) -> list[datetime.date]:
    """The nightly run: the month of `day` and the one before, plus every month changed since
    the previous nightly run started (the very first run fills in every month with data).
    Returns the months recomputed, oldest first."""
    started = timezone.now()
    day = day or today()
    current = first_of_month(day)
    months = {current, previous_month(current)}
    last_run = StatisticMonth.objects.exclude(nightly_at=None).order_by("-nightly_at").first()
    since = last_run.nightly_at if last_run is not None else EVERYTHING
    months |= statistics_touched_months(since=since, until=day)
    for month in sorted(months):
        statistics_recompute(month=month, nightly_at=started)
    return sorted(months)


# Whole counts; the fee payment rate is a percentage with decimals.
_PERCENT_KINDS = (CommunityIndicator.Kind.FEE_PAYMENT,)


def indicator_record(
    *,
    community: Community,
    month: datetime.date,
    kind: str,
    value: Decimal,
    by_user,
    note: str = "",
) -> CommunityIndicator:
    """Record (or correct) a community's "three up, three down" figure for one month.

    Only staff who see the community may record it; the month is stored as its first day and may
    not lie in the future; counts are whole numbers and not negative, the fee payment rate lies
    between 0 and 100. Raises PermissionDenied or ValidationError (user-facing messages)."""
    if not (by_user and by_user.is_authenticated and by_user.is_staff_role):
        raise PermissionDenied(_("Only community and street staff record community indicators."))
    if not Community.objects.visible_to(by_user).filter(pk=community.pk).exists():
        raise PermissionDenied(_("This community is outside your area."))
    if kind not in CommunityIndicator.Kind.values:
        raise ValidationError({"kind": _("Choose one of the listed indicators.")})
    month = first_of_month(month)
    if month > first_of_month(today()):
        raise ValidationError({"month": _("Indicators can only be recorded for this month or earlier months.")})
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"value": _("Enter a number.")}) from None
    if not value.is_finite() or value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if kind in _PERCENT_KINDS:
        if value > 100:
            raise ValidationError({"value": _("A rate is a percentage between 0 and 100.")})
        value = value.quantize(Decimal("0.01"))
    elif value != value.to_integral_value():
        raise ValidationError({"value": _("This indicator is a count: enter a whole number.")})
    if value >= Decimal("1e10"):
        raise ValidationError({"value": _("The value is too large.")})
    indicator, _created = CommunityIndicator.objects.update_or_create(
        community=community,
        month=month,
        kind=kind,
        defaults={"value": value, "note": (note or "").strip()[:200], "entered_by": by_user},
    )
    return indicator


def indicator_trend(*, values: list[Decimal | None]) -> str:
    """Compare the last two recorded values of a series (oldest first): "up", "down", "same",
    or "" when fewer than two months were recorded."""
    recorded = [v for v in values if v is not None]
    if len(recorded) < 2:
        return ""
    last, before = recorded[-1], recorded[-2]
    if last > before:
        return "up"
    if last < before:
        return "down"
    return "same"


def indicator_trend_is_better(*, trend: str, rising_is_good: bool) -> bool | None:
    """Whether a trend is an improvement for an indicator ("three up": rising is good)."""
    if trend in ("", "same"):
        return None
    return (trend == "up") == rising_is_good
