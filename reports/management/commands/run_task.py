"""Run a periodic task by hand, as if for a given day: staff catch up a day the worker
missed, and tests replay a day.

    manage.py run_task festival-visits --date 2027-02-01
    manage.py run_task statistics-month --date 2026-10-01
    manage.py run_task --list
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from reports.schedule import EXTRA_TASKS, SCHEDULE, task_path


class Command(BaseCommand):
    requires_system_checks: list = []  # quick; `make run` calls it on every start
    help = "Run a periodic task now, in this process, optionally for a given day (--date YYYY-MM-DD)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="Schedule name (see --list) or task path.")
        parser.add_argument("--date", help="The day to run for, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Send it to the broker for a worker instead of running it here."
        )
        parser.add_argument("--list", dest="show_list", action="store_true", help="List the tasks that can be run.")

    def handle(self, *args, name=None, date=None, enqueue=False, show_list=False, **options):
        if show_list or not name:
            for periodic in SCHEDULE:
                self.stdout.write(f"{periodic.name:<22} {periodic.task}")
            for extra, path in EXTRA_TASKS.items():
                self.stdout.write(f"{extra:<22} {path}")
            if not name:
                return
        path = task_path(name)
        if path is None:
            names = ", ".join([p.name for p in SCHEDULE] + [*EXTRA_TASKS])
            raise CommandError(f"Unknown task {name!r}. Known: {names}.")
        kwargs = {}
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be a date like 2026-12-31, not {date!r}.")
            key = "month" if path == EXTRA_TASKS["statistics-month"] else "day"
            kwargs[key] = day.isoformat()
        elif path == EXTRA_TASKS["statistics-month"]:
            raise CommandError("statistics-month needs --date (any day of the month).")
        task = import_string(path)
        if enqueue:
            result = task.apply_async(kwargs=kwargs)
            self.stdout.write(f"{name}: sent to the broker ({result.id}).")
            return
        result = task.apply(kwargs=kwargs, throw=True)
        self.stdout.write(f"{name}: {result.get()}")
