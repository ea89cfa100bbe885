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
