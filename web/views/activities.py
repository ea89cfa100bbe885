"""Service activities: list and calendar, create and edit (single or recurring), sign-ups with
the waiting list, the tablet check-in sheet, confirming hours, and the printable sign-in sheet.
Every change goes through activities.services."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import services
from activities.models import Activity, ActivitySeries, ServiceRecord, SignUp
from community.periods import today
from volunteers.models import Volunteer

from ..exports import xlsx_response
from ..filters import ActivityFilter
from ..forms import ActivityForm, CancelForm, OutcomeForm, SeriesForm, parse_hours
from .access import form_errors_from, is_staff, manager_required, paginate, posted_id, search_text, sorted_by

SERIES_WEEKS_AHEAD = 8
ACTIVITY_SORTS = {"start": ("start", "pk"), "title": ("title", "pk")}


def _activities(user):
    return Activity.objects.visible_to(user).select_related("service_type", "team", "site", "community")


def _activity_for(request, pk: int) -> Activity:
    return get_object_or_404(_activities(request.user), pk=pk)


def _managed_activity(request, pk: int) -> Activity:
    activity = _activity_for(request, pk)
    if not services.can_manage_activity(request.user, activity):
        raise PermissionDenied(_("You cannot manage this activity."))
    return activity


def _day_bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), tz),
        timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min), tz),
    )


# --- List and calendar ---------------------------------------------------------------------------


@manager_required
def activity_list(request):
    filterset = ActivityFilter(request.GET, queryset=_activities(request.user).with_counts(), request=request)
    when = request.GET.get("when", "upcoming")
    activities = filterset.qs
    now = timezone.now()
    if when == "upcoming":
        activities = activities.filter(end__gte=now)
    elif when == "past":
        activities = activities.filter(end__lt=now)
    default_sort = "-start" if when == "past" else "start"
    activities = sorted_by(request, activities, ACTIVITY_SORTS, default_sort)
    if request.GET.get("export") == "xlsx":
        return _export(activities)
    return render(
        request,
        "web/activities/list.html",
        {
            "filter": filterset,
            "page": paginate(request, activities),
            "when": when,
            "keep": [("when", when)],
        },
    )


def _export(activities):
    def local(value):
        return timezone.localtime(value) if value else None

    columns = [
        (_("Title"), lambda a: a.title),
        (_("Service type"), lambda a: str(a.service_type)),
        (_("Team"), lambda a: a.team.name if a.team_id else ""),
        (_("Community"), lambda a: a.community.name if a.community_id else ""),
        (_("Place"), lambda a: a.place),
        (_("Starts at"), lambda a: local(a.start)),
        (_("Ends at"), lambda a: local(a.end)),
        (_("Places"), lambda a: a.capacity),
        (_("Signed up"), lambda a: a.confirmed_count),
        (_("Waiting list"), lambda a: a.waitlist_count),
        (_("People served"), lambda a: a.beneficiaries_count),
        (_("Status"), lambda a: a.get_status_display()),
    ]
    return xlsx_response(
        title=_("Activities"), columns=columns, rows=activities.iterator(chunk_size=2000), filename=_("activities")
    )


def _parse_day(raw: str | None) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(raw) if raw else today()
    except ValueError:
        return today()
    # The calendar steps a month or a week either side: keep clear of date.min and date.max.
    return day if 1900 <= day.year <= 2999 else today()


@manager_required
def activity_calendar(request):
    """A month (default) or a week of activities, with the same filters as the list."""
    view = "week" if request.GET.get("view") == "week" else "month"
    day = _parse_day(request.GET.get("date"))
    if view == "week":
        first = day - datetime.timedelta(days=day.weekday())
        last = first + datetime.timedelta(days=6)
        prev_day, next_day = first - datetime.timedelta(days=7), first + datetime.timedelta(days=7)
    else:
        month_first = day.replace(day=1)
        month_last = month_first.replace(day=calendar.monthrange(day.year, day.month)[1])
        first = month_first - datetime.timedelta(days=month_first.weekday())
        last = month_last + datetime.timedelta(days=6 - month_last.weekday())
        prev_day = (month_first - datetime.timedelta(days=1)).replace(day=1)
        next_day = month_last + datetime.timedelta(days=1)
    since, until = _day_bounds(first, last)
    filterset = ActivityFilter(request.GET, queryset=_activities(request.user), request=request)
    events: dict[datetime.date, list[Activity]] = {}
    for activity in filterset.qs.filter(start__gte=since, start__lt=until).order_by("start", "pk"):
        events.setdefault(timezone.localtime(activity.start).date(), []).append(activity)
    weeks = []
    cursor = first
    while cursor <= last:
        weeks.append(
            [
                {"date": d, "events": events.get(d, []), "in_month": view == "week" or d.month == day.month}
                for d in (cursor + datetime.timedelta(days=n) for n in range(7))
            ]
        )
        cursor += datetime.timedelta(days=7)
    return render(
        request,
        "web/activities/calendar.html",
        {
            "filter": filterset,
            "view": view,
            "day": day,
            "weeks": weeks,
            "first": first,
            "last": last,
            "prev": prev_day,
            "next": next_day,
            "today": today(),
            "keep": [("view", view), ("date", day.isoformat())],
            "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        },
    )


# --- Create and edit ----------------------------------------------------------------------------


@manager_required
def activity_create(request):
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.created_by = request.user
        activity.save()
        if "publish" in request.POST:
            try:
                services.activity_publish(activity=activity, by_user=request.user)
            except ValidationError as error:
                messages.warning(
                    request,
                    _("Saved as a draft, not published: {reason}").format(reason=" ".join(error.messages)),
                )
            else:
                messages.success(request, _("“{title}” was published.").format(title=activity.title))
        else:
            messages.success(request, _("“{title}” was saved as a draft.").format(title=activity.title))
        return redirect("web:activity_detail", pk=activity.pk)
    return render(request, "web/activities/form.html", {"form": form, "activity": None})


@manager_required
def activity_edit(request, pk: int):
    activity = _managed_activity(request, pk)
    # The form validates a copy; the service compares the saved row with the new values.
    form = ActivityForm(request.POST or None, instance=_activity_for(request, pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(activity=activity, by_user=request.user, data=form.change_data())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Changes to “{title}” were saved.").format(title=activity.title))
            return redirect("web:activity_detail", pk=activity.pk)
    return render(request, "web/activities/form.html", {"form": form, "activity": activity})


@manager_required
def series_create(request):
    form = SeriesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        series = form.save()
        until = max(series.starts_on, today()) + datetime.timedelta(weeks=SERIES_WEEKS_AHEAD)
        created = services.series_generate(series=series, until=until)
        messages.success(
            request,
            _("“{title}” repeats; {count} occurrences were created up to {until}.").format(
                title=series.title, count=len(created), until=until.isoformat()
            ),
        )
        first = min((a.start for a in created), default=None)
        day = timezone.localtime(first).date() if first else series.starts_on
        return redirect(f"{reverse('web:activity_calendar')}?date={day.isoformat()}")
    return render(request, "web/activities/series_form.html", {"form": form, "series": None})


def _series_for(request, pk: int) -> ActivitySeries:
    return get_object_or_404(
        ActivitySeries.objects.visible_to(request.user).select_related("service_type", "team", "site", "community"),
        pk=pk,
    )


@manager_required
def series_list(request):
    series = (
        ActivitySeries.objects.visible_to(request.user)
        .select_related("service_type", "team", "site")
        .annotate(upcoming_count=Count("occurrences", filter=Q(occurrences__start__gte=timezone.now())))
        .order_by("-is_active", "title", "pk")
    )
    for item in series:
        item.rule = SeriesForm.describe(item)
    return render(request, "web/activities/series_list.html", {"series_list": series})


@manager_required
def series_detail(request, pk: int):
    series = _series_for(request, pk)
    occurrences = series.occurrences.filter(start__gte=timezone.now()).with_counts().order_by("start")[:20]
    return render(
        request,
        "web/activities/series_detail.html",
        {
            "series": series,
            "occurrences": occurrences,
            "rule": SeriesForm.describe(series),
            "can_manage": services.can_manage_series(request.user, series),
        },
    )


@manager_required
def series_edit(request, pk: int):
    series = _series_for(request, pk)
    if not services.can_manage_series(request.user, series):
        raise PermissionDenied(_("You cannot manage this activity."))
    form = SeriesForm(request.POST or None, instance=_series_for(request, pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.series_update(series=series, by_user=request.user, data=form.change_data())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _(
                    "“{title}” was changed: {updated} upcoming occurrences updated, {cancelled} cancelled, {created} added."
                ).format(title=series.title, **counts),
            )
            return redirect("web:series_detail", pk=series.pk)
    return render(request, "web/activities/series_form.html", {"form": form, "series": series})


# --- Detail, publish, cancel ------------------------------------------------------------------------


def _url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@manager_required
def activity_detail(request, pk: int):
    activity = _activity_for(request, pk)
    can_manage = services.can_manage_activity(request.user, activity)
    # Who signed up is scoped like every list: a team leader reading another team's activity
    # sees only their own sign-up (SignUp.objects.visible_to), not the other volunteers.
    signups = list(
        SignUp.objects.visible_to(request.user)
        .filter(activity=activity)
        .select_related("volunteer", "service_record")
        .order_by("queued_at", "pk")
    )
    sees_all = can_manage or is_staff(request.user)
    confirmed = [s for s in signups if s.status == SignUp.Status.CONFIRMED]
    waitlist = [s for s in signups if s.status == SignUp.Status.WAITLISTED]
    cancelled = [s for s in signups if s.status == SignUp.Status.CANCELLED]
    for position, signup in enumerate(waitlist, start=1):
        signup.position = position if sees_all else signup.waitlist_position
    if sees_all:
        activity.confirmed_count = len(confirmed)  # already loaded: spares Activity.places_taken a count
    q = search_text(request)
    candidates = []
    if can_manage and q:
        taken = [s.volunteer_id for s in signups if s.status != SignUp.Status.CANCELLED]
        candidates = (
            Volunteer.objects.visible_to(request.user)
            .active()
            .filter(Q(name__icontains=q) | Q(volunteer_number__icontains=q))
            .exclude(pk__in=taken)
            .select_related("community")
            .order_by("name", "pk")[:10]
        )
    context = {
        "activity": activity,
        "can_manage": can_manage,
        "confirmed": confirmed,
        "waitlist": waitlist,
        "cancelled": cancelled,
        "q": q,
        "candidates": candidates,
        "now": timezone.now(),
        "qr_url": _url_or_none("portal:activity_qr", activity.pk) if can_manage else None,
        "places_left": activity.places_left,
    }
    if request.htmx and request.GET.get("partial") == "candidates":
        return render(request, "web/activities/_candidates.html", context)
    return render(request, "web/activities/detail.html", context)


@manager_required
@require_POST
def activity_publish_view(request, pk: int):
    activity = _managed_activity(request, pk)
    try:
        services.activity_publish(activity=activity, by_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“{title}” was published.").format(title=activity.title))
    return redirect("web:activity_detail", pk=activity.pk)


@manager_required
def activity_cancel_view(request, pk: int):
    """A confirmation page first: cancelling tells everyone signed up."""
    activity = _managed_activity(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.activity_cancel(activity=activity, by_user=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("“{title}” was cancelled; everyone signed up was told.").format(title=activity.title)
        )
        return redirect("web:activity_detail", pk=activity.pk)
    return render(
        request,
        "web/activities/cancel.html",
        {"activity": activity, "form": form, "affected": activity.signups.active().count()},
    )


# --- Sign-ups ----------------------------------------------------------------------------------------


@manager_required
@require_POST
def signup_add(request, pk: int):
    """Staff sign a volunteer up on their behalf (someone who phoned in)."""
    activity = _managed_activity(request, pk)
    volunteer = Volunteer.objects.visible_to(request.user).filter(pk=posted_id(request, "volunteer") or 0).first()
    if volunteer is None:
        messages.error(request, _("Choose a volunteer from the search results."))
        return redirect("web:activity_detail", pk=activity.pk)
    try:
        signup = services.signup_create(activity=activity, volunteer=volunteer, by_user=request.user)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, _("{name} could not be signed up: {reason}").format(name=volunteer.name, reason=text))
    else:
        if signup.status == SignUp.Status.WAITLISTED:
            messages.warning(
                request, _("The activity is full; {name} is on the waiting list.").format(name=volunteer.name)
            )
        else:
            messages.success(request, _("{name} is signed up.").format(name=volunteer.name))
    return redirect("web:activity_detail", pk=activity.pk)


@manager_required
def signup_cancel_view(request, pk: int, signup_pk: int):
    activity = _managed_activity(request, pk)
    signup = get_object_or_404(
        activity.signups.exclude(status=SignUp.Status.CANCELLED).select_related("volunteer"), pk=signup_pk
    )
    if request.method == "POST":
        try:
            services.signup_cancel(signup=signup, by_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("{name}'s sign-up was cancelled.").format(name=signup.volunteer.name))
        return redirect("web:activity_detail", pk=activity.pk)
    return render(request, "web/activities/signup_cancel.html", {"activity": activity, "signup": signup})


# --- Check-in sheet, hours, printable sheet -------------------------------------------------------------


def _sheet_signups(activity: Activity):
    return (
        activity.signups.filter(status=SignUp.Status.CONFIRMED)
        .select_related("volunteer")
        .order_by("volunteer__name", "pk")
    )


@manager_required
def activity_checkin(request, pk: int):
    activity = _managed_activity(request, pk)
    signups = list(_sheet_signups(activity))
    return render(
        request,
        "web/activities/checkin.html",
        {
            "activity": activity,
            "signups": signups,
            "checked_in": sum(1 for s in signups if s.checked_in_at),
            "qr_url": _url_or_none("portal:activity_qr", activity.pk),
        },
    )


@manager_required
@require_POST
def checkin_toggle(request, pk: int, signup_pk: int, action: str):
    """Check a volunteer in or out from the sheet; htmx swaps the row and the counter."""
    activity = _managed_activity(request, pk)
    signup = get_object_or_404(_sheet_signups(activity), pk=signup_pk)
    error = None
    try:
        if action == "in":
            services.signup_check_in(signup=signup, by_user=request.user)
        elif action == "out":
            services.signup_check_out(signup=signup, by_user=request.user)
        else:
            raise Http404
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("web:activity_checkin", pk=activity.pk)
    checked_in = activity.signups.filter(status=SignUp.Status.CONFIRMED, checked_in_at__isnull=False).count()
    total = activity.signups.filter(status=SignUp.Status.CONFIRMED).count()
    return render(
        request,
        "web/activities/_checkin_row.html",
        {"activity": activity, "s": signup, "error": error, "checked_in": checked_in, "total": total, "oob": True},
    )


@manager_required
def activity_hours(request, pk: int):
    """Confirm everyone's hours in one go after the activity; each row's hours can be changed."""
    activity = _managed_activity(request, pk)
    signups = list(_sheet_signups(activity))
    records = {r.signup_id: r for r in ServiceRecord.objects.filter(activity=activity, signup__in=signups)}
    rows = []
    for signup in signups:
        record = records.get(signup.pk)
        proposed = services.proposed_hours(signup)
        rows.append(
            {
                "signup": signup,
                "record": record,
                "proposed": proposed,
                "value": request.POST.get(f"hours_{signup.pk}", "")
                if request.method == "POST"
                else f"{(record.hours if record else proposed).normalize():f}",
                "checked": (f"include_{signup.pk}" in request.POST) if request.method == "POST" else True,
                "error": None,
            }
        )
    outcome = OutcomeForm(
        request.POST or None,
        initial={"beneficiaries_count": activity.beneficiaries_count or None, "summary": activity.summary},
    )
    started = timezone.now() >= activity.start
    if request.method == "POST" and outcome.is_valid():
        hours_by_signup: dict[int, Decimal] = {}
        for row in rows:
            if not row["checked"]:
                continue
            try:
                hours_by_signup[row["signup"].pk] = parse_hours(str(row["value"]))
            except ValidationError as error:
                row["error"] = " ".join(error.messages)
        if not hours_by_signup and not any(row["error"] for row in rows):
            messages.error(request, _("Tick at least one volunteer whose hours to confirm."))
        elif not any(row["error"] for row in rows):
            try:
                confirmed = services.activity_hours_close(
                    activity=activity,
                    by_user=request.user,
                    hours_by_signup=hours_by_signup,
                    beneficiaries_count=outcome.cleaned_data["beneficiaries_count"],
                    summary=outcome.cleaned_data["summary"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                total = sum((r.hours for r in confirmed), Decimal(0))
                messages.success(
                    request,
                    _("Hours confirmed for {count} volunteers, {hours} hours in all.").format(
                        count=len(confirmed), hours=f"{total.normalize():f}"
                    ),
                )
                return redirect("web:activity_detail", pk=activity.pk)
    return render(
        request,
        "web/activities/hours.html",
        {"activity": activity, "rows": rows, "outcome": outcome, "started": started},
    )


@manager_required
def activity_sheet(request, pk: int):
    """A printable sign-in sheet: names, then blank columns to sign in and out by hand."""
    activity = _managed_activity(request, pk)
    signups = list(_sheet_signups(activity))
    # Room for walk-ins: fill the page to 20 lines, and at least 5 blank lines.
    blank = max(5, 20 - len(signups))
    blank_rows = range(len(signups) + 1, len(signups) + 1 + blank)
    return render(
        request,
        "web/activities/sheet.html",
        {"activity": activity, "signups": signups, "blank_rows": blank_rows, "printed_at": timezone.now()},
    )
