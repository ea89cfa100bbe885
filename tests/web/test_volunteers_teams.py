"""Volunteers and teams: lists with hours and stars, profiles, joining and leaving a team."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ServiceRecord
from community.periods import today
from tests.factories import MembershipFactory, TeamFactory, VolunteerFactory
from volunteers.models import TeamMembership, Volunteer
from volunteers.services import membership_add, membership_end

pytestmark = pytest.mark.django_db


def give_hours(volunteer, hours: str) -> None:
    ServiceRecord.objects.create(
        volunteer=volunteer, community=volunteer.community, date=today(), hours=Decimal(hours), status="confirmed"
    )


def test_volunteer_list_sorts_by_confirmed_hours_and_shows_stars(staff_client, world):
    busy = VolunteerFactory(community=world.community, name="老黄牛")
    give_hours(busy, "12")
    give_hours(busy, "12")
    ServiceRecord.objects.create(
        volunteer=world.volunteer_profile, community=world.community, date=today(), hours=5, status="proposed"
    )
    response = staff_client.get(reverse("web:volunteer_list"), {"sort": "-hours"})
    page = list(response.context["page"])
    assert page[0] == busy and page[0].confirmed_hours == Decimal("24")
    # Proposed hours are not counted until confirmed.
    assert next(v for v in page if v == world.volunteer_profile).confirmed_hours == 0


def test_volunteer_list_filters_by_team(staff_client, world):
    VolunteerFactory(community=world.community, name="散兵")
    page = staff_client.get(reverse("web:volunteer_list"), {"team": world.team.pk}).context["page"]
    assert {v.name for v in page} == {"王队长", "李志愿"}


def test_volunteer_list_query_count_does_not_grow_with_rows(staff_client, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(reverse("web:volunteer_list")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(28):
        volunteer = VolunteerFactory(community=world.community)
        MembershipFactory(team=world.team, volunteer=volunteer)
        give_hours(volunteer, "3")
    assert count() == before


def test_volunteer_profile_shows_hours_to_next_star(staff_client, world):
    give_hours(world.volunteer_profile, "24")
    body = staff_client.get(reverse("web:volunteer_detail", args=[world.volunteer_profile.pk])).content.decode()
    assert "76" in body  # 100 - 24 hours to the first star
    assert world.team.name in body


def test_staff_registers_a_volunteer(staff_client, world):
    response = staff_client.post(
        reverse("web:volunteer_create"),
        {
            "name": "新志愿者",
            "id_type": "resident_id",
            "political_status": "masses",
            "registered_on": today().isoformat(),
            "status": "active",
        },
    )
    volunteer = Volunteer.objects.get(name="新志愿者")
    assert response.url == reverse("web:volunteer_detail", args=[volunteer.pk])
    assert volunteer.community == world.community and volunteer.volunteer_number


def test_volunteer_under_14_is_refused_with_a_message(staff_client):
    response = staff_client.post(
        reverse("web:volunteer_create"),
        {
            "name": "小朋友",
            "birth_date": (today() - datetime.timedelta(days=365 * 10)).isoformat(),
            "id_type": "resident_id",
            "political_status": "masses",
            "registered_on": today().isoformat(),
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "birth_date" in response.context["form"].errors
    assert not Volunteer.objects.filter(name="小朋友").exists()


def test_team_page_lists_members_and_sub_teams(staff_client, world):
    sub = TeamFactory(name="平安管家", community=world.community, parent=world.team)
    body = staff_client.get(reverse("web:team_detail", args=[world.team.pk])).content.decode()
    assert "王队长" in body and "李志愿" in body and sub.name in body


def test_staff_adds_a_volunteer_to_a_team(staff_client, world):
    newcomer = VolunteerFactory(community=world.community, name="新队员")
    response = staff_client.post(
        reverse("web:team_member_add", args=[world.team.pk]),
        {"volunteer": newcomer.pk, "role": "member", "joined_on": today().isoformat()},
    )
    assert response.status_code == 302
    assert TeamMembership.objects.filter(team=world.team, volunteer=newcomer, left_on__isnull=True).exists()


def test_ending_a_membership_asks_first_and_keeps_the_row(staff_client, world):
    membership = TeamMembership.objects.get(team=world.team, volunteer=world.volunteer_profile)
    url = reverse("web:team_member_end", args=[world.team.pk, membership.pk])
    assert "确定" in staff_client.get(url).content.decode()
    membership.refresh_from_db()
    assert membership.left_on is None
    response = staff_client.post(url, {"left_on": today().isoformat()})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == today()
    assert Volunteer.objects.filter(pk=world.volunteer_profile.pk).exists()


def test_leaving_before_joining_is_refused_with_input_kept(staff_client, world):
    membership = TeamMembership.objects.get(team=world.team, volunteer=world.volunteer_profile)
    response = staff_client.post(
        reverse("web:team_member_end", args=[world.team.pk, membership.pk]), {"left_on": "2020-01-01"}
    )
    assert response.status_code == 200
    assert 'value="2020-01-01"' in response.content.decode()
    membership.refresh_from_db()
    assert membership.left_on is None


def test_team_leader_manages_own_team_only(leader_client, world):
    other = TeamFactory(community=world.community, name="邻里帮帮团")
    assert leader_client.get(reverse("web:team_member_add", args=[world.team.pk])).status_code == 200
    assert leader_client.get(reverse("web:team_member_add", args=[other.pk])).status_code == 403


# --- the services behind the pages ------------------------------------------------------------------


def test_membership_add_refuses_a_second_open_membership(world):
    with pytest.raises(ValidationError):
        membership_add(team=world.team, volunteer=world.volunteer_profile, by_user=world.staff)


def test_membership_add_refuses_staff_of_another_community(world):
    with pytest.raises(PermissionDenied):
        membership_add(
            team=world.team, volunteer=VolunteerFactory(community=world.community), by_user=world.neighbour_staff
        )


def test_membership_add_refuses_a_future_date(world):
    with pytest.raises(ValidationError):
        membership_add(
            team=world.team,
            volunteer=VolunteerFactory(community=world.community),
            by_user=world.staff,
            joined_on=today() + datetime.timedelta(days=3),
        )


def test_rejoining_after_leaving_makes_a_new_membership(world):
    membership = TeamMembership.objects.get(team=world.team, volunteer=world.volunteer_profile)
    membership_end(membership=membership, by_user=world.staff)
    again = membership_add(team=world.team, volunteer=world.volunteer_profile, by_user=world.staff)
    assert again.pk != membership.pk
    assert TeamMembership.objects.filter(team=world.team, volunteer=world.volunteer_profile).count() == 2


def test_membership_end_twice_is_refused(world):
    membership = TeamMembership.objects.get(team=world.team, volunteer=world.volunteer_profile)
    membership_end(membership=membership, by_user=world.staff)
    with pytest.raises(ValidationError):
        membership_end(membership=membership, by_user=world.staff)


def test_team_list_query_count_does_not_grow_with_teams(staff_client, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(reverse("web:team_list")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(29):
        team = TeamFactory(community=world.community)
        TeamFactory(community=world.community, parent=team)
        MembershipFactory(team=team, volunteer=VolunteerFactory(community=world.community))
    assert count() == before
