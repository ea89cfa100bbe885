"""Every volunteer page answers, asks for a login first, and is only for volunteers."""

import pytest
from django.urls import reverse

from activities.models import SignUp
from tests.factories import SignUpFactory

VOLUNTEER_PAGES = [
    "portal:home",
    "portal:schedule",
    "portal:activity_list",
    "portal:record",
    "portal:calendar",
    "portal:certificate_list",
    "portal:inbox",
    "portal:password_change",
]


@pytest.mark.parametrize("name", VOLUNTEER_PAGES)
def test_volunteer_page_renders_in_chinese(vclient, name):
    response = vclient.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "portal/portal.css" in html and "bootstrap" not in html  # one small stylesheet, no framework


@pytest.mark.parametrize("name", ["portal:home", "portal:schedule", "portal:record"])
def test_anonymous_visitor_is_sent_to_the_large_type_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login") + "?next=")


def test_staff_without_volunteer_record_gets_a_plain_explanation(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("portal:schedule"))
    assert response.status_code == 403
    assert "志愿者" in response.content.decode()


def test_volunteer_logs_in_with_mobile_number(client, world):
    response = client.post(reverse("portal:login"), {"username": "13800000001", "password": "demo12345"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200


def test_wrong_password_is_explained_on_the_page(client, world):
    response = client.post(reverse("portal:login"), {"username": "13800000001", "password": "wrong-one"})
    assert response.status_code == 200
    assert "手机号" in response.content.decode() and "密码" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_home_shows_hours_star_and_next_activity(vclient, world, activity):
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile, status=SignUp.Status.CONFIRMED)
    html = vclient.get(reverse("portal:home")).content.decode()
    assert "李志愿" in html and "周六义剪" in html and "围裙" in html
    assert "尚未评星" in html


def test_password_change_keeps_the_volunteer_logged_in(vclient, world):
    response = vclient.post(
        reverse("portal:password_change"),
        {"old_password": "demo12345", "new_password1": "qz7-long-secret", "new_password2": "qz7-long-secret"},
    )
    assert response.status_code == 302
    world.volunteer.refresh_from_db()
    assert world.volunteer.check_password("qz7-long-secret")
    assert vclient.get(reverse("portal:home")).status_code == 200


def test_language_can_be_switched_to_english(vclient):
    vclient.post("/i18n/setlang/", {"language": "en", "next": "/me/"})
    html = vclient.get(reverse("portal:home")).content.decode()
    assert '<html lang="en">' in html and "My service hours" in html


def test_staff_logging_in_on_the_volunteer_page_land_in_their_workspace(client, world):
    response = client.post(reverse("portal:login"), {"username": "staff", "password": "demo12345"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
