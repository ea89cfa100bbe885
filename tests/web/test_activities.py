"""Activities in the staff workspace: create, edit, recurring series, calendar, sign-ups and
the waiting list, the check-in sheet, confirming hours and the printable sheet."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivitySeries, ServiceRecord, ServiceType, SignUp
from community.periods import today
from notifications.models import Notification
from tests.factories import ActivityFactory, SignUpFactory, UserFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def local(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def activity_post(**changes) -> dict:
    start = timezone.localtime() + datetime.timedelta(days=5)
    data = {
        "title": "周六义剪",
        "service_type": ServiceType.objects.get(code="haircut").pk,
        "start": local(start),
        "end": local(start + datetime.timedelta(hours=2)),
        "capacity": "10",
        "target_group": "elderly",
    }
    data.update(changes)
    return data


def test_staff_creates_and_publishes_an_activity_in_their_community(staff_client, world):
    response = staff_client.post(reverse("web:activity_create"), activity_post(publish="1"))
    activity = Activity.objects.get(title="周六义剪")
    assert response.url == reverse("web:activity_detail", args=[activity.pk])
    assert (activity.community, activity.street, activity.status) == (world.community, world.street, "published")
    assert activity.created_by == world.staff


def test_activity_with_end_before_start_keeps_input(staff_client):
    data = activity_post()
    data["end"], data["start"] = data["start"], data["end"]
    response = staff_client.post(reverse("web:activity_create"), data)
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间" in response.content.decode()
    assert 'value="周六义剪"' in response.content.decode()
    assert not Activity.objects.exists()


def test_activity_needing_insurance_is_saved_as_draft_with_a_warning(staff_client):
    response = staff_client.post(
        reverse("web:activity_create"), activity_post(publish="1", requires_insurance="on"), follow=True
    )
    assert Activity.objects.get().status == Activity.Status.DRAFT
    assert "已存为草稿" in response.content.decode()


def test_moving_an_activity_tells_those_signed_up(staff_client, world, mine):
    signup = SignUpFactory(activity=mine.activity, volunteer=world.volunteer_profile)
    new_start = mine.activity.start + datetime.timedelta(days=1)
    data = activity_post(
        title=mine.activity.title, start=local(new_start), end=local(new_start + datetime.timedelta(hours=2))
    )
    response = staff_client.post(reverse("web:activity_edit", args=[mine.activity.pk]), data)
    assert response.status_code == 302
    mine.activity.refresh_from_db()
    assert mine.activity.start == new_start.replace(second=0, microsecond=0)
    assert Notification.objects.filter(recipient=signup.volunteer.user, kind="activity_changed").exists()


def test_team_leader_cannot_edit_another_teams_activity(leader_client, world):
    other = ActivityFactory(community=world.community)  # no team: the community's own
    assert leader_client.get(reverse("web:activity_edit", args=[other.pk])).status_code == 403


def series_post(**changes) -> dict:
    data = {
        "title": "每周六义剪",
        "service_type": ServiceType.objects.get(code="haircut").pk,
        "frequency": "weekly",
        "weekdays": ["SA"],
        "start_time": "09:00",
        "duration_minutes": "120",
        "starts_on": today().isoformat(),
        "target_group": "all",
        "publish_occurrences": "on",
    }
    data.update(changes)
    return data


def test_weekly_series_makes_eight_weeks_of_occurrences(staff_client, world):
    response = staff_client.post(reverse("web:series_create"), series_post(weekdays=["SA", "WE"]))
    series = ActivitySeries.objects.get()
    assert series.rrule == "FREQ=WEEKLY;BYDAY=WE,SA"
    assert series.community == world.community
    occurrences = list(series.occurrences.order_by("start"))
    assert 15 <= len(occurrences) <= 17  # two a week for eight weeks
    assert {timezone.localtime(a.start).weekday() for a in occurrences} == {2, 5}
    assert all(a.status == "published" for a in occurrences)
    assert response.url.startswith(reverse("web:activity_calendar"))


def test_monthly_series_on_a_day(staff_client):
    staff_client.post(reverse("web:series_create"), series_post(frequency="monthly", weekdays=[], month_day="15"))
    series = ActivitySeries.objects.get()
    assert series.rrule == "FREQ=MONTHLY;BYMONTHDAY=15"
    assert {timezone.localtime(a.start).day for a in series.occurrences.all()} == {15}


def test_weekly_series_without_a_day_is_refused(staff_client):
    response = staff_client.post(reverse("web:series_create"), series_post(weekdays=[]))
    assert response.status_code == 200
    assert "请至少选择一天" in response.content.decode()
    assert not ActivitySeries.objects.exists()


def test_calendar_shows_the_month_and_the_week(staff_client, world):
    start = timezone.make_aware(datetime.datetime(2026, 12, 9, 9, 0))
    ActivityFactory(community=world.community, title="十二月活动", start=start)
    month = staff_client.get(reverse("web:activity_calendar"), {"date": "2026-12-01"})
    assert "十二月活动" in month.content.decode()
    week = staff_client.get(reverse("web:activity_calendar"), {"view": "week", "date": "2026-12-10"})
    assert "十二月活动" in week.content.decode()
    other_week = staff_client.get(reverse("web:activity_calendar"), {"view": "week", "date": "2026-12-20"})
    assert "十二月活动" not in other_week.content.decode()
    assert staff_client.get(reverse("web:activity_calendar"), {"date": "not-a-date"}).status_code == 200


def test_activity_list_filters_by_team_and_type(staff_client, world):
    ActivityFactory(community=world.community, team=world.team, title="队伍活动")
    ActivityFactory(community=world.community, title="社区活动", service_type=ServiceType.objects.get(code="patrol"))
    page = staff_client.get(reverse("web:activity_list"), {"team": world.team.pk}).context["page"]
    assert [a.title for a in page] == ["队伍活动"]
    patrol = ServiceType.objects.get(code="patrol").pk
    page = staff_client.get(reverse("web:activity_list"), {"service_type": patrol}).context["page"]
    assert [a.title for a in page] == ["社区活动"]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["web:activity_list", "web:activity_calendar"])
def test_activity_pages_query_count_does_not_grow_with_rows(staff_client, world, name):
    ActivityFactory(community=world.community, team=world.team)
    one = count_queries(staff_client, reverse(name))
    for n in range(29):
        ActivityFactory(
            community=world.community, team=world.team, start=timezone.now() + datetime.timedelta(hours=n + 1)
        )
    assert count_queries(staff_client, reverse(name)) == one


def test_staff_signs_up_a_volunteer_and_the_next_goes_to_the_waiting_list(staff_client, world, mine):
    mine.activity.capacity = 1
    mine.activity.save()
    first, second = VolunteerFactory(community=world.community), VolunteerFactory(community=world.community)
    url = reverse("web:signup_add", args=[mine.activity.pk])
    staff_client.post(url, {"volunteer": first.pk})
    response = staff_client.post(url, {"volunteer": second.pk}, follow=True)
    assert SignUp.objects.get(volunteer=first).status == "confirmed"
    assert SignUp.objects.get(volunteer=second).status == "waitlisted"
    assert "候补名单" in response.content.decode()


def test_volunteer_search_finds_only_volunteers_in_scope(staff_client, world, mine):
    VolunteerFactory(community=world.community, name="本社区张三")
    VolunteerFactory(community=world.neighbour, name="外社区张四")
    response = staff_client.get(
        reverse("web:activity_detail", args=[mine.activity.pk]),
        {"q": "张", "partial": "candidates"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "本社区张三" in body and "外社区张四" not in body


def test_signing_up_another_communitys_volunteer_is_refused(staff_client, world, mine):
    outsider = VolunteerFactory(community=world.neighbour)
    staff_client.post(reverse("web:signup_add", args=[mine.activity.pk]), {"volunteer": outsider.pk})
    assert not SignUp.objects.exists()


def test_cancelling_a_signup_asks_first_then_promotes_the_waiting_list(staff_client, world, mine):
    mine.activity.capacity = 1
    mine.activity.save()
    taken = SignUpFactory(activity=mine.activity, volunteer=VolunteerFactory(community=world.community))
    waiting = SignUpFactory(
        activity=mine.activity, volunteer=VolunteerFactory(community=world.community), status="waitlisted"
    )
    url = reverse("web:signup_cancel", args=[mine.activity.pk, taken.pk])
    assert "确定取消" in staff_client.get(url).content.decode()
    taken.refresh_from_db()
    assert taken.status == "confirmed"  # a GET changes nothing
    staff_client.post(url)
    taken.refresh_from_db()
    waiting.refresh_from_db()
    assert (taken.status, waiting.status) == ("cancelled", "confirmed")


def test_cancelling_an_activity_needs_confirmation(staff_client, mine):
    url = reverse("web:activity_cancel", args=[mine.activity.pk])
    staff_client.get(url)
    mine.activity.refresh_from_db()
    assert mine.activity.status == "published"
    staff_client.post(url, {"reason": "下雨"})
    mine.activity.refresh_from_db()
    assert mine.activity.status == "cancelled"


def test_publishing_a_draft(staff_client, world):
    draft = ActivityFactory(community=world.community, status="draft")
    staff_client.post(reverse("web:activity_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "published"


def test_check_in_sheet_toggles_through_htmx(staff_client, past_activity):
    activity, first, _second = past_activity
    url = reverse("web:activity_checkin_toggle", args=[activity.pk, first.pk, "in"])
    response = staff_client.post(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    first.refresh_from_db()
    assert first.checked_in_at is not None
    assert 'id="checkin-counter"' in body and 'hx-swap-oob="true"' in body
    assert "签退" in body  # the row now offers check-out
    staff_client.post(
        reverse("web:activity_checkin_toggle", args=[activity.pk, first.pk, "out"]), HTTP_HX_REQUEST="true"
    )
    first.refresh_from_db()
    assert first.checked_out_at is not None


def test_check_out_before_check_in_shows_the_error_in_the_row(staff_client, past_activity):
    activity, first, _second = past_activity
    response = staff_client.post(
        reverse("web:activity_checkin_toggle", args=[activity.pk, first.pk, "out"]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_hours_confirmed_in_bulk_with_one_row_changed(staff_client, world, past_activity):
    activity, first, second = past_activity
    url = reverse("web:activity_hours", args=[activity.pk])
    page = staff_client.get(url)
    assert page.context["rows"][0]["value"] == "2"  # planned duration proposed when nobody checked out
    response = staff_client.post(
        url,
        {
            f"include_{first.pk}": "on",
            f"hours_{first.pk}": "1.5",
            f"include_{second.pk}": "on",
            f"hours_{second.pk}": "2",
            "beneficiaries_count": "30",
        },
    )
    assert response.status_code == 302
    hours = dict(ServiceRecord.objects.values_list("signup_id", "hours"))
    assert hours == {first.pk: Decimal("1.50"), second.pk: Decimal("2.00")}
    activity.refresh_from_db()
    assert (activity.beneficiaries_count, activity.status) == (30, "done")


def test_bad_hours_keep_every_row_and_confirm_nothing(staff_client, past_activity):
    activity, first, second = past_activity
    response = staff_client.post(
        reverse("web:activity_hours", args=[activity.pk]),
        {
            f"include_{first.pk}": "on",
            f"hours_{first.pk}": "30",
            f"include_{second.pk}": "on",
            f"hours_{second.pk}": "abc",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "时长应在0到24小时之间" in body and 'value="abc"' in body
    assert not ServiceRecord.objects.exists()


def test_hours_before_the_start_are_refused(staff_client, world, mine):
    signup = SignUpFactory(activity=mine.activity, volunteer=world.volunteer_profile)
    response = staff_client.post(
        reverse("web:activity_hours", args=[mine.activity.pk]),
        {f"include_{signup.pk}": "on", f"hours_{signup.pk}": "2"},
    )
    assert response.status_code == 200
    assert not ServiceRecord.objects.exists()


def test_printable_sheet_masks_phones(staff_client, world, mine):
    volunteer = VolunteerFactory(community=world.community, phone="13912345678")
    SignUpFactory(activity=mine.activity, volunteer=volunteer)
    body = staff_client.get(reverse("web:activity_sheet", args=[mine.activity.pk])).content.decode()
    assert volunteer.name in body
    assert "139****5678" in body and "13912345678" not in body
    assert "@media print" in body


def test_team_leader_sees_masked_phones(leader_client, world, mine):
    volunteer = VolunteerFactory(community=world.community, phone="13912345678")
    SignUpFactory(activity=mine.activity, volunteer=volunteer)
    body = leader_client.get(reverse("web:activity_detail", args=[mine.activity.pk])).content.decode()
    assert "139****5678" in body and "13912345678" not in body


def test_other_street_staff_cannot_reach_the_activity(world, mine):
    from tests.web.conftest import login

    outsider = UserFactory(role="community_staff", community=world.faraway, street=world.other_street)
    assert login(outsider).get(reverse("web:activity_detail", args=[mine.activity.pk])).status_code == 404


def test_street_staff_creates_a_street_wide_activity(street_client, world):
    street_client.post(reverse("web:activity_create"), activity_post(community=""))
    activity = Activity.objects.get()
    assert (activity.community, activity.street) == (None, world.street)


def test_street_staff_cannot_pick_a_community_of_another_street(street_client, world):
    response = street_client.post(reverse("web:activity_create"), activity_post(community=world.faraway.pk))
    assert response.status_code == 200
    assert "community" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_team_leader_creates_activities_only_for_a_team_they_lead(leader_client, world):
    from tests.factories import TeamFactory

    other = TeamFactory(community=world.community)
    response = leader_client.post(reverse("web:activity_create"), activity_post(team=other.pk))
    assert response.status_code == 200 and "team" in response.context["form"].errors
    leader_client.post(reverse("web:activity_create"), activity_post(team=world.team.pk))
    activity = Activity.objects.get()
    assert (activity.team, activity.community) == (world.team, world.community)
