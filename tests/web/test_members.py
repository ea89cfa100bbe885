"""The retired members' roster, profile, forms and the few-clicks contact log."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Grid
from community.periods import quarter_bounds, today
from members.models import ContactLog, Member
from tests.factories import ContactLogFactory, MemberFactory, make_id_number

pytestmark = pytest.mark.django_db
ROSTER = reverse("web:member_list")


def names(response) -> set[str]:
    return {m.name for m in response.context["page"]}


def test_roster_filters_by_contact_this_quarter(staff_client, world):
    contacted = MemberFactory(community=world.community, name="已联系")
    waiting = MemberFactory(community=world.community, name="未联系")
    ContactLogFactory(member=contacted)
    # A contact last quarter does not count for this one.
    ContactLogFactory(member=waiting, contacted_on=quarter_bounds(today())[0] - datetime.timedelta(days=1))

    assert names(staff_client.get(ROSTER, {"contacted": "no"})) == {"未联系"}
    assert names(staff_client.get(ROSTER, {"contacted": "yes"})) == {"已联系"}
    assert names(staff_client.get(ROSTER)) == {"已联系", "未联系"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"living": "lives_alone"}, {"lives_alone": True}),
        ({"five_olds": "is_old_soldier"}, {"is_old_soldier": True}),
        ({"management_mode": "care"}, {"management_mode": Member.ManagementMode.CARE}),
        ({"q": "张三"}, {"name": "张三丰"}),
    ],
)
def test_roster_filter_matches_and_excludes(staff_client, world, params, field):
    MemberFactory(community=world.community, name="张三丰" if "name" not in field else "其他人")
    match = MemberFactory(community=world.community, **({"name": "匹配"} | field))
    other = MemberFactory(community=world.community, name="不匹配")
    found = names(staff_client.get(ROSTER, params))
    assert match.name in found
    assert other.name not in found


def test_roster_filters_by_grid_of_own_community_only(staff_client, world):
    grid = Grid.objects.create(community=world.community, name="第1网格")
    foreign = Grid.objects.create(community=world.neighbour, name="外网格")
    MemberFactory(community=world.community, grid=grid, name="网格内")
    MemberFactory(community=world.community, name="网格外")
    assert names(staff_client.get(ROSTER, {"grid": grid.pk})) == {"网格内"}
    # Another community's grid is not a valid choice: the filter is ignored, never a 500.
    response = staff_client.get(ROSTER, {"grid": foreign.pk})
    assert response.status_code == 200
    assert "外网格" not in response.content.decode()


def test_roster_hides_deceased_unless_asked(staff_client, world):
    MemberFactory(community=world.community, name="在册")
    MemberFactory(community=world.community, name="已故", status="deceased")
    assert names(staff_client.get(ROSTER)) == {"在册"}
    assert names(staff_client.get(ROSTER, {"status": "deceased"})) == {"已故"}
    assert names(staff_client.get(ROSTER, {"status": "all"})) == {"在册", "已故"}


def test_roster_sorts_and_paginates_without_errors_on_bad_input(staff_client, world):
    for n in range(30):
        MemberFactory(community=world.community, name=f"成员{n:02d}", birth_date=datetime.date(1940 + n, 1, 1))
    oldest_first = staff_client.get(ROSTER, {"sort": "-age"}).context["page"]
    assert oldest_first[0].name == "成员00"
    second = staff_client.get(ROSTER, {"sort": "name", "page": 2})
    assert [m.name for m in second.context["page"]] == [f"成员{n:02d}" for n in range(25, 30)]
    assert staff_client.get(ROSTER, {"sort": "password", "page": "x"}).status_code == 200


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_roster_query_count_does_not_grow_with_rows(staff_client, world):
    grid = Grid.objects.create(community=world.community, name="第1网格")
    first = MemberFactory(community=world.community, grid=grid)
    ContactLogFactory(member=first)
    one = count_queries(staff_client, ROSTER)
    for _ in range(29):
        ContactLogFactory(member=MemberFactory(community=world.community, grid=grid))
    assert count_queries(staff_client, ROSTER) == one


def test_profile_shows_contacts_pairs_and_volunteering(staff_client, world, mine):
    ContactLogFactory(member=mine.member, content="聊了聊身体情况")
    world.volunteer_profile.member = mine.member
    world.volunteer_profile.save()
    body = staff_client.get(reverse("web:member_detail", args=[mine.member.pk])).content.decode()
    assert "聊了聊身体情况" in body
    assert mine.archive.name in body  # the pair
    assert world.team.name in body  # team membership through the volunteer record
    assert "本季度已联系" in body


def member_post(world, **changes) -> dict:
    data = {
        "name": "刘建国",
        "gender": "M",
        "birth_date": "1950-05-01",
        "id_number": make_id_number(datetime.date(1950, 5, 1), 17),
        "phone": "13812345678",
        "is_party_member": "on",
        "party_joined_on": "1975-07-01",
        "management_mode": "direct",
        "status": "active",
    }
    data.update(changes)
    return data


def test_staff_adds_a_member_to_their_own_community(staff_client, world):
    response = staff_client.post(reverse("web:member_create"), member_post(world))
    member = Member.objects.get(name="刘建国")
    assert response.status_code == 302
    assert response.url == reverse("web:member_detail", args=[member.pk])
    assert member.community == world.community


def test_invalid_member_keeps_input_and_explains_in_chinese(staff_client, world):
    response = staff_client.post(
        reverse("web:member_create"),
        member_post(world, id_number="430121195005010000", phone="123", party_joined_on="1940-01-01"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) >= {"id_number", "phone", "party_joined_on"}
    assert 'value="刘建国"' in body  # what the user typed is still there
    assert "入党日期必须晚于出生日期" in body
    assert not Member.objects.filter(name="刘建国").exists()


def test_staff_edits_a_member(staff_client, mine, world):
    url = reverse("web:member_edit", args=[mine.member.pk])
    response = staff_client.post(url, member_post(world, name="改了名", id_number=""))
    assert response.status_code == 302
    mine.member.refresh_from_db()
    assert mine.member.name == "改了名"


def test_contact_logged_from_the_roster_modal_returns_to_the_filtered_roster(staff_client, mine, world):
    url = reverse("web:member_contact", args=[mine.member.pk])
    form = staff_client.get(url, {"next": f"{ROSTER}?contacted=no"}, HTTP_HX_REQUEST="true")
    assert "modal-body" in form.content.decode()
    response = staff_client.post(
        url,
        {
            "contacted_on": today().isoformat(),
            "method": "call",
            "content": "电话问候",
            "next": f"{ROSTER}?contacted=no",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{ROSTER}?contacted=no"
    log = ContactLog.objects.get(member=mine.member)
    assert (log.method, log.contacted_by) == ("call", world.staff)


def test_contact_in_the_future_is_refused_with_input_kept(staff_client, mine):
    url = reverse("web:member_contact", args=[mine.member.pk])
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = staff_client.post(url, {"contacted_on": tomorrow, "method": "visit", "content": "还没去"})
    assert response.status_code == 200
    assert "不能登记未来日期的联系记录" in response.content.decode()
    assert "还没去" in response.content.decode()
    assert not ContactLog.objects.exists()


def test_next_outside_the_site_is_ignored(staff_client, mine):
    url = reverse("web:member_contact", args=[mine.member.pk])
    response = staff_client.post(
        url, {"contacted_on": today().isoformat(), "method": "visit", "next": "https://evil.example/"}
    )
    assert response.url == reverse("web:member_detail", args=[mine.member.pk])
