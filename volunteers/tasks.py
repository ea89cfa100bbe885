"""Star levels. A volunteer's star level is derived from confirmed hours (Volunteer.star_level,
no stored copy to go stale), so the nightly task has nothing to recompute in the database;
it finds volunteers who have reached a level they were not yet congratulated on, once each.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import notify, sent_keys

from .models import Volunteer, star_level_for


def star_levels_notify() -> int:
    """Congratulate each active volunteer (with a login) on the star level they have reached,
    once per level. Returns how many were congratulated."""
    thresholds = settings.VOLUNTEER_STAR_THRESHOLDS
    if not thresholds:
        return 0
    starred = (
        Volunteer.objects.active()
        .filter(user__is_active=True)
        .with_hours()
        .filter(confirmed_hours__gte=thresholds[0])
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    batch: list[tuple[Volunteer, int, str]] = []

    def flush() -> int:
        count = 0
        already = sent_keys(key for _volunteer, _level, key in batch)
        for volunteer, level, key in batch:
            if key in already:
                continue
            if notify(
                recipient=volunteer.user,
                kind=Notification.Kind.STAR_LEVEL,
                title=_("Congratulations: you are now a {level}-star volunteer").format(level=level),
                body=_("You have {hours} confirmed hours of service. Thank you!").format(
                    hours=f"{volunteer.confirmed_hours.normalize():f}"
                ),
                url="/me/",
                dedup_key=key,
            ):
                count += 1
        batch.clear()
        return count

    for volunteer in starred.iterator(chunk_size=1000):
        level = star_level_for(volunteer.confirmed_hours)
        batch.append((volunteer, level, f"star-level:{volunteer.pk}:{level}"))
        if len(batch) >= 1000:
            sent += flush()
    sent += flush()
    return sent


@shared_task(acks_late=True)
def star_levels(day: str | None = None) -> int:
    """Nightly; the day is accepted for `run_task` but levels are as of now."""
    return star_levels_notify()
