"""Fixtures for the API tests: clients per role and a `places` world where each of three
communities holds one object of every resource."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from activities.models import ActivitySeries, ServiceRecord, ServiceType
from casework.models import MediationCase, ResidentRequest
from community.models import Building, Community, Compound, Grid, PartyOrganization, Site
from members.models import CareArchive, ContactLog, Member, Pair, PairVisit, PartyPost, Studio
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    MembershipFactory,
    SignUpFactory,
    TeamFactory,
    VolunteerFactory,
    make_id_number,
)
from volunteers.models import Certificate, Team, Volunteer


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The world has a login per role; the default hasher would spend seconds hashing them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache: each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """api(user) -> an APIClient signed in as `user` (anonymous with None)."""

    def client_for(user=None, language: str | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        if language:
            client.credentials(HTTP_ACCEPT_LANGUAGE=language)
        return client

    return client_for


@dataclass
class Place:
    """One of everything in one community."""

    community: Community
    compound: Compound
    grid: Grid
    building: Building
    party_organization: PartyOrganization
    site: Site
    member: Member
    party_post: PartyPost
    contact_log: ContactLog
    care_archive: CareArchive
    pair: Pair
    pair_visit: PairVisit
    studio: Studio
    team: Team
    volunteer: Volunteer
    membership: object
    series: ActivitySeries
    activity: object
    signup: object
    service_record: ServiceRecord
    request: ResidentRequest
    mediation_case: MediationCase
    certificate: Certificate


_serial = iter(range(100, 999))


def build_place(community: Community, *, team: Team | None = None, volunteer: Volunteer | None = None) -> Place:
    serial = next(_serial)
    today = timezone.localdate()
    compound = Compound.objects.create(community=community, name=f"小区{serial}")
    grid = Grid.objects.create(
        community=community, name=f"网格{serial}", worker_name="网格员", worker_phone="13700000000"
    )
    building = Building.objects.create(compound=compound, grid=grid, name=f"{serial}栋")
    organization = PartyOrganization.objects.create(
        name=f"第{serial}党支部", street=community.street, community=community
    )
    site = Site.objects.create(street=community.street, community=community, name=f"老党员之家{serial}")
    member = MemberFactory(
        community=community,
        compound=compound,
        id_number=make_id_number(datetime.date(1950, 5, 1), serial),
        phone=f"139{serial:08d}",
        address="幸福路1号",
        health="高血压",
        lives_alone=True,
    )
    post = PartyPost.objects.create(organization=organization, member=member, role=PartyPost.Role.SECRETARY)
    log = ContactLog.objects.create(member=member, contacted_on=today, content="拉家常")
    archive = CareArchive.objects.create(
        community=community, name=f"张奶奶{serial}", phone=f"136{serial:08d}", health="行动不便", elderly_alone=True
    )
    pair = Pair.objects.create(community=community, kind=Pair.Kind.YOUNG_OLD, helper=member, helped_archive=archive)
    visit = PairVisit.objects.create(pair=pair, visited_on=today, content="送菜")
    studio = Studio.objects.create(community=community, name=f"书法工作室{serial}", leader=member)
    team = team or TeamFactory(community=community, street=community.street)
    volunteer = volunteer or VolunteerFactory(
        community=community, phone=f"135{serial:08d}", id_number=make_id_number(datetime.date(1960, 1, 1), serial)
    )
    membership = team.memberships.filter(volunteer=volunteer).first() or MembershipFactory(
        team=team, volunteer=volunteer
    )
    haircut = ServiceType.objects.get(code="haircut")
    series = ActivitySeries.objects.create(
        title="周六义剪",
        service_type=haircut,
        team=team,
        street=community.street,
        community=community,
        rrule="FREQ=WEEKLY;BYDAY=SA",
        starts_on=today,
        start_time=datetime.time(9, 0),
    )
    activity = ActivityFactory(community=community, street=community.street, team=team)
    past = ActivityFactory(
        community=community,
        street=community.street,
        team=team,
        start=timezone.now() - datetime.timedelta(days=7),
        status="done",
    )
    signup = SignUpFactory(activity=activity, volunteer=volunteer)
    past_signup = SignUpFactory(activity=past, volunteer=volunteer)
    record = ServiceRecord.objects.create(
        volunteer=volunteer,
        activity=past,
        signup=past_signup,
        community=community,
        service_type=haircut,
        date=today - datetime.timedelta(days=7),
        hours=Decimal("2.00"),
        status=ServiceRecord.Status.CONFIRMED,
    )
    request = ResidentRequest.objects.create(
        community=community, title="楼道灯坏了", requester_name="刘大爷", requester_phone=f"133{serial:08d}"
    )
    case = MediationCase.objects.create(
        community=community, kind=MediationCase.Kind.NOISE, title="装修噪音", parties="甲\n乙"
    )
    certificate = Certificate.objects.create(
        number=f"ZYFW-{serial}",
        volunteer=volunteer,
        period_start=today - datetime.timedelta(days=30),
        period_end=today,
        total_hours=Decimal("2.00"),
        period_hours=Decimal("2.00"),
        issuer_name=community.name,
    )
    return Place(
        community=community,
        compound=compound,
        grid=grid,
        building=building,
        party_organization=organization,
        site=site,
        member=member,
        party_post=post,
        contact_log=log,
        care_archive=archive,
        pair=pair,
        pair_visit=visit,
        studio=studio,
        team=team,
        volunteer=volunteer,
        membership=membership,
        series=series,
        activity=activity,
        signup=signup,
        service_record=record,
        request=request,
        mediation_case=case,
        certificate=certificate,
    )


@dataclass
class Places:
    mine: Place  # 泉韵社区: world.staff's, with world.team and world.volunteer_profile
    neighbour: Place  # 星港社区, same street
    faraway: Place  # 湘湾社区, another street


@pytest.fixture
def places(world) -> Places:
    return Places(
        mine=build_place(world.community, team=world.team, volunteer=world.volunteer_profile),
        neighbour=build_place(world.neighbour),
        faraway=build_place(world.faraway),
    )


@pytest.fixture
def users(world) -> dict:
    """Every role by name, as used in the permission tables."""
    return {
        "admin": world.admin,
        "street_staff": world.street_staff,
        "staff": world.staff,
        "neighbour_staff": world.neighbour_staff,
        "leader": world.leader,
        "volunteer": world.volunteer,
        "anonymous": None,
    }
