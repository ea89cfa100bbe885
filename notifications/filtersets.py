from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import Notification


class NotificationFilterSet(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("unread"))
    kind = filters.ChoiceFilter(choices=Notification.Kind.choices, label=_("kind"))

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
