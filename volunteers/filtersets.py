"""Filters for volunteers, teams, memberships and certificates (API and UI).

They narrow a queryset already scoped to the user (`visible_to`); ids are plain numbers so a
filter never lists what exists outside the scope.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from community.filtersets import IdFilter

from .models import Certificate, Team, TeamMembership, Volunteer


class VolunteerFilterSet(filters.FilterSet):
    community = IdFilter(field_name="community_id", label=_("community"))
    street = IdFilter(field_name="community__street_id", label=_("street"))
    team = IdFilter(method="filter_team", label=_("current member of team"))
    registered_on = filters.DateFromToRangeFilter(label=_("registered on"))
    min_hours = filters.NumberFilter(
        method="filter_min_hours", min_value=0, max_value=10**6, label=_("at least this many confirmed hours")
    )
    min_star_level = filters.NumberFilter(
        method="filter_min_star", min_value=0, max_value=10, label=_("at least this star level")
    )

    class Meta:
        model = Volunteer
        fields = [
            "community",
            "street",
            "team",
            "status",
            "political_status",
            "gender",
            "registered_on",
            "min_hours",
            "min_star_level",
        ]

    def filter_team(self, queryset, name, value):
        if value is None:
            return queryset
        # A subquery, not a join: a volunteer who left and rejoined must appear once.
        members = TeamMembership.objects.current().filter(team_id=value).values("volunteer_id")
        return queryset.filter(pk__in=members)

    def _with_hours(self, queryset):
        return queryset if "confirmed_hours" in queryset.query.annotations else queryset.with_hours()

    def filter_min_hours(self, queryset, name, value):
        return queryset if value is None else self._with_hours(queryset).filter(confirmed_hours__gte=value)

    def filter_min_star(self, queryset, name, value):
        if value is None or value <= 0:
            return queryset
        thresholds = settings.VOLUNTEER_STAR_THRESHOLDS
        if value > len(thresholds):
            return queryset.none()
        return self._with_hours(queryset).filter(confirmed_hours__gte=thresholds[int(value) - 1])


class TeamFilterSet(filters.FilterSet):
    street = IdFilter(field_name="street_id", label=_("street"))
    community = IdFilter(field_name="community_id", label=_("community"))
    parent = IdFilter(field_name="parent_id", label=_("parent team"))
    top_level = filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label=_("teams, not sub-teams"))
    street_wide = filters.BooleanFilter(field_name="community", lookup_expr="isnull", label=_("of the whole street"))

    class Meta:
        model = Team
        fields = ["street", "community", "parent", "top_level", "street_wide", "is_active"]


class TeamMembershipFilterSet(filters.FilterSet):
    team = IdFilter(field_name="team_id", label=_("team"))
    volunteer = IdFilter(field_name="volunteer_id", label=_("volunteer"))
    current = filters.BooleanFilter(method="filter_current", label=_("current"))

    class Meta:
        model = TeamMembership
        fields = ["team", "volunteer", "role", "current"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        current = TeamMembership.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class CertificateFilterSet(filters.FilterSet):
    volunteer = IdFilter(field_name="volunteer_id", label=_("volunteer"))
    issued_on = filters.DateFromToRangeFilter(label=_("issued on"))

    class Meta:
        model = Certificate
        fields = ["volunteer", "issued_on"]
