"""Statistics, read-only (computed nightly by reports.tasks), and the communities' own
"three up, three down" indicators, entered by staff."""

from __future__ import annotations

from django.db.models import Sum
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from community.api.base import STAFF, ScopedModelViewSet, ScopedReadOnlyViewSet

from ..filtersets import CommunityIndicatorFilterSet, MonthlyStatisticFilterSet
from ..models import CommunityIndicator, MonthlyStatistic
from .serializers import CommunityIndicatorSerializer, MonthlyStatisticSerializer, MonthlySummarySerializer

SUMMED = (
    "activities",
    "people_served",
    "service_hours",
    "members_total",
    "members_contacted",
    "requests_done",
    "disputes_mediated",
)


class MonthlyStatisticViewSet(ScopedReadOnlyViewSet):
    """Monthly figures per community (`scope=community`), per team (`scope=team`) and per
    service type (`scope=service_type`). Community staff see their community's rows, street
    staff their street's, team leaders their teams'."""

    queryset = MonthlyStatistic.objects.select_related("street", "community", "team", "service_type")
    serializer_class = MonthlyStatisticSerializer
    filterset_class = MonthlyStatisticFilterSet
    ordering_fields = ["month", "service_hours", "activities", "volunteers_active"]

    @extend_schema(responses=MonthlySummarySerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request):
        """Month by month, the community totals added up over what the user can see (filters apply)."""
        rows = (
            self.filter_queryset(self.get_queryset())
            .filter(scope=MonthlyStatistic.Scope.COMMUNITY)
            .order_by()
            .values("month")
            .annotate(**{name: Sum(name) for name in SUMMED}, volunteer_months=Sum("volunteers_active"))
            .order_by("month")
        )
        return Response(MonthlySummarySerializer(rows, many=True).data)


class CommunityIndicatorViewSet(ScopedModelViewSet):
    """三升三降: staff enter one value per community, month and indicator."""

    queryset = CommunityIndicator.objects.select_related("community", "entered_by")
    serializer_class = CommunityIndicatorSerializer
    filterset_class = CommunityIndicatorFilterSet
    ordering_fields = ["month", "kind"]
    write_roles = STAFF

    def save_kwargs(self, serializer) -> dict:
        return {"entered_by": self.request.user}
