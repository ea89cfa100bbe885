"""factory_boy factories for volume; the named world lives in conftest.py."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.models import User
from activities.models import Activity, ServiceType, SignUp
from community.models import Community, District, Street
from community.scoping import Role
from community.validators import id_check_char
from members.models import ContactLog, Member
from volunteers.models import Team, TeamMembership, Volunteer


def make_id_number(birth: datetime.date, serial: int) -> str:
    """A checksum-valid resident ID number for a birth date (area code 430121, 长沙县)."""
    first17 = f"430121{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"区{n}")


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"街道{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"社区{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.VOLUNTEER
    password = factory.PostGenerationMethodCall("set_password", "demo12345")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"成员{n}")
    community = factory.SubFactory(CommunityFactory)
    birth_date = datetime.date(1950, 5, 1)
    party_joined_on = datetime.date(1975, 7, 1)


class ContactLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactLog

    member = factory.SubFactory(MemberFactory)
    contacted_on = factory.LazyFunction(timezone.localdate)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    name = factory.Sequence(lambda n: f"志愿者{n}")
    community = factory.SubFactory(CommunityFactory)
    birth_date = datetime.date(1958, 3, 3)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"服务队{n}")
    community = factory.SubFactory(CommunityFactory)
    street = factory.LazyAttribute(lambda o: o.community.street if o.community else StreetFactory())


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    role = TeamMembership.Role.MEMBER
    joined_on = datetime.date(2024, 1, 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"活动{n}")
    # get_or_create: transactional tests flush the rows the data migration made.
    service_type = factory.LazyFunction(
        lambda: ServiceType.objects.get_or_create(code="haircut", defaults={"name": "义剪"})[0]
    )
    community = factory.SubFactory(CommunityFactory)
    street = factory.LazyAttribute(lambda o: o.community.street)
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    status = Activity.Status.PUBLISHED
    capacity = 10


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    activity = factory.SubFactory(ActivityFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    status = SignUp.Status.CONFIRMED
