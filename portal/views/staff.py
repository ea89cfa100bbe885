"""Printable pages for staff and team leaders that belong to the volunteers' side: an
activity's check-in QR code, a volunteer's first-login slip, and issuing a certificate.
The staff UI links here by URL name (portal:activity_qr, portal:volunteer_reset_password,
portal:certificate_issue)."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from activities.models import Activity
from activities.services import can_manage_activity
from community.periods import today
from volunteers import services as volunteer_services
from volunteers.models import Volunteer
from volunteers.services import can_issue_certificate, can_reset_password, issuer_name_for

from ..forms import ResetPasswordForm, StaffCertificateForm


@login_required
def activity_qr(request, pk: int):
    """The activity's check-in QR code, large, to print and put up at the door."""
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user).select_related("site", "team", "service_type"), pk=pk
    )
    if not can_manage_activity(request.user, activity):
        raise PermissionDenied(_("You cannot manage this activity."))
    url = request.build_absolute_uri(reverse("portal:checkin", args=[activity.checkin_token]))
    # segno writes the SVG itself: only module paths, nothing taken from user input.
    svg = segno.make(url, error="m").svg_inline(scale=10, border=2, dark="#000", light="#fff")
    return render(
        request, "portal/staff/activity_qr.html", {"activity": activity, "url": url, "qr_svg": mark_safe(svg)}
    )


@login_required
def volunteer_reset_password(request, pk: int):
    """Set a temporary password and show the first-login slip to print and hand over.
    The password appears once, on this response only (not stored, not in the address)."""
    volunteer = get_object_or_404(Volunteer.objects.visible_to(request.user).select_related("user"), pk=pk)
    if not can_reset_password(request.user, volunteer):
        raise PermissionDenied(_("You cannot reset this volunteer's password."))
    form = ResetPasswordForm(request.POST if request.method == "POST" else None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            user, password = volunteer_services.volunteer_reset_password(
                volunteer=volunteer, by_user=request.user, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            errors = error.messages
        else:
            response = render(
                request,
                "portal/staff/password_slip.html",
                {
                    "volunteer": volunteer,
                    "login_user": user,
                    "password": password,
                    "login_url": request.build_absolute_uri(reverse("portal:login")),
                },
            )
            response["Cache-Control"] = "private, no-store"
            return response
    return render(
        request,
        "portal/staff/password_reset.html",
        {"volunteer": volunteer, "form": form, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def certificate_issue(request, pk: int):
    volunteer = get_object_or_404(Volunteer.objects.visible_to(request.user).select_related("community__street"), pk=pk)
    if not can_issue_certificate(request.user, volunteer):
        raise PermissionDenied(_("You cannot issue a certificate for this volunteer."))
    day = today()
    initial = {
        "period_start": max(volunteer.registered_on, day.replace(month=1, day=1)),
        "period_end": day,
        "issuer_name": issuer_name_for(volunteer),
        "handler": str(request.user),
        "contact_phone": volunteer.community.phone,
    }
    form = StaffCertificateForm(request.POST if request.method == "POST" else None, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            certificate = volunteer_services.certificate_issue(
                volunteer=volunteer, by_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("portal:certificate_detail", pk=certificate.pk)
    return render(
        request,
        "portal/staff/certificate_issue.html",
        {"volunteer": volunteer, "form": form, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )
