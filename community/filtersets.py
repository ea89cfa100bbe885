"""Filters for the lists of places, Party organisations and sites (API and UI).

Filters narrow a queryset that is already scoped to the user; they never widen it. Ids are
plain numbers (not choice lists) so a filter never reveals what exists outside the scope.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import Building, Community, Compound, Grid, PartyOrganization, Site, Street


class StreetFilterSet(filters.FilterSet):
    district = filters.NumberFilter(field_name="district_id", label=_("district"))

    class Meta:
        model = Street
        fields = ["district"]


class CommunityFilterSet(filters.FilterSet):
    street = filters.NumberFilter(field_name="street_id", label=_("street"))

    class Meta:
        model = Community
        fields = ["street"]


class InCommunityFilterSet(filters.FilterSet):
    """community= and street= for anything that belongs to a community."""

    community = filters.NumberFilter(field_name="community_id", label=_("community"))
    street = filters.NumberFilter(field_name="community__street_id", label=_("street"))


class CompoundFilterSet(InCommunityFilterSet):
    class Meta:
        model = Compound
        fields = ["community", "street"]


class GridFilterSet(InCommunityFilterSet):
    class Meta:
        model = Grid
        fields = ["community", "street"]


class BuildingFilterSet(filters.FilterSet):
    community = filters.NumberFilter(field_name="compound__community_id", label=_("community"))
    compound = filters.NumberFilter(field_name="compound_id", label=_("compound"))
    grid = filters.NumberFilter(field_name="grid_id", label=_("grid"))

    class Meta:
        model = Building
        fields = ["community", "compound", "grid"]


class PartyOrganizationFilterSet(filters.FilterSet):
    street = filters.NumberFilter(field_name="street_id", label=_("street"))
    community = filters.NumberFilter(field_name="community_id", label=_("community"))
    parent = filters.NumberFilter(field_name="parent_id", label=_("parent organisation"))

    class Meta:
        model = PartyOrganization
        fields = ["street", "community", "parent", "level", "category"]


class SiteFilterSet(filters.FilterSet):
    street = filters.NumberFilter(field_name="street_id", label=_("street"))
    community = filters.NumberFilter(field_name="community_id", label=_("community"))
    parent = filters.NumberFilter(field_name="parent_id", label=_("part of"))

    class Meta:
        model = Site
        fields = ["street", "community", "parent", "kind", "network_role", "is_active"]
