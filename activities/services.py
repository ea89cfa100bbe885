"""Workflows of the activity ledger: publish, sign up, cancel and promote, check in and out,
confirm hours, and generate recurring occurrences. Views, API, admin actions and tasks call
these functions; none of them re-implements a rule."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.scoping import Role, is_platform_admin
from notifications.models import Notification
from notifications.services import notify
from volunteers.models import Volunteer, led_team_ids

from .models import Activity, ActivitySeries, ServiceRecord, SignUp

# How long before the start and after the end a QR self check-in is accepted.
SELF_CHECKIN_OPENS_BEFORE = datetime.timedelta(hours=1)
SELF_CHECKIN_CLOSES_AFTER = datetime.timedelta(hours=2)


# --- Who may manage what -----------------------------------------------------------------


def can_manage_activity(user, activity: Activity) -> bool:
    """Staff of the activity's scope, or a leader of its organising team."""
    if not user.is_authenticated:
        return False
    if is_platform_admin(user):
        return True
    if user.role == Role.STREET_STAFF:
        return activity.street_id == user.street_id
    if user.role == Role.COMMUNITY_STAFF:
        return activity.community_id == user.community_id
    if user.role == Role.TEAM_LEADER:
        return activity.team_id is not None and activity.team_id in led_team_ids(user)
    return False


def _require_manager(user, activity: Activity) -> None:
    if not can_manage_activity(user, activity):
        raise PermissionDenied(_("You cannot manage this activity."))


# --- Publishing and cancelling ----------------------------------------------------------------


def activity_publish(*, activity: Activity, by_user) -> Activity:
    _require_manager(by_user, activity)
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("A cancelled activity cannot be published again; create a new one."))
    if activity.requires_insurance and not activity.insurance_policy:
        raise ValidationError(
            {"insurance_policy": _("This activity requires accident insurance: enter the policy before publishing.")}
        )
    activity.status = Activity.Status.PUBLISHED
    activity.save(update_fields=["status", "updated_at"])
    return activity


def activity_complete(
    *, activity: Activity, by_user, beneficiaries_count: int | None = None, summary: str = ""
) -> Activity:
    """Close an activity that has ended: status done, with the people served and a summary.
    Calling it again only updates the figures."""
    _require_manager(by_user, activity)
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("A cancelled activity cannot be marked as done."))
    if timezone.now() < activity.end:
        raise ValidationError(_("An activity can be marked as done once it has ended."))
    if beneficiaries_count is not None:
        if beneficiaries_count < 0:
            raise ValidationError({"beneficiaries_count": _("People served cannot be negative.")})
        activity.beneficiaries_count = beneficiaries_count
    if summary:
        activity.summary = summary
    activity.status = Activity.Status.DONE
    activity.save(update_fields=["status", "beneficiaries_count", "summary", "updated_at"])
    return activity


def activity_cancel(*, activity: Activity, by_user, reason: str = "") -> Activity:
    """Cancel and tell everyone signed up; their sign-ups stay on record as they were."""
    _require_manager(by_user, activity)
    if activity.status == Activity.Status.CANCELLED:
        return activity
    activity.status = Activity.Status.CANCELLED
    activity.save(update_fields=["status", "updated_at"])
    start = timezone.localtime(activity.start)
    for signup in activity.signups.active().select_related("volunteer__user"):
        notify(
            recipient=signup.volunteer.user,
            kind=Notification.Kind.ACTIVITY_CANCELLED,
            title=_("Cancelled: {title}").format(title=activity.title),
            body=_("The activity on {start} has been cancelled. {reason}")
            .format(start=start.strftime("%Y-%m-%d %H:%M"), reason=reason)
            .strip(),
            url=f"/me/activities/{activity.pk}/",
            dedup_key=f"activity-cancelled:{activity.pk}:{signup.volunteer_id}",
        )
    return activity


# Fields whose change people who signed up must hear about.
NOTIFY_ON_CHANGE = ("start", "end", "site_id", "address")


def activity_update(*, activity: Activity, by_user, data: dict) -> Activity:
    """Change an activity's fields; if its time or place changed, tell everyone signed up.
    A larger capacity lets the waiting list move up."""
    _require_manager(by_user, activity)
    before = {name: getattr(activity, name) for name in (*NOTIFY_ON_CHANGE, "capacity")}
    for name, value in data.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    if any(getattr(activity, name) != before[name] for name in NOTIFY_ON_CHANGE):
        activity_notify_changed(activity=activity)
    if activity.capacity != before["capacity"]:
        waitlist_promote(activity=activity)
    return activity


def activity_notify_changed(*, activity: Activity) -> int:
    """Tell people signed up that the time or place changed. Keyed on the new values, so the
    same change notifies once and a later change notifies again."""
    start = timezone.localtime(activity.start)
    sent = 0
    for signup in activity.signups.active().select_related("volunteer__user"):
        if notify(
            recipient=signup.volunteer.user,
            kind=Notification.Kind.ACTIVITY_CHANGED,
            title=_("Changed: {title}").format(title=activity.title),
            body=_("Now on {start} at {place}.").format(start=start.strftime("%Y-%m-%d %H:%M"), place=activity.place),
            url=f"/me/activities/{activity.pk}/",
            dedup_key=f"activity-changed:{activity.pk}:{signup.volunteer_id}:{activity.start.isoformat()}:{activity.site_id}:{activity.address}",
        ):
            sent += 1
    return sent


# --- Sign-up, cancel, waiting list ----------------------------------------------------------


def _check_can_sign_up(*, activity: Activity, volunteer: Volunteer, by_user, now: datetime.datetime) -> None:
    if activity.status != Activity.Status.PUBLISHED:
        raise ValidationError(_("This activity is not open for sign-up."))
    if now >= activity.signup_closes_at:
        raise ValidationError(
            _("Sign-up closed at {time}.").format(
                time=timezone.localtime(activity.signup_closes_at).strftime("%m-%d %H:%M")
            )
        )
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise ValidationError(_("Only active volunteers can sign up."))
    if not volunteer.has_required_consent:
        raise ValidationError(_("Volunteers under 18 need their guardian's consent on record before signing up."))
    if activity.requires_insurance and not activity.insurance_policy:
        raise ValidationError(_("This activity needs accident insurance before anyone can sign up."))
    # The person signing up must be the volunteer, or someone who manages them.
    if by_user is not None and not (volunteer.user_id and volunteer.user_id == by_user.pk):
        if not Volunteer.objects.visible_to(by_user).filter(pk=volunteer.pk).exists() or by_user.role == Role.VOLUNTEER:
            raise PermissionDenied(_("You can only sign up yourself or volunteers you manage."))
    if not Activity.objects.open_to(volunteer).filter(pk=activity.pk).exists():
        raise ValidationError(_("This activity is not open to volunteers of your community."))


def signup_create(*, activity: Activity, volunteer: Volunteer, by_user=None, note: str = "") -> SignUp:
    """Sign a volunteer up: a confirmed place while there is room, else the waiting list.

    The activity row is locked while places are counted, so concurrent sign-ups cannot
    overbook it (counting and inserting must be one step).
    """
    now = timezone.now()
    with transaction.atomic():
        activity = (
            Activity.objects.select_for_update(of=("self",)).select_related("community__street").get(pk=activity.pk)
        )
        _check_can_sign_up(activity=activity, volunteer=volunteer, by_user=by_user, now=now)
        existing = SignUp.objects.filter(activity=activity, volunteer=volunteer).first()
        if existing and existing.status != SignUp.Status.CANCELLED:
            raise ValidationError(_("You are already signed up for this activity."))
        clash = (
            SignUp.objects.active()
            .filter(volunteer=volunteer, activity__start__lt=activity.end, activity__end__gt=activity.start)
            .exclude(activity=activity)
            .exclude(activity__status=Activity.Status.CANCELLED)
            .select_related("activity")
            .first()
        )
        if clash:
            raise ValidationError(
                _("You are already signed up for “{title}” at the same time.").format(title=clash.activity.title)
            )
        confirmed = SignUp.objects.filter(activity=activity, status=SignUp.Status.CONFIRMED).count()
        has_room = activity.capacity is None or confirmed < activity.capacity
        status = SignUp.Status.CONFIRMED if has_room else SignUp.Status.WAITLISTED
        signup = existing or SignUp(activity=activity, volunteer=volunteer)
        signup.status = status
        signup.queued_at = now
        signup.cancelled_at = None
        signup.promoted_at = None
        signup.signed_up_by = by_user if by_user is not None and by_user.is_authenticated else None
        signup.note = note
        signup.save()
    return signup


def signup_cancel(*, signup: SignUp, by_user=None) -> SignUp:
    """Cancel a sign-up; a freed place goes to the first on the waiting list.

    Volunteers may cancel until the cut-off before the start; staff and leaders any time
    before the end (someone phoned in sick).
    """
    now = timezone.now()
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignUp.Status.CANCELLED:
            return signup
        managing = by_user is not None and can_manage_activity(by_user, activity)
        if not managing:
            if by_user is not None and signup.volunteer.user_id != by_user.pk:
                raise PermissionDenied(_("You can only cancel your own sign-up."))
            if now >= activity.cancel_closes_at and signup.status == SignUp.Status.CONFIRMED:
                raise ValidationError(
                    _("Cancelling closed {hours} hours before the start; please call the team leader.").format(
                        hours=settings.SIGNUP_CANCEL_CUTOFF_HOURS
                    )
                )
        elif now >= activity.end:
            raise ValidationError(_("The activity is over; its sign-ups can no longer be cancelled."))
        if signup.checked_in_at:
            raise ValidationError(_("This volunteer has already checked in."))
        freed = signup.status == SignUp.Status.CONFIRMED
        signup.status = SignUp.Status.CANCELLED
        signup.cancelled_at = now
        signup.save(update_fields=["status", "cancelled_at"])
        if freed:
            waitlist_promote(activity=activity)
    return signup


def waitlist_promote(*, activity: Activity) -> list[SignUp]:
    """Fill free places from the waiting list, first come first served, and tell each person.

    Safe to call at any time and more than once: it only promotes while there is room.
    """
    promoted: list[SignUp] = []
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.status != Activity.Status.PUBLISHED or activity.start <= timezone.now():
            return promoted
        confirmed = SignUp.objects.filter(activity=activity, status=SignUp.Status.CONFIRMED).count()
        free = None if activity.capacity is None else max(activity.capacity - confirmed, 0)
        waiting = SignUp.objects.filter(activity=activity, status=SignUp.Status.WAITLISTED).order_by("queued_at", "pk")
        if free is not None:
            waiting = waiting[:free]
        now = timezone.now()
        start = timezone.localtime(activity.start).strftime("%Y-%m-%d %H:%M")
        for signup in waiting.select_related("volunteer__user"):
            signup.status = SignUp.Status.CONFIRMED
            signup.promoted_at = now
            signup.save(update_fields=["status", "promoted_at"])
            promoted.append(signup)
            notify(
                recipient=signup.volunteer.user,
                kind=Notification.Kind.WAITLIST_PROMOTED,
                title=_("You have a place: {title}").format(title=activity.title),
                body=_("A place came free and it is yours. See you on {start}.").format(start=start),
                url=f"/me/activities/{activity.pk}/",
                dedup_key=f"waitlist-promoted:{signup.pk}:{now.isoformat()}",
            )
    return promoted


# --- Check-in, check-out, hours ------------------------------------------------------------


def signup_check_in(
    *, signup: SignUp, by_user, method: str = SignUp.CheckMethod.STAFF, at: datetime.datetime | None = None
) -> SignUp:
    at = at or timezone.now()
    activity = signup.activity
    if method == SignUp.CheckMethod.STAFF:
        _require_manager(by_user, activity)
    elif signup.volunteer.user_id != getattr(by_user, "pk", None):
        raise PermissionDenied(_("You can only check yourself in."))
    else:
        _require_near_activity_time(activity, at)
    if signup.status != SignUp.Status.CONFIRMED:
        raise ValidationError(_("Only volunteers with a confirmed place can check in."))
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("This activity was cancelled."))
    if signup.checked_in_at is None:
        signup.checked_in_at = at
        signup.check_method = method
        signup.save(update_fields=["checked_in_at", "check_method"])
    return signup


def signup_check_out(
    *, signup: SignUp, by_user, method: str = SignUp.CheckMethod.STAFF, at: datetime.datetime | None = None
) -> SignUp:
    at = at or timezone.now()
    if method == SignUp.CheckMethod.STAFF:
        _require_manager(by_user, signup.activity)
    elif signup.volunteer.user_id != getattr(by_user, "pk", None):
        raise PermissionDenied(_("You can only check yourself out."))
    else:
        _require_near_activity_time(signup.activity, at)
    if signup.checked_in_at is None:
        raise ValidationError(_("Check in first, then check out."))
    if at < signup.checked_in_at:
        raise ValidationError(_("Check-out cannot be before check-in."))
    signup.checked_out_at = at
    signup.save(update_fields=["checked_out_at"])
    return signup


def _require_near_activity_time(activity: Activity, at: datetime.datetime) -> None:
    if not (activity.start - SELF_CHECKIN_OPENS_BEFORE <= at <= activity.end + SELF_CHECKIN_CLOSES_AFTER):
        raise ValidationError(
            _("Self check-in works only from one hour before the start until two hours after the end.")
        )


def round_hours(hours: Decimal) -> Decimal:
    """Round to the configured step (30 minutes by default), to the nearest step."""
    step = Decimal(settings.VOLUNTEER_HOURS_ROUNDING_MINUTES) / Decimal(60)
    if step <= 0:
        return hours.quantize(Decimal("0.01"))
    steps = (hours / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return (steps * step).quantize(Decimal("0.01"))


def proposed_hours(signup: SignUp) -> Decimal:
    """Actual service time from check-in to check-out (clamped to the activity); the
    planned duration when nobody checked the volunteer out."""
    activity = signup.activity
    if signup.checked_in_at and signup.checked_out_at:
        start = max(signup.checked_in_at, activity.start)
        end = min(signup.checked_out_at, activity.end)
        seconds = max((end - start).total_seconds(), 0)
        return round_hours(Decimal(seconds) / Decimal(3600))
    return round_hours(activity.planned_hours)


def hours_confirm(
    *, signup: SignUp, by_user, hours: Decimal | None = None, rating: int | None = None, content: str = ""
) -> ServiceRecord:
    """Confirm a volunteer's hours for an activity into the ledger. Confirming again
    corrects the record; its history keeps the old value."""
    activity = signup.activity
    _require_manager(by_user, activity)
    if signup.status != SignUp.Status.CONFIRMED:
        raise ValidationError(_("Only confirmed sign-ups earn service hours."))
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("A cancelled activity earns no service hours."))
    if timezone.now() < activity.start:
        raise ValidationError(_("Hours can be confirmed once the activity has started."))
    hours = proposed_hours(signup) if hours is None else Decimal(hours)
    if hours < 0 or hours > 24:
        raise ValidationError({"hours": _("Hours must be between 0 and 24.")})
    with transaction.atomic():
        record = (
            ServiceRecord.objects.select_for_update()
            .filter(volunteer_id=signup.volunteer_id, activity=activity)
            .first()
        )
        record = record or ServiceRecord(volunteer_id=signup.volunteer_id, activity=activity)
        record.signup = signup
        record.community_id = activity.community_id or signup.volunteer.community_id
        record.service_type_id = activity.service_type_id
        record.date = timezone.localtime(activity.start).date()
        record.place = activity.place
        record.served = activity.get_target_group_display()
        record.content = content or record.content or activity.title
        record.hours = hours
        record.rating = rating if rating is not None else record.rating
        record.person_in_charge = str(by_user)
        record.status = ServiceRecord.Status.CONFIRMED
        record.recorded_by = record.recorded_by or by_user
        record.confirmed_by = by_user
        record.confirmed_at = timezone.now()
        record.save()
    return record


def hours_confirm_bulk(
    *, activity: Activity, by_user, hours_by_signup: dict[int, Decimal | None] | None = None
) -> list[ServiceRecord]:
    """Confirm hours for every confirmed sign-up of an activity (or those given) in one go."""
    signups = activity.signups.filter(status=SignUp.Status.CONFIRMED).select_related("volunteer", "activity__site")
    if hours_by_signup is not None:
        signups = signups.filter(pk__in=hours_by_signup)
    records = []
    with transaction.atomic():
        for signup in signups:
            hours = None if hours_by_signup is None else hours_by_signup.get(signup.pk)
            records.append(hours_confirm(signup=signup, by_user=by_user, hours=hours))
    return records


def activity_hours_close(
    *,
    activity: Activity,
    by_user,
    hours_by_signup: dict[int, Decimal | None] | None = None,
    beneficiaries_count: int | None = None,
    summary: str = "",
) -> list[ServiceRecord]:
    """The after-activity step in one go: confirm hours, record people served and a summary,
    and, once the activity has ended, mark it done."""
    with transaction.atomic():
        records = hours_confirm_bulk(activity=activity, by_user=by_user, hours_by_signup=hours_by_signup)
        if timezone.now() >= activity.end:
            activity_complete(
                activity=activity, by_user=by_user, beneficiaries_count=beneficiaries_count, summary=summary
            )
        else:
            figures = {"beneficiaries_count": beneficiaries_count, "summary": summary}
            changed = {name: value for name, value in figures.items() if value not in (None, "")}
            if changed:
                activity_update(activity=activity, by_user=by_user, data=changed)
    return records


# --- Recurring series --------------------------------------------------------------------------


def series_generate(
    *, series: ActivitySeries, until: datetime.date, since: datetime.date | None = None
) -> list[Activity]:
    """Create the occurrences of a series up to `until` that do not exist yet.

    An occurrence counts as existing whatever happened to it since (moved, edited,
    cancelled by hand), so regenerating never duplicates or revives one.
    """
    if not series.is_active:
        return []
    since = max(since or timezone.localdate(), series.starts_on)
    wanted = series.occurrence_starts(since, until)
    if not wanted:
        return []
    existing = set(
        Activity.objects.filter(series=series, occurrence_start__in=wanted).values_list("occurrence_start", flat=True)
    )
    duration = datetime.timedelta(minutes=series.duration_minutes)
    status = Activity.Status.PUBLISHED if series.publish_occurrences else Activity.Status.DRAFT
    if series.requires_insurance:
        status = Activity.Status.DRAFT  # a policy must be entered per occurrence before publishing
    created = [
        Activity(
            title=series.title,
            service_type_id=series.service_type_id,
            team_id=series.team_id,
            street_id=series.street_id,
            community_id=series.community_id,
            site_id=series.site_id,
            address=series.address,
            description=series.description,
            what_to_bring=series.what_to_bring,
            target_group=series.target_group,
            start=start,
            end=start + duration,
            capacity=series.capacity,
            requires_insurance=series.requires_insurance,
            is_public=series.is_public,
            status=status,
            series=series,
            occurrence_start=start,
            created_by_id=series.created_by_id,
        )
        for start in wanted
        if start not in existing
    ]
    # ignore_conflicts: a concurrent run that made the same occurrence wins quietly.
    Activity.objects.bulk_create(created, ignore_conflicts=True)
    return created


# What an occurrence takes over from its series when the series is edited.
SERIES_SHARED_FIELDS = (
    "title",
    "service_type_id",
    "team_id",
    "site_id",
    "address",
    "description",
    "what_to_bring",
    "target_group",
    "capacity",
    "is_public",
    "requires_insurance",
)


def can_manage_series(user, series: ActivitySeries) -> bool:
    """The same people as for its activities: staff of its scope, or a leader of its team."""
    return can_manage_activity(user, series)  # reads only street_id, community_id and team_id


def series_update(*, series: ActivitySeries, by_user, data: dict, weeks_ahead: int = 8) -> dict[str, int]:
    """Change a recurring activity and its occurrences still to come.

    Occurrences that have started, and those cancelled, stay as they are. An upcoming
    occurrence whose day the new rule still has takes the new details and the new time
    (unless it was moved by hand), and people signed up hear of a new time or place; one whose
    day the rule no longer has is cancelled, and they are told; days the rule added are
    created up to `weeks_ahead` weeks from today. Returns how many were updated, cancelled
    and created.
    """
    if not can_manage_series(by_user, series):
        raise PermissionDenied(_("You cannot manage this activity."))
    for name, value in data.items():
        setattr(series, name, value)
    series.full_clean()
    series.save()

    now = timezone.now()
    today = timezone.localdate()
    future = list(series.occurrences.filter(start__gt=now).order_by("start"))
    horizon = max(
        [today + datetime.timedelta(weeks=weeks_ahead)] + [timezone.localtime(a.start).date() for a in future]
    )
    wanted = {timezone.localtime(start).date(): start for start in series.occurrence_starts(today, horizon)}
    duration = datetime.timedelta(minutes=series.duration_minutes)
    counts = {"updated": 0, "cancelled": 0, "created": 0}
    with transaction.atomic():
        for activity in future:
            day = timezone.localtime(activity.occurrence_start or activity.start).date()
            new_start = wanted.get(day) if series.is_active else None
            if activity.status == Activity.Status.CANCELLED:
                # Keep its place in the series so regeneration does not bring the day back.
                if new_start is not None and activity.occurrence_start != new_start:
                    activity.occurrence_start = new_start
                    activity.save(update_fields=["occurrence_start"])
                continue
            if new_start is None:
                activity_cancel(activity=activity, by_user=by_user, reason=_("The recurring activity was changed."))
                counts["cancelled"] += 1
                continue
            changes = {name: getattr(series, name) for name in SERIES_SHARED_FIELDS}
            moved_by_hand = activity.occurrence_start is not None and activity.start != activity.occurrence_start
            if not moved_by_hand and new_start > now:
                changes.update(start=new_start, end=new_start + duration)
            activity.occurrence_start = new_start
            activity_update(activity=activity, by_user=by_user, data=changes)
            counts["updated"] += 1
        counts["created"] = len(series_generate(series=series, until=horizon))
    return counts
