"""Dates, times, hours and stars written the way the volunteers say them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from notifications.models import Notification

register = template.Library()

WEEKDAYS = (
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
)


@register.filter
def day_label(day: datetime.date) -> str:
    """11月24日 周二, with 今天/明天 in front when it is."""
    label = _("{month}/{day} {weekday}").format(month=day.month, day=day.day, weekday=WEEKDAYS[day.weekday()])
    offset = (day - timezone.localdate()).days
    if offset == 0:
        return _("Today, {date}").format(date=label)
    if offset == 1:
        return _("Tomorrow, {date}").format(date=label)
    return label


@register.filter
def when(activity) -> str:
    """The time of an activity: 11月24日 周二 09:00–11:00."""
    start = timezone.localtime(activity.start)
    end = timezone.localtime(activity.end)
    if start.date() == end.date():
        return _("{day} {start}–{end}").format(day=day_label(start.date()), start=f"{start:%H:%M}", end=f"{end:%H:%M}")
    return _("{day} {start} to {end_day} {end}").format(
        day=day_label(start.date()), start=f"{start:%H:%M}", end_day=day_label(end.date()), end=f"{end:%H:%M}"
    )


@register.filter
def moment(value: datetime.datetime | None) -> str:
    """A single point in time: 11月24日 周二 09:00."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return _("{day} {time}").format(day=day_label(local.date()), time=f"{local:%H:%M}")


@register.filter
def hours(value) -> str:
    """12.50 -> 12.5, 3.00 -> 3."""
    if value is None or value == "":
        return "0"
    number = Decimal(value).quantize(Decimal("0.01")).normalize()
    return f"{number:f}"


@register.filter
def stars(level: int) -> str:
    """Filled and empty stars (the number is always written next to them too)."""
    total = len(settings.VOLUNTEER_STAR_THRESHOLDS)
    level = max(0, min(int(level or 0), total))
    return "★" * level + "☆" * (total - level)


@register.filter
def star_label(level: int) -> str:
    """The star level in words, e.g. 2星志愿者."""
    level = int(level or 0)
    if level <= 0:
        return _("Not a star volunteer yet")
    return _("{level}-star volunteer").format(level=level)


@register.simple_tag
def unread_count(user) -> int:
    """Unread messages for the top bar (one small indexed query)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()


@register.filter
def places_left(activity) -> int | None:
    """Free places of an activity annotated with confirmed_count (None: no limit)."""
    return activity.places_left
