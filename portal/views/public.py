"""Pages without a login: the certificate check anyone can use, and the calendar feed a
phone's calendar subscribes to (its private token is the only key)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from community.validators import mask_id_number
from volunteers.models import Volunteer
from volunteers.services import certificate_by_code

from ..feeds import volunteer_calendar


@require_safe
def verify(request):
    code = "".join(ch for ch in request.GET.get("code", "").upper() if ch.isalnum())
    if code:
        return redirect("portal:verify_code", code=code)
    return render(request, "portal/verify.html", {"asked": "code" in request.GET})


@require_safe
def verify_code(request, code: str):
    certificate = certificate_by_code(code)
    if certificate is None:
        return render(request, "portal/verify_result.html", {"certificate": None, "code": code[:20]}, status=404)
    return render(
        request,
        "portal/verify_result.html",
        {
            "certificate": certificate,
            "code": certificate.verification_code,
            "id_masked": mask_id_number(certificate.volunteer.id_number),
        },
    )


@require_safe
def calendar_feed(request, token: str):
    volunteer = (
        Volunteer.objects.filter(calendar_token=token, status=Volunteer.Status.ACTIVE)
        .select_related("community")
        .first()
        if token
        else None
    )
    if volunteer is None:
        raise Http404
    body = volunteer_calendar(volunteer, site_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="volunteer.ics"'
    # Calendars poll; a short private cache keeps that cheap without hiding changes long.
    response["Cache-Control"] = "private, max-age=300"
    return response
