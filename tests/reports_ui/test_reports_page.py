"""The staff statistics page: figures from the nightly table, scope, the recompute button, the
"three up, three down" indicators and the Excel download."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Activity, ServiceRecord
from casework.models import ResidentRequest
from reports.models import CommunityIndicator, MonthlyStatistic, StatisticMonth
from reports.services import indicator_record, statistics_recompute
from tests.factories import ActivityFactory, TeamFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2026, 9, 1)
URL = "/reports/"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def at(day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 9, day, hour))


def make_month(community, team, *, served: int, hours: str):
    """A crafted September 2026 in `community`: two counted activities, one cancelled, one
    confirmed record per volunteer, a proposed and a void record, a done request."""
    first = ActivityFactory(community=community, team=team, start=at(3), beneficiaries_count=served)
    ActivityFactory(community=community, start=at(20), beneficiaries_count=1, status=Activity.Status.DONE)
    ActivityFactory(community=community, start=at(21), beneficiaries_count=50, status=Activity.Status.CANCELLED)
    volunteers = [VolunteerFactory(community=community) for _ in range(2)]
    for volunteer in volunteers:
        ServiceRecord.objects.create(
            volunteer=volunteer,
            activity=first,
            community=community,
            service_type=first.service_type,
            date=MONTH.replace(day=3),
            hours=Decimal(hours),
            status="confirmed",
        )
    ServiceRecord.objects.create(
        volunteer=volunteers[0], community=community, date=MONTH.replace(day=4), hours=Decimal("7"), status="proposed"
    )
    ServiceRecord.objects.create(
        volunteer=volunteers[1], community=community, date=MONTH.replace(day=5), hours=Decimal("6"), status="void"
    )
    ResidentRequest.objects.create(
        community=community,
        title="楼道灯坏了",
        requester_name="张阿姨",
        raised_on=MONTH,
        status=ResidentRequest.Status.DONE,
        done_on=MONTH.replace(day=10),
    )
    return volunteers


def recount(community) -> dict:
    """The month's figures counted straight from the ledgers."""
    activities = Activity.objects.filter(
        community=community,
        status__in=(Activity.Status.PUBLISHED, Activity.Status.DONE),
        start__gte=at(1, 0),
        start__lt=timezone.make_aware(datetime.datetime(2026, 10, 1)),
    ).aggregate(n=Count("pk"), served=Sum("beneficiaries_count"))
    records = ServiceRecord.objects.filter(
        community=community, status="confirmed", date__year=2026, date__month=9
    ).aggregate(hours=Sum("hours"), volunteers=Count("volunteer", distinct=True))
    return {
        "activities": activities["n"],
        "people_served": activities["served"],
        "service_hours": records["hours"],
        "volunteers_active": records["volunteers"],
        "requests_done": ResidentRequest.objects.filter(community=community, done_on__year=2026, done_on__month=9)
        .filter(status="done")
        .count(),
    }


def period(**extra) -> dict:
    return {"month_from": "2026-09", "month_to": "2026-09", **extra}


def test_staff_page_shows_the_figures_of_a_direct_recount(world):
    make_month(world.community, world.team, served=12, hours="2.5")
    make_month(world.neighbour, None, served=40, hours="8")
    statistics_recompute(month=MONTH)

    response = login(world.staff).get(URL, period())

    assert response.status_code == 200
    (row,) = response.context["table"]
    expected = recount(world.community)
    assert expected == {
        "activities": 2,
        "people_served": 13,
        "service_hours": Decimal("5.00"),
        "volunteers_active": 2,
        "requests_done": 1,
    }
    for key, value in expected.items():
        assert row[key] == value, key
    html = response.content.decode()
    assert 'data-testid="monthly-table"' in html
    assert 'data-testid="not-computed"' not in html
    # The breakdowns: the team's activity and its confirmed hours, the service type's two activities.
    (team_row,) = response.context["by_team"]
    assert (team_row["name"], team_row["activities"], team_row["service_hours"]) == ("五老红", 1, Decimal("5.00"))
    (type_row,) = response.context["by_type"]
    assert (type_row["activities"], type_row["service_hours"]) == (2, Decimal("5.00"))


def test_another_communitys_statistics_never_appear(world):
    make_month(world.neighbour, TeamFactory(community=world.neighbour, name="星港先锋队"), served=40, hours="8")
    statistics_recompute(month=MONTH)

    # A forged community filter is not a choice for community staff: the scope stays theirs.
    response = login(world.staff).get(URL, period(community=world.neighbour.pk))

    assert response.status_code == 200
    (row,) = response.context["table"]
    assert (row["activities"], row["service_hours"], row["people_served"]) == (0, 0, 0)
    assert response.context["by_team"] == [] and response.context["by_type"] == []
    assert "星港先锋队" not in response.content.decode()
    # The neighbour's own staff and the street see them.
    (theirs,) = login(world.neighbour_staff).get(URL, period()).context["table"]
    assert theirs["activities"] == 2
    (street,) = login(world.street_staff).get(URL, period(community=world.neighbour.pk)).context["table"]
    assert street["people_served"] == 41


@pytest.mark.parametrize("who", ["volunteer", "leader"])
def test_volunteers_and_team_leaders_get_403(world, who):
    client = login(getattr(world, who))
    assert client.get(URL).status_code == 403
    assert client.post(reverse("web:reports_recompute"), period()).status_code == 403
    assert client.post(reverse("web:reports_indicator"), {}).status_code == 403
    assert not StatisticMonth.objects.exists()


def test_recompute_button_fills_an_uncomputed_period_and_comes_back(world):
    make_month(world.community, world.team, served=12, hours="2.5")
    client = login(world.staff)
    page = client.get(URL, period())
    assert 'data-testid="not-computed"' in page.content.decode()
    assert page.context["table"][0]["activities"] == 0

    response = client.post(
        reverse("web:reports_recompute"),
        {**period(), "query": "month_from=2026-09&month_to=2026-09"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"{URL}?month_from=2026-09&month_to=2026-09"
    assert [str(m) for m in response.context["messages"]] == ["已重新统计 1 个月的数据。"]
    assert StatisticMonth.objects.get(month=MONTH).computed_at is not None
    assert response.context["table"][0]["activities"] == 2
    assert 'data-testid="not-computed"' not in response.content.decode()
    # A forged query string cannot split the redirect's header.
    forged = client.post(reverse("web:reports_recompute"), {**period(), "query": "a=1\r\nSet-Cookie: x=1"})
    assert forged.status_code == 302 and "\n" not in forged["Location"]
    # Idempotent: a second run stores the same rows.
    rows = MonthlyStatistic.objects.count()
    client.post(reverse("web:reports_recompute"), period())
    assert MonthlyStatistic.objects.count() == rows


def test_recompute_refuses_a_reversed_period_with_a_message(world):
    response = login(world.staff).post(
        reverse("web:reports_recompute"), {"month_from": "2026-10", "month_to": "2026-01"}, follow=True
    )
    assert response.status_code == 200
    assert "起始月份不能晚于截止月份" in response.content.decode()
    assert not StatisticMonth.objects.exists()


def test_indicator_is_recorded_and_its_trend_shown_in_words(world):
    client = login(world.staff)
    indicator_record(
        community=world.community, month=datetime.date(2026, 10, 1), kind="disputes", value=5, by_user=world.staff
    )

    response = client.post(
        reverse("web:reports_indicator"),
        {"community": world.community.pk, "month": "2026-11", "kind": "disputes", "value": "3", "note": ""},
        follow=True,
    )

    saved = CommunityIndicator.objects.get(community=world.community, month=datetime.date(2026, 11, 1))
    assert (saved.kind, saved.value, saved.entered_by) == ("disputes", Decimal("3"), world.staff)
    row = next(r for r in response.context["indicators"] if r["kind"] == "disputes")
    assert row["trend"] == "down" and row["better"] is True
    assert "下降（向好）" in response.content.decode()
    # Recording the month again replaces its value.
    client.post(
        reverse("web:reports_indicator"),
        {"community": world.community.pk, "month": "2026-11", "kind": "disputes", "value": "4"},
    )
    assert CommunityIndicator.objects.get(pk=saved.pk).value == Decimal("4")


def test_a_bad_indicator_value_gives_a_message_and_keeps_the_input(world):
    response = login(world.staff).post(
        reverse("web:reports_indicator"),
        {
            "community": world.community.pk,
            "month": "2026-11",
            "kind": "fee_payment",
            "value": "150",
            "note": "物业",
            "query": "month_from=2026-01&month_to=2026-03",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "百分比" in html  # the rate must be a percentage between 0 and 100
    assert 'value="150"' in html and 'value="物业"' in html
    assert [str(m) for m in response.context["messages"]] == ["指标未保存，请修改下面标出的错误。"]
    # The page keeps the period it was posted from.
    assert [row["month"].month for row in response.context["table"]] == [1, 2, 3]
    assert not CommunityIndicator.objects.exists()


def test_indicator_rules_in_the_service(world):
    with pytest.raises(ValidationError):
        indicator_record(
            community=world.community,
            month=datetime.date(2026, 11, 1),
            kind="complaints",
            value=Decimal("2.5"),
            by_user=world.staff,
        )
    with pytest.raises(ValidationError):
        indicator_record(
            community=world.community, month=datetime.date(2027, 1, 1), kind="complaints", value=1, by_user=world.staff
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        indicator_record(
            community=world.faraway, month=datetime.date(2026, 11, 1), kind="complaints", value=1, by_user=world.staff
        )
    assert not CommunityIndicator.objects.exists()


def test_excel_export_holds_the_tables_of_the_page(world):
    make_month(world.community, world.team, served=12, hours="2.5")
    make_month(world.neighbour, None, served=40, hours="8")
    statistics_recompute(month=MONTH)

    response = login(world.staff).get(URL, {"month_from": "2026-08", "month_to": "2026-09", "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    monthly = list(book.worksheets[0].iter_rows(values_only=True))
    assert monthly[0][:5] == ("月", "服务活动", "活跃志愿者", "服务时长", "服务人次")
    assert [r[:5] for r in monthly[1:]] == [("2026-08", 0, 0, 0, 0), ("2026-09", 2, 2, 5, 13)]
    teams = list(book.worksheets[2].iter_rows(values_only=True))
    assert [r[:3] for r in teams[1:]] == [("五老红", 1, 5)]
    assert len(book.worksheets) == 4  # months, service types, teams, indicators


def test_page_queries_do_not_grow_with_months(world, django_assert_max_num_queries):
    client = login(world.staff)
    make_month(world.community, world.team, served=12, hours="2.5")
    statistics_recompute(month=MONTH)
    with django_assert_max_num_queries(14) as one:
        client.get(URL, period())
    months = [datetime.date(2025, 11, 1), datetime.date(2025, 12, 1)] + [
        datetime.date(2026, m, 1) for m in range(1, 11)
    ]
    for day in months:
        if day != MONTH:
            MonthlyStatistic.objects.create(
                month=day, scope="community", street=world.street, community=world.community, activities=1
            )
            MonthlyStatistic.objects.create(
                month=day, scope="team", street=world.street, community=world.community, team=world.team, activities=1
            )
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL, {"month_from": "2025-11", "month_to": "2026-10"})
    assert sum(r["activities"] for r in response.context["table"]) >= 11
