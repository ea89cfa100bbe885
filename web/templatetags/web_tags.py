"""Small template helpers of the staff workspace: menu state, masking, sorting links, badges."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from community.scoping import sees_personal_data
from community.validators import mask_id_number, mask_phone

register = template.Library()

# Which menu entry a page belongs to, by the start of its URL name.
_NAV_PREFIXES = {
    "dashboard": ("home",),
    "member": ("member_",),
    "volunteer": ("volunteer_", "national_export"),
    "team": ("team_",),
    "calendar": ("activity_calendar",),
    "activity": ("activity_", "series_", "signup_"),
    "care": ("care_", "pair_"),
    "request": ("request_",),
    "case": ("case_",),
}


@register.simple_tag(takes_context=True)
def nav_active(context, section: str) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    name = match.url_name if match else ""
    if not name:
        return ""
    if section == "activity" and name == "activity_calendar":
        return ""
    return "active" if name.startswith(_NAV_PREFIXES.get(section, (section,))) else ""


@register.simple_tag(takes_context=True)
def personal(context, value: str | None, kind: str = "phone") -> str:
    """Show an ID number or phone in full to roles that need it, masked to everyone else."""
    if not value:
        return "—"
    request = context.get("request")
    if request is not None and sees_personal_data(request.user):
        return value
    return mask_id_number(value) if kind == "id" else mask_phone(value)


@register.simple_tag(takes_context=True)
def sort_link(context, field: str, label: str) -> str:
    """A column header that sorts by `field`, and reverses when it already does."""
    request = context["request"]
    current = request.GET.get("sort", "")
    params = request.GET.copy()
    params.pop("page", None)
    arrow = ""
    if current == field:
        params["sort"] = f"-{field}"
        arrow = " ↑"
    elif current == f"-{field}":
        params["sort"] = field
        arrow = " ↓"
    else:
        params["sort"] = field
    return format_html('<a class="sort-link" href="?{}">{}{}</a>', params.urlencode(), label, arrow)


@register.simple_tag(takes_context=True)
def export_url(context) -> str:
    """The current list with its filters, as an Excel download."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params["export"] = "xlsx"
    return "?" + params.urlencode()


@register.filter
def masked_phone(value: str | None) -> str:
    """Always masked: for paper that leaves the office (sign-in sheets)."""
    return mask_phone(value)


@register.filter
def stars(level: int) -> str:
    level = int(level or 0)
    return "★" * level + "☆" * (5 - level)


@register.filter
def hours(value) -> str:
    """12.50 -> 12.5, 3.00 -> 3."""
    if value is None:
        return "0"
    value = Decimal(value).normalize()
    return f"{value:f}"


_STATUS_TONES = {
    # activities
    "draft": "secondary",
    "published": "primary",
    "cancelled": "danger",
    "done": "success",
    # sign-ups and records
    "confirmed": "success",
    "waitlisted": "warning",
    "proposed": "warning",
    "void": "secondary",
    # people
    "active": "success",
    "inactive": "secondary",
    "left": "secondary",
    "transferred": "secondary",
    "moved": "secondary",
    "deceased": "secondary",
    # casework
    "raised": "danger",
    "assigned": "warning",
    "closed": "secondary",
    "accepted": "danger",
    "mediating": "warning",
    "resolved": "success",
    "failed": "secondary",
    "referred": "primary",
}


@register.simple_tag
def status_badge(status: str, label: str) -> str:
    tone = _STATUS_TONES.get(status, "secondary")
    return format_html('<span class="badge rounded-pill badge-soft text-bg-soft-{}">{}</span>', tone, label)


@register.simple_tag
def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


@register.filter
def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
