import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from activities.models import Activity, ServiceRecord, SignUp
from members.models import ContactLog, Member
from volunteers.models import Team, Volunteer


def _snapshot():
    return {
        "members": sorted(Member.objects.values_list("id_number", "name", "phone")),
        "volunteers": sorted(Volunteer.objects.values_list("volunteer_number", "name")),
        "teams": sorted(Team.objects.values_list("name", flat=True)),
        "activities": sorted(Activity.objects.values_list("title", "start", "status")),
        "signups": SignUp.objects.count(),
        "records": sorted(ServiceRecord.objects.values_list("volunteer__volunteer_number", "date", "hours")),
        "contacts": ContactLog.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_world(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = _snapshot()
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == first
    assert len(first["members"]) >= 200 and len(first["volunteers"]) >= 200
    assert {"五老红", "邻里帮帮团", "惠管家", "先锋管家", "小管家", "红霞映天元", "银晖先锋"} <= set(first["teams"])
    # One login per role, each with the demo password.
    for username, role in [
        ("admin", "admin"),
        ("street", "street_staff"),
        ("staff", "community_staff"),
        ("leader", "team_leader"),
        ("volunteer", "volunteer"),
    ]:
        user = User.objects.get(username=username)
        assert user.role == role and user.check_password("demo12345")
    leader = User.objects.get(username="leader").volunteer_profile
    assert leader.memberships.get(team__name="五老红").role == "leader"
    assert User.objects.get(username="volunteer").volunteer_profile.memberships.filter(team__name="五老红").exists()
    # The Saturday haircuts and the liaison day on the 15th are real series with occurrences.
    assert Activity.objects.filter(series__rrule="FREQ=WEEKLY;BYDAY=SA").count() >= 12
    assert all(a.start.day == 15 for a in Activity.objects.filter(series__rrule="FREQ=MONTHLY;BYMONTHDAY=15"))


@pytest.mark.django_db
def test_seed_demo_refuses_production_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
