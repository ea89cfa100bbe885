"""QR self check-in: only the volunteer's own confirmed sign-up, only near the activity's time."""

import datetime

from django.urls import reverse
from django.utils import timezone

from activities.models import SignUp
from tests.factories import ActivityFactory, SignUpFactory


def _soon(world, **kwargs):
    return ActivityFactory(
        title="健康义诊", community=world.community, start=timezone.now() + datetime.timedelta(minutes=30), **kwargs
    )


def test_scanning_asks_for_a_login_first(client, world):
    activity = _soon(world)
    url = reverse("portal:checkin", args=[activity.checkin_token])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_volunteer_checks_in_and_out_by_qr(vclient, world):
    activity = _soon(world)
    signup = SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    url = reverse("portal:checkin", args=[activity.checkin_token])
    assert "立即签到" in vclient.get(url).content.decode()
    page = vclient.post(url, {"action": "in"}, follow=True).content.decode()
    assert "签到成功" in page and "立即签退" in page
    signup.refresh_from_db()
    assert signup.checked_in_at is not None and signup.check_method == SignUp.CheckMethod.QR
    vclient.post(url, {"action": "out"})
    signup.refresh_from_db()
    assert signup.checked_out_at is not None


def test_check_in_far_from_the_activity_time_is_refused(vclient, world):
    activity = ActivityFactory(community=world.community, start=timezone.now() + datetime.timedelta(days=2))
    signup = SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    response = vclient.post(reverse("portal:checkin", args=[activity.checkin_token]), {"action": "in"})
    assert response.status_code == 409
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_check_in_without_a_confirmed_place_is_refused(vclient, world):
    activity = _soon(world)
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile, status=SignUp.Status.WAITLISTED)
    url = reverse("portal:checkin", args=[activity.checkin_token])
    assert "不能在这里签到" in vclient.get(url).content.decode()
    assert vclient.post(url, {"action": "in"}).status_code == 409
    assert not SignUp.objects.filter(checked_in_at__isnull=False).exists()


def test_unknown_or_foreign_check_in_code_is_not_found(vclient, world):
    foreign = ActivityFactory(community=world.faraway, start=timezone.now() + datetime.timedelta(minutes=30))
    assert vclient.get(reverse("portal:checkin", args=[foreign.checkin_token])).status_code == 404
    assert vclient.get(reverse("portal:checkin", args=["made-up-token"])).status_code == 404
