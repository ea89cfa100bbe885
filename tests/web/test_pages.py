"""Every page of the staff workspace: it opens for staff of the community, it refuses roles
that have no business there, and another community's record is a 404 (never a 403 that
would confirm it exists)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Pages without an object: name -> roles that may open them.
LIST_PAGES = [
    "web:member_list",
    "web:member_create",
    "web:volunteer_list",
    "web:volunteer_create",
    "web:team_list",
    "web:activity_list",
    "web:activity_calendar",
    "web:activity_create",
    "web:series_create",
    "web:care_list",
    "web:care_create",
    "web:request_board",
    "web:request_create",
    "web:case_board",
    "web:case_create",
]


def object_pages(records, world) -> list[str]:
    """Every page about one record, for the records given."""
    activity = records.activity.pk
    signup_pages = []
    return [
        reverse("web:member_detail", args=[records.member.pk]),
        reverse("web:member_edit", args=[records.member.pk]),
        reverse("web:member_contact", args=[records.member.pk]),
        reverse("web:activity_detail", args=[activity]),
        reverse("web:activity_edit", args=[activity]),
        reverse("web:activity_cancel", args=[activity]),
        reverse("web:activity_checkin", args=[activity]),
        reverse("web:activity_hours", args=[activity]),
        reverse("web:activity_sheet", args=[activity]),
        reverse("web:care_detail", args=[records.archive.pk]),
        reverse("web:care_edit", args=[records.archive.pk]),
        reverse("web:care_pair_create", args=[records.archive.pk]),
        reverse("web:pair_visit", args=[records.pair.pk]),
        reverse("web:request_detail", args=[records.request.pk]),
        reverse("web:case_detail", args=[records.case.pk]),
        *signup_pages,
    ]


def test_staff_opens_every_list_page(staff_client):
    for name in LIST_PAGES:
        response = staff_client.get(reverse(name))
        assert response.status_code == 200, name


def test_staff_opens_every_page_of_their_records(staff_client, world, mine):
    pages = [
        *object_pages(mine, world),
        reverse("web:volunteer_detail", args=[world.volunteer_profile.pk]),
        reverse("web:volunteer_edit", args=[world.volunteer_profile.pk]),
        reverse("web:team_detail", args=[world.team.pk]),
    ]
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url


def test_staff_gets_404_for_another_communitys_records(staff_client, world, theirs):
    from tests.factories import TeamFactory, VolunteerFactory

    other_volunteer = VolunteerFactory(community=world.neighbour)
    other_team = TeamFactory(community=world.neighbour)
    pages = [
        *object_pages(theirs, world),
        reverse("web:volunteer_detail", args=[other_volunteer.pk]),
        reverse("web:volunteer_edit", args=[other_volunteer.pk]),
        reverse("web:team_detail", args=[other_team.pk]),
        reverse("web:team_member_add", args=[other_team.pk]),
    ]
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 404, url


def test_lists_never_show_another_communitys_rows(staff_client, mine, theirs):
    for name, text in [
        ("web:member_list", theirs.member.name),
        ("web:activity_list", theirs.activity.title),
        ("web:care_list", theirs.archive.name),
    ]:
        body = staff_client.get(reverse(name)).content.decode()
        assert text not in body, name
    assert mine.member.name in staff_client.get(reverse("web:member_list")).content.decode()


def test_street_staff_sees_both_communities(street_client, mine, theirs):
    body = street_client.get(reverse("web:member_list")).content.decode()
    assert mine.member.name in body and theirs.member.name in body


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("web:member_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_volunteer_is_refused_staff_pages(volunteer_client):
    for name in LIST_PAGES:
        assert volunteer_client.get(reverse(name)).status_code == 403, name


def test_team_leader_runs_activities_but_not_rosters(leader_client, world, mine):
    assert leader_client.get(reverse("web:activity_list")).status_code == 200
    assert leader_client.get(reverse("web:team_detail", args=[world.team.pk])).status_code == 200
    assert leader_client.get(reverse("web:activity_checkin", args=[mine.activity.pk])).status_code == 200
    for name in ("web:member_list", "web:care_list", "web:request_board", "web:case_board"):
        assert leader_client.get(reverse(name)).status_code == 403, name


def test_home_is_the_landing_page_for_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_home_sends_volunteers_to_their_phone_pages(volunteer_client):
    response = volunteer_client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_home_is_the_dashboard_for_staff_and_leaders(staff_client, leader_client):
    staff_page = staff_client.get("/").content.decode()
    assert "季度联系" in staff_page or "Quarterly contact" in staff_page
    leader_page = leader_client.get("/")
    assert leader_page.status_code == 200
    assert "coverage-card" not in leader_page.content.decode()


def test_language_switch_gives_english(staff_client):
    staff_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = staff_client.get(reverse("web:member_list")).content.decode()
    assert "Retired members" in body


def test_refusal_page_explains_in_chinese(volunteer_client):
    response = volunteer_client.get(reverse("web:member_list"))
    assert response.status_code == 403
    assert "此页面仅供社区和街道工作人员使用" in response.content.decode()
