"""Filters for resident requests and mediation cases (API and UI).

They narrow a queryset already scoped to the user (`visible_to`); ids are plain numbers so a
filter never lists what exists outside the scope.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from community.filtersets import IdFilter

from .models import MediationCase, ResidentRequest


class ResidentRequestFilterSet(filters.FilterSet):
    community = IdFilter(field_name="community_id", label=_("community"))
    street = IdFilter(field_name="community__street_id", label=_("street"))
    member = IdFilter(field_name="member_id", label=_("retired member"))
    care_archive = IdFilter(field_name="care_archive_id", label=_("care archive"))
    assigned_volunteer = IdFilter(field_name="assigned_volunteer_id", label=_("assigned volunteer"))
    assigned_user = IdFilter(field_name="assigned_user_id", label=_("assigned staff"))
    raised_on = filters.DateFromToRangeFilter(label=_("raised on"))
    done_on = filters.DateFromToRangeFilter(label=_("done on"))

    class Meta:
        model = ResidentRequest
        fields = [
            "community",
            "street",
            "kind",
            "status",
            "member",
            "care_archive",
            "assigned_volunteer",
            "assigned_user",
            "raised_on",
            "done_on",
        ]


class MediationCaseFilterSet(filters.FilterSet):
    community = IdFilter(field_name="community_id", label=_("community"))
    street = IdFilter(field_name="community__street_id", label=_("street"))
    mediator = IdFilter(field_name="mediator_id", label=_("mediator"))
    site = IdFilter(field_name="site_id", label=_("mediation room"))
    received_on = filters.DateFromToRangeFilter(label=_("received on"))
    closed_on = filters.DateFromToRangeFilter(label=_("closed on"))
    open = filters.BooleanFilter(method="filter_open", label=_("still open"))

    class Meta:
        model = MediationCase
        fields = ["community", "street", "kind", "status", "mediator", "site", "received_on", "closed_on", "open"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        closed = {"status__in": MediationCase.CLOSED_STATUSES}
        return queryset.exclude(**closed) if value else queryset.filter(**closed)
