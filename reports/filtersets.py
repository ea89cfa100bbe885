"""Filters for the statistics and indicators (API and UI). They narrow an already scoped
queryset; ids are plain numbers so a filter reveals nothing outside the scope."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import CommunityIndicator, MonthlyStatistic


class MonthField(forms.Field):
    """A month as YYYY-MM (a full date is accepted too): the first day of that month."""

    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, e.g. 2026-11.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            day = datetime.date.fromisoformat(f"{text}-01" if len(text) == 7 else text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day.replace(day=1)


class MonthFilter(filters.Filter):
    field_class = MonthField


class MonthRangeFilterSet(filters.FilterSet):
    month = MonthFilter(field_name="month", label=_("month"))
    month_from = MonthFilter(field_name="month", lookup_expr="gte", label=_("from month"))
    month_to = MonthFilter(field_name="month", lookup_expr="lte", label=_("to month"))
    community = filters.NumberFilter(field_name="community_id", label=_("community"))


class MonthlyStatisticFilterSet(MonthRangeFilterSet):
    scope = filters.ChoiceFilter(choices=MonthlyStatistic.Scope.choices, label=_("breakdown"))
    street = filters.NumberFilter(field_name="street_id", label=_("street"))
    team = filters.NumberFilter(field_name="team_id", label=_("team"))
    service_type = filters.NumberFilter(field_name="service_type_id", label=_("service type"))

    class Meta:
        model = MonthlyStatistic
        fields = ["month", "month_from", "month_to", "scope", "street", "community", "team", "service_type"]


class CommunityIndicatorFilterSet(MonthRangeFilterSet):
    kind = filters.ChoiceFilter(choices=CommunityIndicator.Kind.choices, label=_("indicator"))

    class Meta:
        model = CommunityIndicator
        fields = ["month", "month_from", "month_to", "community", "kind"]
