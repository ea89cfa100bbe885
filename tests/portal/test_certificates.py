"""Service certificates: issued from confirmed hours only, a real PDF in Chinese with the
name, hours and verification code, checked on a public page that rejects forgeries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from activities.services import hours_confirm
from tests.factories import ActivityFactory, SignUpFactory, VolunteerFactory, make_id_number
from volunteers.certificates import render_certificate_pdf
from volunteers.models import Certificate
from volunteers.services import certificate_by_code, certificate_issue


@pytest.fixture
def served(world):
    """李志愿 with an ID number and two confirmed activities this year (2 h + 3 h)."""
    volunteer = world.volunteer_profile
    volunteer.id_number = make_id_number(datetime.date(1958, 3, 3), 17)
    volunteer.save()
    for title, hours, days_ago in (("反诈宣传", Decimal("2"), 20), ("义诊服务", Decimal("3"), 10)):
        start = timezone.now() - datetime.timedelta(days=days_ago)
        activity = ActivityFactory(title=title, community=world.community, team=world.team, start=start)
        hours_confirm(signup=SignUpFactory(activity=activity, volunteer=volunteer), by_user=world.staff, hours=hours)
    return volunteer


def _text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_volunteer_issues_own_certificate_and_downloads_a_chinese_pdf(vclient, world, served):
    today = timezone.localdate()
    response = vclient.post(
        reverse("portal:certificate_list"),
        {"period_start": today.replace(month=1, day=1).isoformat(), "period_end": today.isoformat()},
    )
    certificate = Certificate.objects.get(volunteer=served)
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:certificate_detail", args=[certificate.pk]
    )
    assert certificate.period_hours == Decimal("5") and certificate.total_hours == Decimal("5")
    assert [item["title"] for item in certificate.activities] == ["反诈宣传", "义诊服务"]

    pdf = vclient.get(reverse("portal:certificate_pdf", args=[certificate.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = _text(pdf.content)
    assert "志愿服务证明" in text
    assert "李志愿" in text and "时长5小时" in text
    assert certificate.verification_code in text and certificate.number in text
    assert "430***********" in text and served.id_number not in text  # masked, never in full
    assert "反诈宣传" in text and "义诊服务" in text


def test_certificate_counts_only_confirmed_hours_of_the_period(world, served):
    start = timezone.now() - datetime.timedelta(days=1)
    unconfirmed = ActivityFactory(community=world.community, start=start)
    SignUpFactory(activity=unconfirmed, volunteer=served)  # checked in maybe, but nobody confirmed hours
    today = timezone.localdate()
    certificate = certificate_issue(
        volunteer=served,
        period_start=today - datetime.timedelta(days=15),
        period_end=today,
        by_user=world.staff,
        person_in_charge="张书记",
        handler="刘干事",
        contact_phone="0731-8888888",
    )
    assert certificate.period_hours == Decimal("3") and certificate.total_hours == Decimal("5")
    text = _text(render_certificate_pdf(certificate))
    assert "张书记" in text and "刘干事" in text and "0731-8888888" in text and "泉塘街道泉韵社区" in text


def test_asking_twice_the_same_day_returns_the_same_certificate(world, served):
    today = timezone.localdate()
    first = certificate_issue(
        volunteer=served, period_start=today.replace(day=1), period_end=today, by_user=world.volunteer
    )
    again = certificate_issue(
        volunteer=served, period_start=today.replace(day=1), period_end=today, by_user=world.volunteer
    )
    assert first.pk == again.pk and Certificate.objects.count() == 1


def test_period_ending_in_the_future_is_refused(vclient, served):
    today = timezone.localdate()
    response = vclient.post(
        reverse("portal:certificate_list"),
        {"period_start": today.isoformat(), "period_end": (today + datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 400
    assert "不能晚于今天" in response.content.decode()
    assert not Certificate.objects.exists()


def test_someone_elses_certificate_is_not_found(vclient, world):
    other = VolunteerFactory(community=world.community)
    today = timezone.localdate()
    theirs = certificate_issue(volunteer=other, period_start=today, period_end=today, by_user=world.staff)
    assert vclient.get(reverse("portal:certificate_detail", args=[theirs.pk])).status_code == 404
    assert vclient.get(reverse("portal:certificate_pdf", args=[theirs.pk])).status_code == 404


def test_verification_page_confirms_a_real_code_without_login(client, world, served):
    today = timezone.localdate()
    certificate = certificate_issue(
        volunteer=served, period_start=today.replace(month=1, day=1), period_end=today, by_user=world.staff
    )
    response = client.get(reverse("portal:verify_code", args=[certificate.verification_code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "证明真实有效" in html and "李志愿" in html and certificate.number in html
    assert served.id_number not in html
    # Typed by hand: lower case and spaces are forgiven.
    typed = " ".join(certificate.verification_code.lower()[i : i + 4] for i in range(0, 12, 4))
    follow = client.get(reverse("portal:verify"), {"code": typed}, follow=True)
    assert "证明真实有效" in follow.content.decode()


@pytest.mark.parametrize("forged", ["ABCDEFGHJKLM", "0000", "<script>"])
def test_verification_page_rejects_a_forged_code(client, world, served, forged):
    today = timezone.localdate()
    certificate_issue(volunteer=served, period_start=today, period_end=today, by_user=world.staff)
    response = client.get(reverse("portal:verify_code", args=[forged]))
    assert response.status_code == 404
    assert "没有找到" in response.content.decode() and "李志愿" not in response.content.decode()
    assert certificate_by_code(forged) is None


def test_staff_issue_form_fills_defaults_and_issues(client, world, served):
    client.force_login(world.staff)
    url = reverse("portal:certificate_issue", args=[served.pk])
    form = client.get(url).content.decode()
    assert "泉塘街道泉韵社区" in form
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "period_start": today.replace(month=1, day=1).isoformat(),
            "period_end": today.isoformat(),
            "issuer_name": "泉塘街道泉韵社区居民委员会",
            "person_in_charge": "张书记",
            "handler": "刘干事",
            "contact_phone": "0731-8888888",
        },
    )
    certificate = Certificate.objects.get()
    assert response["Location"] == reverse("portal:certificate_detail", args=[certificate.pk])
    assert certificate.issued_by == world.staff and certificate.person_in_charge == "张书记"
    assert client.get(reverse("portal:certificate_pdf", args=[certificate.pk])).status_code == 200


def test_other_communitys_staff_cannot_issue(client, world, served):
    client.force_login(world.neighbour_staff)
    assert client.get(reverse("portal:certificate_issue", args=[served.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        today = timezone.localdate()
        certificate_issue(volunteer=served, period_start=today, period_end=today, by_user=world.neighbour_staff)


def test_team_leader_issues_for_a_team_member(client, world, served):
    client.force_login(world.leader)
    assert client.get(reverse("portal:certificate_issue", args=[served.pk])).status_code == 200
