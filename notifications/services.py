"""Sending notifications. Callers say who, what and a deduplication key; channels beyond
the inbox are delivered by a task after the transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


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


def sent_keys(keys: Iterable[str]) -> set[str]:
    """The deduplication keys among `keys` already used: tasks skip those people up front
    instead of trying (and failing) to insert each again on every run."""
    keys = [key[:200] for key in keys]
    found: set[str] = set()
    for i in range(0, len(keys), 500):
        found.update(Notification.objects.filter(dedup_key__in=keys[i : i + 500]).values_list("dedup_key", flat=True))
    return found


def _deliver_later(notification_id: int) -> None:
    """Hand the notification to the delivery task (after commit). A broker that cannot be
    reached must not break the request that notified: the inbox already has the message."""
    if not settings.NOTIFICATION_CHANNELS:
        return
    # Imported late: the tasks module loads the channels.
    from .tasks import deliver_notification

    try:
        deliver_notification.delay(notification_id)
    except Exception:  # kombu/redis raise many kinds of connection errors
        logger.exception("notification %s: could not enqueue its delivery", notification_id)


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; return how many changed."""
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


def preference_update(*, user, channels: list[str], muted_kinds: list[str]) -> NotificationPreference:
    """Choose the channels (among those configured) and the kinds that stay in the inbox only."""
    from .channels import configured_channels

    available = {channel.name for channel in configured_channels()}
    unknown = sorted(set(channels) - available)
    if unknown:
        raise ValidationError(
            {"channels": _("These channels are not available: {names}.").format(names=", ".join(unknown))}
        )
    bad_kinds = sorted(set(muted_kinds) - set(Notification.Kind.values))
    if bad_kinds:
        raise ValidationError(
            {"muted_kinds": _("Unknown kinds of notification: {kinds}.").format(kinds=", ".join(bad_kinds))}
        )
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"channels": sorted(set(channels)), "muted_kinds": sorted(set(muted_kinds))}
    )
    return preference
