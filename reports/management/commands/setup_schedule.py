"""Write the periodic schedule (reports.schedule.SCHEDULE) to django-celery-beat's tables.

Idempotent and quick, so `make run` calls it every time: missing tasks are created; existing
ones keep the times and on/off switch admins gave them (only the task path and description
follow the code) unless --reset puts the declared times back.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from reports.schedule import SCHEDULE

CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")


def crontab_for(spec: dict[str, str]) -> CrontabSchedule:
    values = {name: spec.get(name, "*") for name in CRONTAB_FIELDS}
    existing = CrontabSchedule.objects.filter(**values, timezone=settings.TIME_ZONE).order_by("pk").first()
    return existing or CrontabSchedule.objects.create(**values, timezone=settings.TIME_ZONE)


class Command(BaseCommand):
    requires_system_checks: list = []  # quick; `make run` calls it on every start
    help = "Create or update the periodic tasks (django-celery-beat) from reports.schedule."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Put the declared times back and switch all on.")

    @transaction.atomic
    def handle(self, *args, reset: bool = False, **options):
        created = updated = 0
        for periodic in SCHEDULE:
            task = PeriodicTask.objects.filter(name=periodic.name).first()
            description = str(periodic.description)
            if task is None:
                PeriodicTask.objects.create(
                    name=periodic.name,
                    task=periodic.task,
                    crontab=crontab_for(periodic.crontab),
                    description=description,
                    enabled=True,
                )
                created += 1
                continue
            changes = {"task": periodic.task, "description": description}
            if reset:
                changes.update(crontab=crontab_for(periodic.crontab), interval=None, solar=None, clocked=None)
                changes["enabled"] = True
            if any(getattr(task, name) != value for name, value in changes.items()):
                for name, value in changes.items():
                    setattr(task, name, value)
                task.save()
                updated += 1
        self.stdout.write(f"Periodic tasks: {created} created, {updated} updated, {len(SCHEDULE)} declared.")
