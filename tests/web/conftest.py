"""Fixtures of the staff workspace tests: logged-in clients per role, and one record of each
kind in 泉韵社区 (world.community) plus its twin in 星港社区 (world.neighbour) for scope tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from activities.models import Activity
from casework.models import MediationCase, ResidentRequest
from members.models import CareArchive, Member, Pair
from tests.factories import ActivityFactory, MemberFactory, SignUpFactory, VolunteerFactory


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(world) -> Client:
    return login(world.staff)


@pytest.fixture
def street_client(world) -> Client:
    return login(world.street_staff)


@pytest.fixture
def leader_client(world) -> Client:
    return login(world.leader)


@pytest.fixture
def volunteer_client(world) -> Client:
    return login(world.volunteer)


@dataclass
class Records:
    member: Member
    activity: Activity
    archive: CareArchive
    pair: Pair
    request: ResidentRequest
    case: MediationCase


def make_records(community, team=None) -> Records:
    member = MemberFactory(community=community, name=f"{community.name}老党员")
    activity = ActivityFactory(community=community, team=team, title=f"{community.name}义剪")
    archive = CareArchive.objects.create(community=community, name=f"{community.name}独居老人", elderly_alone=True)
    pair = Pair.objects.create(
        community=community, kind=Pair.Kind.VOLUNTEER_ALONE, helper=member, helped_archive=archive
    )
    request = ResidentRequest.objects.create(community=community, title="楼道灯坏了", requester_name="张阿姨")
    case = MediationCase.objects.create(
        community=community, kind=MediationCase.Kind.NOISE, title="楼上噪音", parties="301 住户\n401 住户"
    )
    return Records(member, activity, archive, pair, request, case)


@pytest.fixture
def mine(world) -> Records:
    return make_records(world.community, team=world.team)


@pytest.fixture
def theirs(world) -> Records:
    """The same records in the neighbouring community: world.staff must never reach them."""
    return make_records(world.neighbour)


@pytest.fixture
def past_activity(world):
    """An activity that ended yesterday, with two volunteers signed up."""
    start = timezone.now() - datetime.timedelta(days=1, hours=3)
    activity = ActivityFactory(
        community=world.community, team=world.team, start=start, end=start + datetime.timedelta(hours=2)
    )
    first = SignUpFactory(activity=activity, volunteer=VolunteerFactory(community=world.community, name="赵一"))
    second = SignUpFactory(activity=activity, volunteer=VolunteerFactory(community=world.community, name="钱二"))
    return activity, first, second


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The world's users get passwords; the default hasher costs ~0.3 s each on these machines.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
