"""Rules the database itself enforces, so no code path can break them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from activities.models import ServiceRecord, SignUp
from community.scoping import Role
from tests.factories import ActivityFactory, MemberFactory, MembershipFactory, SignUpFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def _refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_one_signup_per_volunteer_and_activity():
    signup = SignUpFactory()
    _refused(lambda: SignUp.objects.create(activity=signup.activity, volunteer=signup.volunteer, status="confirmed"))


def test_activity_must_end_after_it_starts():
    activity = ActivityFactory()
    _refused(lambda: ActivityFactory(community=activity.community, start=activity.start, end=activity.start))


def test_capacity_cannot_be_negative():
    _refused(lambda: ActivityFactory(capacity=-1))


def test_hours_cannot_be_negative_or_more_than_a_day():
    volunteer = VolunteerFactory()
    for hours in (Decimal("-1"), Decimal("24.5")):
        _refused(
            lambda hours=hours: ServiceRecord.objects.create(
                volunteer=volunteer, community=volunteer.community, date=datetime.date(2026, 1, 1), hours=hours
            )
        )


def test_checkout_needs_a_checkin():
    signup = SignUpFactory()
    signup.checked_out_at = signup.activity.end
    _refused(lambda: signup.save())


def test_only_one_open_membership_per_team():
    membership = MembershipFactory()
    _refused(lambda: MembershipFactory(team=membership.team, volunteer=membership.volunteer))
    # A closed membership does not block joining again.
    membership.left_on = datetime.date(2025, 1, 1)
    membership.save()
    MembershipFactory(team=membership.team, volunteer=membership.volunteer)


def test_street_staff_must_have_a_street():
    _refused(lambda: User.objects.create(username="s", role=Role.STREET_STAFF))


def test_two_volunteers_cannot_share_an_id_number():
    from tests.factories import make_id_number

    number = make_id_number(datetime.date(1960, 1, 1), 1)
    VolunteerFactory(id_number=number)
    _refused(lambda: VolunteerFactory(id_number=number))


def test_people_are_never_deleted():
    member = MemberFactory()
    with pytest.raises(ValidationError):
        member.delete()
    volunteer = VolunteerFactory()
    with pytest.raises(ValidationError):
        volunteer.delete()
    assert member.__class__.objects.filter(pk=member.pk).exists()


def test_member_changes_are_kept_in_history():
    member = MemberFactory(phone="13800000000")
    member.phone = "13900000000"
    member.save()
    assert [h.phone for h in member.history.order_by("history_date")] == ["13800000000", "13900000000"]


def test_no_missing_migrations():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
