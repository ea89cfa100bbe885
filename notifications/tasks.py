"""Delivery of stored notifications to the external channels (email, webhook).

The notification is already in the inbox when this runs; this task only carries it further.
It is enqueued after the transaction that stored it commits, acknowledged only once it has
run (acks_late: a worker that dies mid-way leaves the message for another), and retried with
exponential backoff when a channel fails. Each channel's delivery is recorded on the row, so
a retry or a duplicated message sends only what is still missing.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .channels import ChannelError, channels_for
from .models import Notification

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_notification(self, notification_id: int) -> list[str]:
    """Send one notification on every channel it should go out on; return the channels used."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return []  # deleted meanwhile (the recipient left): nothing to send
    sent: list[str] = []
    failed: list[str] = []
    for channel in channels_for(notification):
        # The row lock makes a duplicated message wait here and then see the delivery done.
        with transaction.atomic():
            locked = Notification.objects.select_for_update().select_related("recipient").get(pk=notification.pk)
            if channel.name in locked.deliveries:
                continue
            try:
                channel.send(locked)
            except ChannelError as error:
                # No personal data in logs: the id and the kind of failure only.
                logger.warning("notification %s: %s failed (%s)", notification.pk, channel.name, error)
                failed.append(channel.name)
                continue
            locked.deliveries[channel.name] = timezone.now().isoformat()
            locked.save(update_fields=["deliveries"])
            sent.append(channel.name)
    if failed:
        if self.request.is_eager:
            # Run inline in the web process (no broker): the inbox has it; never fail a request.
            return sent
        if self.request.retries >= settings.NOTIFICATION_MAX_RETRIES:
            logger.error("notification %s: gave up on %s", notification.pk, ", ".join(failed))
            return sent
        # 60 s, 120 s, 240 s ... at most an hour.
        raise self.retry(countdown=min(60 * 2**self.request.retries, 3600))
    return sent
