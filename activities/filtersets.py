"""Filters for service types, series, activities, sign-ups and service records (API and UI).

They narrow a queryset already scoped to the user (`visible_to`); ids are plain numbers so a
filter never lists what exists outside the scope. Date ranges take `<name>_after` and
`<name>_before` (inclusive days).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from community.filtersets import IdFilter

from .models import Activity, ActivitySeries, ServiceRecord, ServiceType, SignUp


class ServiceTypeFilterSet(filters.FilterSet):
    class Meta:
        model = ServiceType
        fields = ["is_active"]


class ActivitySeriesFilterSet(filters.FilterSet):
    street = IdFilter(field_name="street_id", label=_("street"))
    community = IdFilter(field_name="community_id", label=_("community"))
    team = IdFilter(field_name="team_id", label=_("organising team"))
    service_type = IdFilter(field_name="service_type_id", label=_("service type"))

    class Meta:
        model = ActivitySeries
        fields = ["street", "community", "team", "service_type", "is_active"]


class ActivityFilterSet(filters.FilterSet):
    street = IdFilter(field_name="street_id", label=_("street"))
    community = IdFilter(field_name="community_id", label=_("community"))
    street_wide = filters.BooleanFilter(field_name="community", lookup_expr="isnull", label=_("of the whole street"))
    team = IdFilter(field_name="team_id", label=_("organising team"))
    service_type = IdFilter(field_name="service_type_id", label=_("service type"))
    service_type_code = filters.CharFilter(field_name="service_type__code", label=_("service type code"))
    series = IdFilter(field_name="series_id", label=_("series"))
    site = IdFilter(field_name="site_id", label=_("site"))
    start = filters.DateFromToRangeFilter(label=_("starts on"))
    upcoming = filters.BooleanFilter(method="filter_upcoming", label=_("not started yet"))

    class Meta:
        model = Activity
        fields = [
            "street",
            "community",
            "street_wide",
            "team",
            "service_type",
            "service_type_code",
            "series",
            "site",
            "status",
            "target_group",
            "is_public",
            "start",
            "upcoming",
        ]

    def filter_upcoming(self, queryset, name, value):
        if value is None:
            return queryset
        upcoming = Activity.objects.upcoming().values("pk")
        return queryset.filter(pk__in=upcoming) if value else queryset.exclude(pk__in=upcoming)


class PublicActivityFilterSet(ActivityFilterSet):
    class Meta(ActivityFilterSet.Meta):
        fields = [name for name in ActivityFilterSet.Meta.fields if name != "status"]


class SignUpFilterSet(filters.FilterSet):
    activity = IdFilter(field_name="activity_id", label=_("activity"))
    volunteer = IdFilter(field_name="volunteer_id", label=_("volunteer"))
    team = IdFilter(field_name="activity__team_id", label=_("organising team"))
    community = IdFilter(field_name="activity__community_id", label=_("community"))
    activity_start = filters.DateFromToRangeFilter(field_name="activity__start", label=_("activity starts on"))
    checked_in = filters.BooleanFilter(field_name="checked_in_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = SignUp
        fields = ["activity", "volunteer", "team", "community", "status", "activity_start", "checked_in"]


class ServiceRecordFilterSet(filters.FilterSet):
    volunteer = IdFilter(field_name="volunteer_id", label=_("volunteer"))
    activity = IdFilter(field_name="activity_id", label=_("activity"))
    community = IdFilter(field_name="community_id", label=_("community"))
    street = IdFilter(field_name="community__street_id", label=_("street"))
    team = IdFilter(field_name="activity__team_id", label=_("organising team"))
    service_type = IdFilter(field_name="service_type_id", label=_("service type"))
    date = filters.DateFromToRangeFilter(label=_("date"))

    class Meta:
        model = ServiceRecord
        fields = ["volunteer", "activity", "community", "street", "team", "service_type", "status", "date"]
