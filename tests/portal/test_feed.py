"""The private calendar feed: parses as iCalendar, follows changes and cancellations, and
stops working when its address is reset."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from activities.models import Activity, SignUp
from activities.services import activity_cancel, activity_update, signup_cancel
from tests.factories import ActivityFactory, SignUpFactory


def _feed(client, volunteer):
    response = client.get(reverse("portal:calendar_feed", kwargs={"token": volunteer.calendar_token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def _an_hour_ago(activity, signup):
    # As if both were made an hour ago, so a change now is visibly later.
    earlier = timezone.now() - datetime.timedelta(hours=1)
    Activity.objects.filter(pk=activity.pk).update(updated_at=earlier)
    SignUp.objects.filter(pk=signup.pk).update(queued_at=earlier, created_at=earlier)


def test_feed_carries_my_activities_with_time_place_and_uid(client, world, activity):
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    ActivityFactory(title="别人的活动", community=world.community)
    events = _feed(client, world.volunteer_profile)
    assert list(events) == ["周六义剪"]
    event = events["周六义剪"]
    assert event.decoded("dtstart") == activity.start.replace(microsecond=0)
    assert event.decoded("dtend") == activity.end.replace(microsecond=0)
    assert str(event["location"]) == "泉韵社区老党员之家"
    assert str(event["status"]) == "CONFIRMED"
    assert "围裙" in str(event["description"])


def test_feed_follows_a_change_of_time(client, world, activity):
    signup = SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    _an_hour_ago(activity, signup)
    before = _feed(client, world.volunteer_profile)["周六义剪"]
    activity.refresh_from_db()
    new_start = activity.start + datetime.timedelta(hours=2)
    activity_update(
        activity=activity,
        by_user=world.staff,
        data={"start": new_start, "end": new_start + datetime.timedelta(hours=2)},
    )
    after = _feed(client, world.volunteer_profile)["周六义剪"]
    assert after.decoded("dtstart") == new_start.replace(microsecond=0)
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("last-modified") > before.decoded("last-modified")


def test_feed_marks_my_cancelled_sign_up_as_cancelled(client, world, activity):
    signup = SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    _an_hour_ago(activity, signup)
    before = _feed(client, world.volunteer_profile)["周六义剪"]
    signup_cancel(signup=signup, by_user=world.volunteer)
    events = _feed(client, world.volunteer_profile)
    (event,) = events.values()
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == str(before["uid"])
    assert int(event["sequence"]) > int(before["sequence"])


def test_feed_marks_an_activity_cancelled_by_staff(client, world, activity):
    signup = SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    _an_hour_ago(activity, signup)
    activity_cancel(activity=activity, by_user=world.staff, reason="下雨")
    (event,) = _feed(client, world.volunteer_profile).values()
    assert str(event["status"]) == "CANCELLED"


def test_waiting_list_entry_is_tentative(client, world, activity):
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile, status=SignUp.Status.WAITLISTED)
    (event,) = _feed(client, world.volunteer_profile).values()
    assert str(event["status"]) == "TENTATIVE"


def test_resetting_the_address_retires_the_old_one(vclient, world):
    old = world.volunteer_profile.calendar_token
    page = vclient.get(reverse("portal:calendar")).content.decode()
    assert old in page and "webcal://" in page
    response = vclient.post(reverse("portal:calendar"), follow=True)
    world.volunteer_profile.refresh_from_db()
    new = world.volunteer_profile.calendar_token
    assert new != old and new in response.content.decode()
    assert vclient.get(reverse("portal:calendar_feed", kwargs={"token": old})).status_code == 404
    assert vclient.get(reverse("portal:calendar_feed", kwargs={"token": new})).status_code == 200


@pytest.mark.parametrize("token", ["nope", "x" * 32])
def test_unknown_feed_token_is_not_found(client, db, token):
    assert client.get(reverse("portal:calendar_feed", kwargs={"token": token})).status_code == 404
