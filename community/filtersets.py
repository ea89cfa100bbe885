"""Filters for the lists of places, Party organisations and sites (API and UI).

Filters narrow a queryset that is already scoped to the user; they never widen it. Ids are
plain numbers (not choice lists) so a filter never reveals what exists outside the scope.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import Building, Community, Compound, Grid, PartyOrganization, Site, Street

# Database ids are 64-bit: a larger number is bad input (400), not a database error.
MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    """An object's id: a whole number within the database's range."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -MAX_ID)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StreetFilterSet(filters.FilterSet):
    district = IdFilter(field_name="district_id", label=_("district"))

    class Meta:
        model = Street
        fields = ["district"]


class CommunityFilterSet(filters.FilterSet):
    street = IdFilter(field_name="street_id", label=_("street"))

    class Meta:
        model = Community
        fields = ["street"]


class InCommunityFilterSet(filters.FilterSet):
    """community= and street= for anything that belongs to a community."""

    community = IdFilter(field_name="community_id", label=_("community"))
    street = IdFilter(field_name="community__street_id", label=_("street"))


class CompoundFilterSet(InCommunityFilterSet):
    class Meta:
        model = Compound
        fields = ["community", "street"]


class GridFilterSet(InCommunityFilterSet):
    class Meta:
        model = Grid
        fields = ["community", "street"]


class BuildingFilterSet(filters.FilterSet):
    community = IdFilter(field_name="compound__community_id", label=_("community"))
    compound = IdFilter(field_name="compound_id", label=_("compound"))
    grid = IdFilter(field_name="grid_id", label=_("grid"))

    class Meta:
        model = Building
        fields = ["community", "compound", "grid"]


class PartyOrganizationFilterSet(filters.FilterSet):
    street = IdFilter(field_name="street_id", label=_("street"))
    community = IdFilter(field_name="community_id", label=_("community"))
    parent = IdFilter(field_name="parent_id", label=_("parent organisation"))

    class Meta:
        model = PartyOrganization
        fields = ["street", "community", "parent", "level", "category"]


class SiteFilterSet(filters.FilterSet):
    street = IdFilter(field_name="street_id", label=_("street"))
    community = IdFilter(field_name="community_id", label=_("community"))
    parent = IdFilter(field_name="parent_id", label=_("part of"))

    class Meta:
        model = Site
        fields = ["street", "community", "parent", "kind", "network_role", "is_active"]
