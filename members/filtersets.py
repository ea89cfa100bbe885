"""Filters for retired members, contact logs, care archives, pairs and studios (API and UI).

They narrow a queryset already scoped to the user (`visible_to`); ids are plain numbers so a
filter never lists what exists outside the scope.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from community.filtersets import IdFilter
from community.periods import today

from .models import CareArchive, ContactLog, Member, Pair, PairVisit, PartyPost, Studio

LIVING_SITUATION_CHOICES = [(name, Member._meta.get_field(name).verbose_name) for name in Member.LIVING_SITUATION]
FIVE_OLDS_CHOICES = [(name, Member._meta.get_field(name).verbose_name) for name in Member.FIVE_OLDS]


class InCommunityFilterSet(filters.FilterSet):
    community = IdFilter(field_name="community_id", label=_("community"))
    street = IdFilter(field_name="community__street_id", label=_("street"))


def _any_flag(queryset, names: list[str]):
    condition = Q()
    for name in names:
        condition |= Q(**{name: True})
    return queryset.filter(condition)


class MemberFilterSet(InCommunityFilterSet):
    compound = IdFilter(field_name="compound_id", label=_("compound"))
    grid = IdFilter(field_name="grid_id", label=_("grid"))
    building = IdFilter(field_name="building_id", label=_("building"))
    party_organization = IdFilter(field_name="party_organization_id", label=_("Party organisation"))
    living_situation = filters.MultipleChoiceFilter(
        choices=LIVING_SITUATION_CHOICES,
        method="filter_living_situation",
        label=_("living situation (any of)"),
    )
    five_olds = filters.MultipleChoiceFilter(
        choices=FIVE_OLDS_CHOICES, method="filter_five_olds", label=_("five olds (any of)")
    )
    not_contacted_this_quarter = filters.BooleanFilter(
        method="filter_not_contacted", label=_("not contacted this quarter")
    )
    birth_date = filters.DateFromToRangeFilter(label=_("birth date"))
    party_joined_on = filters.DateFromToRangeFilter(label=_("joined the Party on"))

    class Meta:
        model = Member
        fields = [
            "community",
            "street",
            "compound",
            "grid",
            "building",
            "party_organization",
            "management_mode",
            "status",
            "gender",
            "is_party_member",
            *Member.LIVING_SITUATION,
            "living_situation",
            "five_olds",
            "not_contacted_this_quarter",
            "birth_date",
            "party_joined_on",
        ]

    def filter_living_situation(self, queryset, name, value):
        return _any_flag(queryset, value) if value else queryset

    def filter_five_olds(self, queryset, name, value):
        return _any_flag(queryset, value) if value else queryset

    def filter_not_contacted(self, queryset, name, value):
        if value is None:
            return queryset
        if "contacted_this_quarter" not in queryset.query.annotations:
            queryset = queryset.with_contact_status()
        return queryset.filter(contacted_this_quarter=not value)


class PartyPostFilterSet(filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label=_("Party organisation"))
    member = IdFilter(field_name="member_id", label=_("member"))

    class Meta:
        model = PartyPost
        fields = ["organization", "member", "role"]


class ContactLogFilterSet(filters.FilterSet):
    member = IdFilter(field_name="member_id", label=_("member"))
    community = IdFilter(field_name="member__community_id", label=_("community"))
    street = IdFilter(field_name="member__community__street_id", label=_("street"))
    contacted_by = IdFilter(field_name="contacted_by_id", label=_("logged by"))
    contacted_on = filters.DateFromToRangeFilter(label=_("contacted on"))
    quarter_of = filters.DateFilter(method="filter_quarter", label=_("in the quarter of this day"))
    this_quarter = filters.BooleanFilter(method="filter_this_quarter", label=_("in the current quarter"))

    class Meta:
        model = ContactLog
        fields = [
            "member",
            "community",
            "street",
            "method",
            "contacted_by",
            "follow_up_done",
            "contacted_on",
            "quarter_of",
            "this_quarter",
        ]

    def filter_quarter(self, queryset, name, value):
        return queryset.in_quarter(value) if value else queryset

    def filter_this_quarter(self, queryset, name, value):
        if value is None:
            return queryset
        current = queryset.in_quarter(today()).values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class CareArchiveFilterSet(InCommunityFilterSet):
    compound = IdFilter(field_name="compound_id", label=_("compound"))
    grid = IdFilter(field_name="grid_id", label=_("grid"))
    opened_on = filters.DateFromToRangeFilter(label=_("opened on"))

    class Meta:
        model = CareArchive
        fields = [
            "community",
            "street",
            "compound",
            "grid",
            "status",
            "elderly_alone",
            "lost_only_child",
            "hardship",
            "disabled",
            "opened_on",
        ]


class PairFilterSet(InCommunityFilterSet):
    helper = IdFilter(field_name="helper_id", label=_("helper (member)"))
    helped_member = IdFilter(field_name="helped_member_id", label=_("helped member"))
    helped_archive = IdFilter(field_name="helped_archive_id", label=_("helped resident"))
    current = filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label=_("current (not ended)"))
    started_on = filters.DateFromToRangeFilter(label=_("started on"))

    class Meta:
        model = Pair
        fields = ["community", "street", "kind", "helper", "helped_member", "helped_archive", "current", "started_on"]


class PairVisitFilterSet(filters.FilterSet):
    pair = IdFilter(field_name="pair_id", label=_("pair"))
    community = IdFilter(field_name="pair__community_id", label=_("community"))
    visited_on = filters.DateFromToRangeFilter(label=_("visited on"))

    class Meta:
        model = PairVisit
        fields = ["pair", "community", "visited_on"]


class StudioFilterSet(InCommunityFilterSet):
    leader = IdFilter(field_name="leader_id", label=_("led by"))
    site = IdFilter(field_name="site_id", label=_("site"))

    class Meta:
        model = Studio
        fields = ["community", "street", "kind", "leader", "site"]
