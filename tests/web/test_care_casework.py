"""Care archives with pairs and visits; resident requests and mediation cases, with the
status rules of casework.services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import services
from casework.models import MediationCase, ResidentRequest
from community.periods import today
from members.models import CareArchive, Pair, PairVisit
from tests.factories import UserFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


# --- Care archives --------------------------------------------------------------------------------------


def test_care_list_flags_residents_not_visited_this_month(staff_client, world, mine):
    visited = CareArchive.objects.create(community=world.community, name="已走访老人", elderly_alone=True)
    pair = Pair.objects.create(
        community=world.community, kind="volunteer_alone", helper_name="小王", helped_archive=visited
    )
    PairVisit.objects.create(pair=pair, visited_on=today())
    response = staff_client.get(reverse("web:care_list"), {"category": "elderly_alone"})
    page = {a.name: a for a in response.context["page"]}
    assert page["已走访老人"].last_visit_on == today()
    assert page[mine.archive.name].last_visit_on is None
    assert "从未走访" in response.content.decode()


def test_care_list_query_count_does_not_grow_with_rows(staff_client, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(reverse("web:care_list")).status_code == 200
        return len(ctx.captured_queries)

    CareArchive.objects.create(community=world.community, name="一号")
    before = count()
    for n in range(29):
        archive = CareArchive.objects.create(community=world.community, name=f"档案{n}")
        pair = Pair.objects.create(community=world.community, kind="other", helper_name="某人", helped_archive=archive)
        PairVisit.objects.create(pair=pair, visited_on=today())
    assert count() == before


def test_visit_logged_from_the_archive_page(staff_client, world, mine):
    response = staff_client.post(
        reverse("web:pair_visit", args=[mine.pair.pk]),
        {
            "visited_on": today().isoformat(),
            "content": "送了米面油",
            "next": reverse("web:care_detail", args=[mine.archive.pk]),
        },
    )
    assert response.url == reverse("web:care_detail", args=[mine.archive.pk])
    visit = PairVisit.objects.get()
    assert (visit.content, visit.recorded_by) == ("送了米面油", world.staff)
    assert "送了米面油" in staff_client.get(response.url).content.decode()


def test_visit_in_the_future_is_refused(staff_client, mine):
    response = staff_client.post(
        reverse("web:pair_visit", args=[mine.pair.pk]),
        {"visited_on": (today() + datetime.timedelta(days=2)).isoformat(), "content": "计划中"},
    )
    assert response.status_code == 200
    assert not PairVisit.objects.exists()


def test_pairing_a_helper_needs_a_member_or_a_name(staff_client, mine):
    url = reverse("web:care_pair_create", args=[mine.archive.pk])
    response = staff_client.post(url, {"kind": "volunteer_alone", "started_on": today().isoformat()})
    assert response.status_code == 200 and "helper_name" in response.context["form"].errors
    staff_client.post(url, {"kind": "volunteer_alone", "helper": mine.member.pk, "started_on": today().isoformat()})
    assert Pair.objects.filter(helped_archive=mine.archive).count() == 2


def test_staff_opens_a_care_archive(staff_client, world):
    response = staff_client.post(
        reverse("web:care_create"),
        {
            "name": "独居王奶奶",
            "elderly_alone": "on",
            "status": "active",
            "opened_on": today().isoformat(),
            "helper_phone": "1381234",
        },
    )
    assert response.status_code == 200  # a short phone number is refused
    assert "helper_phone" in response.context["form"].errors
    staff_client.post(
        reverse("web:care_create"),
        {"name": "独居王奶奶", "elderly_alone": "on", "status": "active", "opened_on": today().isoformat()},
    )
    assert CareArchive.objects.get(name="独居王奶奶").community == world.community


# --- Resident requests ------------------------------------------------------------------------------------


def test_request_moves_from_raised_to_assigned_to_done_on_its_page(staff_client, world, mine):
    url = reverse("web:request_detail", args=[mine.request.pk])
    volunteer = VolunteerFactory(community=world.community)
    staff_client.post(url, {"action": "assign", "assigned_volunteer": volunteer.pk})
    mine.request.refresh_from_db()
    assert (mine.request.status, mine.request.assigned_volunteer) == ("assigned", volunteer)
    staff_client.post(
        url, {"action": "complete", "result": "换了灯泡", "satisfaction": "5", "done_on": today().isoformat()}
    )
    mine.request.refresh_from_db()
    assert (mine.request.status, mine.request.result, mine.request.satisfaction) == ("done", "换了灯泡", 5)


def test_request_board_groups_by_status(staff_client, world, mine, theirs):
    ResidentRequest.objects.create(community=world.community, title="已办结的", requester_name="甲", status="done")
    board = {
        col["status"]: [r.title for r in col["items"]]
        for col in staff_client.get(reverse("web:request_board")).context["board"]
    }
    assert board["raised"] == [mine.request.title] and board["done"] == ["已办结的"]
    assert all(
        theirs.request.pk not in [r.pk for r in col["items"]]
        for col in staff_client.get(reverse("web:request_board")).context["board"]
    )


def test_request_assign_refuses_someone_of_another_community(world, mine):
    outsider = VolunteerFactory(community=world.neighbour)
    with pytest.raises(ValidationError):
        services.request_assign(request=mine.request, by_user=world.staff, assigned_volunteer=outsider)
    with pytest.raises(ValidationError):
        services.request_assign(request=mine.request, by_user=world.staff, assigned_user=world.neighbour_staff)


def test_request_assign_needs_someone(world, mine):
    with pytest.raises(ValidationError):
        services.request_assign(request=mine.request, by_user=world.staff)


def test_request_assign_to_street_staff_is_allowed(world, mine):
    services.request_assign(request=mine.request, by_user=world.staff, assigned_user=world.street_staff)
    assert mine.request.status == "assigned"


def test_request_cannot_be_done_before_it_is_assigned(world, mine):
    with pytest.raises(ValidationError):
        services.request_complete(request=mine.request, by_user=world.staff, result="做完了")


def test_request_done_needs_what_was_done_and_a_sane_date(world, mine):
    services.request_assign(request=mine.request, by_user=world.staff, assigned_user=world.staff)
    with pytest.raises(ValidationError):
        services.request_complete(request=mine.request, by_user=world.staff, result="  ")
    with pytest.raises(ValidationError):
        services.request_complete(
            request=mine.request,
            by_user=world.staff,
            result="好了",
            done_on=mine.request.raised_on - datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.request_complete(request=mine.request, by_user=world.staff, result="好了", satisfaction=9)


def test_closed_request_cannot_be_closed_or_assigned_again(world, mine):
    services.request_close(request=mine.request, by_user=world.staff, reason="重复登记")
    assert mine.request.status == "closed"
    with pytest.raises(ValidationError):
        services.request_close(request=mine.request, by_user=world.staff, reason="再关一次")
    with pytest.raises(ValidationError):
        services.request_assign(request=mine.request, by_user=world.staff, assigned_user=world.staff)


def test_casework_is_for_staff_of_the_records_scope(world, mine):
    with pytest.raises(PermissionDenied):
        services.request_close(request=mine.request, by_user=world.neighbour_staff, reason="不归我管")
    with pytest.raises(PermissionDenied):
        services.case_assign(case=mine.case, by_user=world.leader, mediator_name="王队长")


def test_request_form_errors_are_shown_on_the_page(staff_client, mine):
    url = reverse("web:request_detail", args=[mine.request.pk])
    response = staff_client.post(url, {"action": "assign"})
    assert response.status_code == 200
    assert "请选择一名工作人员或志愿者" in response.content.decode()
    response = staff_client.post(url, {"action": "close", "reason": ""})
    assert "请修改下面标出的错误" in response.content.decode()
    mine.request.refresh_from_db()
    assert mine.request.status == "raised"


def test_staff_records_a_request_in_their_community(staff_client, world):
    staff_client.post(
        reverse("web:request_create"),
        {"kind": "micro_wish", "title": "想要一副老花镜", "requester_name": "胡奶奶", "raised_on": today().isoformat()},
    )
    assert ResidentRequest.objects.get(title="想要一副老花镜").community == world.community


# --- Mediation cases ----------------------------------------------------------------------------------------


def test_case_is_mediated_then_closed_on_its_page(staff_client, world, mine):
    url = reverse("web:case_detail", args=[mine.case.pk])
    staff_client.post(url, {"action": "assign", "mediator_name": "老娘舅"})
    mine.case.refresh_from_db()
    assert (mine.case.status, mine.case.mediator_display) == ("mediating", "老娘舅")
    staff_client.post(
        url, {"action": "close", "status": "resolved", "outcome": "双方握手言和", "closed_on": today().isoformat()}
    )
    mine.case.refresh_from_db()
    assert (mine.case.status, mine.case.closed_on) == ("resolved", today())


def test_case_close_rules(world, mine):
    with pytest.raises(ValidationError):
        services.case_close(case=mine.case, by_user=world.staff, status="mediating", outcome="还在调")
    with pytest.raises(ValidationError):
        services.case_close(case=mine.case, by_user=world.staff, status="resolved", outcome="")
    services.case_close(case=mine.case, by_user=world.staff, status="referred", outcome="移交司法所")
    with pytest.raises(ValidationError):
        services.case_assign(case=mine.case, by_user=world.staff, mediator_name="再来")


def test_case_mediator_must_be_of_the_case_community(world, mine):
    with pytest.raises(ValidationError):
        services.case_assign(case=mine.case, by_user=world.staff, mediator=VolunteerFactory(community=world.neighbour))


def test_case_board_and_create(staff_client, world):
    staff_client.post(
        reverse("web:case_create"),
        {"kind": "noise", "title": "广场舞噪音", "parties": "跳舞的阿姨\n楼上住户", "received_on": today().isoformat()},
    )
    case = MediationCase.objects.get(title="广场舞噪音")
    assert (case.community, case.created_by) == (world.community, world.staff)
    board = staff_client.get(reverse("web:case_board")).context["board"]
    assert [c.title for c in board[0]["items"]] == ["广场舞噪音"]


def test_other_street_staff_cannot_assign(world, mine):
    outsider = UserFactory(role="street_staff", street=world.other_street)
    with pytest.raises(PermissionDenied):
        services.request_assign(request=mine.request, by_user=outsider, assigned_user=world.staff)


@pytest.mark.parametrize("name", ["web:request_board", "web:case_board"])
def test_board_query_count_does_not_grow_with_cards(staff_client, world, name):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    volunteer = VolunteerFactory(community=world.community)
    ResidentRequest.objects.create(
        community=world.community, title="一", requester_name="甲", assigned_volunteer=volunteer, status="assigned"
    )
    MediationCase.objects.create(
        community=world.community, kind="noise", title="一", parties="甲", mediator=volunteer, status="mediating"
    )
    before = count()
    for n in range(29):
        ResidentRequest.objects.create(
            community=world.community,
            title=f"诉求{n}",
            requester_name="乙",
            assigned_volunteer=volunteer,
            status="assigned",
        )
        MediationCase.objects.create(
            community=world.community,
            kind="noise",
            title=f"纠纷{n}",
            parties="乙",
            mediator=volunteer,
            status="mediating",
        )
    assert count() == before
