"""Read-side queries of the volunteer portal. Every one starts from the user's scope
(`visible_to`) and narrows to the volunteer's own rows; lists cost a fixed number of queries
whatever their length."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from activities.models import Activity, ServiceRecord, SignUp
from community.scoping import Role
from volunteers.models import Volunteer

# How far back the calendar feed and the "past" list reach.
PAST_DAYS = 180


def volunteer_of(user) -> Volunteer | None:
    """The volunteer record behind a login (a team leader is usually a volunteer too)."""
    if not user.is_authenticated:
        return None
    volunteer = Volunteer.objects.visible_to(user).filter(user=user).select_related("community__street").first()
    if volunteer is not None:
        user.volunteer_profile = volunteer  # later scoping reads it from the user: no second query
    return volunteer


def activities_for(user) -> QuerySet[Activity]:
    """Activities this user may see as a volunteer. A team leader's staff scope does not show
    the public activities of other communities, so their volunteer view is added to it."""
    visible = Activity.objects.visible_to(user)
    if user.role != Role.VOLUNTEER and getattr(user, "volunteer_profile", None) is not None:
        as_volunteer = Activity.objects.all().visible_to_volunteer(user)
        visible = Activity.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=as_volunteer.values("pk")))
    return visible


def _waitlist_ahead() -> Coalesce:
    """How many people are ahead on the same activity's waiting list (the order of
    SignUp.waitlist_position, as one subquery instead of a query per row)."""
    ahead = (
        SignUp.objects.filter(activity=OuterRef("activity"), status=SignUp.Status.WAITLISTED)
        .filter(Q(queued_at__lt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0))


def my_signups(user, volunteer: Volunteer) -> QuerySet[SignUp]:
    return (
        SignUp.objects.visible_to(user)
        .filter(volunteer=volunteer)
        .select_related("activity__site", "activity__team", "activity__service_type")
    )


def upcoming_signups(user, volunteer: Volunteer, now: datetime.datetime | None = None) -> QuerySet[SignUp]:
    """My places and waiting-list entries for activities not over yet, soonest first."""
    now = now or timezone.now()
    return (
        my_signups(user, volunteer)
        .active()
        .filter(activity__end__gte=now)
        .exclude(activity__status=Activity.Status.DRAFT)
        .annotate(waitlist_ahead=_waitlist_ahead())
        .order_by("activity__start", "pk")
    )


def past_signups(user, volunteer: Volunteer, now: datetime.datetime | None = None) -> QuerySet[SignUp]:
    """Activities I had a place on that are over, with their ledger line when there is one."""
    now = now or timezone.now()
    return (
        my_signups(user, volunteer)
        .filter(status=SignUp.Status.CONFIRMED, activity__end__lt=now)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .select_related("service_record")
        .order_by("-activity__start", "-pk")
    )


def find_activities(
    user,
    volunteer: Volunteer,
    *,
    day: datetime.date | None = None,
    service_type_id: int | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[Activity]:
    """Published activities still to come that I may join, with counts and my own status."""
    now = now or timezone.now()
    mine = SignUp.objects.filter(activity=OuterRef("pk"), volunteer=volunteer).order_by()
    # Through pk__in: counting sign-ups on the scoped queryset would reuse the join its
    # visibility rule made on sign-ups and count only some of them.
    activities = (
        Activity.objects.filter(pk__in=activities_for(user).values("pk"))
        .filter(status=Activity.Status.PUBLISHED, start__gte=now)
        .with_counts()
        .annotate(my_status=Subquery(mine.values("status")[:1]))
        .select_related("site", "team", "service_type")
        .order_by("start", "pk")
    )
    if day is not None:
        tz = timezone.get_current_timezone()
        first = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), tz)
        activities = activities.filter(start__gte=first, start__lt=first + datetime.timedelta(days=1))
    if service_type_id is not None:
        activities = activities.filter(service_type_id=service_type_id)
    return activities


def records_by_year(user, volunteer: Volunteer) -> OrderedDict[int, dict]:
    """My service records grouped by year (newest first), each year with its confirmed total."""
    records = (
        ServiceRecord.objects.visible_to(user)
        .filter(volunteer=volunteer)
        .exclude(status=ServiceRecord.Status.VOID)
        .select_related("activity", "service_type")
        .order_by("-date", "-pk")
    )
    totals = dict(
        ServiceRecord.objects.visible_to(user)
        .filter(volunteer=volunteer, status=ServiceRecord.Status.CONFIRMED)
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values("year")
        .annotate(total=Sum("hours"))
        .values_list("year", "total")
    )
    years: OrderedDict[int, dict] = OrderedDict()
    for record in records:
        year = years.setdefault(
            record.date.year, {"total": totals.get(record.date.year) or Decimal("0"), "records": []}
        )
        year["records"].append(record)
    return years
