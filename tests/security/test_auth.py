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
