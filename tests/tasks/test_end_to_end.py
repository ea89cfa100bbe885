"""A reminder published to the real Redis broker, run by a real Celery worker, stored in the
inbox and delivered by email through the notifications queue (second half of `make test`)."""

from __future__ import annotations

import datetime
import logging
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from activities.tasks import activity_reminders
from config.celery import app
from notifications.models import Notification
from tests.factories import ActivityFactory, SignUpFactory


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_on_redis_runs_a_reminder_and_delivers_it(world):
    assert not app.conf.task_always_eager
    assert app.conf.broker_url.startswith("redis://")
    world.volunteer.email = "volunteer@example.org"
    world.volunteer.save()
    activity = ActivityFactory(community=world.community, start=timezone.now() + datetime.timedelta(hours=3))
    SignUpFactory(activity=activity, volunteer=world.volunteer_profile)

    # The embedded worker sets up Celery's logging on the root logger: give it back afterwards.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        with start_worker(app, perform_ping_check=False, queues=["default", "notifications"], shutdown_timeout=30):
            activity_reminders.delay()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                notification = Notification.objects.filter(recipient=world.volunteer).first()
                if notification is not None and "email" in notification.deliveries:
                    break
                time.sleep(0.2)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)

    assert notification is not None, "the worker never stored the reminder"
    assert notification.kind == Notification.Kind.ACTIVITY_REMINDER
    assert "email" in notification.deliveries, "the delivery task never ran on the notifications queue"
    assert [m.to for m in mail.outbox] == [["volunteer@example.org"]]
