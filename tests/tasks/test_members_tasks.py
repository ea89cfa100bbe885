"""Quarterly contact lists, birthdays and festival visits: who is told about whom, on which day."""

from __future__ import annotations

import datetime

import pytest

from community.models import PartyOrganization
from members.models import CareArchive, Member, PartyPost, PersonStatus
from members.tasks import (
    FESTIVALS,
    birthday_greetings,
    contact_reminders,
    festival_visits,
    festivals_between,
)
from notifications.models import Notification
from tests.factories import ContactLogFactory, MemberFactory, UserFactory

from .conftest import inbox

D = datetime.date


# --- Quarterly contact ------------------------------------------------------------------------


@pytest.fixture
def contact_world(world):
    branch = PartyOrganization.objects.create(name="离退休干部党支部", street=world.street, community=world.community)
    other_branch = PartyOrganization.objects.create(name="小区党支部", street=world.street, community=world.community)
    secretary_user = UserFactory(username="secretary")
    secretary = MemberFactory(
        community=world.community, name="书记老周", party_organization=branch, user=secretary_user
    )
    PartyPost.objects.create(organization=branch, member=secretary, role=PartyPost.Role.SECRETARY)
    ContactLogFactory(member=secretary, contacted_on=D(2026, 10, 2))
    members = {
        "due": MemberFactory(community=world.community, name="甲未联", party_organization=branch, phone="13900000009"),
        "contacted": MemberFactory(community=world.community, name="乙已联", party_organization=branch),
        "last_quarter": MemberFactory(community=world.community, name="丙上季", party_organization=other_branch),
        "deceased": MemberFactory(community=world.community, name="丁已故", status=PersonStatus.DECEASED),
        "neighbour": MemberFactory(community=world.neighbour, name="戊邻社"),
    }
    ContactLogFactory(member=members["contacted"], contacted_on=D(2026, 11, 5))
    ContactLogFactory(member=members["last_quarter"], contacted_on=D(2026, 9, 30))
    return world, secretary_user, members


@pytest.mark.parametrize(
    "day, sent",
    [
        (D(2026, 12, 10), False),  # 22 days before the quarter ends: too early
        (D(2026, 12, 11), True),  # the first day of the last three weeks
        (D(2026, 12, 31), True),  # the last day of the quarter
        (D(2027, 1, 1), False),  # a new quarter has begun
        (D(2027, 3, 10), False),
        (D(2027, 3, 11), True),
        (D(2027, 6, 30), True),
        (D(2027, 9, 10), True),  # Q3 ends on 30 September: 21 days from the 10th
        (D(2027, 9, 9), False),
    ],
)
def test_contact_list_goes_out_only_in_the_last_three_weeks_of_a_quarter(contact_world, day, sent):
    world, _secretary, _members = contact_world
    contact_reminders.apply(kwargs={"day": day.isoformat()})
    assert bool(inbox(world.staff, Notification.Kind.CONTACT_DUE)) is sent


def test_contact_list_names_only_members_not_contacted_this_quarter(contact_world):
    world, secretary_user, members = contact_world
    assert contact_reminders.apply(kwargs={"day": "2026-12-14"}).get() == 3

    [staff_list] = inbox(world.staff, Notification.Kind.CONTACT_DUE)
    assert "甲未联" in staff_list.body and "丙上季" in staff_list.body
    assert "乙已联" not in staff_list.body and "丁已故" not in staff_list.body and "戊邻社" not in staff_list.body
    assert "13900000009" not in staff_list.body  # names only, never phones
    # The secretary hears about their own branch only.
    [branch_list] = inbox(secretary_user, Notification.Kind.CONTACT_DUE)
    assert "甲未联" in branch_list.body and "丙上季" not in branch_list.body
    [neighbour_list] = inbox(world.neighbour_staff, Notification.Kind.CONTACT_DUE)
    assert "戊邻社" in neighbour_list.body and "甲未联" not in neighbour_list.body


def test_contact_list_is_sent_once_a_week(contact_world):
    world, _secretary, _members = contact_world
    for day in ("2026-12-14", "2026-12-14", "2026-12-16"):  # twice on Monday, again on Wednesday
        contact_reminders.apply(kwargs={"day": day})
    assert len(inbox(world.staff, Notification.Kind.CONTACT_DUE)) == 1
    contact_reminders.apply(kwargs={"day": "2026-12-21"})  # the next week: the list again
    assert len(inbox(world.staff, Notification.Kind.CONTACT_DUE)) == 2


# --- Birthdays --------------------------------------------------------------------------------


def test_political_and_elderly_birthdays_reach_the_communitys_staff_on_the_day(world):
    day = D(2026, 11, 30)
    MemberFactory(community=world.community, name="党龄五十", party_joined_on=D(1976, 11, 30))
    MemberFactory(community=world.community, name="今年入党", party_joined_on=D(2026, 11, 30), birth_date=D(1990, 1, 1))
    MemberFactory(community=world.community, name="明天入党", party_joined_on=D(1976, 12, 1))
    MemberFactory(
        community=world.community, name="已故党员", party_joined_on=D(1970, 11, 30), status=PersonStatus.DECEASED
    )
    MemberFactory(community=world.community, name="八十寿星", birth_date=D(1946, 11, 30))
    MemberFactory(community=world.community, name="七十六岁", birth_date=D(1950, 11, 30))

    assert birthday_greetings.apply(kwargs={"day": day.isoformat()}).get() == 2
    birthday_greetings.apply(kwargs={"day": day.isoformat()})

    [political] = inbox(world.staff, Notification.Kind.POLITICAL_BIRTHDAY)
    assert "党龄五十" in political.title and "50" in political.title
    [birthday] = inbox(world.staff, Notification.Kind.BIRTHDAY)
    assert "八十寿星" in birthday.title and "80" in birthday.title
    assert inbox(world.neighbour_staff) == []


def test_leap_day_anniversaries_fall_on_28_february(world, settings):
    settings.ELDERLY_BIRTHDAY_AGE = 80
    MemberFactory(community=world.community, name="闰日入党", party_joined_on=D(1976, 2, 29))
    MemberFactory(community=world.community, name="闰日寿星", birth_date=D(1944, 2, 29))
    birthday_greetings.apply(kwargs={"day": "2027-02-28"})
    assert len(inbox(world.staff, Notification.Kind.POLITICAL_BIRTHDAY)) == 1
    assert len(inbox(world.staff, Notification.Kind.BIRTHDAY)) == 1
    birthday_greetings.apply(kwargs={"day": "2028-02-28"})  # a leap year: the 29th is the day
    assert len(inbox(world.staff, Notification.Kind.POLITICAL_BIRTHDAY)) == 1


# --- Festivals ----------------------------------------------------------------------------------

# Checked against lunardate and the State Council's public-holiday notices (2026) and the
# Hong Kong Observatory's Gregorian–lunar conversion tables (2027).
FESTIVAL_DATES = [
    ("spring_festival", D(2026, 2, 17)),
    ("lantern", D(2026, 3, 3)),
    ("dragon_boat", D(2026, 6, 19)),
    ("mid_autumn", D(2026, 9, 25)),
    ("double_ninth", D(2026, 10, 18)),
    ("spring_festival", D(2027, 2, 6)),
    ("lantern", D(2027, 2, 20)),
    ("dragon_boat", D(2027, 6, 9)),
    ("mid_autumn", D(2027, 9, 15)),
    ("double_ninth", D(2027, 10, 8)),
]


def test_lunar_festivals_fall_on_the_right_gregorian_dates():
    found = [(festival.code, date) for festival, date in festivals_between(D(2026, 1, 1), D(2027, 12, 31))]
    assert found == FESTIVAL_DATES
    assert len(FESTIVALS) == 5


@pytest.fixture
def people_to_visit(world):
    CareArchive.objects.create(community=world.community, name="独居张奶奶", elderly_alone=True, phone="13700000007")
    CareArchive.objects.create(community=world.community, name="已搬走", status=CareArchive.Status.MOVED)
    MemberFactory(community=world.community, name="护管李爷爷", management_mode=Member.ManagementMode.CARE)
    MemberFactory(community=world.community, name="直管王叔叔")
    MemberFactory(
        community=world.community,
        name="已故护管",
        management_mode=Member.ManagementMode.CARE,
        status=PersonStatus.DECEASED,
    )
    CareArchive.objects.create(community=world.neighbour, name="邻社区独居")
    return world


@pytest.mark.parametrize(
    "day, festival_code",
    [(D(2027, 1, 30), "spring_festival"), (D(2026, 9, 18), "mid_autumn"), (D(2027, 10, 1), "double_ninth")],
)
def test_visit_list_goes_to_community_staff_a_week_before_the_festival(people_to_visit, day, festival_code):
    world = people_to_visit
    festival_visits.apply(kwargs={"day": (day - datetime.timedelta(days=1)).isoformat()})  # eight days before
    assert inbox(world.staff, Notification.Kind.FESTIVAL_VISIT) == []

    festival_visits.apply(kwargs={"day": day.isoformat()})
    festival_visits.apply(kwargs={"day": (day + datetime.timedelta(days=2)).isoformat()})  # later in the week

    [visit_list] = inbox(world.staff, Notification.Kind.FESTIVAL_VISIT)
    assert f"festival-visit:{festival_code}:" in visit_list.dedup_key
    assert "独居张奶奶" in visit_list.body and "护管李爷爷" in visit_list.body
    for absent in ("已搬走", "直管王叔叔", "已故护管", "邻社区独居", "13700000007"):
        assert absent not in visit_list.body
    [neighbour_list] = inbox(world.neighbour_staff, Notification.Kind.FESTIVAL_VISIT)
    assert "邻社区独居" in neighbour_list.body and "独居张奶奶" not in neighbour_list.body


def test_no_visit_list_away_from_festivals(people_to_visit):
    assert festival_visits.apply(kwargs={"day": "2026-12-01"}).get() == 0
