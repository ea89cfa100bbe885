"""Recurring series kept 8 weeks ahead without duplicates, the waiting-list safety net, and
star-level congratulations."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from activities.models import Activity, ActivitySeries, ServiceRecord, ServiceType, SignUp
from activities.tasks import series_generate_upcoming, waitlist_promote_due
from notifications.models import Notification
from tests.factories import ActivityFactory, SignUpFactory, UserFactory, VolunteerFactory
from volunteers.tasks import star_levels

from .conftest import inbox

D = datetime.date


def saturday_haircuts(world, **extra) -> ActivitySeries:
    return ActivitySeries.objects.create(
        title="周六义剪",
        service_type=ServiceType.objects.get(code="haircut"),
        team=world.team,
        street=world.street,
        community=world.community,
        rrule="FREQ=WEEKLY;BYDAY=SA",
        starts_on=D(2026, 11, 1),
        start_time=datetime.time(9, 0),
        duration_minutes=120,
        **extra,
    )


def occurrence_days(series) -> list[datetime.date]:
    return sorted(timezone.localtime(a.occurrence_start).date() for a in series.occurrences.all())


def test_series_keeps_eight_weeks_generated_without_duplicates(world):
    series = saturday_haircuts(world)
    saturdays = [D(2026, 11, 28) + datetime.timedelta(weeks=n) for n in range(8)]  # up to 2027-01-18

    assert series_generate_upcoming.apply(kwargs={"day": "2026-11-23"}).get() == 8
    assert occurrence_days(series) == saturdays

    # Staff cancel one occurrence and move another by hand; neither comes back as a new one.
    cancelled = series.occurrences.get(occurrence_start__date=D(2026, 12, 5))
    cancelled.status = Activity.Status.CANCELLED
    cancelled.save()
    moved = series.occurrences.get(occurrence_start__date=D(2026, 12, 12))
    moved.start += datetime.timedelta(days=1)
    moved.end += datetime.timedelta(days=1)
    moved.save()

    assert series_generate_upcoming.apply(kwargs={"day": "2026-11-23"}).get() == 0
    assert series_generate_upcoming.apply(kwargs={"day": "2026-11-30"}).get() == 1  # a week on: one more Saturday
    assert occurrence_days(series) == [*saturdays, D(2027, 1, 23)]
    assert Activity.objects.get(pk=cancelled.pk).status == Activity.Status.CANCELLED
    assert timezone.localtime(Activity.objects.get(pk=moved.pk).start).date() == D(2026, 12, 13)
    assert all(a.start.hour == 1 for a in series.occurrences.exclude(pk=moved.pk))  # 09:00 in Shanghai is 01:00 UTC


def test_inactive_and_ended_series_generate_nothing(world):
    saturday_haircuts(world, is_active=False)
    saturday_haircuts(world, ends_on=D(2026, 11, 20))
    assert series_generate_upcoming.apply(kwargs={"day": "2026-11-23"}).get() == 0
    assert not Activity.objects.exists()


def test_free_place_goes_to_the_first_in_line_who_is_told(world):
    activity = ActivityFactory(community=world.community, capacity=1, title="健康义诊")
    SignUpFactory(activity=activity, volunteer=VolunteerFactory(community=world.community))
    first = SignUpFactory(
        activity=activity,
        volunteer=world.volunteer_profile,
        status=SignUp.Status.WAITLISTED,
        queued_at=timezone.now() - datetime.timedelta(hours=2),
    )
    second_user = UserFactory()
    second = SignUpFactory(
        activity=activity,
        volunteer=VolunteerFactory(community=world.community, user=second_user),
        status=SignUp.Status.WAITLISTED,
        queued_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert waitlist_promote_due.apply().get() == 0  # no free place yet

    # A place freed by a change that did not go through signup_cancel (e.g. in admin).
    Activity.objects.filter(pk=activity.pk).update(capacity=2)
    assert waitlist_promote_due.apply().get() == 1
    assert waitlist_promote_due.apply().get() == 0

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED)
    [told] = inbox(world.volunteer, Notification.Kind.WAITLIST_PROMOTED)
    assert "健康义诊" in told.title
    assert inbox(second_user) == []


def confirmed_hours(volunteer, hours: int) -> None:
    while hours > 0:
        chunk = min(hours, 20)
        ServiceRecord.objects.create(
            volunteer=volunteer,
            community=volunteer.community,
            date=D(2026, 10, 1),
            hours=Decimal(chunk),
            status=ServiceRecord.Status.CONFIRMED,
        )
        hours -= chunk


def test_star_level_is_congratulated_once_per_level(world):
    confirmed_hours(world.volunteer_profile, 100)
    confirmed_hours(world.leader_volunteer, 99)
    ServiceRecord.objects.create(
        volunteer=world.leader_volunteer,
        community=world.community,
        date=D(2026, 10, 2),
        hours=Decimal(5),
        status=ServiceRecord.Status.PROPOSED,  # not confirmed: does not count
    )

    assert star_levels.apply().get() == 1
    assert star_levels.apply().get() == 0
    [one_star] = inbox(world.volunteer, Notification.Kind.STAR_LEVEL)
    assert "1" in one_star.title and "100" in one_star.body
    assert inbox(world.leader, Notification.Kind.STAR_LEVEL) == []

    confirmed_hours(world.volunteer_profile, 200)
    assert star_levels.apply().get() == 1
    assert [n.dedup_key for n in inbox(world.volunteer, Notification.Kind.STAR_LEVEL)] == [
        f"star-level:{world.volunteer_profile.pk}:1",
        f"star-level:{world.volunteer_profile.pk}:2",
    ]
