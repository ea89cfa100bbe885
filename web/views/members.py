"""Retired members: the roster, profiles, add and edit, and logging a contact in a few clicks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from community.periods import today
from members.models import ContactLog, Member, Pair
from members.services import contact_log
from volunteers.models import Volunteer

from .. import selectors
from ..exports import Masker, xlsx_response
from ..filters import MemberFilter
from ..forms import ContactForm, MemberForm
from .access import done, form_errors_from, paginate, safe_next, sorted_by, staff_required, wants_export

MEMBER_SORTS = {
    "name": ("name", "pk"),
    "age": ("-birth_date", "pk"),
    "party_years": ("-party_joined_on", "pk"),
    "community": ("community__name", "name", "pk"),
    "last_contact": ("last_contacted_on", "name", "pk"),
}


def _roster(user):
    last_contact = ContactLog.objects.filter(member=OuterRef("pk")).order_by("-contacted_on", "-pk")
    return (
        Member.objects.visible_to(user)
        .with_contact_status()
        .annotate(last_contacted_on=Subquery(last_contact.values("contacted_on")[:1]))
        .select_related("community", "grid", "party_organization")
    )


@staff_required
def member_list(request):
    filterset = MemberFilter(request.GET, queryset=_roster(request.user), request=request)
    members = sorted_by(request, filterset.qs, MEMBER_SORTS, "name")
    if wants_export(request):
        return _export(request, members)
    return render(
        request,
        "web/members/list.html",
        {
            "filter": filterset,
            "page": paginate(request, members),
            "coverage": selectors.contact_coverage(request.user),
        },
    )


def _export(request, members):
    mask = Masker(request.user)
    columns = [
        (pgettext("staff ui", "Name"), lambda m: m.name),
        (_("Gender"), lambda m: m.get_gender_display()),
        (_("Birth date"), lambda m: m.birth_date),
        (_("Age"), lambda m: m.age),
        (_("ID number"), lambda m: mask.id_number(m.id_number)),
        (_("Mobile phone"), lambda m: mask.phone(m.phone)),
        (_("Community"), lambda m: m.community.name),
        (_("Grid"), lambda m: m.grid.name if m.grid_id else ""),
        (_("Home address"), lambda m: mask.text(m.address)),
        (_("Party branch"), lambda m: m.party_organization.name if m.party_organization_id else ""),
        (_("Joined the Party on"), lambda m: m.party_joined_on),
        (_("Party years"), lambda m: m.party_years),
        (_("Former work unit"), lambda m: m.former_work_unit),
        (_("Five olds"), lambda m: "、".join(m.five_olds_labels)),
        (_("Living situation"), lambda m: "、".join(m.living_situation_labels) if mask.full else ""),
        (_("Management"), lambda m: m.get_management_mode_display()),
        (_("Status"), lambda m: m.get_status_display()),
        (_("Contacted this quarter"), lambda m: m.contacted_this_quarter),
        (_("Last contact"), lambda m: m.last_contacted_on),
    ]
    return xlsx_response(
        title=_("Retired members"), columns=columns, rows=members.iterator(chunk_size=2000), filename=_("members")
    )


@staff_required
def member_detail(request, pk: int):
    member = get_object_or_404(
        Member.objects.visible_to(request.user).select_related(
            "community", "compound", "grid", "building", "party_organization"
        ),
        pk=pk,
    )
    volunteer = (
        Volunteer.objects.visible_to(request.user)
        .with_hours()
        .filter(member=member)
        .select_related("community")
        .first()
    )
    memberships = volunteer.memberships.select_related("team").order_by("left_on", "-joined_on") if volunteer else []
    records = volunteer.service_records.filter(status="confirmed").select_related("activity")[:10] if volunteer else []
    pairs = (
        Pair.objects.visible_to(request.user)
        .filter(Q(helper=member) | Q(helped_member=member))
        .select_related("helper", "helped_member", "helped_archive")
    )
    return render(
        request,
        "web/members/detail.html",
        {
            "member": member,
            "contacts": member.contact_logs.select_related("contacted_by")[:50],
            "contacted_this_quarter": member.was_contacted_in_quarter(),
            "pairs": pairs,
            "posts": member.party_posts.select_related("organization"),
            "volunteer": volunteer,
            "memberships": memberships,
            "records": records,
            "contact_form": ContactForm(),
        },
    )


@staff_required
def member_create(request):
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        member = form.save()
        messages.success(request, _("{name} was added to the roster.").format(name=member.name))
        return redirect("web:member_detail", pk=member.pk)
    return render(request, "web/members/form.html", {"form": form, "member": None})


@staff_required
def member_edit(request, pk: int):
    member = get_object_or_404(Member.objects.visible_to(request.user), pk=pk)
    form = MemberForm(request.POST or None, instance=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes to {name} were saved.").format(name=member.name))
        return redirect("web:member_detail", pk=member.pk)
    return render(request, "web/members/form.html", {"form": form, "member": member})


@staff_required
def member_contact(request, pk: int):
    """Log a contact: a page of its own, or the same form in a modal over the roster (htmx)."""
    member = get_object_or_404(Member.objects.visible_to(request.user), pk=pk)
    next_url = safe_next(request, reverse("web:member_detail", args=[member.pk]))
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_log(member=member, by_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Contact with {name} on {date} was logged.").format(
                    name=member.name, date=form.cleaned_data["contacted_on"].isoformat()
                ),
            )
            return done(request, next_url)
    template = "web/members/contact_modal.html" if request.htmx else "web/members/contact.html"
    return render(request, template, {"form": form, "member": member, "next": next_url, "today": today()})
