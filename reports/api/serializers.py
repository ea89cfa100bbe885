from __future__ import annotations

from rest_framework import serializers

from community.api.base import ScopedModelSerializer

from ..models import CommunityIndicator, MonthlyStatistic


class MonthlyStatisticSerializer(serializers.ModelSerializer):
    month = serializers.DateField(format="%Y-%m", read_only=True)
    street_name = serializers.CharField(source="street.name", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True, default=None)
    team_name = serializers.CharField(source="team.name", read_only=True, default=None)
    service_type_name = serializers.SerializerMethodField()
    contact_coverage = serializers.DecimalField(max_digits=5, decimal_places=4, read_only=True, allow_null=True)

    class Meta:
        model = MonthlyStatistic
        fields = [
            "id",
            "month",
            "scope",
            "street",
            "street_name",
            "community",
            "community_name",
            "team",
            "team_name",
            "service_type",
            "service_type_name",
            "activities",
            "people_served",
            "volunteers_active",
            "service_hours",
            "members_total",
            "members_contacted",
            "contact_coverage",
            "requests_done",
            "disputes_mediated",
            "computed_at",
        ]
        read_only_fields = fields

    def get_service_type_name(self, obj) -> str | None:
        return str(obj.service_type) if obj.service_type_id else None


class MonthlySummarySerializer(serializers.Serializer):
    """Totals of the community rows of one month over everything the user can see."""

    month = serializers.DateField(format="%Y-%m")
    activities = serializers.IntegerField()
    people_served = serializers.IntegerField()
    volunteer_months = serializers.IntegerField(
        help_text="Active volunteers added up over communities (one serving in two counts twice)."
    )
    service_hours = serializers.DecimalField(max_digits=14, decimal_places=2)
    members_total = serializers.IntegerField()
    members_contacted = serializers.IntegerField()
    requests_done = serializers.IntegerField()
    disputes_mediated = serializers.IntegerField()


class CommunityIndicatorSerializer(ScopedModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    rising_is_good = serializers.BooleanField(read_only=True)
    entered_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = CommunityIndicator
        fields = [
            "id",
            "community",
            "community_name",
            "month",
            "kind",
            "kind_display",
            "value",
            "note",
            "rising_is_good",
            "entered_by",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        # The unique (community, month, kind) check runs in the model's full_clean once the
        # community is filled in from the user; DRF's own would make `community` required.
        validators: list = []

    def validate_month(self, value):
        return value.replace(day=1)
