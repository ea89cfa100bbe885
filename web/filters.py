"""Filters of the staff lists (django-filter). Every choice list is limited to the user's scope,
and search looks only at names and titles: phone and ID numbers never travel in URLs."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ServiceType
from casework.models import MediationCase, ResidentRequest
from community.models import Community, Grid, PartyOrganization, Site
from members.models import CareArchive, Member, PersonStatus
from volunteers.models import Team, Volunteer


def _communities(request):
    return Community.objects.visible_to(request.user)


def _grids(request):
    return Grid.objects.visible_to(request.user).select_related("community")


def _party_organizations(request):
    return PartyOrganization.objects.visible_to(request.user)


def _teams(request):
    return Team.objects.visible_to(request.user)


def _sites(request):
    return Site.objects.visible_to(request.user).filter(is_active=True)


class StyledFilterSet(filters.FilterSet):
    """Bootstrap classes on every widget, and a community filter only for users who see several."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user if self.request else None
        if "community" in self.form.fields and user is not None:
            if user.is_authenticated and user.role == "community_staff":
                del self.form.fields["community"]
                self.filters.pop("community", None)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    @property
    def active_count(self) -> int:
        """How many filters are set (search and sorting excluded), for the "clear filters" link."""
        data = self.form.data if self.is_bound else {}
        return sum(1 for name in self.filters if name != "q" and data.get(name))


def _search(fields: tuple[str, ...]):
    def method(queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for field in fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)

    return method


YES_NO = (("yes", _("Yes")), ("no", _("No")))


class MemberFilter(StyledFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    community = filters.ModelChoiceFilter(label=_("Community"), queryset=_communities, empty_label=_("All"))
    grid = filters.ModelChoiceFilter(label=_("Grid"), queryset=_grids, empty_label=_("All"))
    party_organization = filters.ModelChoiceFilter(
        label=_("Party branch"), queryset=_party_organizations, empty_label=_("All")
    )
    management_mode = filters.ChoiceFilter(
        label=_("Management"), choices=Member.ManagementMode.choices, empty_label=_("All")
    )
    living = filters.ChoiceFilter(
        label=_("Living situation"),
        method="flag",
        empty_label=_("All"),
        choices=[(f, Member._meta.get_field(f).verbose_name) for f in Member.LIVING_SITUATION],
    )
    five_olds = filters.ChoiceFilter(
        label=_("Five olds"),
        method="flag",
        empty_label=_("All"),
        choices=[(f, Member._meta.get_field(f).verbose_name) for f in Member.FIVE_OLDS],
    )
    contacted = filters.ChoiceFilter(
        label=_("Contacted this quarter"), method="filter_contacted", choices=YES_NO, empty_label=_("All")
    )
    status = filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=[*PersonStatus.choices, ("all", _("Any status"))],
        empty_label=None,
    )

    class Meta:
        model = Member
        fields: list[str] = []

    search = staticmethod(_search(("name", "former_work_unit", "skills")))

    def flag(self, queryset, name, value):
        allowed = Member.LIVING_SITUATION if name == "living" else Member.FIVE_OLDS
        return queryset.filter(**{value: True}) if value in allowed else queryset

    def filter_contacted(self, queryset, name, value):
        # The list queryset carries `contacted_this_quarter` (MemberQuerySet.with_contact_status).
        return queryset.filter(contacted_this_quarter=(value == "yes"))

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    @property
    def qs(self):
        queryset = super().qs
        # Active members unless the user asked for another status.
        if not (self.form.cleaned_data.get("status") if self.is_bound else None):
            queryset = queryset.filter(status=PersonStatus.ACTIVE)
        return queryset


class VolunteerFilter(StyledFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    community = filters.ModelChoiceFilter(label=_("Community"), queryset=_communities, empty_label=_("All"))
    team = filters.ModelChoiceFilter(label=_("Team"), queryset=_teams, method="filter_team", empty_label=_("All"))
    political_status = filters.ChoiceFilter(
        label=_("Political status"), choices=Volunteer.PoliticalStatus.choices, empty_label=_("All")
    )
    status = filters.ChoiceFilter(label=_("Status"), choices=Volunteer.Status.choices, empty_label=_("All"))

    class Meta:
        model = Volunteer
        fields: list[str] = []

    search = staticmethod(_search(("name", "volunteer_number", "skills")))

    def filter_team(self, queryset, name, value):
        return queryset.filter(memberships__team=value, memberships__left_on__isnull=True).distinct()


class ActivityFilter(StyledFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    community = filters.ModelChoiceFilter(label=_("Community"), queryset=_communities, empty_label=_("All"))
    team = filters.ModelChoiceFilter(label=_("Team"), queryset=_teams, empty_label=_("All"))
    service_type = filters.ModelChoiceFilter(
        label=_("Service type"), queryset=ServiceType.objects.filter(is_active=True), empty_label=_("All")
    )
    site = filters.ModelChoiceFilter(label=_("Site"), queryset=_sites, empty_label=_("All"))
    status = filters.ChoiceFilter(label=_("Status"), choices=Activity.Status.choices, empty_label=_("All"))

    class Meta:
        model = Activity
        fields: list[str] = []

    search = staticmethod(_search(("title",)))


class CareArchiveFilter(StyledFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    community = filters.ModelChoiceFilter(label=_("Community"), queryset=_communities, empty_label=_("All"))
    grid = filters.ModelChoiceFilter(label=_("Grid"), queryset=_grids, empty_label=_("All"))
    category = filters.ChoiceFilter(
        label=_("Category"),
        method="flag",
        empty_label=_("All"),
        choices=[
            (f, CareArchive._meta.get_field(f).verbose_name)
            for f in ("elderly_alone", "lost_only_child", "hardship", "disabled")
        ],
    )
    status = filters.ChoiceFilter(label=_("Status"), choices=CareArchive.Status.choices, empty_label=_("All"))

    class Meta:
        model = CareArchive
        fields: list[str] = []

    search = staticmethod(_search(("name", "helper_name")))

    def flag(self, queryset, name, value):
        return queryset.filter(**{value: True})


class RequestFilter(StyledFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    community = filters.ModelChoiceFilter(label=_("Community"), queryset=_communities, empty_label=_("All"))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=ResidentRequest.Kind.choices, empty_label=_("All"))

    class Meta:
        model = ResidentRequest
        fields: list[str] = []

    search = staticmethod(_search(("title", "requester_name")))


class CaseFilter(StyledFilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    community = filters.ModelChoiceFilter(label=_("Community"), queryset=_communities, empty_label=_("All"))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=MediationCase.Kind.choices, empty_label=_("All"))

    class Meta:
        model = MediationCase
        fields: list[str] = []

    search = staticmethod(_search(("title", "mediator_name")))
