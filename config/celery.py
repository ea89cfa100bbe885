"""The Celery app. Tasks live in each app's tasks.py and take primary keys or ISO dates,
never model instances. The periodic schedule is declared in reports/schedule.py, stored in the
database (django-celery-beat, editable in admin) by `manage.py setup_schedule`, and any task
can be run by hand for a day with `manage.py run_task NAME --date YYYY-MM-DD`.

Without REDIS_URL tasks run eagerly in the calling process; with it, `make worker` consumes
the queues default, notifications and stats (routes in settings.CELERY_TASK_ROUTES)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("volunteer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
