"""The first rule: a community's staff never see another community's people."""

from django.contrib.auth.models import Permission

from activities.models import Activity, SignUp
from community.models import Community
from members.models import Member
from tests.factories import ActivityFactory, MemberFactory, SignUpFactory, TeamFactory, VolunteerFactory
from volunteers.models import Team, Volunteer


def test_community_staff_see_only_their_community(world):
    mine = MemberFactory(community=world.community)
    MemberFactory(community=world.neighbour)
    MemberFactory(community=world.faraway)
    assert list(Member.objects.visible_to(world.staff)) == [mine]
    assert list(Community.objects.visible_to(world.staff)) == [world.community]


def test_street_staff_see_their_street_not_another(world):
    a = MemberFactory(community=world.community)
    b = MemberFactory(community=world.neighbour)
    MemberFactory(community=world.faraway)
    assert set(Member.objects.visible_to(world.street_staff)) == {a, b}


def test_admin_sees_everything_and_anonymous_nothing(world, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    MemberFactory(community=world.community)
    MemberFactory(community=world.faraway)
    assert Member.objects.visible_to(world.admin).count() == 2
    assert Member.objects.visible_to(AnonymousUser()).count() == 0


def test_street_wide_team_is_shared_with_the_streets_communities(world):
    street_team = TeamFactory(name="街道红霞队", community=None, street=world.street)
    TeamFactory(name="远方队", community=world.faraway, street=world.other_street)
    assert set(Team.objects.visible_to(world.staff)) == {world.team, street_team}
    assert street_team not in Team.objects.visible_to(world.neighbour_staff).filter(community=world.community)


def test_team_leader_sees_their_teams_volunteers_and_no_members(world):
    outsider = VolunteerFactory(community=world.community)
    MemberFactory(community=world.community)
    visible = set(Volunteer.objects.visible_to(world.leader))
    assert {world.leader_volunteer, world.volunteer_profile} <= visible
    assert outsider not in visible
    assert Member.objects.visible_to(world.leader).count() == 0


def test_volunteer_sees_own_signups_and_open_activities_only(world):
    mine = ActivityFactory(community=world.community)
    draft = ActivityFactory(community=world.community, status=Activity.Status.DRAFT)
    elsewhere = ActivityFactory(community=world.faraway)
    own = SignUpFactory(activity=mine, volunteer=world.volunteer_profile)
    SignUpFactory(activity=mine)
    assert list(SignUp.objects.visible_to(world.volunteer)) == [own]
    visible = set(Activity.objects.visible_to(world.volunteer))
    assert mine in visible and draft not in visible and elsewhere not in visible


def _admin_login(client, user):
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="members"))
    client.force_login(user)


def test_admin_changelist_shows_staff_only_their_community(world, client):
    mine = MemberFactory(community=world.community, name="本社区成员")
    theirs = MemberFactory(community=world.neighbour, name="邻社区成员")
    _admin_login(client, world.staff)
    page = client.get("/admin/members/member/").content.decode()
    assert mine.name in page and theirs.name not in page
    # Another community's member by id is not found either.
    response = client.get(f"/admin/members/member/{theirs.pk}/change/")
    assert response.status_code == 302 and "admin" in response.url
    assert client.get(f"/admin/members/member/{mine.pk}/change/").status_code == 200


def test_admin_lists_mask_id_numbers_and_phones(world, client):
    import datetime

    from tests.factories import make_id_number

    MemberFactory(
        community=world.community,
        phone="13812345678",
        id_number=make_id_number(datetime.date(1950, 5, 1), 11),
        birth_date=datetime.date(1950, 5, 1),
    )
    _admin_login(client, world.staff)
    page = client.get("/admin/members/member/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
