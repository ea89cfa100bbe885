"""Django admin for staff who are given admin access: scope holds on every page, and no one
but a platform admin hands out admin rights."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import User
from community.scoping import Role
from members.models import Member
from tests.factories import MemberFactory, UserFactory, make_id_number


@pytest.fixture
def admin_staff(world):
    """world.staff with admin access and every model permission, as a platform admin may grant."""
    world.staff.is_staff = True
    world.staff.save()
    world.staff.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(world.staff)
    return client


def test_member_history_of_another_community_is_not_found(world, admin_staff):
    other = MemberFactory(community=world.neighbour, id_number=make_id_number(datetime.date(1950, 5, 1), 7))
    other.phone = "13912345678"
    other.save()
    version = other.history.latest()
    assert admin_staff.get(f"/admin/members/member/{other.pk}/history/").status_code == 404
    page = admin_staff.get(f"/admin/members/member/{other.pk}/history/{version.history_id}/")
    assert page.status_code == 404
    assert b"13912345678" not in page.content
    # "Revert to this version" must not write into another community either.
    admin_staff.post(f"/admin/members/member/{other.pk}/history/{version.history_id}/", {"name": "改名"})
    assert Member.objects.get(pk=other.pk).name == other.name


def test_member_history_in_scope_still_opens(world, admin_staff):
    mine = MemberFactory(community=world.community)
    mine.save()
    version = mine.history.latest()
    assert admin_staff.get(f"/admin/members/member/{mine.pk}/history/").status_code == 200
    assert admin_staff.get(f"/admin/members/member/{mine.pk}/history/{version.history_id}/").status_code == 200
    assert admin_staff.get("/admin/members/member/not-a-number/history/").status_code == 404


def test_staff_cannot_make_anyone_platform_admin_in_admin(world, admin_staff):
    form = admin_staff.get(f"/admin/accounts/user/{world.staff.pk}/change/")
    assert form.status_code == 200
    assert b'value="admin"' not in form.content
    assert b'value="street_staff"' not in form.content
    data = {
        "username": "staff",
        "role": Role.ADMIN,
        "community": world.community.pk,
        "street": world.street.pk,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = admin_staff.post(f"/admin/accounts/user/{world.staff.pk}/change/", data)
    assert response.status_code == 200  # the form comes back with an error
    world.staff.refresh_from_db()
    assert world.staff.role == Role.COMMUNITY_STAFF


def test_staff_cannot_open_a_platform_admins_login_in_admin(world, admin_staff):
    boss = UserFactory(username="boss", role=Role.ADMIN, community=world.community)
    root = UserFactory(username="root", is_superuser=True, community=world.community)
    for user in (boss, root):
        assert admin_staff.get(f"/admin/accounts/user/{user.pk}/change/").status_code in (302, 404)
        assert admin_staff.post(
            f"/admin/accounts/user/{user.pk}/password/", {"password1": "Taken-over-1", "password2": "Taken-over-1"}
        ).status_code in (302, 404)
        assert User.objects.get(pk=user.pk).check_password("demo12345")
