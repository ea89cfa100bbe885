"""The export for the national volunteer service information system (全国志愿服务信息系统).

The rules on volunteer service records (《志愿服务记录与证明出具办法》) require organisations
that record on their own systems to enter the data into the national system in its unified
format: two sheets, the volunteers' basic fields and their service records. Only confirmed
records are exported. ID numbers are written in full (the import needs them), so callers must
allow this export only to roles that see personal data; nothing of it is logged.

The layout is the national system's, in Chinese whatever the interface language. The service
records' model lives in a higher app (activities); this module only formats the querysets it
is given, so the apps keep depending one way.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

CONFIRMED = "confirmed"


def _text(value) -> str:
    return "" if value is None else str(value)


def _date(value) -> str:
    # Text, not an Excel date: the import reads "YYYY-MM-DD" and never a serial number.
    return value.strftime("%Y-%m-%d") if value else ""


def _person(user) -> str:
    return str(user) if user is not None else ""


def volunteer_headers() -> list[str]:
    return [
        pgettext("national system", "Name"),
        pgettext("national system", "ID type"),
        pgettext("national system", "ID number"),
        pgettext("national system", "Gender"),
        pgettext("national system", "Date of birth"),
        pgettext("national system", "Phone"),
        pgettext("national system", "Volunteer number"),
        pgettext("national system", "Registration date"),
        pgettext("national system", "Political status"),
        pgettext("national system", "Organisation"),
    ]


def record_headers() -> list[str]:
    return [
        pgettext("national system", "Volunteer number"),
        pgettext("national system", "Name"),
        pgettext("national system", "ID number"),
        pgettext("national system", "Activity name"),
        pgettext("national system", "Service type"),
        pgettext("national system", "Service date"),
        pgettext("national system", "Service place"),
        pgettext("national system", "Service hours"),
        pgettext("national system", "Recorded by"),
        pgettext("national system", "Confirmed by"),
        pgettext("national system", "Record status"),
    ]


def _number(volunteer) -> str:
    """The national unified number when known, else ours."""
    return volunteer.national_number or volunteer.volunteer_number


def national_export_rows(*, volunteers_qs: QuerySet, records_qs: QuerySet) -> dict[str, tuple[list, Iterator]]:
    """The two sheets of the national import, as {sheet name: (headers, rows)}.

    `volunteers_qs` are the volunteers to register; `records_qs` the service records of the
    period (only the confirmed ones are kept). Rows are produced lazily, a few queries in all."""
    volunteers = volunteers_qs.select_related("community").order_by("volunteer_number", "pk")
    records = (
        records_qs.filter(status=CONFIRMED)
        .select_related("volunteer", "activity", "service_type", "recorded_by", "confirmed_by")
        .order_by("date", "pk")
    )

    def volunteer_rows():
        for v in volunteers.iterator(chunk_size=2000):
            yield [
                v.name,
                v.get_id_type_display(),
                _text(v.id_number),
                v.get_gender_display() if v.gender else "",
                _date(v.birth_date),
                v.phone,
                _number(v),
                _date(v.registered_on),
                v.get_political_status_display(),
                v.community.name,
            ]

    def record_rows():
        for r in records.iterator(chunk_size=2000):
            activity = r.activity
            yield [
                _number(r.volunteer),
                r.volunteer.name,
                _text(r.volunteer.id_number),
                activity.title if activity else (r.content or "")[:120],
                r.service_type.name if r.service_type else "",
                _date(r.date),
                r.place or (activity.address if activity else ""),
                float(r.hours),
                _person(r.recorded_by) or r.person_in_charge,
                _person(r.confirmed_by),
                r.get_status_display(),
            ]

    return {
        pgettext("national system", "Volunteers"): (volunteer_headers(), volunteer_rows()),
        pgettext("national system", "Service records"): (record_headers(), record_rows()),
    }


def _literal(sheet, value):
    """Text typed by people stays text: openpyxl would write "=..." as a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def national_export_workbook(*, volunteers_qs: QuerySet, records_qs: QuerySet) -> bytes:
    """The .xlsx file of `national_export_rows`, in Chinese (the national system's language)."""
    with translation.override("zh-hans"):
        sheets = national_export_rows(volunteers_qs=volunteers_qs, records_qs=records_qs)
        workbook = Workbook(write_only=True)
        for title, (headers, rows) in sheets.items():
            sheet = workbook.create_sheet(title=title[:31])
            header_cells = []
            for header in headers:
                cell = WriteOnlyCell(sheet, value=header)
                cell.font = Font(bold=True)
                header_cells.append(cell)
            sheet.append(header_cells)
            for row in rows:
                sheet.append([_literal(sheet, value) for value in row])
        buffer = BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
