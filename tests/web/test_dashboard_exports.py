"""The dashboard's figures and charts, and the Excel export of every list."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import ServiceRecord
from community.periods import today
from tests.factories import ActivityFactory, ContactLogFactory, MemberFactory, VolunteerFactory
from web import selectors

pytestmark = pytest.mark.django_db


def test_month_figures_count_this_months_published_activities_and_confirmed_hours(world):
    now = timezone.now()
    ActivityFactory(community=world.community, start=now, beneficiaries_count=12)
    ActivityFactory(community=world.community, start=now, status="cancelled", beneficiaries_count=50)
    ActivityFactory(community=world.neighbour, start=now, beneficiaries_count=99)
    ServiceRecord.objects.create(
        volunteer=world.volunteer_profile,
        community=world.community,
        date=today(),
        hours=Decimal("2.5"),
        status="confirmed",
    )
    ServiceRecord.objects.create(
        volunteer=world.leader_volunteer, community=world.community, date=today(), hours=Decimal("9"), status="proposed"
    )
    figures = selectors.month_figures(world.staff)
    assert (figures.activities, figures.people_served, figures.hours, figures.volunteers_served) == (
        1,
        12,
        Decimal("2.5"),
        1,
    )


def test_coverage_and_members_to_contact(world):
    done = MemberFactory(community=world.community, name="已联系")
    MemberFactory(community=world.community, name="待联系")
    MemberFactory(community=world.neighbour, name="别的社区")
    ContactLogFactory(member=done)
    coverage = selectors.contact_coverage(world.staff)
    assert (coverage.contacted, coverage.total, coverage.percent) == (1, 2, 50)
    assert [m.name for m in selectors.members_to_contact(world.staff)] == ["待联系"]


def test_birthdays_and_political_birthdays_this_week(world):
    day = today()
    soon = day + datetime.timedelta(days=3)
    MemberFactory(community=world.community, name="寿星", birth_date=soon.replace(year=1945))
    MemberFactory(community=world.community, name="老党员", party_joined_on=soon.replace(year=1970))
    MemberFactory(
        community=world.community, name="下个月", birth_date=(day + datetime.timedelta(days=30)).replace(year=1945)
    )
    week = selectors.anniversaries_this_week(world.staff, day)
    assert [m.name for m in week["birthdays"]] == ["寿星"]
    assert [m.name for m in week["political"]] == ["老党员"]


def test_february_29_birthdays_fall_on_february_28_in_common_years(world):
    MemberFactory(community=world.community, name="闰日生", birth_date=datetime.date(1944, 2, 29))
    week = selectors.anniversaries_this_week(world.staff, datetime.date(2027, 2, 25))
    assert [m.name for m in week["birthdays"]] == ["闰日生"]


def test_monthly_series_puts_each_figure_in_its_month(world):
    ContactLogFactory(member=MemberFactory(community=world.community), contacted_on=today().replace(day=1))
    two_months_ago = (today().replace(day=1) - datetime.timedelta(days=40)).replace(day=10)
    ServiceRecord.objects.create(
        volunteer=world.volunteer_profile, community=world.community, date=two_months_ago, hours=3, status="confirmed"
    )
    series = selectors.monthly_series(world.staff)
    assert len(series["labels"]) == 12 and series["labels"][-1] == f"{today():%Y-%m}"
    assert series["contacts"][-1] == 1
    assert series["hours"][-3] == 3.0 and sum(series["hours"]) == 3.0


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_does_not_grow_with_data(staff_client, world):
    ActivityFactory(community=world.community)
    ContactLogFactory(member=MemberFactory(community=world.community))
    before = dashboard_queries(staff_client)
    for n in range(30):
        start = timezone.now() - datetime.timedelta(days=12 * n)
        ActivityFactory(community=world.community, start=start)
        ContactLogFactory(member=MemberFactory(community=world.community), contacted_on=start.date())
    assert dashboard_queries(staff_client) == before


def test_dashboard_coverage_changes_when_a_contact_is_logged(staff_client, world):
    member = MemberFactory(community=world.community)
    MemberFactory(community=world.community)
    assert "0 / 2" in staff_client.get("/").content.decode()
    staff_client.post(
        reverse("web:member_contact", args=[member.pk]), {"contacted_on": today().isoformat(), "method": "visit"}
    )
    assert "1 / 2" in staff_client.get("/").content.decode()


# --- Excel exports ---------------------------------------------------------------------------------------


def rows_of(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "name",
    [
        "web:member_list",
        "web:volunteer_list",
        "web:team_list",
        "web:activity_list",
        "web:care_list",
        "web:request_board",
        "web:case_board",
    ],
)
def test_every_list_exports_to_excel(staff_client, mine, name):
    rows = rows_of(staff_client.get(reverse(name), {"export": "xlsx", "when": "all"}))
    assert len(rows) >= 2  # a header and at least the record of this community
    assert all(isinstance(h, str) and h for h in rows[0])


def test_member_export_keeps_the_filters(staff_client, world):
    contacted = MemberFactory(community=world.community, name="已联系")
    MemberFactory(community=world.community, name="待联系", phone="13712345678")
    MemberFactory(community=world.neighbour, name="别的社区")
    ContactLogFactory(member=contacted)
    rows = rows_of(staff_client.get(reverse("web:member_list"), {"contacted": "no", "export": "xlsx"}))
    header, *data = rows
    assert header[0] == "姓名"
    assert [r[0] for r in data] == ["待联系"]
    assert "13712345678" in data[0]  # staff see full phone numbers


def test_volunteer_export_masks_personal_data_for_team_leaders(leader_client, world):
    world.volunteer_profile.phone = "13912345678"
    world.volunteer_profile.save()
    rows = rows_of(leader_client.get(reverse("web:volunteer_list"), {"export": "xlsx"}))
    cells = [c for row in rows for c in row]
    assert "139****5678" in cells and "13912345678" not in cells


def test_volunteer_export_has_confirmed_hours(staff_client, world):
    volunteer = VolunteerFactory(community=world.community, name="记时者")
    ServiceRecord.objects.create(
        volunteer=volunteer, community=world.community, date=today(), hours=4, status="confirmed"
    )
    rows = rows_of(staff_client.get(reverse("web:volunteer_list"), {"q": "记时者", "export": "xlsx"}))
    header, row = rows
    assert row[header.index("已确认时长")] == 4
