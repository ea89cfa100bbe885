"""The volunteer's own pages (/me/...). Thin: they read through portal.selectors and act
through the services (activities.services, volunteers.services, notifications.services),
whose refusals are shown in plain words on the page itself — never in a pop-up."""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity, SignUp
from activities.services import signup_cancel, signup_check_in, signup_check_out, signup_create
from community.periods import today
from notifications.models import Notification
from notifications.services import notification_mark_read
from volunteers.certificates import render_certificate_pdf
from volunteers.models import Certificate, hours_to_next_star, star_level_for
from volunteers.services import calendar_token_reset, certificate_issue

from .. import selectors
from ..forms import ActivityFilterForm, CertificatePeriodForm, VolunteerLoginForm, VolunteerPasswordChangeForm

logger = logging.getLogger(__name__)
PAGE_SIZE = 20
# A refusal by the rules is not a server error; 409 tells tests and proxies what happened.
REFUSED = 409


def _refusal(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error) or _("You cannot do this.")]


def volunteer_required(view):
    """Logged in (else to the large-type login page) and linked to a volunteer record."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        volunteer = selectors.volunteer_of(request.user)
        if volunteer is None:
            return render(request, "portal/not_volunteer.html", status=403)
        request.volunteer = volunteer
        return view(request, *args, **kwargs)

    return wrapper


# --- Login, logout, password ----------------------------------------------------------------


class VolunteerLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = VolunteerLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Staff who land here go to their own workspace.
        if selectors.volunteer_of(self.request.user) is None:
            return reverse("home")
        return reverse("portal:home")


class VolunteerLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:login")


class VolunteerPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "portal/password_change.html"
    form_class = VolunteerPasswordChangeForm
    success_url = reverse_lazy("portal:home")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your new password is saved. Use it the next time you log in."))
        return response


# --- Home, schedule, record ------------------------------------------------------------------


@volunteer_required
def home(request):
    volunteer = request.volunteer
    upcoming = list(selectors.upcoming_signups(request.user, volunteer)[:1])
    unread = Notification.objects.visible_to(request.user).unread().count()
    hours = volunteer.confirmed_hours
    return render(
        request,
        "portal/home.html",
        {
            "volunteer": volunteer,
            "hours": hours,
            "star_level": star_level_for(hours),
            "next_signup": upcoming[0] if upcoming else None,
            "unread": unread,
        },
    )


@volunteer_required
def schedule(request):
    volunteer = request.volunteer
    return render(
        request,
        "portal/schedule.html",
        {
            "volunteer": volunteer,
            "upcoming": selectors.upcoming_signups(request.user, volunteer),
            "past": selectors.past_signups(request.user, volunteer)[:PAGE_SIZE],
        },
    )


@volunteer_required
def record(request):
    volunteer = request.volunteer
    hours = volunteer.confirmed_hours
    return render(
        request,
        "portal/record.html",
        {
            "volunteer": volunteer,
            "hours": hours,
            "star_level": star_level_for(hours),
            "to_next": hours_to_next_star(hours),
            "next_level": star_level_for(hours) + 1,
            "years": selectors.records_by_year(request.user, volunteer),
        },
    )


# --- Finding an activity, signing up, cancelling ------------------------------------------------


@volunteer_required
def activity_list(request):
    form = ActivityFilterForm(request.GET or None)
    day = service_type = None
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["day"]
        service_type = form.cleaned_data["type"]
    activities = selectors.find_activities(
        request.user, request.volunteer, day=day, service_type_id=service_type.pk if service_type else None
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/activity_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(day or service_type)},
    )


def _my_activity(request, pk: int) -> Activity:
    activity = (
        selectors.activities_for(request.user)
        .select_related("site", "team", "service_type", "community")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    counts = SignUp.objects.filter(activity=activity).values("status").annotate(n=Count("pk"))
    by_status = {row["status"]: row["n"] for row in counts}
    activity.confirmed_count = by_status.get(SignUp.Status.CONFIRMED, 0)
    activity.waitlist_count = by_status.get(SignUp.Status.WAITLISTED, 0)
    return activity


def _my_signup(request, activity: Activity) -> SignUp | None:
    return (
        selectors.my_signups(request.user, request.volunteer)
        .filter(activity=activity)
        .annotate(waitlist_ahead=selectors._waitlist_ahead())
        .first()
    )


def _activity_context(request, activity: Activity, **extra) -> dict:
    signup = _my_signup(request, activity)
    now = timezone.now()
    active = signup is not None and signup.status != SignUp.Status.CANCELLED
    return {
        "activity": activity,
        "signup": signup,
        "signed_up": active,
        "is_full": activity.is_full,
        "places_left": activity.places_left,
        "is_over": activity.end <= now,
        "signup_open": activity.signup_is_open(now),
        "cancel_open": activity.cancel_is_open(now),
        "cancel_cutoff_hours": settings.SIGNUP_CANCEL_CUTOFF_HOURS,
        **extra,
    }


@volunteer_required
def activity_detail(request, pk: int):
    activity = _my_activity(request, pk)
    return render(request, "portal/activity_detail.html", _activity_context(request, activity))


@volunteer_required
def signup_confirm(request, pk: int):
    """One tap on the activity, one tap here to confirm: no pop-up in between."""
    activity = _my_activity(request, pk)
    if request.method == "POST":
        try:
            signup = signup_create(activity=activity, volunteer=request.volunteer, by_user=request.user)
        except (ValidationError, PermissionDenied) as error:
            context = _activity_context(request, activity, errors=_refusal(error))
            return render(request, "portal/signup_confirm.html", context, status=REFUSED)
        if signup.status == SignUp.Status.WAITLISTED:
            messages.info(
                request,
                _(
                    "The activity is full, so you are on the waiting list, number {position}. "
                    "If a place comes free it is yours, and we will tell you."
                ).format(position=signup.waitlist_position),
            )
        else:
            messages.success(request, _("You are signed up. See you there!"))
        return redirect("portal:activity_detail", pk=activity.pk)
    context = _activity_context(request, activity)
    if context["signed_up"]:
        return redirect("portal:activity_detail", pk=activity.pk)
    return render(request, "portal/signup_confirm.html", context)


@volunteer_required
def cancel_confirm(request, pk: int):
    activity = _my_activity(request, pk)
    context = _activity_context(request, activity)
    signup = context["signup"]
    if signup is None or not context["signed_up"]:
        if request.method == "POST":
            messages.info(request, _("You were not signed up for this activity."))
        return redirect("portal:activity_detail", pk=activity.pk)
    if request.method == "POST":
        try:
            signup_cancel(signup=signup, by_user=request.user)
        except (ValidationError, PermissionDenied) as error:
            context["errors"] = _refusal(error)
            return render(request, "portal/cancel_confirm.html", context, status=REFUSED)
        messages.success(request, _("Your sign-up is cancelled. Thank you for letting us know."))
        return redirect("portal:activity_detail", pk=activity.pk)
    return render(request, "portal/cancel_confirm.html", context)


# --- QR self check-in --------------------------------------------------------------------------


def checkin(request, token: str):
    """The page the activity's QR code opens: check in on arrival, check out when leaving.
    Only the volunteer's own confirmed sign-up, and only near the activity's time (the
    service decides both)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("portal:login"))
    volunteer = selectors.volunteer_of(request.user)
    if volunteer is None:
        return render(request, "portal/not_volunteer.html", status=403)
    request.volunteer = volunteer
    activity = (
        selectors.activities_for(request.user)
        .select_related("site", "team", "service_type")
        .filter(checkin_token=token)
        .first()
    )
    if activity is None:
        raise Http404
    signup = selectors.my_signups(request.user, volunteer).filter(activity=activity).first()
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if signup is None or signup.status != SignUp.Status.CONFIRMED:
                raise ValidationError(_("Only volunteers with a confirmed place can check in."))
            if action == "in":
                signup_check_in(signup=signup, by_user=request.user, method=SignUp.CheckMethod.QR)
                messages.success(request, _("You are checked in. Thank you for coming!"))
            elif action == "out":
                signup_check_out(signup=signup, by_user=request.user, method=SignUp.CheckMethod.QR)
                messages.success(request, _("You are checked out. Thank you for your service today!"))
            else:
                raise ValidationError(_("Please tap one of the buttons."))
        except (ValidationError, PermissionDenied) as error:
            errors = _refusal(error)
            status = REFUSED
        else:
            return redirect("portal:checkin", token=token)
    return render(
        request,
        "portal/checkin.html",
        {"activity": activity, "signup": signup, "errors": errors, "token": token},
        status=status,
    )


# --- Calendar feed ----------------------------------------------------------------------------


@volunteer_required
def calendar(request):
    volunteer = request.volunteer
    if request.method == "POST":
        calendar_token_reset(volunteer=volunteer, by_user=request.user)
        messages.success(
            request,
            _("Your calendar address has been changed. The old one no longer works: add the new one to your phone."),
        )
        return redirect("portal:calendar")
    feed = request.build_absolute_uri(reverse("portal:calendar_feed", kwargs={"token": volunteer.calendar_token}))
    webcal = "webcal://" + feed.split("://", 1)[1]
    response = render(request, "portal/calendar.html", {"feed_url": feed, "webcal_url": webcal})
    response["Cache-Control"] = "private, no-store"
    return response


# --- Certificates -------------------------------------------------------------------------------


@volunteer_required
def certificate_list(request):
    volunteer = request.volunteer
    day = today()
    initial = {"period_start": day.replace(month=1, day=1), "period_end": day}
    form = CertificatePeriodForm(request.POST if request.method == "POST" else None, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            certificate = certificate_issue(
                volunteer=volunteer,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                by_user=request.user,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("portal:certificate_detail", pk=certificate.pk)
    certificates = Certificate.objects.visible_to(request.user).filter(volunteer=volunteer)[:PAGE_SIZE]
    return render(
        request,
        "portal/certificate_list.html",
        {
            "form": form,
            "errors": errors,
            "certificates": certificates,
            "registered_on": volunteer.registered_on,
            "today": day,
        },
        status=400 if request.method == "POST" else 200,
    )


def _my_certificate(request, pk: int) -> Certificate:
    # Staff and team leaders open certificates of their scope here too (after issuing one).
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(Certificate.objects.visible_to(request.user).select_related("volunteer"), pk=pk)


def certificate_detail(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("portal:login"))
    certificate = _my_certificate(request, pk)
    verify_url = request.build_absolute_uri(reverse("portal:verify_code", args=[certificate.verification_code]))
    return render(
        request,
        "portal/certificate_detail.html",
        {
            "certificate": certificate,
            "verify_url": verify_url,
            "is_own": certificate.volunteer.user_id == request.user.pk,
        },
    )


def certificate_pdf(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("portal:login"))
    certificate = _my_certificate(request, pk)
    site_url = request.build_absolute_uri("/")
    pdf = render_certificate_pdf(certificate, site_url=site_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    # The file name carries the certificate number only: no name or ID number in it.
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Inbox ---------------------------------------------------------------------------------


@volunteer_required
def inbox(request):
    notifications = Notification.objects.visible_to(request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    unread = Notification.objects.visible_to(request.user).unread().count()
    return render(request, "portal/inbox.html", {"page": page, "unread": unread})


@require_POST
@volunteer_required
def inbox_read(request, pk: int):
    """Mark one message read, then go where it points (only within this site)."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    notification_mark_read(notification=notification)
    target = notification.url
    if (
        request.POST.get("open")
        and target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(target)
    return redirect("portal:inbox")


@require_POST
@volunteer_required
def inbox_read_all(request):
    for notification in Notification.objects.visible_to(request.user).unread():
        notification_mark_read(notification=notification)
    messages.success(request, _("All messages are marked as read."))
    return redirect("portal:inbox")
