"""The statistics API: scoped rows, filters, the monthly summary; and the community indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

from rest_framework.test import APIClient

from reports.models import CommunityIndicator, MonthlyStatistic
from tests.factories import TeamFactory

D = datetime.date


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def rows(world):
    made = {}
    for name, community, street in (
        ("mine", world.community, world.street),
        ("neighbour", world.neighbour, world.street),
        ("faraway", world.faraway, world.other_street),
    ):
        made[name] = MonthlyStatistic.objects.create(
            month=D(2026, 10, 1),
            scope="community",
            street=street,
            community=community,
            activities=3,
            service_hours=Decimal("12.5"),
            members_total=4,
            members_contacted=3,
        )
    made["team"] = MonthlyStatistic.objects.create(
        month=D(2026, 10, 1), scope="team", street=world.street, community=world.community, team=world.team
    )
    made["november"] = MonthlyStatistic.objects.create(
        month=D(2026, 11, 1), scope="community", street=world.street, community=world.community, activities=1
    )
    return made


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_staff_see_their_communitys_rows_street_staff_their_street(world):
    made = rows(world)
    assert ids(api(world.staff).get("/api/v1/statistics/monthly/")) == {
        made["mine"].pk,
        made["team"].pk,
        made["november"].pk,
    }
    assert api(world.staff).get(f"/api/v1/statistics/monthly/{made['neighbour'].pk}/").status_code == 404
    assert ids(api(world.street_staff).get("/api/v1/statistics/monthly/?month=2026-10&scope=community")) == {
        made["mine"].pk,
        made["neighbour"].pk,
    }
    assert ids(api(world.leader).get("/api/v1/statistics/monthly/")) == {made["team"].pk}
    assert ids(api(world.volunteer).get("/api/v1/statistics/monthly/")) == set()


def test_statistics_row_shape_and_month_filters(world, django_assert_max_num_queries):
    made = rows(world)
    client = api(world.admin)
    with django_assert_max_num_queries(2):  # count + one page with its names joined in
        response = client.get("/api/v1/statistics/monthly/?month_from=2026-10&month_to=2026-10&scope=community")
    results = {row["id"]: row for row in response.json()["results"]}
    assert set(results) == {made["mine"].pk, made["neighbour"].pk, made["faraway"].pk}
    row = results[made["mine"].pk]
    assert row["month"] == "2026-10" and row["community_name"] == "泉韵社区"
    assert row["contact_coverage"] == "0.7500" and row["service_hours"] == "12.50"
    bad = client.get("/api/v1/statistics/monthly/?month=October")
    assert bad.status_code == 400
    assert "month" in bad.json()["error"]["fields"]


def test_summary_adds_up_the_community_rows_visible_to_the_user(world):
    rows(world)
    summary = api(world.street_staff).get("/api/v1/statistics/monthly/summary/").json()
    assert [(m["month"], m["activities"], m["service_hours"]) for m in summary] == [
        ("2026-10", 6, "25.00"),
        ("2026-11", 1, "0.00"),
    ]


def test_community_staff_enter_indicators_for_their_own_community(world):
    client = api(world.staff)
    elsewhere = client.post(
        "/api/v1/community-indicators/",
        {"community": world.neighbour.pk, "month": "2026-11-15", "kind": "disputes", "value": "4"},
        format="json",
    )
    assert elsewhere.status_code == 400  # another community reads as one that does not exist
    response = client.post(
        "/api/v1/community-indicators/", {"month": "2026-11-15", "kind": "disputes", "value": "4"}, format="json"
    )
    assert response.status_code == 201, response.content
    indicator = CommunityIndicator.objects.get()
    assert indicator.community == world.community  # taken from the user
    assert indicator.month == D(2026, 11, 1) and indicator.entered_by == world.staff
    assert response.json()["rising_is_good"] is False
    again = client.post(
        "/api/v1/community-indicators/", {"month": "2026-11-01", "kind": "disputes", "value": "5"}, format="json"
    )
    assert again.status_code == 400
    assert api(world.neighbour_staff).get(f"/api/v1/community-indicators/{indicator.pk}/").status_code == 404
    assert (
        api(world.volunteer)
        .post(
            "/api/v1/community-indicators/", {"month": "2026-11-01", "kind": "complaints", "value": "1"}, format="json"
        )
        .status_code
        == 403
    )


def test_team_rows_need_a_team(world):
    other_team = TeamFactory(community=world.community)
    row = MonthlyStatistic.objects.create(
        month=D(2026, 10, 1), scope="team", street=world.street, community=world.community, team=other_team
    )
    assert row.contact_coverage is None
