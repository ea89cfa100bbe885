"""Write a community's volunteers and confirmed service records of a period to an .xlsx file in
the layout of the national volunteer service information system (for admins; the file holds
full ID numbers: keep it safe and delete it after the import)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from community.models import Community
from volunteers.exports import national_export_workbook
from volunteers.models import Volunteer


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Export a community's volunteers and confirmed service records for the national system."

    def add_arguments(self, parser):
        parser.add_argument("--community", type=int, required=True, help="Community id")
        parser.add_argument("--from", dest="date_from", required=True, help="First service day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="Last service day, YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="The .xlsx file to write")

    def handle(self, *args, community, date_from, date_to, out, **options):
        first, last = _day(date_from), _day(date_to)
        if first > last:
            raise CommandError("--from must not come after --to.")
        place = Community.objects.filter(pk=community).first()
        if place is None:
            raise CommandError(f"No community with id {community}.")
        # Service records live in a higher app: reach them through the reverse relation.
        ServiceRecord = Volunteer._meta.get_field("service_records").related_model
        records = ServiceRecord.objects.filter(community=place, date__range=(first, last))
        confirmed = records.filter(status="confirmed")
        volunteers = Volunteer.objects.filter(community=place).filter(
            Q(registered_on__range=(first, last)) | Q(pk__in=confirmed.values("volunteer_id"))
        )
        content = national_export_workbook(volunteers_qs=volunteers, records_qs=records)
        Path(out).write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out}: {volunteers.count()} volunteers, {confirmed.count()} confirmed service records."
            )
        )
