"""Editing a recurring activity: activities.services.series_update and its pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivitySeries, ServiceType
from activities.services import series_generate, series_update
from community.periods import today
from notifications.models import Notification
from tests.factories import SignUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(world) -> ActivitySeries:
    """Every Wednesday and Saturday at 09:00 in 泉韵社区, with eight weeks generated."""
    series = ActivitySeries.objects.create(
        title="义剪",
        service_type=ServiceType.objects.get(code="haircut"),
        team=world.team,
        street=world.street,
        community=world.community,
        rrule="FREQ=WEEKLY;BYDAY=WE,SA",
        starts_on=today(),
        start_time=datetime.time(9, 0),
        duration_minutes=120,
        capacity=10,
    )
    series_generate(series=series, until=today() + datetime.timedelta(weeks=8))
    return series


def local_days(series) -> set[int]:
    return {
        timezone.localtime(a.start).weekday()
        for a in series.occurrences.filter(start__gt=timezone.now()).exclude(status="cancelled")
    }


def test_new_time_and_details_reach_upcoming_occurrences(world, weekly):
    signup = SignUpFactory(activity=weekly.occurrences.order_by("start").first(), volunteer=world.volunteer_profile)
    counts = series_update(
        series=weekly,
        by_user=world.staff,
        data={"start_time": datetime.time(14, 30), "capacity": 20, "title": "下午义剪"},
    )
    assert counts["cancelled"] == 0 and counts["updated"] >= 15
    upcoming = list(weekly.occurrences.filter(start__gt=timezone.now()))
    assert {timezone.localtime(a.start).strftime("%H:%M") for a in upcoming} == {"14:30"}
    assert {(a.title, a.capacity) for a in upcoming} == {("下午义剪", 20)}
    assert Notification.objects.filter(recipient=signup.volunteer.user, kind="activity_changed").exists()
    # No duplicates: generating again finds every day taken.
    assert series_generate(series=weekly, until=today() + datetime.timedelta(weeks=8)) == []


def test_dropping_a_weekday_cancels_its_occurrences_and_adding_one_creates_them(world, weekly):
    counts = series_update(series=weekly, by_user=world.staff, data={"rrule": "FREQ=WEEKLY;BYDAY=SA,SU"})
    assert counts["cancelled"] >= 7 and counts["created"] >= 7
    assert local_days(weekly) == {5, 6}


def test_an_occurrence_moved_by_hand_keeps_its_time(world, weekly):
    moved = weekly.occurrences.order_by("start")[2]
    moved.start += datetime.timedelta(hours=1)
    moved.end += datetime.timedelta(hours=1)
    moved.save()
    series_update(series=weekly, by_user=world.staff, data={"start_time": datetime.time(8, 0), "title": "早场义剪"})
    moved.refresh_from_db()
    assert timezone.localtime(moved.start).strftime("%H:%M") == "10:00"
    assert moved.title == "早场义剪"


def test_a_cancelled_occurrence_stays_cancelled_when_the_time_changes(world, weekly):
    cancelled = weekly.occurrences.order_by("start")[1]
    cancelled.status = "cancelled"
    cancelled.save()
    day = timezone.localtime(cancelled.start).date()
    series_update(series=weekly, by_user=world.staff, data={"start_time": datetime.time(15, 0)})
    live_that_day = [
        a for a in weekly.occurrences.exclude(status="cancelled") if timezone.localtime(a.start).date() == day
    ]
    assert live_that_day == []


def test_only_managers_of_the_series_may_change_it(world, weekly):
    with pytest.raises(PermissionDenied):
        series_update(series=weekly, by_user=world.neighbour_staff, data={"title": "不行"})
    series_update(series=weekly, by_user=world.leader, data={"title": "队长改名"})  # leads the series' team
    assert weekly.occurrences.filter(title="队长改名").exists()


def test_series_pages(staff_client, world, weekly):
    assert weekly.title in staff_client.get(reverse("web:series_list")).content.decode()
    detail = staff_client.get(reverse("web:series_detail", args=[weekly.pk])).content.decode()
    assert "每周" in detail and "09:00" in detail
    form = staff_client.get(reverse("web:series_edit", args=[weekly.pk])).context["form"]
    assert form.initial["weekdays"] == ["WE", "SA"]


def test_series_edit_page_changes_the_rule(staff_client, world, weekly):
    response = staff_client.post(
        reverse("web:series_edit", args=[weekly.pk]),
        {
            "title": "义剪",
            "service_type": weekly.service_type_id,
            "team": world.team.pk,
            "frequency": "monthly",
            "month_day": "15",
            "start_time": "09:00",
            "duration_minutes": "120",
            "starts_on": today().isoformat(),
            "target_group": "all",
            "capacity": "10",
        },
    )
    assert response.status_code == 302
    weekly.refresh_from_db()
    assert weekly.rrule == "FREQ=MONTHLY;BYMONTHDAY=15"
    live = weekly.occurrences.filter(start__gt=timezone.now()).exclude(status="cancelled")
    assert {timezone.localtime(a.start).day for a in live} == {15}


def test_series_of_another_community_is_404(staff_client, world):
    other = ActivitySeries.objects.create(
        title="别人的",
        service_type=ServiceType.objects.get(code="haircut"),
        street=world.street,
        community=world.neighbour,
        rrule="FREQ=WEEKLY;BYDAY=MO",
        starts_on=today(),
        start_time=datetime.time(9, 0),
    )
    assert staff_client.get(reverse("web:series_detail", args=[other.pk])).status_code == 404
    assert staff_client.get(reverse("web:series_edit", args=[other.pk])).status_code == 404
