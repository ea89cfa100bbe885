"""Excel (.xlsx) downloads of every staff list, with the filters the user applied.

Each list names its columns as (header, function of a row); the workbook is written in
write-only mode so a street-wide export of thousands of rows stays in constant memory.
Personal data is masked the same way as on screen (`sees_personal_data`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from community.periods import today
from community.scoping import sees_personal_data
from community.validators import mask_id_number, mask_phone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Column = tuple[str, Callable[[object], object]]


def _cell_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float, datetime.date, str)):
        return value
    return str(value)


def _append_sheet(workbook, *, title: str, columns: list[Column], rows: Iterable) -> None:
    """A sheet with a bold, frozen header row, then one line per row."""
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, (header, _getter) in enumerate(columns):
        letter = chr(ord("A") + index) if index < 26 else "A" + chr(ord("A") + index - 26)
        sheet.column_dimensions[letter].width = max(10, min(40, len(header) * 2 + 4))
    header_cells = []
    for header, _getter in columns:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B3261E")
        cell.alignment = Alignment(vertical="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for _header, getter in columns:
            value = _cell_value(getter(row))
            cell = WriteOnlyCell(sheet, value=value)
            if cell.data_type == "f":
                # Text typed by people ("=HYPERLINK(...)" as a name) stays text, not a formula.
                cell.data_type = "s"
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)


def _workbook_response(workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"{filename}-{today():%Y%m%d}.xlsx"
    # RFC 6266: an ASCII fallback and the UTF-8 name for Chinese file names.
    response["Content-Disposition"] = (
        f"attachment; filename=\"export-{today():%Y%m%d}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return response


def xlsx_response(*, title: str, columns: list[Column], rows: Iterable, filename: str) -> HttpResponse:
    """A one-sheet workbook: a bold, frozen header row, then one line per row."""
    workbook = Workbook(write_only=True)
    _append_sheet(workbook, title=title, columns=columns, rows=rows)
    return _workbook_response(workbook, filename)


def xlsx_sheets_response(*, sheets: list[tuple[str, list[Column], Iterable]], filename: str) -> HttpResponse:
    """A workbook of several sheets, each given as (title, columns, rows)."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        _append_sheet(workbook, title=title, columns=columns, rows=rows)
    return _workbook_response(workbook, filename)


class Masker:
    """Show or mask personal data in an export like the page does for this user."""

    def __init__(self, user):
        self.full = sees_personal_data(user)

    def id_number(self, value: str | None) -> str:
        return (value or "") if self.full else mask_id_number(value)

    def phone(self, value: str | None) -> str:
        return (value or "") if self.full else mask_phone(value)

    def text(self, value: str | None) -> str:
        """Addresses and health notes: shown in full or left out."""
        return (value or "") if self.full else ""
