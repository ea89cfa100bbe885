"""Sending notifications. Callers say who, what and a deduplication key; channels beyond
the inbox are delivered by a task after the transaction commits."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipient, kind: str, title: str, body: str = "", url: str = "", dedup_key: str) -> Notification | None:
    """Store a notification once per dedup_key; return it, or None if it was already sent.

    Never put ID numbers, phones or addresses in the title or body: they travel to email
    and webhooks (DESIGN.md §6).
    """
    if recipient is None:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, title=title[:200], body=body, url=url, dedup_key=dedup_key[:200]
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _deliver_later(notification.pk))
    return notification


def _deliver_later(notification_id: int) -> None:
    # Imported late: the tasks module loads channel settings.
    from .tasks import deliver_notification

    deliver_notification.delay(notification_id)


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
