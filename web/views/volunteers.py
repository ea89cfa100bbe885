"""Volunteers and teams: lists, profiles with hours and star level, team pages with their
sub-teams and members; joining a team and leaving it (a membership ends, nobody is deleted)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.models import Activity, ServiceRecord, SignUp
from volunteers.models import Team, TeamMembership, Volunteer

from ..exports import Masker, xlsx_response
from ..filters import VolunteerFilter
from ..forms import MembershipAddForm, MembershipEndForm, VolunteerForm
from .access import (
    form_errors_from,
    is_staff,
    manager_required,
    paginate,
    search_text,
    sorted_by,
    staff_required,
)

VOLUNTEER_SORTS = {
    "name": ("name", "pk"),
    "hours": ("confirmed_hours", "name", "pk"),
    "registered": ("registered_on", "pk"),
    "community": ("community__name", "name", "pk"),
}


def _url_or_none(name: str, *args) -> str | None:
    """Links into the volunteer portal, only if that part of the product is installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@manager_required
def volunteer_list(request):
    queryset = Volunteer.objects.visible_to(request.user).with_hours().select_related("community")
    filterset = VolunteerFilter(request.GET, queryset=queryset, request=request)
    volunteers = sorted_by(request, filterset.qs, VOLUNTEER_SORTS, "name")
    if request.GET.get("export") == "xlsx":
        return _export(request, volunteers)
    page = paginate(request, volunteers)
    # Current teams of the volunteers on this page, in one query.
    teams: dict[int, list[str]] = {}
    for ms in (
        TeamMembership.objects.current()
        .filter(volunteer__in=[v.pk for v in page])
        .select_related("team")
        .order_by("team__name")
    ):
        teams.setdefault(ms.volunteer_id, []).append(ms.team.name)
    for volunteer in page:
        volunteer.team_names = teams.get(volunteer.pk, [])
    return render(request, "web/volunteers/list.html", {"filter": filterset, "page": page})


def _export(request, volunteers):
    mask = Masker(request.user)
    columns = [
        (_("Volunteer number"), lambda v: v.volunteer_number),
        (_("National volunteer number"), lambda v: v.national_number),
        (pgettext("staff ui", "Name"), lambda v: v.name),
        (_("Gender"), lambda v: v.get_gender_display()),
        (_("Birth date"), lambda v: v.birth_date),
        (_("ID type"), lambda v: v.get_id_type_display()),
        (_("ID number"), lambda v: mask.id_number(v.id_number)),
        (_("Mobile phone"), lambda v: mask.phone(v.phone)),
        (_("Community"), lambda v: v.community.name),
        (_("Political status"), lambda v: v.get_political_status_display()),
        (_("Skills"), lambda v: v.skills),
        (_("Registered on"), lambda v: v.registered_on),
        (_("Status"), lambda v: v.get_status_display()),
        (_("Confirmed hours"), lambda v: v.confirmed_hours),
        (_("Star level"), lambda v: v.star_level),
    ]
    return xlsx_response(
        title=_("Volunteers"), columns=columns, rows=volunteers.iterator(chunk_size=2000), filename=_("volunteers")
    )


@manager_required
def volunteer_detail(request, pk: int):
    volunteer = get_object_or_404(
        Volunteer.objects.visible_to(request.user).with_hours().select_related("community", "member"), pk=pk
    )
    # A team leader sees this volunteer's part in their own teams only; staff see it all.
    memberships = (
        TeamMembership.objects.visible_to(request.user)
        .filter(volunteer=volunteer)
        .select_related("team")
        .order_by("left_on", "-joined_on")
    )
    records = (
        ServiceRecord.objects.visible_to(request.user)
        .filter(volunteer=volunteer)
        .select_related("activity", "service_type")
        .order_by("-date", "-pk")[:20]
    )
    signups = (
        SignUp.objects.visible_to(request.user)
        .active()
        .filter(volunteer=volunteer)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .select_related("activity")
        .order_by("-activity__start")[:10]
    )
    return render(
        request,
        "web/volunteers/detail.html",
        {
            "volunteer": volunteer,
            "memberships": memberships,
            "records": records,
            "signups": signups,
            "can_edit": is_staff(request.user),
            "reset_password_url": _url_or_none("portal:volunteer_reset_password", volunteer.pk)
            if is_staff(request.user)
            else None,
            "certificate_url": _url_or_none("portal:certificate_issue", volunteer.pk),
        },
    )


@staff_required
def volunteer_create(request):
    form = VolunteerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        volunteer = form.save()
        messages.success(
            request,
            _("{name} is registered as a volunteer, number {number}.").format(
                name=volunteer.name, number=volunteer.volunteer_number
            ),
        )
        return redirect("web:volunteer_detail", pk=volunteer.pk)
    return render(request, "web/volunteers/form.html", {"form": form, "volunteer": None})


@staff_required
def volunteer_edit(request, pk: int):
    volunteer = get_object_or_404(Volunteer.objects.visible_to(request.user), pk=pk)
    form = VolunteerForm(request.POST or None, instance=volunteer, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes to {name} were saved.").format(name=volunteer.name))
        return redirect("web:volunteer_detail", pk=volunteer.pk)
    return render(request, "web/volunteers/form.html", {"form": form, "volunteer": volunteer})


# --- Teams ---------------------------------------------------------------------------------------


@manager_required
def team_list(request):
    teams = (
        Team.objects.visible_to(request.user)
        .select_related("community", "street", "parent")
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True), distinct=True),
            subteam_count=Count("subteams", distinct=True),
        )
        .order_by("parent__name", "name")
    )
    q = search_text(request)
    if q:
        teams = teams.filter(name__icontains=q)
    if request.GET.get("export") == "xlsx":
        columns = [
            (_("Team"), lambda t: t.name),
            (_("Part of"), lambda t: t.parent.name if t.parent_id else ""),
            (_("Community"), lambda t: t.community.name if t.community_id else t.street.name),
            (_("Members"), lambda t: t.member_count),
            (_("Sub-teams"), lambda t: t.subteam_count),
            (_("Founded on"), lambda t: t.founded_on),
            (_("Active"), lambda t: t.is_active),
        ]
        return xlsx_response(title=_("Teams"), columns=columns, rows=teams, filename=_("teams"))
    # Top-level teams with their sub-teams underneath, as staff think of them.
    teams = list(teams)
    by_parent: dict[int | None, list[Team]] = {}
    for team in teams:
        by_parent.setdefault(team.parent_id, []).append(team)
    visible_ids = {t.pk for t in teams}
    roots = [t for t in teams if t.parent_id is None or t.parent_id not in visible_ids]
    for team in teams:
        team.children = by_parent.get(team.pk, [])
    return render(request, "web/teams/list.html", {"roots": roots, "q": q, "count": len(teams)})


def _team_for(request, pk: int) -> Team:
    return get_object_or_404(
        Team.objects.visible_to(request.user).select_related("community", "street", "parent"), pk=pk
    )


def _can_manage_team(user, team: Team) -> bool:
    from volunteers.models import led_team_ids

    return is_staff(user) or team.pk in led_team_ids(user)


@manager_required
def team_detail(request, pk: int):
    team = _team_for(request, pk)
    # Members are scoped like every list: a team leader reading another team of their
    # community sees the team, not its people (TeamMembership.objects.visible_to).
    memberships = TeamMembership.objects.visible_to(request.user).filter(team=team)
    current = memberships.current().select_related("volunteer").order_by("role", "volunteer__name")
    hours = dict(
        Volunteer.objects.filter(pk__in=[m.volunteer_id for m in current])
        .with_hours()
        .values_list("pk", "confirmed_hours")
    )
    for membership in current:
        membership.hours = hours.get(membership.volunteer_id, 0)
    past = memberships.filter(left_on__isnull=False).select_related("volunteer").order_by("-left_on")
    subteams = team.subteams.annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    ).order_by("name")
    upcoming = (
        Activity.objects.visible_to(request.user)
        .filter(Q(team=team) | Q(team__parent=team))
        .upcoming()
        .with_counts()
        .select_related("service_type")[:8]
    )
    can_manage = _can_manage_team(request.user, team)
    return render(
        request,
        "web/teams/detail.html",
        {
            "team": team,
            "current": current,
            "past": past,
            "subteams": subteams,
            "upcoming": upcoming,
            "can_manage": can_manage,
            "add_form": MembershipAddForm(user=request.user, team=team) if can_manage else None,
        },
    )


@manager_required
def team_member_add(request, pk: int):
    team = _team_for(request, pk)
    if not _can_manage_team(request.user, team):
        raise PermissionDenied(_("You cannot change this team's members."))
    form = MembershipAddForm(request.POST or None, user=request.user, team=team)
    if request.method == "POST" and form.is_valid():
        from volunteers.services import membership_add

        try:
            membership = membership_add(
                team=team,
                volunteer=form.cleaned_data["volunteer"],
                role=form.cleaned_data["role"],
                joined_on=form.cleaned_data["joined_on"],
                by_user=request.user,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("{name} joined {team}.").format(name=membership.volunteer.name, team=team.name),
            )
            return redirect("web:team_detail", pk=team.pk)
    return render(request, "web/teams/member_add.html", {"team": team, "form": form})


@manager_required
def team_member_end(request, pk: int, membership_pk: int):
    """Confirm, then end a membership on a date: the volunteer stays, with the history."""
    team = _team_for(request, pk)
    if not _can_manage_team(request.user, team):
        raise PermissionDenied(_("You cannot change this team's members."))
    membership = get_object_or_404(
        team.memberships.filter(left_on__isnull=True).select_related("volunteer"), pk=membership_pk
    )
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from volunteers.services import membership_end

        try:
            membership_end(membership=membership, left_on=form.cleaned_data["left_on"], by_user=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("{name} left {team}.").format(name=membership.volunteer.name, team=team.name))
            return redirect("web:team_detail", pk=team.pk)
    return render(request, "web/teams/member_end.html", {"team": team, "membership": membership, "form": form})
