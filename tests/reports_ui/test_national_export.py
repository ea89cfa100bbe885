"""The export for the national volunteer service information system: the confirmed records of
the period, in the basic-field layout, only for roles that see personal data."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import ServiceRecord
from tests.factories import ActivityFactory, VolunteerFactory, make_id_number

pytestmark = pytest.mark.django_db

SEPT = {"date_from": "2026-09-01", "date_to": "2026-09-30"}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def record(volunteer, community, day, status="confirmed", hours="2", activity=None, by=None):
    return ServiceRecord.objects.create(
        volunteer=volunteer,
        community=community,
        activity=activity,
        service_type=activity.service_type if activity else None,
        date=day,
        hours=Decimal(hours),
        status=status,
        recorded_by=by,
        confirmed_by=by if status == "confirmed" else None,
        place="泉韵社区党群服务中心",
    )


@pytest.fixture
def ledger(world):
    activity = ActivityFactory(community=world.community, title="义剪进社区")
    zhang = VolunteerFactory(
        community=world.community,
        name="张爱民",
        gender="M",
        id_number=make_id_number(datetime.date(1958, 3, 3), 11),
        phone="13900000011",
        national_number="43012119580303001X",
        registered_on=datetime.date(2020, 5, 1),
    )
    liu = VolunteerFactory(community=world.community, name="刘桂香", registered_on=datetime.date(2026, 9, 15))
    inside = [
        record(zhang, world.community, datetime.date(2026, 9, 1), activity=activity, by=world.staff),
        record(zhang, world.community, datetime.date(2026, 9, 30), hours="1.5", by=world.staff),
    ]
    record(liu, world.community, datetime.date(2026, 9, 10), status="proposed")
    record(liu, world.community, datetime.date(2026, 9, 11), status="void")
    record(zhang, world.community, datetime.date(2026, 8, 31))
    record(zhang, world.community, datetime.date(2026, 10, 1))
    stranger = VolunteerFactory(community=world.neighbour, name="星港志愿者")
    record(stranger, world.neighbour, datetime.date(2026, 9, 5))
    return {"zhang": zhang, "liu": liu, "inside": inside}


def sheets(content: bytes):
    book = load_workbook(BytesIO(content))
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def test_national_export_holds_exactly_the_confirmed_records_of_the_period(world, ledger):
    response = login(world.staff).get(reverse("web:national_export"), SEPT)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    volunteers, records = sheets(response.content)
    assert volunteers[0] == (
        "姓名", "证件类型", "证件号码", "性别", "出生日期", "联系电话", "志愿者编号", "注册日期", "政治面貌", "所属组织",
    )  # fmt: skip
    assert records[0] == (
        "志愿者编号", "姓名", "证件号码", "活动名称", "服务类型", "服务日期", "服务地点", "服务时长(小时)",
        "记录人", "确认人", "记录状态",
    )  # fmt: skip
    zhang = ledger["zhang"]
    assert [(r[0], r[1], r[2], r[5], r[7]) for r in records[1:]] == [
        ("43012119580303001X", "张爱民", zhang.id_number, "2026-09-01", 2),
        ("43012119580303001X", "张爱民", zhang.id_number, "2026-09-30", 1.5),
    ]
    assert records[1][3] == "义剪进社区" and records[1][10] == "已确认" and records[1][8] == str(world.staff)
    # Volunteers: the one with records (full ID number) and the one registered in the period.
    by_name = {row[0]: row for row in volunteers[1:]}
    assert set(by_name) == {"张爱民", "刘桂香"}
    assert by_name["张爱民"][2] == zhang.id_number and by_name["张爱民"][5] == "13900000011"
    assert by_name["张爱民"][6] == "43012119580303001X"
    assert by_name["刘桂香"][6] == ledger["liu"].volunteer_number
    assert by_name["张爱民"][9] == "泉韵社区"


@pytest.mark.parametrize("who", ["leader", "volunteer"])
def test_national_export_refuses_roles_without_personal_data(world, ledger, who):
    assert login(getattr(world, who)).get(reverse("web:national_export"), SEPT).status_code == 403


def test_national_export_form_and_bad_period(world):
    client = login(world.staff)
    page = client.get(reverse("web:national_export"))
    assert page.status_code == 200 and b'name="date_from"' in page.content
    bad = client.get(reverse("web:national_export"), {"date_from": "2026-09-30", "date_to": "2026-09-01"})
    assert bad.status_code == 200 and bad["Content-Type"].startswith("text/html")
    assert "开始日期不能晚于结束日期" in bad.content.decode()
    # The volunteers list links to it for staff.
    assert reverse("web:national_export").encode() in client.get(reverse("web:volunteer_list")).content


def test_export_national_command_writes_the_file(world, ledger, tmp_path):
    out = tmp_path / "national.xlsx"
    call_command(
        "export_national", "--community", str(world.community.pk), "--from", "2026-09-01", "--to", "2026-09-30",
        "--out", str(out),
    )  # fmt: skip
    volunteers, records = sheets(out.read_bytes())
    assert len(records) == 3 and {r[1] for r in records[1:]} == {"张爱民"}
    assert {r[0] for r in volunteers[1:]} == {"张爱民", "刘桂香"}


def test_national_export_queries_do_not_grow_with_rows(world, ledger, django_assert_max_num_queries):
    client = login(world.staff)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("web:national_export"), SEPT)
    for _n in range(10):
        volunteer = VolunteerFactory(community=world.community)
        record(volunteer, world.community, datetime.date(2026, 9, 2), by=world.staff)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("web:national_export"), SEPT)
    assert len(sheets(response.content)[1]) == 13
