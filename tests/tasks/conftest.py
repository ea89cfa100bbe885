"""Fixtures for the background-task tests.

Tasks are called directly or through `.apply()` (in this process) so each test controls the
day it runs for. In the PostgreSQL + Redis half of `make test` the settings turn eager
execution off (REDIS_URL is set); here it is switched back on for every test except the
end-to-end ones marked `redis`, which run a real worker against the real broker.
"""

from __future__ import annotations

import pytest

from config.celery import app as celery_app
from notifications.models import Notification


@pytest.fixture(autouse=True)
def _celery_eager_unless_redis(request):
    eager = request.node.get_closest_marker("redis") is None
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _channels(settings):
    settings.NOTIFICATION_CHANNELS = ["email"]
    settings.WECHAT_WORK_WEBHOOK_URL = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The world's six logins would cost seconds per test with the production hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def inbox(user, kind: str | None = None) -> list[Notification]:
    notifications = Notification.objects.filter(recipient=user).order_by("pk")
    if kind:
        notifications = notifications.filter(kind=kind)
    return list(notifications)
