"""Activity reminders: who is reminded, who is not, and that a second run adds nothing."""

from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from activities.models import Activity, SignUp
from activities.services import activity_cancel, activity_update
from activities.tasks import activity_reminders
from notifications.models import Notification
from tests.factories import ActivityFactory, SignUpFactory, UserFactory, VolunteerFactory

from .conftest import inbox

REMINDER = Notification.Kind.ACTIVITY_REMINDER


def volunteer_with_login(community, name):
    return VolunteerFactory(community=community, name=name, user=UserFactory())


def test_reminder_goes_to_confirmed_volunteers_only_once(world):
    soon = ActivityFactory(community=world.community, title="义剪", start=timezone.now() + datetime.timedelta(hours=10))
    confirmed = volunteer_with_login(world.community, "张确认")
    waitlisted = volunteer_with_login(world.community, "李候补")
    cancelled = volunteer_with_login(world.community, "王取消")
    no_login = VolunteerFactory(community=world.community, name="赵无号")
    SignUpFactory(activity=soon, volunteer=confirmed)
    SignUpFactory(activity=soon, volunteer=waitlisted, status=SignUp.Status.WAITLISTED)
    SignUpFactory(activity=soon, volunteer=cancelled, status=SignUp.Status.CANCELLED)
    SignUpFactory(activity=soon, volunteer=no_login)
    # Too far ahead, a draft, and a cancelled activity: nobody there is reminded now.
    later = ActivityFactory(community=world.community, start=timezone.now() + datetime.timedelta(hours=30))
    draft = ActivityFactory(
        community=world.community, status=Activity.Status.DRAFT, start=timezone.now() + datetime.timedelta(hours=5)
    )
    called_off = ActivityFactory(
        community=world.community, status=Activity.Status.CANCELLED, start=timezone.now() + datetime.timedelta(hours=5)
    )
    for activity in (later, draft, called_off):
        SignUpFactory(activity=activity, volunteer=world.volunteer_profile)

    assert activity_reminders.apply().get() == 1
    assert activity_reminders.apply().get() == 0  # the second run (a retry, a duplicated beat) adds nothing

    [reminder] = inbox(confirmed.user, REMINDER)
    assert "义剪" in reminder.title
    assert reminder.url == f"/me/activities/{soon.pk}/"
    for user in (waitlisted.user, cancelled.user, world.volunteer):
        assert inbox(user, REMINDER) == []
    assert Notification.objects.filter(kind=REMINDER).count() == 1


def test_reminder_hours_come_from_settings(world, settings):
    settings.ACTIVITY_REMINDER_HOURS = 48
    activity = ActivityFactory(community=world.community, start=timezone.now() + datetime.timedelta(hours=30))
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    activity_reminders.apply()
    assert len(inbox(world.volunteer, REMINDER)) == 1


def test_moved_activity_notifies_the_change_and_is_reminded_again(world):
    activity = ActivityFactory(community=world.community, start=timezone.now() + datetime.timedelta(hours=6))
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    activity_reminders.apply()
    new_start = activity.start + datetime.timedelta(hours=3)
    activity_update(
        activity=activity,
        by_user=world.staff,
        data={"start": new_start, "end": new_start + datetime.timedelta(hours=2)},
    )
    activity_reminders.apply()
    activity_reminders.apply()
    assert len(inbox(world.volunteer, Notification.Kind.ACTIVITY_CHANGED)) == 1
    assert len(inbox(world.volunteer, REMINDER)) == 2  # one per start time


def test_replaying_a_day_reminds_what_that_days_runs_would_have(world):
    day = timezone.localdate() + datetime.timedelta(days=5)
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    next_morning = ActivityFactory(community=world.community, start=at + datetime.timedelta(days=1))
    two_days_on = ActivityFactory(community=world.community, start=at + datetime.timedelta(days=2))
    SignUpFactory(activity=next_morning, volunteer=world.volunteer_profile)
    SignUpFactory(activity=two_days_on, volunteer=world.volunteer_profile)

    call_command("run_task", "activity-reminders", "--date", day.isoformat(), stdout=io.StringIO())

    [reminder] = inbox(world.volunteer, REMINDER)
    assert reminder.dedup_key.startswith(f"activity-reminder:{next_morning.pk}:")


def test_cancelled_activity_notifies_the_cancellation_and_no_reminder(world):
    activity = ActivityFactory(community=world.community, start=timezone.now() + datetime.timedelta(hours=6))
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    activity_cancel(activity=activity, by_user=world.staff, reason="暴雨")
    activity_reminders.apply()
    assert inbox(world.volunteer, REMINDER) == []
    [cancelled] = inbox(world.volunteer, Notification.Kind.ACTIVITY_CANCELLED)
    assert "暴雨" in cancelled.body
