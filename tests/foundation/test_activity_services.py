"""Sign-up, waiting list, check-in, hours and recurrence rules of activities/services.py."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivitySeries, ServiceRecord, ServiceType, SignUp
from notifications.models import Notification
from tests.factories import ActivityFactory, UserFactory, VolunteerFactory


@pytest.fixture
def activity(world):
    return ActivityFactory(community=world.community, team=world.team, capacity=2)


def _volunteer_with_login(world, name):
    user = UserFactory(community=world.community)
    return VolunteerFactory(name=name, community=world.community, user=user)


def test_signups_beyond_capacity_go_to_the_waiting_list_in_order(world, activity):
    people = [_volunteer_with_login(world, f"甲{i}") for i in range(4)]
    signups = [services.signup_create(activity=activity, volunteer=v, by_user=world.staff) for v in people]
    assert [s.status for s in signups] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [s.waitlist_position for s in signups[2:]] == [1, 2]


def test_cancel_promotes_the_first_in_line_and_tells_them(world, activity):
    people = [_volunteer_with_login(world, f"乙{i}") for i in range(3)]
    first, _, waiting = (services.signup_create(activity=activity, volunteer=v, by_user=world.staff) for v in people)
    services.signup_cancel(signup=first, by_user=first.volunteer.user)
    waiting.refresh_from_db()
    assert waiting.status == SignUp.Status.CONFIRMED and waiting.promoted_at is not None
    note = Notification.objects.get(recipient=waiting.volunteer.user)
    assert note.kind == Notification.Kind.WAITLIST_PROMOTED and activity.title in note.title


def test_signing_up_again_after_cancelling_reuses_the_row_at_the_back_of_the_queue(world, activity):
    volunteer = _volunteer_with_login(world, "丙")
    signup = services.signup_create(activity=activity, volunteer=volunteer, by_user=volunteer.user)
    services.signup_cancel(signup=signup, by_user=volunteer.user)
    again = services.signup_create(activity=activity, volunteer=volunteer, by_user=volunteer.user)
    assert again.pk == signup.pk and again.status == SignUp.Status.CONFIRMED
    with pytest.raises(ValidationError, match="已报名|already signed up"):
        services.signup_create(activity=activity, volunteer=volunteer, by_user=volunteer.user)


def test_volunteer_cannot_cancel_after_the_cutoff_but_staff_can(world, settings):
    settings.SIGNUP_CANCEL_CUTOFF_HOURS = 2
    soon = ActivityFactory(community=world.community, start=timezone.now() + datetime.timedelta(hours=1))
    volunteer = _volunteer_with_login(world, "丁")
    signup = services.signup_create(activity=soon, volunteer=volunteer, by_user=volunteer.user)
    with pytest.raises(ValidationError):
        services.signup_cancel(signup=signup, by_user=volunteer.user)
    assert services.signup_cancel(signup=signup, by_user=world.staff).status == SignUp.Status.CANCELLED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Activity.Status.DRAFT}, "not open|未开放"),
        ({"signup_deadline_hours": -1}, "closed|截止"),
        ({"requires_insurance": True}, "insurance|保险"),
    ],
)
def test_signup_refusals_explain_why(world, change, message):
    activity = ActivityFactory(community=world.community)
    if "signup_deadline_hours" in change:
        activity.signup_deadline = timezone.now() + datetime.timedelta(hours=change.pop("signup_deadline_hours"))
    for key, value in change.items():
        setattr(activity, key, value)
    activity.save()
    with pytest.raises(ValidationError, match=message):
        services.signup_create(activity=activity, volunteer=world.volunteer_profile, by_user=world.volunteer)


def test_teenager_without_guardian_consent_is_refused(world, activity):
    teen = VolunteerFactory(
        community=world.community, birth_date=timezone.localdate() - datetime.timedelta(days=16 * 366)
    )
    with pytest.raises(ValidationError, match="guardian|监护人"):
        services.signup_create(activity=activity, volunteer=teen, by_user=world.staff)
    teen.guardian_consent_on = timezone.localdate()
    teen.save()
    assert services.signup_create(activity=activity, volunteer=teen, by_user=world.staff).status == "confirmed"


def test_other_communitys_private_activity_is_refused(world):
    faraway = ActivityFactory(community=world.faraway)
    with pytest.raises(ValidationError):
        services.signup_create(activity=faraway, volunteer=world.volunteer_profile, by_user=world.volunteer)


def test_staff_cannot_sign_up_someone_outside_their_scope(world, activity):
    stranger = VolunteerFactory(community=world.neighbour)
    with pytest.raises(PermissionDenied):
        services.signup_create(activity=activity, volunteer=stranger, by_user=world.staff)


def test_double_booking_at_the_same_time_is_refused(world, activity):
    services.signup_create(activity=activity, volunteer=world.volunteer_profile, by_user=world.volunteer)
    clash = ActivityFactory(community=world.community, start=activity.start + datetime.timedelta(minutes=30))
    with pytest.raises(ValidationError, match=activity.title):
        services.signup_create(activity=clash, volunteer=world.volunteer_profile, by_user=world.volunteer)


def _started_activity(world, hours_ago=3, length=2):
    start = timezone.now() - datetime.timedelta(hours=hours_ago)
    return ActivityFactory(
        community=world.community, team=world.team, start=start, end=start + datetime.timedelta(hours=length)
    )


def test_hours_come_from_check_in_and_out_rounded_to_half_hours(world):
    activity = _started_activity(world)
    signup = SignUp.objects.create(activity=activity, volunteer=world.volunteer_profile, status="confirmed")
    services.signup_check_in(signup=signup, by_user=world.leader, at=activity.start + datetime.timedelta(minutes=10))
    services.signup_check_out(signup=signup, by_user=world.leader, at=activity.start + datetime.timedelta(minutes=95))
    assert services.proposed_hours(signup) == Decimal("1.50")  # 85 minutes → 1.5 h
    record = services.hours_confirm(signup=signup, by_user=world.leader)
    assert record.status == ServiceRecord.Status.CONFIRMED and record.hours == Decimal("1.50")
    assert world.volunteer_profile.confirmed_hours == Decimal("1.50")


def test_without_checkout_the_planned_duration_is_proposed(world):
    activity = _started_activity(world, length=3)
    signup = SignUp.objects.create(activity=activity, volunteer=world.volunteer_profile, status="confirmed")
    assert services.proposed_hours(signup) == Decimal("3.00")


def test_correcting_hours_keeps_the_old_value_in_history(world):
    activity = _started_activity(world)
    signup = SignUp.objects.create(activity=activity, volunteer=world.volunteer_profile, status="confirmed")
    services.hours_confirm(signup=signup, by_user=world.staff)
    record = services.hours_confirm(signup=signup, by_user=world.staff, hours=Decimal("1.5"))
    assert ServiceRecord.objects.filter(volunteer=world.volunteer_profile).count() == 1
    assert [h.hours for h in record.history.order_by("history_date")] == [Decimal("2.00"), Decimal("1.50")]


def test_only_the_team_leader_of_the_activity_may_confirm_hours(world):
    activity = _started_activity(world)
    signup = SignUp.objects.create(activity=activity, volunteer=world.volunteer_profile, status="confirmed")
    for user in (world.volunteer, world.neighbour_staff):
        with pytest.raises(PermissionDenied):
            services.hours_confirm(signup=signup, by_user=user)


def test_qr_self_checkin_only_near_the_activity_time(world):
    activity = ActivityFactory(community=world.community, start=timezone.now() + datetime.timedelta(days=2))
    signup = SignUp.objects.create(activity=activity, volunteer=world.volunteer_profile, status="confirmed")
    with pytest.raises(ValidationError):
        services.signup_check_in(signup=signup, by_user=world.volunteer, method=SignUp.CheckMethod.QR)
    at = activity.start - datetime.timedelta(minutes=30)
    assert (
        services.signup_check_in(
            signup=signup, by_user=world.volunteer, method=SignUp.CheckMethod.QR, at=at
        ).checked_in_at
        == at
    )
    with pytest.raises(PermissionDenied):
        services.signup_check_in(signup=signup, by_user=world.leader, method=SignUp.CheckMethod.QR, at=at)


def test_publishing_an_activity_that_needs_insurance_requires_a_policy(world):
    activity = ActivityFactory(community=world.community, status=Activity.Status.DRAFT, requires_insurance=True)
    with pytest.raises(ValidationError):
        services.activity_publish(activity=activity, by_user=world.staff)
    activity.insurance_policy = "PICC-1"
    assert services.activity_publish(activity=activity, by_user=world.staff).status == Activity.Status.PUBLISHED


def test_cancelling_an_activity_tells_everyone_once(world, activity):
    services.signup_create(activity=activity, volunteer=world.volunteer_profile, by_user=world.volunteer)
    services.activity_cancel(activity=activity, by_user=world.staff)
    services.activity_cancel(activity=activity, by_user=world.staff)
    assert (
        Notification.objects.filter(recipient=world.volunteer, kind=Notification.Kind.ACTIVITY_CANCELLED).count() == 1
    )


def test_moving_an_activity_tells_people_and_raising_capacity_promotes(world, activity):
    people = [_volunteer_with_login(world, f"戊{i}") for i in range(3)]
    signups = [services.signup_create(activity=activity, volunteer=v, by_user=world.staff) for v in people]
    services.activity_update(
        activity=activity,
        by_user=world.staff,
        data={
            "capacity": 3,
            "start": activity.start + datetime.timedelta(hours=1),
            "end": activity.end + datetime.timedelta(hours=1),
        },
    )
    signups[2].refresh_from_db()
    assert signups[2].status == SignUp.Status.CONFIRMED
    assert Notification.objects.filter(kind=Notification.Kind.ACTIVITY_CHANGED).count() == 3


def test_series_generation_never_duplicates_or_revives(world):
    series = ActivitySeries.objects.create(
        title="周六义剪",
        service_type=ServiceType.objects.get(code="haircut"),
        street=world.street,
        community=world.community,
        rrule="FREQ=WEEKLY;BYDAY=SA",
        starts_on=datetime.date(2026, 11, 1),
        start_time=datetime.time(8, 30),
        duration_minutes=120,
    )
    first = services.series_generate(
        series=series, since=datetime.date(2026, 11, 23), until=datetime.date(2026, 12, 31)
    )
    assert [timezone.localtime(a.start).date() for a in first] == [
        datetime.date(2026, 11, 28),
        datetime.date(2026, 12, 5),
        datetime.date(2026, 12, 12),
        datetime.date(2026, 12, 19),
        datetime.date(2026, 12, 26),
    ]
    assert timezone.localtime(first[0].start).time() == datetime.time(8, 30)
    # One is moved to Sunday, one is cancelled by hand: neither comes back.
    moved, cancelled = Activity.objects.filter(series=series).order_by("start")[:2]
    moved.start += datetime.timedelta(days=1)
    moved.end += datetime.timedelta(days=1)
    moved.save()
    cancelled.status = Activity.Status.CANCELLED
    cancelled.save()
    again = services.series_generate(series=series, since=datetime.date(2026, 11, 23), until=datetime.date(2027, 1, 9))
    assert [timezone.localtime(a.start).date() for a in again] == [datetime.date(2027, 1, 2), datetime.date(2027, 1, 9)]
    assert Activity.objects.filter(series=series).count() == 7


def test_completing_an_activity_needs_it_to_have_ended(world):
    upcoming = ActivityFactory(community=world.community, team=world.team)
    with pytest.raises(ValidationError):
        services.activity_complete(activity=upcoming, by_user=world.leader)
    ended = _started_activity(world, hours_ago=5, length=2)
    done = services.activity_complete(activity=ended, by_user=world.leader, beneficiaries_count=35, summary="顺利")
    assert (done.status, done.beneficiaries_count, done.summary) == (Activity.Status.DONE, 35, "顺利")
    with pytest.raises(PermissionDenied):
        services.activity_complete(activity=ended, by_user=world.neighbour_staff)


def test_places_left_is_the_same_annotated_or_counted(world, django_assert_num_queries):
    activity = ActivityFactory(community=world.community, capacity=2)
    SignUp.objects.create(activity=activity, volunteer=world.volunteer_profile, status="confirmed")
    SignUp.objects.create(activity=activity, volunteer=world.leader_volunteer, status="waitlisted")
    assert (activity.places_left, activity.is_full) == (1, False)
    annotated = Activity.objects.with_counts().get(pk=activity.pk)
    with django_assert_num_queries(0):
        assert (annotated.places_left, annotated.is_full) == (1, False)
    activity.capacity = None
    assert activity.places_left is None and not activity.is_full
    assert activity.signup_is_open() and activity.cancel_is_open()
    activity.status = Activity.Status.DRAFT
    assert not activity.signup_is_open()


def test_closing_hours_after_the_end_marks_the_activity_done(world):
    ended = _started_activity(world, hours_ago=5, length=2)
    SignUp.objects.create(activity=ended, volunteer=world.volunteer_profile, status="confirmed")
    records = services.activity_hours_close(activity=ended, by_user=world.leader, beneficiaries_count=20, summary="")
    ended.refresh_from_db()
    assert [r.hours for r in records] == [Decimal("2.00")]
    assert (ended.status, ended.beneficiaries_count) == (Activity.Status.DONE, 20)


def test_closing_hours_while_running_records_figures_but_not_done(world):
    running = _started_activity(world, hours_ago=1, length=3)
    SignUp.objects.create(activity=running, volunteer=world.volunteer_profile, status="confirmed")
    services.activity_hours_close(activity=running, by_user=world.leader, beneficiaries_count=None, summary="进行中")
    running.refresh_from_db()
    assert (running.status, running.summary, running.beneficiaries_count) == (Activity.Status.PUBLISHED, "进行中", 0)
