"""Monthly statistics equal a direct recount of the data, month by month and community by
community; recomputing is idempotent; the nightly run picks up months changed since."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities.models import Activity, ServiceRecord, ServiceType
from casework.models import MediationCase, ResidentRequest
from community.periods import quarter_bounds
from members.models import ContactLog, Member, PersonStatus
from reports.models import MonthlyStatistic, StatisticMonth
from reports.services import statistics_nightly, statistics_recompute
from reports.tasks import statistics_month
from tests.factories import ActivityFactory, MemberFactory, TeamFactory, VolunteerFactory

D = datetime.date
MONTHS = [D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)]
FIGURES = (
    "activities",
    "people_served",
    "volunteers_active",
    "service_hours",
    "members_total",
    "members_contacted",
    "requests_done",
    "disputes_mediated",
)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def ledger(world):
    """Three communities in two streets with activities, hours, contacts, requests and cases
    spread over four months, drawn from a fixed seed."""
    rng = random.Random(4)
    communities = [world.community, world.neighbour, world.faraway]
    teams = [world.team, TeamFactory(community=world.neighbour), TeamFactory(community=world.faraway)]
    types = list(ServiceType.objects.filter(code__in=["haircut", "patrol", "mediation"]))
    volunteers = [VolunteerFactory(community=rng.choice(communities)) for _ in range(12)]
    days = [month + datetime.timedelta(days=d) for month in MONTHS for d in (0, 9, 20, 27)]
    # The last evening of a month in Shanghai is still that month (UTC is 8 hours behind).
    edge = ActivityFactory(community=world.community, start=at(D(2026, 9, 30), 23), beneficiaries_count=7)
    activities = [edge]
    for _ in range(40):
        community = rng.choice(communities)
        activities.append(
            ActivityFactory(
                community=community,
                team=rng.choice([None, *[t for t in teams if t.community_id == community.pk]]),
                service_type=rng.choice(types),
                start=at(rng.choice(days)),
                status=rng.choice([Activity.Status.PUBLISHED, Activity.Status.DONE, Activity.Status.CANCELLED]),
                beneficiaries_count=rng.randint(0, 30),
            )
        )
    # A street-wide activity (no community).
    activities.append(
        ActivityFactory(community=None, street=world.street, start=at(D(2026, 10, 10)), beneficiaries_count=50)
    )
    for activity in activities:
        for volunteer in rng.sample(volunteers, 3):
            ServiceRecord.objects.create(
                volunteer=volunteer,
                activity=activity,
                community=activity.community or volunteer.community,
                service_type=activity.service_type,
                date=timezone.localtime(activity.start).date(),
                hours=Decimal(rng.choice(["1.5", "2", "3"])),
                status=rng.choice([ServiceRecord.Status.CONFIRMED, ServiceRecord.Status.PROPOSED]),
            )
    ServiceRecord.objects.create(  # hours without an activity (a home visit logged afterwards)
        volunteer=volunteers[0],
        community=volunteers[0].community,
        date=D(2026, 10, 3),
        hours=Decimal("2.5"),
        status=ServiceRecord.Status.CONFIRMED,
    )
    members = [MemberFactory(community=rng.choice(communities)) for _ in range(20)]
    Member.objects.filter(pk=members[0].pk).update(status=PersonStatus.DECEASED)
    for member in members:
        for day in rng.sample(days, 2):
            ContactLog.objects.create(member=member, contacted_on=day)
    for n in range(15):
        raised = rng.choice(days)
        done = rng.random() < 0.6
        ResidentRequest.objects.create(
            community=rng.choice(communities),
            title=f"诉求{n}",
            requester_name="居民",
            raised_on=raised,
            status=ResidentRequest.Status.DONE if done else ResidentRequest.Status.ASSIGNED,
            done_on=raised + datetime.timedelta(days=3) if done else None,
        )
        received = rng.choice(days)
        outcome = rng.choice(
            [MediationCase.Status.RESOLVED, MediationCase.Status.FAILED, MediationCase.Status.MEDIATING]
        )
        MediationCase.objects.create(
            community=rng.choice(communities),
            kind=MediationCase.Kind.NOISE,
            title=f"纠纷{n}",
            parties="甲\n乙",
            received_on=received,
            status=outcome,
            closed_on=received + datetime.timedelta(days=2) if outcome != MediationCase.Status.MEDIATING else None,
        )
    return world


def recount(month: datetime.date) -> dict[tuple, dict]:
    """The figures counted one object at a time in Python, the slow obvious way."""
    cells: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    in_month = lambda day: day.replace(day=1) == month  # noqa: E731

    for a in Activity.objects.select_related("community"):
        if a.status in ("published", "done") and in_month(timezone.localtime(a.start).date()):
            keys = [("community", a.street_id, a.community_id, None, None)]
            keys.append(("service_type", a.street_id, a.community_id, None, a.service_type_id))
            if a.team_id:
                keys.append(("team", a.street_id, a.community_id, a.team_id, None))
            for key in keys:
                cells[key]["activities"] += 1
                cells[key]["people_served"] += a.beneficiaries_count
    volunteers = defaultdict(set)
    for r in ServiceRecord.objects.select_related("community", "activity"):
        if r.status != "confirmed" or not in_month(r.date):
            continue
        street = r.community.street_id
        keys = [("community", street, r.community_id, None, None)]
        if r.service_type_id:
            keys.append(("service_type", street, r.community_id, None, r.service_type_id))
        if r.activity and r.activity.team_id:
            keys.append(("team", street, r.community_id, r.activity.team_id, None))
        for key in keys:
            cells[key]["service_hours"] += r.hours
            volunteers[key].add(r.volunteer_id)
    for key, people in volunteers.items():
        cells[key]["volunteers_active"] = len(people)
    quarter_start = quarter_bounds(month)[0]
    month_end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    for m in Member.objects.select_related("community"):
        if m.status != "active":
            continue
        key = ("community", m.community.street_id, m.community_id, None, None)
        cells[key]["members_total"] += 1
        if any(quarter_start <= c.contacted_on <= month_end for c in m.contact_logs.all()):
            cells[key]["members_contacted"] += 1
    for q in ResidentRequest.objects.select_related("community"):
        if q.status == "done" and in_month(q.done_on):
            cells[("community", q.community.street_id, q.community_id, None, None)]["requests_done"] += 1
    for c in MediationCase.objects.select_related("community"):
        if c.status == "resolved" and in_month(c.closed_on):
            cells[("community", c.community.street_id, c.community_id, None, None)]["disputes_mediated"] += 1
    return {key: {name: Decimal(value) for name, value in figures.items()} for key, figures in cells.items()}


def stored(month: datetime.date) -> dict[tuple, dict]:
    return {
        (s.scope, s.street_id, s.community_id, s.team_id, s.service_type_id): {
            name: Decimal(getattr(s, name)) for name in FIGURES
        }
        for s in MonthlyStatistic.objects.filter(month=month)
    }


def test_statistics_equal_a_direct_recount_for_every_month_and_community(ledger):
    for month in MONTHS:
        statistics_recompute(month=month)
    for month in MONTHS:
        expected = recount(month)
        assert expected, f"the fixture should have data in {month}"
        assert stored(month) == expected, month
    communities_with_rows = set(
        MonthlyStatistic.objects.filter(scope="community").values_list("community_id", flat=True)
    )
    assert {ledger.community.pk, ledger.neighbour.pk, ledger.faraway.pk, None} <= communities_with_rows
    # The evening of 30 September (local time) counts in September.
    september = MonthlyStatistic.objects.get(month=D(2026, 9, 1), scope="community", community=ledger.community)
    assert september.activities >= 1 and september.people_served >= 7


def test_recomputing_a_month_twice_gives_the_same_table(ledger):
    assert statistics_month.apply(kwargs={"month": "2026-10"}).get() > 0
    first = stored(D(2026, 10, 1))
    rows = MonthlyStatistic.objects.count()
    statistics_month.apply(kwargs={"month": "2026-10"})
    assert stored(D(2026, 10, 1)) == first
    assert MonthlyStatistic.objects.count() == rows


def test_nightly_run_recomputes_this_and_last_month_and_any_month_changed_since(ledger):
    # The first run fills in every month with data; the next only this month and the last.
    assert statistics_nightly(day=D(2026, 11, 23)) == MONTHS
    assert statistics_nightly(day=D(2026, 11, 23)) == [D(2026, 10, 1), D(2026, 11, 1)]
    computed_before = StatisticMonth.objects.get(month=D(2026, 8, 1)).computed_at

    # Someone corrects an August record and logs a late contact from September.
    record = ServiceRecord.objects.filter(date__month=8, status="confirmed").first()
    record.hours = Decimal("9")
    record.save()
    ContactLog.objects.create(member=Member.objects.active().first(), contacted_on=D(2026, 7, 15))

    months = statistics_nightly(day=D(2026, 11, 24))
    assert months == [D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)]
    assert stored(D(2026, 8, 1)) == recount(D(2026, 8, 1))
    assert StatisticMonth.objects.get(month=D(2026, 8, 1)).computed_at > computed_before


def test_one_row_per_cell_even_where_team_and_type_are_empty(world):
    row = {"month": D(2026, 11, 1), "scope": "community", "street": world.street, "community": world.community}
    MonthlyStatistic.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyStatistic.objects.create(**row)
    street_wide = {**row, "community": None}
    MonthlyStatistic.objects.create(**street_wide)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyStatistic.objects.create(**street_wide)
