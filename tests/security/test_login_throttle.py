"""Web logins (staff and volunteer pages) refuse further tries after repeated wrong passwords."""

import datetime

import pytest

from volunteers.models import TeamMembership, Volunteer


@pytest.mark.parametrize("login_url", ["/accounts/login/", "/me/login/"])
def test_web_login_is_throttled_after_repeated_failures(world, client, settings, login_url):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post(login_url, {"username": "staff", "password": "wrong-password"})
        assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    # Now even the right password is refused, with a message that says what to do.
    response = client.post(login_url, {"username": "staff", "password": "demo12345"})
    assert response.status_code == 200
    assert "15" in response.content.decode() and not response.wsgi_request.user.is_authenticated
    # Another person's login is not affected.
    response = client.post(login_url, {"username": "volunteer", "password": "demo12345"})
    assert response.status_code == 302


def test_successful_login_clears_the_count(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(2):
        client.post("/accounts/login/", {"username": "leader", "password": "nope-nope"})
    assert client.post("/accounts/login/", {"username": "leader", "password": "demo12345"}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post("/accounts/login/", {"username": "leader", "password": "nope-nope"})
    assert client.post("/accounts/login/", {"username": "leader", "password": "demo12345"}).status_code == 302


def test_team_leader_no_longer_sees_people_who_left_the_team(world):
    membership = TeamMembership.objects.get(team=world.team, volunteer=world.volunteer_profile)
    assert world.volunteer_profile in Volunteer.objects.visible_to(world.leader)
    membership.left_on = datetime.date.today() - datetime.timedelta(days=1)
    membership.save()
    assert world.volunteer_profile not in Volunteer.objects.visible_to(world.leader)
    assert world.leader_volunteer in Volunteer.objects.visible_to(world.leader)


def test_team_leader_sees_only_their_teams_part_of_a_volunteers_record(world, client):
    from tests.factories import ActivityFactory, MembershipFactory, SignUpFactory, TeamFactory

    other_team = TeamFactory(name="别的队", community=world.community, street=world.street)
    MembershipFactory(team=other_team, volunteer=world.volunteer_profile)
    ours = SignUpFactory(
        activity=ActivityFactory(community=world.community, team=world.team, title="我们队的活动"),
        volunteer=world.volunteer_profile,
    )
    SignUpFactory(
        activity=ActivityFactory(community=world.community, team=other_team, title="别的队的活动"),
        volunteer=world.volunteer_profile,
    )
    client.force_login(world.leader)
    page = client.get(f"/volunteers/{world.volunteer_profile.pk}/").content.decode()
    assert ours.activity.title in page and "别的队的活动" not in page
    client.force_login(world.staff)
    assert "别的队的活动" in client.get(f"/volunteers/{world.volunteer_profile.pk}/").content.decode()


def test_community_staff_change_only_their_own_people_in_a_street_wide_team(world):
    from django.core.exceptions import PermissionDenied
    from rest_framework.test import APIClient

    from tests.factories import MembershipFactory, TeamFactory, VolunteerFactory
    from volunteers.services import membership_end

    street_team = TeamFactory(name="红霞映天元", community=None, street=world.street)
    ours = MembershipFactory(team=street_team, volunteer=VolunteerFactory(community=world.community))
    theirs = MembershipFactory(team=street_team, volunteer=VolunteerFactory(community=world.neighbour))
    with pytest.raises(PermissionDenied):
        membership_end(membership=theirs, by_user=world.staff)
    client = APIClient()
    client.force_authenticate(world.staff)
    assert client.patch(f"/api/v1/memberships/{theirs.pk}/", {"role": "deputy"}, format="json").status_code == 403
    response = client.patch(f"/api/v1/memberships/{ours.pk}/", {"role": "deputy"}, format="json")
    assert response.status_code == 200 and response.json()["role"] == "deputy"
    # Street staff manage the whole street's team.
    membership_end(membership=theirs, by_user=world.street_staff)
    theirs.refresh_from_db()
    assert theirs.left_on is not None
