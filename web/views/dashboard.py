"""The landing page and the dashboard: the first page staff see every morning."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from community.scoping import Role

from .. import selectors
from .access import is_manager, is_staff


def home(request):
    """Visitors get the landing page, volunteers their phone pages, staff and leaders the dashboard."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "web/landing.html")
    if not is_manager(user):
        if user.role == Role.VOLUNTEER:
            return redirect("portal:home")
        return render(request, "web/landing.html")
    staff = is_staff(user)
    series = selectors.monthly_series(user)
    series["names"] = {
        "activities": _("Activities"),
        "served": _("People served"),
        "hours": _("Service hours"),
        "contacts": _("Contacts"),
    }
    context = {
        "figures": selectors.month_figures(user),
        "upcoming": selectors.upcoming_activities(user),
        "series": series,
        "is_staff": staff,
    }
    if staff:
        context.update(
            coverage=selectors.contact_coverage(user),
            to_contact=selectors.members_to_contact(user),
            casework=selectors.open_casework(user),
            anniversaries=selectors.anniversaries_this_week(user),
        )
    return render(request, "web/dashboard.html", context)
