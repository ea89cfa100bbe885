import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from community.periods import next_anniversary, quarter_bounds
from members.models import Member
from tests.factories import ContactLogFactory, MemberFactory, VolunteerFactory
from volunteers.models import star_level_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "bounds"),
    [
        (datetime.date(2026, 1, 1), (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))),
        (datetime.date(2026, 3, 31), (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))),
        (datetime.date(2026, 4, 1), (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))),
        (datetime.date(2026, 11, 23), (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))),
    ],
)
def test_quarter_bounds(day, bounds):
    assert quarter_bounds(day) == bounds


def test_leap_day_anniversary_falls_on_28_february_in_common_years():
    assert next_anniversary(datetime.date(1972, 2, 29), datetime.date(2027, 1, 1)) == datetime.date(2027, 2, 28)
    assert next_anniversary(datetime.date(1972, 2, 29), datetime.date(2028, 1, 1)) == datetime.date(2028, 2, 29)


def test_age_and_party_years_count_full_years(time_machine_today):
    member = MemberFactory(birth_date=datetime.date(1950, 11, 24), party_joined_on=datetime.date(1976, 11, 23))
    time_machine_today(datetime.date(2026, 11, 23))
    assert member.age == 75  # birthday is tomorrow
    assert member.party_years == 50
    assert member.next_political_birthday() == datetime.date(2026, 11, 23)
    assert member.next_political_birthday(datetime.date(2026, 11, 24)) == datetime.date(2027, 11, 23)


def test_contacted_this_quarter_counts_only_the_current_quarter(time_machine_today):
    time_machine_today(datetime.date(2026, 11, 23))
    contacted = MemberFactory()
    ContactLogFactory(member=contacted, contacted_on=datetime.date(2026, 10, 1))
    last_quarter = MemberFactory()
    ContactLogFactory(member=last_quarter, contacted_on=datetime.date(2026, 9, 30))
    never = MemberFactory()

    annotated = {m.pk: m.contacted_this_quarter for m in Member.objects.with_contact_status()}
    assert annotated == {contacted.pk: True, last_quarter.pk: False, never.pk: False}
    # The model method and the queryset annotation agree.
    assert [m.was_contacted_in_quarter() for m in (contacted, last_quarter, never)] == [True, False, False]
    assert set(Member.objects.not_contacted_in_quarter()) == {last_quarter, never}
    assert Member.objects.contact_coverage() == (1, 3)


def test_contact_coverage_ignores_members_no_longer_active():
    member = MemberFactory(status="deceased")
    assert Member.objects.filter(pk=member.pk).contact_coverage() == (0, 0)


@pytest.mark.parametrize(
    ("hours", "stars"),
    [(0, 0), (99.5, 0), (100, 1), (299, 1), (300, 2), (600, 3), (999, 3), (1000, 4), (1500, 5), (9000, 5)],
)
def test_national_star_thresholds(hours, stars):
    assert star_level_for(Decimal(hours)) == stars


def test_star_thresholds_are_a_setting(settings):
    settings.VOLUNTEER_STAR_THRESHOLDS = [10, 20, 30, 40, 50]
    assert star_level_for(Decimal(25)) == 2


def test_confirmed_hours_count_only_confirmed_records(world):
    from activities.models import ServiceRecord

    volunteer = world.volunteer_profile
    for hours, status in [("16", "confirmed"), ("24", "confirmed"), ("8", "proposed"), ("5.5", "void")]:
        ServiceRecord.objects.create(
            volunteer=volunteer,
            community=world.community,
            date=datetime.date(2026, 1, 1),
            hours=Decimal(hours),
            status=status,
        )
    assert volunteer.confirmed_hours == Decimal(40)
    annotated = type(volunteer).objects.with_hours().get(pk=volunteer.pk)
    assert annotated.confirmed_hours == Decimal(40)
    assert annotated.star_level == 0
    assert annotated.hours_to_next_star == Decimal(60)


def test_teenager_needs_guardian_consent(time_machine_today):
    time_machine_today(datetime.date(2026, 11, 23))
    teen = VolunteerFactory(birth_date=datetime.date(2010, 6, 1))
    adult = VolunteerFactory(birth_date=datetime.date(2008, 11, 23))
    assert teen.needs_guardian_consent and not teen.has_required_consent
    teen.guardian_consent_on = datetime.date(2026, 11, 1)
    assert teen.has_required_consent
    assert not adult.needs_guardian_consent


def test_under_fourteen_cannot_register():
    child = VolunteerFactory.build(birth_date=datetime.date.today() - datetime.timedelta(days=365 * 12), community=None)
    with pytest.raises(ValidationError) as error:
        child.clean()
    assert "birth_date" in error.value.message_dict


def test_birth_date_must_match_id_number():
    from tests.factories import make_id_number

    member = MemberFactory.build(
        birth_date=datetime.date(1950, 1, 2), id_number=make_id_number(datetime.date(1950, 1, 1), 7)
    )
    with pytest.raises(ValidationError) as error:
        member.clean()
    assert "birth_date" in error.value.message_dict
