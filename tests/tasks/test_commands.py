"""setup_schedule writes the schedule once and respects admins' edits; run_task runs every task for a day."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from reports.schedule import EXTRA_TASKS, SCHEDULE


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_setup_schedule_twice_creates_each_task_once(db):
    run("setup_schedule")
    run("setup_schedule")
    assert sorted(PeriodicTask.objects.values_list("name", flat=True)) == sorted(p.name for p in SCHEDULE)
    reminders = PeriodicTask.objects.get(name="activity-reminders")
    assert reminders.task == "activities.tasks.activity_reminders"
    assert (reminders.crontab.minute, reminders.crontab.hour, str(reminders.crontab.timezone)) == (
        "*/15",
        "*",
        "Asia/Shanghai",
    )
    assert CrontabSchedule.objects.count() == len({tuple(sorted(p.crontab.items())) for p in SCHEDULE})


def test_setup_schedule_keeps_what_admins_changed_unless_reset(db):
    run("setup_schedule")
    task = PeriodicTask.objects.get(name="statistics-nightly")
    task.crontab = CrontabSchedule.objects.create(minute="0", hour="4", timezone="Asia/Shanghai")
    task.enabled = False
    task.save()
    assert "0 updated" in run("setup_schedule")
    task.refresh_from_db()
    assert (task.crontab.hour, task.enabled) == ("4", False)
    run("setup_schedule", "--reset")
    task.refresh_from_db()
    assert (task.crontab.hour, task.crontab.minute, task.enabled) == ("1", "30", True)


@pytest.mark.parametrize("name", [p.name for p in SCHEDULE] + list(EXTRA_TASKS))
def test_run_task_runs_every_task_for_a_day(world, name):
    output = run("run_task", name, "--date", "2026-12-14")
    assert output.startswith(f"{name}: ")


def test_run_task_refuses_unknown_names_and_bad_dates(db):
    with pytest.raises(CommandError, match="Unknown task"):
        run("run_task", "send-everything")
    with pytest.raises(CommandError, match="2026-12-31"):
        run("run_task", "festival-visits", "--date", "31/12/2026")
    assert "festival-visits" in run("run_task", "--list")
