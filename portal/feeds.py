"""The private iCalendar feed of a volunteer's sign-ups (RFC 5545), for phone calendars.

Each sign-up is one event whose UID never changes. When the activity moves or the sign-up
changes, LAST-MODIFIED and SEQUENCE move forward, so calendars replace the old copy; a
cancelled sign-up or activity stays in the feed with STATUS:CANCELLED, so calendars remove
it instead of keeping a stale entry.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from activities.models import Activity, SignUp
from volunteers.models import Volunteer

from .selectors import PAST_DAYS

# SEQUENCE is a 32-bit integer: seconds since this moment stay inside it until 2088.
SEQUENCE_EPOCH = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def _last_modified(signup: SignUp) -> datetime.datetime:
    moments = [signup.activity.updated_at, signup.created_at, signup.queued_at, signup.cancelled_at, signup.promoted_at]
    return max(moment for moment in moments if moment is not None)


def _status(signup: SignUp) -> str:
    if signup.status == SignUp.Status.CANCELLED or signup.activity.status == Activity.Status.CANCELLED:
        return "CANCELLED"
    if signup.status == SignUp.Status.WAITLISTED:
        return "TENTATIVE"
    return "CONFIRMED"


def volunteer_calendar(volunteer: Volunteer, *, site_url: str) -> bytes:
    """The volunteer's sign-ups of the last months and to come, as an .ics document."""
    now = timezone.now()
    base = site_url.rstrip("/")
    host = urlsplit(base).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//Community volunteer service platform//portal//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("My volunteer service"))
    calendar.add("x-wr-timezone", timezone.get_default_timezone_name())
    # Ask subscribing calendars to look again every hour.
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")

    signups = (
        SignUp.objects.filter(volunteer=volunteer, activity__end__gte=now - datetime.timedelta(days=PAST_DAYS))
        .exclude(activity__status=Activity.Status.DRAFT)
        .select_related("activity__site", "activity__team", "activity__service_type")
        .order_by("activity__start", "pk")
    )
    for signup in signups:
        activity = signup.activity
        modified = _last_modified(signup).astimezone(datetime.UTC)
        status = _status(signup)
        summary = activity.title
        if status == "TENTATIVE":
            summary = _("{title} (waiting list)").format(title=activity.title)
        elif status == "CANCELLED":
            summary = _("Cancelled: {title}").format(title=activity.title)
        lines = [str(activity.service_type)]
        if activity.team_id:
            lines.append(_("Team: {team}").format(team=activity.team.name))
        if activity.what_to_bring:
            lines.append(_("Please bring: {items}").format(items=activity.what_to_bring))
        url = base + reverse("portal:activity_detail", args=[activity.pk])
        lines.append(url)

        event = Event()
        event.add("uid", f"signup-{signup.pk}@{host}")
        event.add("dtstamp", now.astimezone(datetime.UTC))
        event.add("dtstart", activity.start.astimezone(datetime.UTC))
        event.add("dtend", activity.end.astimezone(datetime.UTC))
        event.add("summary", summary)
        if activity.place:
            event.add("location", activity.place)
        event.add("description", "\n".join(lines))
        event.add("url", url)
        event.add("status", status)
        event.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
        event.add("last-modified", modified)
        event.add("sequence", max(int((modified - SEQUENCE_EPOCH).total_seconds()), 0))
        calendar.add_component(event)
    return calendar.to_ical()
