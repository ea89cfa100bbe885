"""Logins: the token throttle, first-login slips, and the admin's own user pages."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from community.scoping import Role
from tests.factories import UserFactory, VolunteerFactory


def test_token_throttle_cannot_be_dodged_with_a_new_forwarded_for_each_time(world):
    # THROTTLE_LOGIN is 10/min: the eleventh try from one address is refused, whatever the
    # client writes into X-Forwarded-For (DRF reads the rate when it is imported).
    client = APIClient()
    codes = [
        client.post(
            "/api/v1/auth/token/",
            {"username": "volunteer", "password": f"guess{n}"},
            HTTP_X_FORWARDED_FOR=f"10.0.{n}.1",
        ).status_code
        for n in range(12)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10:] == [429, 429]


@pytest.mark.parametrize(
    "role, flags",
    [
        (Role.ADMIN, {}),
        (Role.STREET_STAFF, {}),
        (Role.COMMUNITY_STAFF, {}),
        (Role.VOLUNTEER, {"is_superuser": True}),
        (Role.VOLUNTEER, {"is_staff": True}),
    ],
)
def test_a_first_login_slip_never_takes_over_a_staff_or_admin_login(world, role, flags):
    """A staff member who also volunteers in the community: community staff may not reset
    their password from the volunteer record (that would take their login over)."""
    other = UserFactory(username="also-staff", role=role, community=world.community, street=world.street, **flags)
    volunteer = VolunteerFactory(community=world.community, user=other)
    client = Client()
    client.force_login(world.staff)
    url = f"/portal/staff/volunteers/{volunteer.pk}/password/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"password": "Takeover-2026"}).status_code == 403
    other.refresh_from_db()
    assert other.check_password("demo12345")


def test_a_first_login_slip_still_works_for_volunteers_and_team_leaders(world):
    client = Client()
    client.force_login(world.staff)
    for volunteer in (world.volunteer_profile, world.leader_volunteer):
        response = client.post(f"/portal/staff/volunteers/{volunteer.pk}/password/", {"password": "Slip-2026-ok"})
        assert response.status_code == 200
        volunteer.user.refresh_from_db()
        assert volunteer.user.check_password("Slip-2026-ok")


def test_a_first_login_slip_is_only_for_staff_of_the_volunteers_community(world):
    volunteer = VolunteerFactory(community=world.neighbour)
    for user in (world.staff, world.leader, world.volunteer):
        client = Client()
        client.force_login(user)
        assert client.post(f"/portal/staff/volunteers/{volunteer.pk}/password/").status_code in (403, 404)
    assert volunteer.user is None


def test_gets_never_change_state(world):
    from notifications.models import Notification

    note = Notification.objects.create(recipient=world.volunteer, title="t", dedup_key="sec-get")
    token = world.volunteer_profile.calendar_token
    client = Client()
    client.force_login(world.volunteer)
    assert client.get(f"/me/inbox/{note.pk}/read/").status_code == 405
    assert client.get("/me/inbox/read-all/").status_code == 405
    client.get("/me/calendar/")
    assert client.get("/accounts/logout/").status_code == 405
    note.refresh_from_db()
    world.volunteer_profile.refresh_from_db()
    assert note.read_at is None
    assert world.volunteer_profile.calendar_token == token


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_next_never_leads_off_site(world, target):
    from tests.factories import MemberFactory

    member = MemberFactory(community=world.community)
    staff = Client()
    staff.force_login(world.staff)
    response = staff.post(
        f"/members/{member.pk}/contact/?next={target}", {"contacted_on": "2026-11-20", "method": "call"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/members/{member.pk}/"
    login = Client().post("/accounts/login/", {"username": "staff", "password": "demo12345", "next": target})
    assert login.status_code == 302
    assert "evil" not in login["Location"] and not login["Location"].startswith("javascript")


def test_login_gives_a_new_session_key(world):
    client = Client()
    client.get("/accounts/login/")
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    client.post("/me/login/", {"username": "13800000001", "password": "demo12345"})
    assert client.session.session_key != before
    assert str(client.session["_auth_user_id"]) == str(world.volunteer.pk)


def test_the_public_certificate_check_shows_only_a_masked_id_number(world):
    from volunteers.services import certificate_issue

    world.volunteer_profile.id_number = "430121195803030011"
    world.volunteer_profile.phone = "13912345678"
    world.volunteer_profile.save()
    certificate = certificate_issue(
        volunteer=world.volunteer_profile,
        period_start=world.volunteer_profile.registered_on,
        period_end=world.volunteer_profile.registered_on,
        by_user=world.staff,
    )
    body = Client().get(f"/verify/{certificate.verification_code}/").content.decode()
    assert "430***********0011" in body
    assert "430121195803030011" not in body and "13912345678" not in body
    assert len(certificate.verification_code) >= 12
