"""The permission matrix: every resource, every role, read and write, and the objects of
another community addressed by id (404, never 403: their existence is not revealed)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from tests.factories import MemberFactory, VolunteerFactory, make_id_number

from .util import error, ids

STAFF_OF_MINE = {"admin", "street_staff", "staff"}
STAFF_OF_NEIGHBOUR = {"admin", "street_staff", "neighbour_staff"}

# (url, attribute of a Place, roles beyond staff that see the object of their own community)
RESOURCES = [
    ("compounds", "compound", set()),
    ("grids", "grid", set()),
    ("buildings", "building", set()),
    ("party-organizations", "party_organization", {"leader", "volunteer"}),
    ("sites", "site", {"leader", "volunteer"}),
    ("members", "member", set()),
    ("party-posts", "party_post", set()),
    ("contact-logs", "contact_log", set()),
    ("care-archives", "care_archive", set()),
    ("pairs", "pair", set()),
    ("pair-visits", "pair_visit", set()),
    ("studios", "studio", set()),
    ("volunteers", "volunteer", {"leader", "volunteer"}),
    ("teams", "team", {"leader", "volunteer"}),
    ("memberships", "membership", {"leader", "volunteer"}),
    ("certificates", "certificate", {"leader", "volunteer"}),
    ("series", "series", {"leader"}),
    ("activities", "activity", {"leader", "volunteer"}),
    ("signups", "signup", {"leader", "volunteer"}),
    ("service-records", "service_record", {"leader", "volunteer"}),
    ("requests", "request", set()),
    ("mediation-cases", "mediation_case", set()),
]


@pytest.mark.parametrize("resource, attr, also_seen_by", RESOURCES, ids=[r[0] for r in RESOURCES])
def test_each_role_reads_exactly_its_scope(api, places, users, resource, attr, also_seen_by):
    mine, neighbours, faraway = (getattr(place, attr) for place in (places.mine, places.neighbour, places.faraway))
    for role, user in users.items():
        client = api(user)
        listing = client.get(f"/api/v1/{resource}/")
        detail = client.get(f"/api/v1/{resource}/{mine.pk}/")
        if user is None:
            assert (listing.status_code, detail.status_code) == (401, 401), role
            assert error(listing)["code"] == "not_authenticated"
            continue
        sees_mine = role in STAFF_OF_MINE or role in also_seen_by
        seen = ids(listing)
        assert (mine.pk in seen) == sees_mine, role
        assert (neighbours.pk in seen) == (role in STAFF_OF_NEIGHBOUR), role
        assert (faraway.pk in seen) == (role == "admin"), role
        assert detail.status_code == (200 if sees_mine else 404), role
        if not sees_mine:
            assert error(detail)["code"] == "not_found"


_numbers = itertools.count(500)


def _member(place):
    return MemberFactory(community=place.community)


def _volunteer(place):
    return VolunteerFactory(community=place.community)


def _soon(hours: int) -> str:
    return (timezone.now() + datetime.timedelta(days=5, hours=hours)).isoformat()


# (url, payload builder naming objects of our community, what a team leader gets)
WRITES = [
    ("compounds", lambda p, n: {"name": f"小区{n}", "community": p.community.pk}, 403),
    ("grids", lambda p, n: {"name": f"网格{n}", "community": p.community.pk}, 403),
    ("buildings", lambda p, n: {"name": f"{n}栋", "compound": p.compound.pk, "grid": p.grid.pk}, 403),
    ("party-organizations", lambda p, n: {"name": f"支部{n}", "community": p.community.pk}, 403),
    ("sites", lambda p, n: {"name": f"书吧{n}", "kind": "reading_bar", "community": p.community.pk}, 403),
    (
        "members",
        lambda p, n: {
            "name": f"老党员{n}",
            "community": p.community.pk,
            "compound": p.compound.pk,
            "id_number": make_id_number(datetime.date(1948, 2, 3), n),
            "management_mode": "care",
        },
        403,
    ),
    (
        "party-posts",
        lambda p, n: {"organization": p.party_organization.pk, "member": _member(p).pk, "role": "committee"},
        403,
    ),
    (
        "contact-logs",
        lambda p, n: {"member": p.member.pk, "contacted_on": timezone.localdate().isoformat(), "method": "call"},
        403,
    ),
    ("care-archives", lambda p, n: {"name": f"独居老人{n}", "community": p.community.pk, "elderly_alone": True}, 403),
    (
        "pairs",
        lambda p, n: {
            "community": p.community.pk,
            "kind": "other",
            "helper_name": "小王",
            "helped_member": p.member.pk,
        },
        403,
    ),
    ("pair-visits", lambda p, n: {"pair": p.pair.pk, "visited_on": timezone.localdate().isoformat()}, 403),
    ("studios", lambda p, n: {"name": f"工作室{n}", "community": p.community.pk, "leader": p.member.pk}, 403),
    ("volunteers", lambda p, n: {"name": f"志愿者{n}", "community": p.community.pk}, 403),
    ("teams", lambda p, n: {"name": f"服务队{n}", "community": p.community.pk}, 403),
    # A leader adds only volunteers they already see (in their teams): not this newcomer.
    ("memberships", lambda p, n: {"team": p.team.pk, "volunteer": _volunteer(p).pk}, 400),
    (
        "series",
        lambda p, n: {
            "title": f"义诊{n}",
            "service_type": p.activity.service_type_id,
            "team": p.team.pk,
            "community": p.community.pk,
            "rrule": "FREQ=MONTHLY;BYMONTHDAY=15",
            "starts_on": timezone.localdate().isoformat(),
            "start_time": "09:00",
        },
        201,
    ),
    (
        "activities",
        lambda p, n: {
            "title": f"反诈宣传{n}",
            "service_type": p.activity.service_type_id,
            "team": p.team.pk,
            "community": p.community.pk,
            "start": _soon(0),
            "end": _soon(2),
            "capacity": 5,
        },
        201,
    ),
    ("requests", lambda p, n: {"title": f"微心愿{n}", "requester_name": "刘大爷", "community": p.community.pk}, 403),
    (
        "mediation-cases",
        lambda p, n: {"kind": "noise", "title": f"噪音{n}", "parties": "甲\n乙", "community": p.community.pk},
        403,
    ),
]


@pytest.mark.parametrize("resource, payload, leader_gets", WRITES, ids=[w[0] for w in WRITES])
def test_each_role_creates_only_within_its_scope(api, places, users, resource, payload, leader_gets):
    """Staff of our community, of our street and admins create; staff of the neighbouring
    community are told our objects do not exist; team leaders only organise their team."""
    expected = {
        "admin": 201,
        "street_staff": 201,
        "staff": 201,
        "neighbour_staff": 400,
        "leader": leader_gets,
        "volunteer": 403,
        "anonymous": 401,
    }
    for role, user in users.items():
        response = api(user).post(f"/api/v1/{resource}/", payload(places.mine, next(_numbers)), format="json")
        assert response.status_code == expected[role], (role, response.json())
        if response.status_code == 201:
            created = response.json()
            assert created.get("community", places.mine.community.pk) == places.mine.community.pk, role
        elif role == "neighbour_staff":
            # Every payload names something of our community, which they cannot see.
            assert any("不存在" in " ".join(m) for m in error(response)["fields"].values()), response.json()
        elif role in ("volunteer", "leader") and expected[role] == 403:
            assert error(response)["code"] == "permission_denied"


def test_community_staff_write_into_their_own_community_without_naming_it(api, world):
    response = api(world.neighbour_staff).post("/api/v1/compounds/", {"name": "星港花园"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["community"] == world.neighbour.pk
    response = api(world.street_staff).post("/api/v1/compounds/", {"name": "无主小区"}, format="json")
    assert response.status_code == 400
    assert error(response)["fields"] == {"community": ["该字段是必填项。"]}


@pytest.mark.parametrize("resource, attr", [(r, a) for r, a, _also in RESOURCES if r not in {"certificates"}])
def test_other_communitys_object_cannot_be_changed_by_id(api, places, world, resource, attr):
    """Staff of the neighbouring community address our object by id: it does not exist."""
    obj = getattr(places.mine, attr)
    client = api(world.neighbour_staff)
    assert client.patch(f"/api/v1/{resource}/{obj.pk}/", {"note": "x"}, format="json").status_code in (404, 405)
    assert client.get(f"/api/v1/{resource}/{obj.pk}/").status_code == 404


def test_community_staff_cannot_move_an_object_into_another_community(api, places, world):
    response = api(world.staff).patch(
        f"/api/v1/members/{places.mine.member.pk}/", {"community": places.neighbour.community.pk}, format="json"
    )
    assert response.status_code == 400
    assert "community" in error(response)["fields"]


def test_community_staff_cannot_change_a_street_wide_object_they_can_see(api, world):
    from community.models import Site

    site = Site.objects.create(street=world.street, name="党群服务中心")
    client = api(world.staff)
    assert client.get(f"/api/v1/sites/{site.pk}/").status_code == 200
    assert client.patch(f"/api/v1/sites/{site.pk}/", {"name": "改名"}, format="json").status_code == 403
    assert (
        api(world.street_staff).patch(f"/api/v1/sites/{site.pk}/", {"name": "改名"}, format="json").status_code == 200
    )


@pytest.mark.parametrize(
    "resource, payload, allowed",
    [
        ("districts", lambda w: {"name": "望城区"}, {"admin"}),
        ("streets", lambda w: {"name": "新街道", "district": w.district.pk}, {"admin"}),
        ("communities", lambda w: {"name": "新社区"}, {"admin", "street_staff"}),
        ("service-types", lambda w: {"code": "chess", "name": "象棋"}, {"admin"}),
    ],
)
def test_dictionaries_and_places_above_the_community_are_kept_by_admins(api, world, users, resource, payload, allowed):
    for role, user in users.items():
        if user is None:
            continue
        body = payload(world)
        if role == "admin" and resource == "communities":
            body["street"] = world.street.pk
        response = api(user).post(f"/api/v1/{resource}/", body, format="json")
        expected = 201 if role in allowed else 403
        assert response.status_code == expected, (role, response.content)
        if response.status_code == 201 and resource == "communities":
            assert response.json()["street"] == world.street.pk
        if response.status_code == 201:
            # The next role must not trip over the unique name.
            from django.apps import apps

            model = {
                "districts": "community.District",
                "streets": "community.Street",
                "communities": "community.Community",
                "service-types": "activities.ServiceType",
            }[resource]
            apps.get_model(model).objects.filter(pk=response.json()["id"]).delete()


def test_volunteer_changes_only_their_own_phone_and_skills(api, places, world):
    me = world.volunteer_profile
    client = api(world.volunteer)
    response = client.patch(
        f"/api/v1/volunteers/{me.pk}/", {"phone": "13911112222", "skills": "理发", "status": "left"}, format="json"
    )
    assert response.status_code == 200, response.content
    me.refresh_from_db()
    assert (me.phone, me.skills, me.status) == ("13911112222", "理发", "active")
    assert response.json()["phone"] == "13911112222"  # their own record is not masked for them
    # Members are staff business: a volunteer may not write them at all.
    assert client.patch(f"/api/v1/members/{places.mine.member.pk}/", {"name": "x"}, format="json").status_code == 403
    leader_record = world.leader_volunteer
    assert client.patch(f"/api/v1/volunteers/{leader_record.pk}/", {"skills": "x"}, format="json").status_code == 404


def test_team_leader_cannot_edit_a_colleagues_record(api, world):
    response = api(world.leader).patch(
        f"/api/v1/volunteers/{world.volunteer_profile.pk}/", {"skills": "x"}, format="json"
    )
    assert response.status_code == 403


def test_team_leader_manages_only_their_own_teams_activities(api, places, world):
    from tests.factories import ActivityFactory, TeamFactory

    other_team = TeamFactory(community=world.community, street=world.street)
    theirs = ActivityFactory(community=world.community, team=other_team)
    client = api(world.leader)
    assert client.get(f"/api/v1/activities/{theirs.pk}/").status_code == 200  # published in their community
    assert client.patch(f"/api/v1/activities/{theirs.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"/api/v1/activities/{theirs.pk}/cancel/", {}, format="json").status_code == 403
    mine = places.mine.activity
    assert client.patch(f"/api/v1/activities/{mine.pk}/", {"title": "新标题"}, format="json").status_code == 200
    payload = {
        "title": "别人的活动",
        "service_type": mine.service_type_id,
        "team": other_team.pk,
        "start": _soon(0),
        "end": _soon(1),
    }
    response = client.post("/api/v1/activities/", payload, format="json")
    assert response.status_code == 403, response.content
    assert not theirs.__class__.objects.filter(title="别人的活动").exists()


def test_personal_data_is_masked_for_team_leaders_and_shown_to_staff(api, places, world):
    neighbour = places.mine.volunteer  # world.volunteer_profile, in the leader's team
    neighbour.phone = "13812345678"
    neighbour.health_note = "膝盖不好，不宜久站"
    neighbour.id_number = make_id_number(datetime.date(1958, 3, 3), 7)
    neighbour.save()
    as_leader = api(world.leader).get(f"/api/v1/volunteers/{neighbour.pk}/").json()
    assert as_leader["phone"] == "138****5678"
    assert as_leader["health_note"] == "***"
    assert as_leader["id_number"] == "430***********" + neighbour.id_number[-4:]
    assert "birth_date" not in as_leader
    as_staff = api(world.staff).get(f"/api/v1/volunteers/{neighbour.pk}/").json()
    assert (as_staff["phone"], as_staff["health_note"]) == ("13812345678", "膝盖不好，不宜久站")
    assert as_staff["id_number"] == neighbour.id_number
    signup = api(world.leader).get(f"/api/v1/signups/{places.mine.signup.pk}/").json()
    assert signup["volunteer_phone"] == "138****5678"
