"""Finding an activity, signing up and cancelling in two taps, and every refusal in plain words."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import SignUp
from tests.factories import ActivityFactory, SignUpFactory, UserFactory, VolunteerFactory


def _other_volunteer(world, name):
    return VolunteerFactory(name=name, community=world.community, user=UserFactory(community=world.community))


def test_find_lists_open_activities_with_places_left(vclient, world, activity):
    ActivityFactory(title="草稿活动", community=world.community, status="draft")
    html = vclient.get(reverse("portal:activity_list")).content.decode()
    assert "周六义剪" in html and "还剩 2 个名额" in html
    assert "草稿活动" not in html


def test_find_filters_by_day_and_kind(vclient, world, activity):
    from activities.models import ServiceType

    patrol = ServiceType.objects.exclude(code="haircut").first()
    ActivityFactory(title="夜间巡逻", community=world.community, service_type=patrol)
    day = timezone.localtime(activity.start).date().isoformat()
    by_kind = vclient.get(reverse("portal:activity_list"), {"type": patrol.pk}).content.decode()
    assert "夜间巡逻" in by_kind and "周六义剪" not in by_kind
    other_day = (timezone.localtime(activity.start).date() + datetime.timedelta(days=1)).isoformat()
    assert "周六义剪" in vclient.get(reverse("portal:activity_list"), {"day": day}).content.decode()
    assert "周六义剪" not in vclient.get(reverse("portal:activity_list"), {"day": other_day}).content.decode()


def test_find_ignores_a_malformed_day_with_a_message(vclient, activity):
    response = vclient.get(reverse("portal:activity_list"), {"day": "next-tuesday"})
    assert response.status_code == 200
    assert "周六义剪" in response.content.decode()


def test_find_costs_the_same_queries_for_one_or_many_activities(vclient, world, django_assert_max_num_queries):
    ActivityFactory(community=world.community)
    # session, user, volunteer, unread count, service types, count, page of activities
    with django_assert_max_num_queries(8):
        vclient.get(reverse("portal:activity_list"))
    for _ in range(15):
        ActivityFactory(community=world.community, team=world.team)
    with django_assert_max_num_queries(8):
        vclient.get(reverse("portal:activity_list"))


def test_sign_up_is_confirmed_on_a_page_then_shown_in_the_schedule(vclient, world, activity):
    confirm = vclient.get(reverse("portal:signup", args=[activity.pk]))
    assert confirm.status_code == 200 and "确认报名" in confirm.content.decode()
    assert not SignUp.objects.exists()  # looking is not signing up
    response = vclient.post(reverse("portal:signup", args=[activity.pk]), follow=True)
    assert "报名成功" in response.content.decode()
    assert SignUp.objects.get(activity=activity).status == SignUp.Status.CONFIRMED
    schedule = vclient.get(reverse("portal:schedule")).content.decode()
    assert "周六义剪" in schedule and "已报名" in schedule and "围裙" in schedule


def test_full_activity_offers_the_waiting_list_and_shows_the_place_in_line(vclient, world, activity):
    for name in ("甲", "乙"):
        SignUpFactory(activity=activity, volunteer=_other_volunteer(world, name))
    SignUpFactory(activity=activity, volunteer=_other_volunteer(world, "丙"), status=SignUp.Status.WAITLISTED)
    detail = vclient.get(reverse("portal:activity_detail", args=[activity.pk])).content.decode()
    assert "排队候补" in detail
    confirm = vclient.get(reverse("portal:signup", args=[activity.pk])).content.decode()
    assert "候补名单第 2 位" in confirm
    vclient.post(reverse("portal:signup", args=[activity.pk]))
    assert SignUp.objects.get(activity=activity, volunteer=world.volunteer_profile).status == "waitlisted"
    assert "候补第 2 位" in vclient.get(reverse("portal:schedule")).content.decode()


def test_sign_up_after_the_cutoff_is_refused_in_plain_words(vclient, world):
    closed = ActivityFactory(
        title="已截止活动",
        community=world.community,
        signup_deadline=timezone.now() - datetime.timedelta(hours=1),
    )
    detail = vclient.get(reverse("portal:activity_detail", args=[closed.pk])).content.decode()
    assert "报名已于" in detail and "截止" in detail
    response = vclient.post(reverse("portal:signup", args=[closed.pk]))
    assert response.status_code == 409
    closes = timezone.localtime(closed.signup_deadline).strftime("%m-%d %H:%M")
    assert closes in response.content.decode()
    assert not SignUp.objects.filter(activity=closed).exists()


def test_minor_without_guardian_consent_is_told_why(client, world, activity):
    user = UserFactory(community=world.community)
    VolunteerFactory(name="小明", community=world.community, user=user, birth_date=datetime.date(2010, 1, 1))
    client.force_login(user)
    response = client.post(reverse("portal:signup", args=[activity.pk]))
    assert response.status_code == 409
    assert "监护人" in response.content.decode() or "guardian" in response.content.decode()


def test_another_communitys_private_activity_is_not_found(vclient, world):
    private = ActivityFactory(title="星港内部活动", community=world.neighbour, is_public=False)
    assert vclient.get(reverse("portal:activity_detail", args=[private.pk])).status_code == 404
    assert vclient.post(reverse("portal:signup", args=[private.pk])).status_code == 404
    assert "星港内部活动" not in vclient.get(reverse("portal:activity_list")).content.decode()
    assert not SignUp.objects.filter(activity=private).exists()


def test_public_activity_of_the_street_is_open_to_neighbours(vclient, world):
    shared = ActivityFactory(title="街道公开活动", community=world.neighbour, is_public=True)
    vclient.post(reverse("portal:signup", args=[shared.pk]))
    assert SignUp.objects.filter(activity=shared, volunteer=world.volunteer_profile).exists()


def test_cancel_on_a_confirmation_page_frees_the_place(vclient, world, activity):
    signup = SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    waiting = SignUpFactory(activity=activity, volunteer=_other_volunteer(world, "丁"), status="waitlisted")
    assert "确定要取消报名吗" in vclient.get(reverse("portal:cancel", args=[activity.pk])).content.decode()
    response = vclient.post(reverse("portal:cancel", args=[activity.pk]), follow=True)
    assert "已取消报名" in response.content.decode()
    signup.refresh_from_db()
    waiting.refresh_from_db()
    assert signup.status == "cancelled" and waiting.status == "confirmed"
    assert "周六义剪" not in vclient.get(reverse("portal:schedule")).content.decode()


def test_cancel_after_the_cutoff_is_refused_and_explained(vclient, world, settings):
    settings.SIGNUP_CANCEL_CUTOFF_HOURS = 2
    soon = ActivityFactory(community=world.community, start=timezone.now() + datetime.timedelta(hours=1))
    SignUpFactory(activity=soon, volunteer=world.volunteer_profile)
    detail = vclient.get(reverse("portal:activity_detail", args=[soon.pk])).content.decode()
    assert "队长" in detail  # call the team leader instead
    response = vclient.post(reverse("portal:cancel", args=[soon.pk]))
    assert response.status_code == 409
    assert SignUp.objects.get(activity=soon).status == "confirmed"


def test_cancel_without_a_sign_up_changes_nothing(vclient, world, activity):
    someone = SignUpFactory(activity=activity, volunteer=_other_volunteer(world, "戊"))
    response = vclient.post(reverse("portal:cancel", args=[activity.pk]))
    assert response.status_code == 302
    someone.refresh_from_db()
    assert someone.status == "confirmed"


def test_schedule_lists_past_activities_with_confirmed_hours(vclient, world):
    from activities.services import hours_confirm

    past = ActivityFactory(
        title="反诈宣传",
        community=world.community,
        team=world.team,
        start=timezone.now() - datetime.timedelta(days=2),
    )
    signup = SignUpFactory(activity=past, volunteer=world.volunteer_profile)
    hours_confirm(signup=signup, by_user=world.staff)
    html = vclient.get(reverse("portal:schedule")).content.decode()
    assert "反诈宣传" in html and "已确认 2 小时" in html


@pytest.mark.parametrize("rows", [1, 12])
def test_schedule_query_count_does_not_grow_with_rows(vclient, world, rows, django_assert_max_num_queries):
    for i in range(rows):
        activity = ActivityFactory(
            community=world.community, start=timezone.now() + datetime.timedelta(days=1, hours=3 * i)
        )
        SignUpFactory(activity=activity, volunteer=world.volunteer_profile, status="waitlisted")
    # session, user, volunteer, unread count, upcoming (with positions), past
    with django_assert_max_num_queries(7):
        response = vclient.get(reverse("portal:schedule"))
    assert response.content.decode().count("候补第 1 位") == rows
