"""Every list endpoint runs the same number of queries for 1 row and for 50 rows: related
objects are joined or prefetched, derived figures are annotations, never a query per row.

Each builder makes rows with their own related objects (a member per contact log, a team
per activity ...), so a forgotten select_related or prefetch shows up as a difference."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import ActivitySeries, ServiceRecord, ServiceType
from casework.models import MediationCase, ResidentRequest
from community.models import Building, Community, Compound, District, Grid, PartyOrganization, Site
from members.models import CareArchive, ContactLog, Pair, PairVisit, PartyPost, Studio
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    MembershipFactory,
    SignUpFactory,
    TeamFactory,
    VolunteerFactory,
)
from volunteers.models import Certificate

_n = itertools.count(1)
TODAY = datetime.date(2026, 11, 20)


def _haircut():
    return ServiceType.objects.get(code="haircut")


def _record(volunteer, activity, community):
    return ServiceRecord.objects.create(
        volunteer=volunteer,
        activity=activity,
        community=community,
        service_type=activity.service_type,
        date=TODAY,
        hours=Decimal("1.50"),
        status=ServiceRecord.Status.CONFIRMED,
    )


def make_districts(w, n):
    District.objects.bulk_create([District(name=f"区{next(_n)}") for _ in range(n)])


def make_communities(w, n):
    Community.objects.bulk_create([Community(street=w.street, name=f"社区{next(_n)}") for _ in range(n)])


def make_compounds(w, n):
    Compound.objects.bulk_create([Compound(community=w.community, name=f"小区{next(_n)}") for _ in range(n)])


def make_grids(w, n):
    Grid.objects.bulk_create([Grid(community=w.community, name=f"网格{next(_n)}") for _ in range(n)])


def make_buildings(w, n):
    for _ in range(n):
        compound = Compound.objects.create(community=w.community, name=f"小区{next(_n)}")
        Building.objects.create(compound=compound, name="1栋")


def make_party_organizations(w, n):
    for _ in range(n):
        org = PartyOrganization.objects.create(name=f"支部{next(_n)}", street=w.street, community=w.community)
        PartyPost.objects.create(organization=org, member=MemberFactory(community=w.community), role="secretary")


def make_sites(w, n):
    Site.objects.bulk_create([Site(street=w.street, community=w.community, name=f"站{next(_n)}") for _ in range(n)])


def make_members(w, n):
    for _ in range(n):
        ContactLog.objects.create(member=MemberFactory(community=w.community), contacted_on=TODAY)


def make_party_posts(w, n):
    for _ in range(n):
        org = PartyOrganization.objects.create(name=f"支部{next(_n)}", street=w.street, community=w.community)
        PartyPost.objects.create(organization=org, member=MemberFactory(community=w.community), role="committee")


def make_contact_logs(w, n):
    for _ in range(n):
        ContactLog.objects.create(member=MemberFactory(community=w.community), contacted_on=TODAY, contacted_by=w.staff)


def make_care_archives(w, n):
    CareArchive.objects.bulk_create([CareArchive(community=w.community, name=f"老人{next(_n)}") for _ in range(n)])


def _pair(w):
    archive = CareArchive.objects.create(community=w.community, name=f"老人{next(_n)}")
    pair = Pair.objects.create(
        community=w.community, kind="young_old", helper=MemberFactory(community=w.community), helped_archive=archive
    )
    PairVisit.objects.create(pair=pair, visited_on=TODAY)
    return pair


def make_pairs(w, n):
    for _ in range(n):
        _pair(w)


def make_pair_visits(w, n):
    for _ in range(n):
        _pair(w)


def make_studios(w, n):
    for _ in range(n):
        Studio.objects.create(
            community=w.community, name=f"工作室{next(_n)}", leader=MemberFactory(community=w.community)
        )


def make_volunteers(w, n):
    activity = ActivityFactory(community=w.community, team=w.team, start=timezone.now() - datetime.timedelta(days=2))
    for _ in range(n):
        volunteer = VolunteerFactory(community=w.community)
        MembershipFactory(team=w.team, volunteer=volunteer)
        _record(volunteer, activity, w.community)


def make_teams(w, n):
    for _ in range(n):
        team = TeamFactory(community=w.community, street=w.street)
        MembershipFactory(team=team, volunteer=VolunteerFactory(community=w.community), role="leader")


def make_memberships(w, n):
    for _ in range(n):
        MembershipFactory(team=w.team, volunteer=VolunteerFactory(community=w.community))


def make_certificates(w, n):
    for _ in range(n):
        Certificate.objects.create(
            number=f"Z-{next(_n)}",
            volunteer=VolunteerFactory(community=w.community),
            period_start=TODAY,
            period_end=TODAY,
            total_hours=1,
            period_hours=1,
            issuer_name="泉韵社区",
        )


def make_series(w, n):
    for _ in range(n):
        team = TeamFactory(community=w.community, street=w.street)
        ActivitySeries.objects.create(
            title="义剪",
            service_type=_haircut(),
            team=team,
            street=w.street,
            community=w.community,
            rrule="FREQ=WEEKLY",
            starts_on=TODAY,
            start_time=datetime.time(9),
        )


def make_activities(w, n):
    for _ in range(n):
        team = TeamFactory(community=w.community, street=w.street)
        activity = ActivityFactory(community=w.community, team=team)
        SignUpFactory(activity=activity, volunteer=VolunteerFactory(community=w.community))


def make_signups(w, n):
    # The world's volunteer on n activities, waitlisted on some: visible to staff and to them.
    for i in range(n):
        activity = ActivityFactory(
            community=w.community, team=w.team, start=timezone.now() + datetime.timedelta(days=3, hours=3 * i)
        )
        status = "waitlisted" if i % 2 else "confirmed"
        SignUpFactory(activity=activity, volunteer=w.volunteer_profile, status=status)


def make_service_records(w, n):
    for _ in range(n):
        activity = ActivityFactory(community=w.community, team=TeamFactory(community=w.community, street=w.street))
        _record(w.volunteer_profile, activity, w.community)


def make_requests(w, n):
    for _ in range(n):
        ResidentRequest.objects.create(
            community=w.community,
            title="修灯",
            requester_name="刘大爷",
            assigned_user=w.staff,
            assigned_volunteer=VolunteerFactory(community=w.community),
        )


def make_mediation_cases(w, n):
    for _ in range(n):
        MediationCase.objects.create(
            community=w.community,
            kind="noise",
            title="噪音",
            parties="甲",
            mediator=VolunteerFactory(community=w.community),
            created_by=w.staff,
        )


def make_service_types(w, n):
    ServiceType.objects.bulk_create([ServiceType(code=f"t{next(_n)}", name="类型") for _ in range(n)])


# (list url, builder, who asks)
LISTS = [
    ("/api/v1/districts/", make_districts, "admin"),
    ("/api/v1/communities/", make_communities, "admin"),
    ("/api/v1/compounds/", make_compounds, "staff"),
    ("/api/v1/grids/", make_grids, "staff"),
    ("/api/v1/buildings/", make_buildings, "staff"),
    ("/api/v1/party-organizations/", make_party_organizations, "staff"),
    ("/api/v1/sites/", make_sites, "staff"),
    ("/api/v1/members/", make_members, "staff"),
    ("/api/v1/party-posts/", make_party_posts, "staff"),
    ("/api/v1/contact-logs/", make_contact_logs, "staff"),
    ("/api/v1/care-archives/", make_care_archives, "staff"),
    ("/api/v1/pairs/", make_pairs, "staff"),
    ("/api/v1/pair-visits/", make_pair_visits, "staff"),
    ("/api/v1/studios/", make_studios, "staff"),
    ("/api/v1/volunteers/", make_volunteers, "staff"),
    ("/api/v1/volunteers/", make_volunteers, "leader"),
    ("/api/v1/teams/", make_teams, "staff"),
    ("/api/v1/teams/", make_teams, "volunteer"),
    ("/api/v1/memberships/", make_memberships, "staff"),
    ("/api/v1/certificates/", make_certificates, "street_staff"),
    ("/api/v1/series/", make_series, "staff"),
    ("/api/v1/activities/", make_activities, "staff"),
    ("/api/v1/activities/", make_activities, "volunteer"),
    ("/api/v1/public/activities/", make_activities, None),
    ("/api/v1/signups/", make_signups, "staff"),
    ("/api/v1/signups/", make_signups, "volunteer"),
    ("/api/v1/service-records/", make_service_records, "staff"),
    ("/api/v1/volunteers/{volunteer}/records/", make_service_records, "volunteer"),
    ("/api/v1/requests/", make_requests, "staff"),
    ("/api/v1/mediation-cases/", make_mediation_cases, "staff"),
    ("/api/v1/service-types/", make_service_types, "staff"),
]


def _queries(api, user, url) -> tuple[int, int]:
    # A fresh user object per request, as in real requests (no per-object caches carried over).
    client = api(type(user).objects.get(pk=user.pk) if user else None)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()["count"]


@pytest.mark.parametrize(
    "url, make, role", LISTS, ids=[f"{url.split('/')[3]}-{role or 'anonymous'}" for url, _m, role in LISTS]
)
def test_list_runs_the_same_queries_for_one_row_and_for_fifty(api, world, url, make, role):
    user = getattr(world, role) if role else None
    url = url.format(volunteer=world.volunteer_profile.pk)
    make(world, 1)
    one, count_one = _queries(api, user, url)
    make(world, 49)
    fifty, count_fifty = _queries(api, user, url)
    assert count_fifty - count_one == 49, "the builder's rows must all be in the list"
    assert fifty == one, f"{url} as {role}: {one} queries for {count_one} rows, {fifty} for {count_fifty}"
    assert one <= 12, f"{url} as {role}: {one} queries"
    print(f"QUERIES {url} as {role or 'anonymous'}: {one}")  # shown with -s, for the record
