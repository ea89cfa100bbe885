"""Delivery of stored notifications to external channels (email, webhook)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def deliver_notification(notification_id: int) -> None:
    """Placeholder delivery: channels are added by the notifications work (issue 4)."""
    return None
