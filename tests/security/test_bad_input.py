"""Garbage in the query string of the main list pages never gives a server error (< 500),
for staff, a team leader and a volunteer."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import ActivityFactory, MemberFactory, SignUpFactory

GARBAGE = [
    "page=abc",
    "page=99999999999999999999",
    "page=-1",
    "sort=__class__",
    "sort=-",
    "community=abc",
    "community=99999999999999999999999",
    "team=-5",
    "grid=1e5",
    "site=%00",
    "service_type=x",
    "status=nonsense",
    "contacted=maybe",
    "living=__init__",
    "five_olds=pk",
    "category=pk",
    "when=everything",
    "date=2026-02-30",
    "date=0001-01-01",
    "date=9999-12-31",
    "date=abcd",
    "view=week&date=0001-01-01",
    "view=week&date=9999-12-31",
    "month=13",
    "day=9999-99-99",
    "type=abc",
    "q=" + "长" * 5000,
    "q=%ff%fe",
    "export=xlsx&page=zz",
    "partial=candidates&q=%00",
]

STAFF_PAGES = [
    "/",
    "/members/",
    "/volunteers/",
    "/teams/",
    "/activities/",
    "/activities/calendar/",
    "/activities/series/",
    "/care/",
    "/requests/",
    "/cases/",
]
PORTAL_PAGES = [
    "/me/",
    "/me/activities/",
    "/me/schedule/",
    "/me/record/",
    "/me/inbox/",
    "/me/certificates/",
    "/verify/",
]


@pytest.fixture
def data(world):
    MemberFactory(community=world.community)
    activity = ActivityFactory(community=world.community, team=world.team)
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    return activity


def _walk(client: Client, pages: list[str]) -> list[str]:
    failures = []
    for page in pages:
        for query in GARBAGE:
            response = client.get(f"{page}?{query}", HTTP_HX_REQUEST="true" if "partial" in query else None)
            if response.status_code >= 500:
                failures.append(f"{page}?{query[:40]} -> {response.status_code}")
    return failures


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_staff_pages_survive_garbage_query_strings(world, data, who):
    client = Client(raise_request_exception=False)
    client.force_login(getattr(world, who))
    pages = [*STAFF_PAGES, f"/activities/{data.pk}/"]
    assert _walk(client, pages) == []


def test_portal_pages_survive_garbage_query_strings(world, data):
    client = Client(raise_request_exception=False)
    client.force_login(world.volunteer)
    pages = [*PORTAL_PAGES, f"/me/activities/{data.pk}/", "/verify/%ff%fe/", "/feed/%ff.ics"]
    assert _walk(client, pages) == []


def test_a_volunteer_id_that_is_not_a_number_is_a_message_not_a_500(world, data):
    client = Client(raise_request_exception=False)
    client.force_login(world.staff)
    for raw in ("abc", "1e3", "-1", "9" * 30, "\x00"):
        response = client.post(f"/activities/{data.pk}/signups/add/", {"volunteer": raw})
        assert response.status_code == 302, raw
