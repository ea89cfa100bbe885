"""The in-app inbox. Every notification is stored once under a deduplication key, so a task
that runs twice (a retry, a duplicated beat) notifies once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY_REMINDER = "activity_reminder", _("Activity reminder")
        ACTIVITY_CHANGED = "activity_changed", _("Activity changed")
        ACTIVITY_CANCELLED = "activity_cancelled", _("Activity cancelled")
        WAITLIST_PROMOTED = "waitlist_promoted", _("Moved up from the waiting list")
        CONTACT_DUE = "contact_due", _("Members still to contact this quarter")
        POLITICAL_BIRTHDAY = "political_birthday", _("Political birthday")
        BIRTHDAY = "birthday", _("Birthday")
        FESTIVAL_VISIT = "festival_visit", _("Festival visit list")
        STAR_LEVEL = "star_level", _("New star level")
        GENERAL = "general", _("General")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.GENERAL)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    dedup_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Channel name -> ISO time it was delivered, so a retry sends only what is missing.
    deliveries = models.JSONField(_("deliveries"), default=dict, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one person wants to hear about things beyond the inbox, which always has everything.

    Without a row, every channel configured in NOTIFICATION_CHANNELS is used.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    # Channel names (see notifications.channels); channels not configured are ignored.
    channels = models.JSONField(_("channels"), default=list, blank=True)
    # Kinds that stay in the inbox only (e.g. no email for every reminder).
    muted_kinds = models.JSONField(_("inbox only for"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
