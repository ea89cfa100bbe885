"""Scope in the staff workspace: pages show only what the model's `visible_to` gives the user."""

from __future__ import annotations

import pytest
from django.test import Client

from activities.models import SignUp
from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    SignUpFactory,
    TeamFactory,
    VolunteerFactory,
)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def other_team(world):
    """Another team of 泉韵社区 that world.leader does not lead, with a member and an activity."""
    team = TeamFactory(name="邻里帮帮团", community=world.community, street=world.street)
    stranger = VolunteerFactory(name="赵不相干", community=world.community, phone="13700001111")
    MembershipFactory(team=team, volunteer=stranger)
    activity = ActivityFactory(title="帮帮团走访", community=world.community, team=team, capacity=5)
    SignUpFactory(activity=activity, volunteer=stranger)
    SignUpFactory(activity=activity, volunteer=world.leader_volunteer)
    return team, stranger, activity


def test_team_leader_sees_no_one_elses_sign_ups_on_another_teams_activity(world, other_team):
    _team, stranger, activity = other_team
    page = login(world.leader).get(f"/activities/{activity.pk}/")
    assert page.status_code == 200  # a published activity of their community: they may read it
    body = page.content.decode()
    assert stranger.name not in body
    assert "1111" not in body
    assert world.leader_volunteer.name in body  # their own sign-up
    assert "3" in body  # places left still counts everyone: 5 places, 2 taken


def test_staff_still_see_every_sign_up_with_the_waiting_list_in_order(world, other_team):
    _team, stranger, activity = other_team
    activity.capacity = 2
    activity.save()
    late = SignUpFactory(activity=activity, status=SignUp.Status.WAITLISTED, volunteer=VolunteerFactory(name="候补甲"))
    body = login(world.staff).get(f"/activities/{activity.pk}/").content.decode()
    assert stranger.name in body and late.volunteer.name in body


def test_team_leader_sees_no_member_list_of_a_team_they_do_not_lead(world, other_team):
    team, stranger, _activity = other_team
    page = login(world.leader).get(f"/teams/{team.pk}/")
    assert page.status_code == 200
    assert stranger.name not in page.content.decode()
    own = login(world.leader).get(f"/teams/{world.team.pk}/").content.decode()
    assert world.volunteer_profile.name in own


def _activity_form(team, **extra):
    from activities.models import ServiceType

    service_type, _ = ServiceType.objects.get_or_create(code="haircut", defaults={"name": "义剪"})
    return {
        "title": "越界活动",
        "service_type": service_type.pk,
        "team": team.pk,
        "start": "2026-12-01T09:00",
        "end": "2026-12-01T11:00",
        "target_group": "all",
        **extra,
    }


def test_web_forms_refuse_ids_from_another_scope(world):
    from activities.models import Activity
    from members.models import Member

    neighbour_team = TeamFactory(community=world.neighbour, street=world.street)
    far_team = TeamFactory(community=world.faraway, street=world.other_street)
    other_team = TeamFactory(community=world.community, street=world.street)
    # Community staff: a team of the neighbour community is not a choice.
    login(world.staff).post("/activities/new/", _activity_form(neighbour_team))
    # Street staff: a community and a team of another street are not choices.
    login(world.street_staff).post("/activities/new/", _activity_form(far_team, community=world.faraway.pk))
    # Team leader: a team of their community they do not lead is not a choice.
    login(world.leader).post("/activities/new/", _activity_form(other_team))
    assert not Activity.objects.filter(title="越界活动").exists()
    # A community named in the body of a community staff's form is ignored: the record is theirs.
    login(world.staff).post("/members/new/", {"name": "越界成员", "gender": "", "community": world.neighbour.pk})
    assert set(Member.objects.filter(name="越界成员").values_list("community", flat=True)) <= {world.community.pk}


def test_team_leader_cannot_add_an_outsider_to_their_team(world):
    outsider = VolunteerFactory(community=world.community)
    response = login(world.leader).post(
        f"/teams/{world.team.pk}/members/add/", {"volunteer": outsider.pk, "role": "leader", "joined_on": "2026-11-01"}
    )
    assert response.status_code == 200  # the form again, with "not a valid choice"
    assert not world.team.memberships.filter(volunteer=outsider).exists()
