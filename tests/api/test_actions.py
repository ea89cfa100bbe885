"""Actions that call the service layer: sign-up and the waiting list, check-in and -out,
hours, publishing and cancelling, contacts, casework, memberships, the current user."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from activities.models import Activity, ServiceRecord, SignUp
from community.scoping import Role
from notifications.models import Notification
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    SignUpFactory,
    UserFactory,
    VolunteerFactory,
)

from .util import error


def _volunteer_with_login(world, name: str):
    user = UserFactory(role=Role.VOLUNTEER, community=world.community)
    return user, VolunteerFactory(name=name, community=world.community, user=user)


def test_sign_up_fills_places_then_the_waiting_list_and_a_cancellation_promotes(api, world):
    activity = ActivityFactory(community=world.community, team=world.team, capacity=1)
    first = api(world.volunteer).post("/api/v1/signups/", {"activity": activity.pk}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["status"] == "confirmed"
    other_user, _other = _volunteer_with_login(world, "赵阿姨")
    second = api(other_user).post("/api/v1/signups/", {"activity": activity.pk}, format="json")
    assert (second.json()["status"], second.json()["waitlist_position"]) == ("waitlisted", 1)
    assert api(world.volunteer).get(f"/api/v1/activities/{activity.pk}/").json()["my_signup_status"] == "confirmed"
    listing = api(world.staff).get(f"/api/v1/activities/{activity.pk}/").json()
    assert (listing["confirmed_count"], listing["waitlist_count"], listing["places_left"]) == (1, 1, 0)

    cancelled = api(world.volunteer).post(f"/api/v1/signups/{first.json()['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    promoted = api(other_user).get(f"/api/v1/signups/{second.json()['id']}/").json()
    assert (promoted["status"], promoted["waitlist_position"]) == ("confirmed", None)
    assert Notification.objects.filter(recipient=other_user, kind=Notification.Kind.WAITLIST_PROMOTED).exists()


def test_staff_and_leaders_sign_up_volunteers_they_manage_and_volunteers_only_themselves(api, world):
    activity = ActivityFactory(community=world.community, team=world.team)
    by_phone = api(world.staff).post(
        "/api/v1/signups/", {"activity": activity.pk, "volunteer": world.volunteer_profile.pk}, format="json"
    )
    assert by_phone.status_code == 201, by_phone.json()
    assert SignUp.objects.get(pk=by_phone.json()["id"]).signed_up_by == world.staff
    leader_signs = api(world.leader).post(
        "/api/v1/signups/", {"activity": activity.pk, "volunteer": world.leader_volunteer.pk}, format="json"
    )
    assert leader_signs.status_code == 201
    stranger = VolunteerFactory(community=world.community)
    not_mine = api(world.volunteer).post(
        "/api/v1/signups/", {"activity": activity.pk, "volunteer": stranger.pk}, format="json"
    )
    assert not_mine.status_code == 400
    assert "volunteer" in error(not_mine)["fields"]
    neighbour = api(world.neighbour_staff).post(
        "/api/v1/signups/", {"activity": activity.pk, "volunteer": world.volunteer_profile.pk}, format="json"
    )
    assert neighbour.status_code == 400
    assert set(error(neighbour)["fields"]) == {"activity", "volunteer"}


def test_service_rules_come_back_as_400_in_the_language_asked_for(api, world):
    activity = ActivityFactory(community=world.community, team=world.team)
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    again_zh = api(world.volunteer).post("/api/v1/signups/", {"activity": activity.pk}, format="json")
    again_en = api(world.volunteer, language="en").post("/api/v1/signups/", {"activity": activity.pk}, format="json")
    assert (again_zh.status_code, again_en.status_code) == (400, 400)
    assert "报名" in error(again_zh)["message"]
    assert "already signed up" in error(again_en)["message"]
    missing = api(world.volunteer, language="en").post("/api/v1/signups/", {}, format="json")
    assert error(missing)["fields"] == {"activity": ["This field is required."]}
    assert error(missing)["message"] == "Please correct the marked fields."


def test_check_in_out_and_confirm_hours_into_the_ledger(api, world):
    now = timezone.now()
    activity = ActivityFactory(
        community=world.community,
        team=world.team,
        start=now - datetime.timedelta(hours=3),
        end=now - datetime.timedelta(hours=1),
    )
    signup = SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    leader = api(world.leader)
    checked_in = leader.post(f"/api/v1/signups/{signup.pk}/check-in/", {"at": activity.start.isoformat()})
    assert checked_in.status_code == 200, checked_in.json()
    assert checked_in.json()["check_method"] == "staff"
    out_at = activity.start + datetime.timedelta(minutes=90)
    checked_out = leader.post(f"/api/v1/signups/{signup.pk}/check-out/", {"at": out_at.isoformat()})
    assert checked_out.json()["proposed_hours"] == "1.50"
    assert api(world.volunteer).post(f"/api/v1/signups/{signup.pk}/confirm-hours/", {}).status_code == 403

    record = leader.post(f"/api/v1/signups/{signup.pk}/confirm-hours/", {"rating": 5}, format="json")
    assert record.status_code == 200, record.json()
    assert (record.json()["hours"], record.json()["status"], record.json()["rating"]) == ("1.50", "confirmed", 5)
    corrected = leader.post(f"/api/v1/signups/{signup.pk}/confirm-hours/", {"hours": "2"}, format="json")
    assert corrected.json()["id"] == record.json()["id"]
    assert ServiceRecord.objects.get(pk=record.json()["id"]).history.count() == 2  # the old value is kept

    me = api(world.volunteer)
    hours = me.get(f"/api/v1/volunteers/{world.volunteer_profile.pk}/hours/").json()
    assert (hours["confirmed_hours"], hours["star_level"], hours["hours_to_next_star"]) == ("2.00", 0, "98.00")
    records = me.get(f"/api/v1/volunteers/{world.volunteer_profile.pk}/records/").json()
    assert [r["hours"] for r in records["results"]] == ["2.00"]
    assert (
        api(world.neighbour_staff).get(f"/api/v1/volunteers/{world.volunteer_profile.pk}/records/").status_code == 404
    )


def test_volunteer_checks_in_with_the_activitys_code_only(api, world):
    now = timezone.now()
    activity = ActivityFactory(
        community=world.community, team=world.team, start=now, end=now + datetime.timedelta(hours=2)
    )
    signup = SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    me = api(world.volunteer)
    wrong = me.post(f"/api/v1/signups/{signup.pk}/check-in/", {"code": "guess"})
    assert (wrong.status_code, list(error(wrong)["fields"])) == (400, ["code"])
    without_code = me.post(f"/api/v1/signups/{signup.pk}/check-in/", {})
    assert without_code.status_code == 403
    assert "checkin_code" in api(world.leader).get(f"/api/v1/activities/{activity.pk}/").json()
    assert api(world.volunteer).get(f"/api/v1/activities/{activity.pk}/").json()["checkin_code"] is None
    right = me.post(f"/api/v1/signups/{signup.pk}/check-in/", {"code": activity.checkin_token})
    assert right.status_code == 200, right.json()
    assert right.json()["check_method"] == "qr"


def test_bulk_confirm_hours_for_an_activity(api, world):
    now = timezone.now()
    activity = ActivityFactory(
        community=world.community,
        team=world.team,
        start=now - datetime.timedelta(hours=4),
        end=now - datetime.timedelta(hours=2),
    )
    first = SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    SignUpFactory(activity=activity, volunteer=world.leader_volunteer)
    everyone = api(world.staff).post(f"/api/v1/activities/{activity.pk}/confirm-hours/", {}, format="json")
    assert everyone.status_code == 200, everyone.json()
    assert sorted(r["hours"] for r in everyone.json()) == ["2.00", "2.00"]
    one = api(world.leader).post(
        f"/api/v1/activities/{activity.pk}/confirm-hours/",
        {"hours": [{"signup": first.pk, "hours": "1.5"}]},
        format="json",
    )
    assert [r["hours"] for r in one.json()] == ["1.50"]
    bad = api(world.staff).post(
        f"/api/v1/activities/{activity.pk}/confirm-hours/", {"hours": [{"signup": "x", "hours": 30}]}, format="json"
    )
    assert bad.status_code == 400
    assert set(error(bad)["fields"]) == {"hours.0.signup", "hours.0.hours"}


def test_publish_and_cancel_an_activity(api, world):
    draft = ActivityFactory(community=world.community, team=world.team, status="draft", requires_insurance=True)
    staff = api(world.staff)
    assert draft.pk not in {a["id"] for a in api(world.volunteer).get("/api/v1/activities/").json()["results"]}
    refused = staff.post(f"/api/v1/activities/{draft.pk}/publish/")
    assert refused.status_code == 400
    assert list(error(refused)["fields"]) == ["insurance_policy"]
    staff.patch(f"/api/v1/activities/{draft.pk}/", {"insurance_policy": "PICC-2026-001"}, format="json")
    published = staff.post(f"/api/v1/activities/{draft.pk}/publish/")
    assert published.json()["status"] == "published"
    SignUpFactory(activity=draft, volunteer=world.volunteer_profile)
    cancelled = staff.post(f"/api/v1/activities/{draft.pk}/cancel/", {"reason": "下雨"}, format="json")
    assert cancelled.json()["status"] == "cancelled"
    assert Notification.objects.filter(recipient=world.volunteer, kind=Notification.Kind.ACTIVITY_CANCELLED).exists()
    assert api(world.volunteer).post(f"/api/v1/activities/{draft.pk}/cancel/").status_code == 403


def test_changing_an_activitys_time_tells_those_signed_up(api, world):
    activity = ActivityFactory(community=world.community, team=world.team)
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile)
    later = activity.start + datetime.timedelta(days=1)
    response = api(world.leader).patch(
        f"/api/v1/activities/{activity.pk}/",
        {"start": later.isoformat(), "end": (later + datetime.timedelta(hours=2)).isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert Notification.objects.filter(recipient=world.volunteer, kind=Notification.Kind.ACTIVITY_CHANGED).exists()
    backwards = api(world.leader).patch(
        f"/api/v1/activities/{activity.pk}/", {"end": activity.start.isoformat()}, format="json"
    )
    assert backwards.status_code == 400
    assert "end" in error(backwards)["fields"]


def test_anyone_sees_published_activities_public_fields_only(api, world):
    published = ActivityFactory(community=world.community, team=world.team)
    draft = ActivityFactory(community=world.community, status="draft")
    SignUpFactory(activity=published, volunteer=world.volunteer_profile)
    anonymous = api()
    listing = anonymous.get("/api/v1/public/activities/").json()
    assert [row["id"] for row in listing["results"]] == [published.pk]
    row = listing["results"][0]
    assert row["places_left"] == 9
    assert not {"checkin_code", "team", "created_by", "my_signup_status", "summary"} & set(row)
    assert anonymous.get(f"/api/v1/public/activities/{draft.pk}/").status_code == 404
    assert anonymous.get("/api/v1/activities/").status_code == 401


def test_log_a_contact_and_read_the_quarterly_status(api, world):
    member = MemberFactory(community=world.community)
    staff = api(world.staff)
    status_url = f"/api/v1/members/{member.pk}/contact-status/"
    assert staff.get(status_url).json()["contacted"] is False
    today = timezone.localdate()
    logged = staff.post(
        "/api/v1/contact-logs/", {"member": member.pk, "contacted_on": today.isoformat(), "method": "call"}
    )
    assert logged.status_code == 201, logged.json()
    assert logged.json()["contacted_by"] == world.staff.pk
    status = staff.get(status_url).json()
    assert (status["contacted"], status["contacts"], status["last_contacted_on"]) == (True, 1, today.isoformat())
    last_year = staff.get(status_url, {"day": (today - datetime.timedelta(days=400)).isoformat()}).json()
    assert last_year["contacted"] is False
    assert staff.get(status_url, {"day": "someday"}).status_code == 400
    future = staff.post(
        "/api/v1/contact-logs/", {"member": member.pk, "contacted_on": (today + datetime.timedelta(days=3)).isoformat()}
    )
    assert list(error(future)["fields"]) == ["contacted_on"]
    members = staff.get("/api/v1/members/", {"not_contacted_this_quarter": "true"}).json()["results"]
    assert member.pk not in {m["id"] for m in members}


def test_pair_visit_is_logged_through_the_service(api, places, world):
    response = api(world.staff).post(
        "/api/v1/pair-visits/", {"pair": places.mine.pair.pk, "visited_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 201
    assert response.json()["recorded_by"] == world.staff.pk
    pair = api(world.staff).get(f"/api/v1/pairs/{places.mine.pair.pk}/").json()
    assert pair["visit_count"] == 2


def test_series_generates_its_occurrences_once(api, places, world):
    series = places.mine.series
    until = (timezone.localdate() + datetime.timedelta(days=21)).isoformat()
    first = api(world.leader).post(f"/api/v1/series/{series.pk}/generate/", {"until": until})
    assert first.status_code == 200, first.json()
    assert first.json()["created"] == 3
    again = api(world.leader).post(f"/api/v1/series/{series.pk}/generate/", {"until": until})
    assert again.json() == {"created": 0, "activities": []}
    too_far = api(world.staff).post(f"/api/v1/series/{series.pk}/generate/", {"until": "2099-01-01"})
    assert list(error(too_far)["fields"]) == ["until"]


def test_changing_a_series_moves_its_upcoming_occurrences(api, places, world):
    series = places.mine.series
    until = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    created = api(world.staff).post(f"/api/v1/series/{series.pk}/generate/", {"until": until}).json()["activities"]
    changed = api(world.leader).patch(f"/api/v1/series/{series.pk}/", {"start_time": "14:30"}, format="json")
    assert changed.status_code == 200, changed.json()
    starts = Activity.objects.filter(pk__in=created).values_list("start", flat=True)
    assert {timezone.localtime(start).strftime("%H:%M") for start in starts} == {"14:30"}
    assert api(world.volunteer).patch(f"/api/v1/series/{series.pk}/", {"title": "x"}, format="json").status_code == 403


def test_resident_request_moves_from_raised_to_done(api, places, world):
    request = places.mine.request
    staff = api(world.staff)
    too_early = staff.post(f"/api/v1/requests/{request.pk}/complete/", {"result": "修好了"})
    assert too_early.status_code == 400
    assigned = staff.post(f"/api/v1/requests/{request.pk}/assign/", {"assigned_volunteer": world.volunteer_profile.pk})
    assert assigned.json()["status"] == "assigned", assigned.json()
    done = staff.post(f"/api/v1/requests/{request.pk}/complete/", {"result": "修好了", "satisfaction": 5})
    assert (done.json()["status"], done.json()["satisfaction"]) == ("done", 5)
    assert (
        staff.patch(f"/api/v1/requests/{request.pk}/", {"status": "raised"}, format="json").json()["status"] == "done"
    )
    assert api(world.neighbour_staff).post(f"/api/v1/requests/{request.pk}/close/", {"reason": "x"}).status_code == 404


def test_mediation_case_is_assigned_and_closed(api, places, world):
    case = places.mine.mediation_case
    staff = api(world.staff)
    staff.post(f"/api/v1/mediation-cases/{case.pk}/assign/", {"mediator_name": "老周"})
    closed = staff.post(f"/api/v1/mediation-cases/{case.pk}/close/", {"status": "resolved", "outcome": "握手言和"})
    assert closed.status_code == 200, closed.json()
    assert (closed.json()["status"], closed.json()["mediator_display"]) == ("resolved", "老周")
    wrong = staff.post(f"/api/v1/mediation-cases/{case.pk}/close/", {"status": "accepted", "outcome": "x"})
    assert list(error(wrong)["fields"]) == ["status"]


def test_leader_adds_a_member_of_their_teams_and_ends_a_membership(api, world):
    from tests.factories import TeamFactory

    subteam = TeamFactory(community=world.community, street=world.street, parent=world.team)
    added = api(world.leader).post(
        "/api/v1/memberships/", {"team": subteam.pk, "volunteer": world.volunteer_profile.pk}, format="json"
    )
    assert added.status_code == 201, added.json()
    twice = api(world.leader).post(
        "/api/v1/memberships/", {"team": subteam.pk, "volunteer": world.volunteer_profile.pk}, format="json"
    )
    assert twice.status_code == 400
    ended = api(world.leader).post(f"/api/v1/memberships/{added.json()['id']}/end/", {})
    assert ended.json()["left_on"] == timezone.localdate().isoformat()
    assert api(world.volunteer).post(f"/api/v1/memberships/{added.json()['id']}/end/", {}).status_code == 403


def test_me_tells_role_scope_and_own_record(api, world):
    staff = api(world.staff).get("/api/v1/me/").json()
    assert (staff["role"], staff["community"]["name"], staff["street"]["name"]) == (
        "community_staff",
        "泉韵社区",
        "泉塘街道",
    )
    assert (staff["sees_personal_data"], staff["volunteer"]) == (True, None)
    leader = api(world.leader).get("/api/v1/me/").json()
    assert leader["led_team_ids"] == [world.team.pk]
    assert leader["volunteer"]["name"] == "王队长"
    assert leader["sees_personal_data"] is False
    assert api().get("/api/v1/me/").status_code == 401


def test_token_login_and_its_throttle(api, world):
    anonymous = api()
    token = anonymous.post("/api/v1/auth/token/", {"username": "volunteer", "password": "demo12345"})
    assert token.status_code == 200, token.json()
    assert token.json()["role"] == "volunteer"
    by_phone = anonymous.post("/api/v1/auth/token/", {"username": "13800000001", "password": "demo12345"})
    assert by_phone.json()["token"] == token.json()["token"]
    signed_in = api()
    signed_in.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert signed_in.get("/api/v1/me/").json()["username"] == "volunteer"
    assert signed_in.delete("/api/v1/auth/token/").status_code == 204
    assert signed_in.get("/api/v1/me/").status_code == 401

    wrong = anonymous.post("/api/v1/auth/token/", {"username": "volunteer", "password": "nope"})
    assert (wrong.status_code, error(wrong)["code"]) == (400, "invalid_credentials")
    statuses = [
        anonymous.post("/api/v1/auth/token/", {"username": "volunteer", "password": "nope"}).status_code
        for _attempt in range(10)
    ]
    assert statuses[-1] == 429
    assert error(anonymous.post("/api/v1/auth/token/", {}))["code"] == "throttled"


@pytest.mark.parametrize(
    "url, expected_status, code",
    [
        ("/api/v1/activities/?start_after=yesterday", 400, "invalid"),
        ("/api/v1/activities/?status=finished", 400, "invalid"),
        ("/api/v1/members/?page=999", 404, "not_found"),
        ("/api/v1/members/abc/", 404, "not_found"),
        ("/api/v1/volunteers/?min_star_level=9", 200, None),
        ("/api/v1/activities/?ordering=-nonsense", 200, None),
    ],
)
def test_bad_input_is_a_clear_error_never_a_500(api, world, url, expected_status, code):
    response = api(world.staff).get(url)
    assert response.status_code == expected_status
    if code:
        assert error(response)["code"] == code


def test_malformed_json_and_protected_deletes_answer_in_the_error_shape(api, places, world):
    staff = api(world.staff)
    broken = staff.generic("POST", "/api/v1/compounds/", "{not json", content_type="application/json")
    assert (broken.status_code, error(broken)["code"]) == (400, "parse_error")
    in_use = staff.delete(f"/api/v1/compounds/{places.mine.compound.pk}/")
    assert (in_use.status_code, error(in_use)["code"]) == (409, "protected")
    assert staff.delete(f"/api/v1/members/{places.mine.member.pk}/").status_code == 405


# (url, a filter that matches our object, one that does not; the object's attribute)
FILTERS = [
    ("members", {"management_mode": "direct"}, {"management_mode": "care"}, "member"),
    ("members", {"living_situation": "lives_alone"}, {"living_situation": "widowed"}, "member"),
    ("members", {"not_contacted_this_quarter": "false"}, {"not_contacted_this_quarter": "true"}, "member"),
    ("members", {"search": "成员"}, {"search": "没有这个人"}, "member"),
    ("contact-logs", {"contacted_on_after": "2000-01-01"}, {"contacted_on_before": "2000-01-01"}, "contact_log"),
    ("volunteers", {"team": "{team}"}, {"team": "0"}, "volunteer"),
    ("volunteers", {"min_hours": "2"}, {"min_hours": "2.5"}, "volunteer"),
    ("activities", {"team": "{team}"}, {"team": "0"}, "activity"),
    ("activities", {"upcoming": "true", "status": "published"}, {"upcoming": "false"}, "activity"),
    ("activities", {"service_type_code": "haircut"}, {"service_type_code": "patrol"}, "activity"),
    ("signups", {"status": "confirmed", "checked_in": "false"}, {"checked_in": "true"}, "signup"),
    (
        "service-records",
        {"date_after": "2000-01-01", "team": "{team}"},
        {"date_before": "2000-01-01"},
        "service_record",
    ),
    ("care-archives", {"elderly_alone": "true"}, {"elderly_alone": "false"}, "care_archive"),
    ("requests", {"status": "raised"}, {"status": "done"}, "request"),
    ("mediation-cases", {"open": "true"}, {"open": "false"}, "mediation_case"),
    ("teams", {"community": "{community}"}, {"street_wide": "true"}, "team"),
]


@pytest.mark.parametrize("resource, matching, other, attr", FILTERS)
def test_filters_keep_what_matches_and_drop_what_does_not(api, places, world, resource, matching, other, attr):
    def fill(params):
        return {k: v.format(team=world.team.pk, community=world.community.pk) for k, v in params.items()}

    target = getattr(places.mine, attr)
    client = api(world.staff)
    found = {row["id"] for row in client.get(f"/api/v1/{resource}/", fill(matching)).json()["results"]}
    missed = client.get(f"/api/v1/{resource}/", fill(other))
    assert target.pk in found
    assert missed.status_code == 200
    assert target.pk not in {row["id"] for row in missed.json()["results"]}


def test_the_browser_session_works_and_its_writes_need_the_csrf_token(world):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.staff)
    assert browser.get("/api/v1/me/").json()["username"] == "staff"
    refused = browser.post("/api/v1/compounds/", {"name": "无令牌小区"})
    assert refused.status_code == 403
    assert "CSRF" in error(refused)["message"]
    secret = "abcdefghijklmnopqrstuvwxyzABCDEF"  # what the staff page's csrftoken cookie holds
    browser.cookies["csrftoken"] = secret
    accepted = browser.post("/api/v1/compounds/", {"name": "有令牌小区"}, HTTP_X_CSRFTOKEN=secret)
    assert accepted.status_code == 201, accepted.content


def test_manager_marks_an_ended_activity_done_through_the_api(world):
    import datetime as _dt

    from django.utils import timezone as _tz
    from rest_framework.test import APIClient

    from tests.factories import ActivityFactory as _ActivityFactory

    start = _tz.now() - _dt.timedelta(hours=4)
    activity = _ActivityFactory(
        community=world.community, team=world.team, start=start, end=start + _dt.timedelta(hours=2)
    )
    client = APIClient()
    client.force_authenticate(world.leader)
    response = client.post(f"/api/v1/activities/{activity.pk}/complete/", {"beneficiaries_count": 42}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    activity.refresh_from_db()
    assert activity.beneficiaries_count == 42
    client.force_authenticate(world.volunteer)
    assert client.post(f"/api/v1/activities/{activity.pk}/complete/", {}, format="json").status_code in (403, 404)
