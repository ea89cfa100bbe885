"""The printable staff pages of the volunteers' side: the check-in QR code and the
first-login slip."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import User
from tests.factories import ActivityFactory, VolunteerFactory
from volunteers.services import volunteer_reset_password


def test_staff_prints_the_activitys_qr_code(client, world, activity):
    client.force_login(world.staff)
    response = client.get(reverse("portal:activity_qr", args=[activity.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "周六义剪" in html
    assert f"/checkin/{activity.checkin_token}/" in html


def test_team_leader_prints_the_qr_code_of_their_teams_activity(client, world, activity):
    client.force_login(world.leader)
    assert client.get(reverse("portal:activity_qr", args=[activity.pk])).status_code == 200


def test_volunteers_and_other_communities_cannot_see_the_qr_code(client, world, activity):
    client.force_login(world.volunteer)
    assert client.get(reverse("portal:activity_qr", args=[activity.pk])).status_code == 403
    client.force_login(world.neighbour_staff)
    assert client.get(reverse("portal:activity_qr", args=[activity.pk])).status_code == 404


def test_reset_password_prints_a_slip_that_logs_in(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("portal:volunteer_reset_password", args=[world.volunteer_profile.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    password = response.context["password"]
    html = response.content.decode()
    assert password in html and "13800000001" in html and "/me/login/" in html
    client.logout()
    assert client.login(username="13800000001", password=password)


def test_staff_may_choose_the_temporary_password_but_not_a_weak_one(client, world):
    client.force_login(world.staff)
    url = reverse("portal:volunteer_reset_password", args=[world.volunteer_profile.pk])
    weak = client.post(url, {"password": "123"})
    assert weak.status_code == 400
    world.volunteer.refresh_from_db()
    assert world.volunteer.check_password("demo12345")
    client.post(url, {"password": "lzy-2026-temp"})
    world.volunteer.refresh_from_db()
    assert world.volunteer.check_password("lzy-2026-temp")


def test_volunteer_without_a_login_gets_one(world):
    volunteer = VolunteerFactory(name="赵阿姨", community=world.community, phone="13900000002")
    user, password = volunteer_reset_password(volunteer=volunteer, by_user=world.staff)
    volunteer.refresh_from_db()
    assert volunteer.user == user and user.phone == "13900000002" and user.community == world.community
    assert user.role == "volunteer" and user.check_password(password)
    assert len(password) == 8 and password[:3].isalpha() and password[3:].isdigit()


def test_only_staff_in_scope_reset_passwords(client, world):
    with pytest.raises(PermissionDenied):
        volunteer_reset_password(volunteer=world.volunteer_profile, by_user=world.leader)
    client.force_login(world.leader)
    assert client.get(reverse("portal:volunteer_reset_password", args=[world.volunteer_profile.pk])).status_code == 403
    client.force_login(world.neighbour_staff)
    assert client.get(reverse("portal:volunteer_reset_password", args=[world.volunteer_profile.pk])).status_code == 404
    assert User.objects.get(pk=world.volunteer.pk).check_password("demo12345")


def test_staff_pages_send_anonymous_visitors_to_log_in(client, world):
    activity = ActivityFactory(community=world.community)
    response = client.get(reverse("portal:activity_qr", args=[activity.pk]))
    assert response.status_code == 302
