"""Channels that carry a stored notification beyond the in-app inbox.

A channel is chosen in settings (NOTIFICATION_CHANNELS) by name or dotted path, and each
person can narrow the choice (NotificationPreference). `send` raises ChannelError for a
failure worth retrying later (a mail server down, a webhook timing out); the delivery task
retries with backoff and records what went out, so a retry never sends twice.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.request
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.scoping import Role

from .models import Notification

logger = logging.getLogger(__name__)


class ChannelError(Exception):
    """A delivery failed in a way that may succeed later."""


class Channel:
    name: str = ""
    label = ""

    def is_configured(self) -> bool:
        """Whether the platform can use this channel at all (a URL, a server ...)."""
        return True

    def can_reach(self, user) -> bool:
        """Whether this person can be reached on this channel (an email address ...)."""
        return True

    def send(self, notification: Notification) -> None:
        raise NotImplementedError


def absolute_url(path: str) -> str:
    if not path:
        return ""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


class EmailChannel(Channel):
    """Through Django's email backend (EMAIL_BACKEND): SMTP in production, the console in development."""

    name = "email"
    label = _("Email")

    def can_reach(self, user) -> bool:
        return bool(user.email)

    def send(self, notification: Notification) -> None:
        link = absolute_url(notification.url)
        message = "\n\n".join(part for part in (notification.body, link) if part)
        try:
            send_mail(
                subject=notification.title,
                message=message,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.recipient.email],
            )
        except (smtplib.SMTPException, OSError) as error:
            raise ChannelError(f"email: {type(error).__name__}") from error


class WeChatWorkWebhookChannel(Channel):
    """A WeChat Work (企业微信) group robot: a JSON POST of a text message to the robot's URL.

    The message names the person it is for, so the community's work group sees who has
    what to do; like every notification it carries no phone or ID number.
    """

    name = "webhook"
    label = _("WeChat Work group")

    def is_configured(self) -> bool:
        # Each community can have its own robot; the platform-wide one is optional.
        return True

    def url_for(self, user) -> str:
        """The group a person's notifications go to: their community's staff group; the
        platform-wide WECHAT_WORK_WEBHOOK_URL only for people without a community (street
        staff, admins), so one community's residents are never named in another's group."""
        if user.community_id:
            return user.community.webhook_url
        return settings.WECHAT_WORK_WEBHOOK_URL

    def can_reach(self, user) -> bool:
        # Work groups are for staff and team leaders; volunteers hear through the inbox and email.
        return user.role != Role.VOLUNTEER and bool(self.url_for(user))

    def payload(self, notification: Notification) -> dict:
        lines = [f"【{notification.title}】", notification.body, absolute_url(notification.url)]
        lines.append(gettext("For: {name}").format(name=notification.recipient))
        return {"msgtype": "text", "text": {"content": "\n".join(str(line) for line in lines if line)}}

    def send(self, notification: Notification) -> None:
        data = json.dumps(self.payload(notification), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.url_for(notification.recipient),
            data=data,
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.NOTIFICATION_WEBHOOK_TIMEOUT) as response:
                body = response.read(65536)
        except (urllib.error.URLError, OSError, ValueError) as error:
            # The URL holds the robot's key: never log it, only what went wrong.
            raise ChannelError(f"webhook: {type(error).__name__}") from error
        try:
            answer = json.loads(body or b"{}")
        except ValueError:
            raise ChannelError("webhook: the answer is not JSON") from None
        # The robot answers {"errcode": 0, "errmsg": "ok"}; anything else (45009: too many
        # messages this minute) is worth another try later.
        if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
            raise ChannelError(f"webhook: errcode {answer.get('errcode')}")


BUILT_IN: dict[str, type[Channel]] = {
    EmailChannel.name: EmailChannel,
    WeChatWorkWebhookChannel.name: WeChatWorkWebhookChannel,
}


@cache
def _load(spec: str) -> Channel:
    cls = BUILT_IN.get(spec)
    if cls is None:
        try:
            cls = import_string(spec)
        except ImportError as error:
            raise ImproperlyConfigured(f"NOTIFICATION_CHANNELS: cannot import {spec!r}") from error
        if not (isinstance(cls, type) and issubclass(cls, Channel)):
            raise ImproperlyConfigured(f"NOTIFICATION_CHANNELS: {spec!r} is not a Channel")
    return cls()


def configured_channels() -> list[Channel]:
    """The channels chosen in settings that are ready to use, in settings order."""
    return [channel for channel in map(_load, settings.NOTIFICATION_CHANNELS) if channel.is_configured()]


def channels_for(notification: Notification) -> list[Channel]:
    """The channels this notification should go out on, by the recipient's preference."""
    from .models import NotificationPreference

    user = notification.recipient
    if not user.is_active:
        return []
    channels = configured_channels()
    preference = NotificationPreference.objects.filter(user=user).first()
    if preference is not None:
        if notification.kind in preference.muted_kinds:
            return []
        channels = [channel for channel in channels if channel.name in preference.channels]
    return [channel for channel in channels if channel.can_reach(user)]
