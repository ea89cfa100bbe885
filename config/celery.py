"""The Celery app. Tasks live in each app's tasks.py; the periodic schedule is stored
in the database (django-celery-beat) and created by `manage.py setup_schedule`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("volunteer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
