"""The world every test can stand in: one district, two streets, three communities, and a
user for every role. Named after the places of the reports in shared/seeds."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.db import connection

from accounts.models import User
from community.models import Community, District, Street
from community.scoping import Role
from volunteers.models import Team, TeamMembership, Volunteer

from .factories import MembershipFactory, TeamFactory, UserFactory, VolunteerFactory


def pytest_collection_modifyitems(config, items):
    """Skip what needs a service the run does not have, with the reason in the report."""
    on_postgres = "postgres" in os.environ.get("DATABASE_URL", "")
    has_redis = bool(os.environ.get("REDIS_URL"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (runs in the second half of make test)"))
        if "redis" in item.keywords and not has_redis:
            item.add_marker(pytest.mark.skip(reason="needs a real Redis (runs in the second half of make test)"))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # The product speaks Chinese by default; tests compare against that unless they switch.
    settings.LANGUAGE_CODE = "zh-hans"
    # A fast hasher: the world fixture's logins cost seconds per test with the real one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # API throttles count in the cache per user id, and SQLite reuses ids after a rollback:
    # without a clean cache one test's requests would throttle the next test's user.
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    district: District
    street: Street
    other_street: Street
    community: Community  # 泉韵社区, where `staff` works
    neighbour: Community  # 星港社区, same street
    faraway: Community  # 湘湾社区, another street
    team: Team  # 五老红, in 泉韵社区
    admin: User
    street_staff: User
    staff: User
    neighbour_staff: User
    leader: User
    leader_volunteer: Volunteer
    volunteer: User
    volunteer_profile: Volunteer


@pytest.fixture
def world(db) -> World:
    district = District.objects.create(name="长沙县")
    street = Street.objects.create(district=district, name="泉塘街道")
    other_street = Street.objects.create(district=District.objects.create(name="天元区"), name="栗雨街道")
    community = Community.objects.create(street=street, name="泉韵社区")
    neighbour = Community.objects.create(street=street, name="星港社区")
    faraway = Community.objects.create(street=other_street, name="湘湾社区")
    team = TeamFactory(name="五老红", community=community, street=street)

    leader = UserFactory(username="leader", role=Role.TEAM_LEADER, community=community)
    leader_volunteer = VolunteerFactory(name="王队长", community=community, user=leader)
    MembershipFactory(team=team, volunteer=leader_volunteer, role=TeamMembership.Role.LEADER)
    volunteer = UserFactory(username="volunteer", role=Role.VOLUNTEER, community=community, phone="13800000001")
    volunteer_profile = VolunteerFactory(name="李志愿", community=community, user=volunteer)
    MembershipFactory(team=team, volunteer=volunteer_profile)

    return World(
        district=district,
        street=street,
        other_street=other_street,
        community=community,
        neighbour=neighbour,
        faraway=faraway,
        team=team,
        admin=UserFactory(username="admin", role=Role.ADMIN),
        street_staff=UserFactory(username="street", role=Role.STREET_STAFF, street=street),
        staff=UserFactory(username="staff", role=Role.COMMUNITY_STAFF, community=community, street=street),
        neighbour_staff=UserFactory(
            username="neighbour", role=Role.COMMUNITY_STAFF, community=neighbour, street=street
        ),
        leader=leader,
        leader_volunteer=leader_volunteer,
        volunteer=volunteer,
        volunteer_profile=volunteer_profile,
    )


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Browser tests ----------------------------------------------------------------------------
ARTEFACTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artefacts")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (installed by scripts/install-system-deps.sh;
    Playwright never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run `make system-deps` (scripts/install-system-deps.sh)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshot_dir(request) -> str:
    """test-artefacts/<test name>/: save a screenshot of each page visited here."""
    path = os.path.join(ARTEFACTS, request.node.name.replace("/", "_"))
    os.makedirs(path, exist_ok=True)
    return path
