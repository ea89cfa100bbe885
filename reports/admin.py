from django.contrib import admin

from community.admin_base import ScopedAdmin

from .models import CommunityIndicator, MonthlyStatistic, StatisticMonth


@admin.register(MonthlyStatistic)
class MonthlyStatisticAdmin(ScopedAdmin):
    """Computed nightly: read-only here (recompute with `manage.py run_task statistics-month`)."""

    list_display = [
        "month",
        "scope",
        "community",
        "team",
        "service_type",
        "activities",
        "volunteers_active",
        "service_hours",
        "people_served",
        "members_contacted",
        "members_total",
        "requests_done",
        "disputes_mediated",
    ]
    list_filter = ["scope", "month", "street"]
    list_select_related = ["community", "team", "service_type", "street"]
    date_hierarchy = "month"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StatisticMonth)
class StatisticMonthAdmin(admin.ModelAdmin):
    list_display = ["month", "computed_at", "nightly_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommunityIndicator)
class CommunityIndicatorAdmin(ScopedAdmin):
    list_display = ["community", "month", "kind", "value", "entered_by", "updated_at"]
    list_filter = ["kind", "month", "community"]
    date_hierarchy = "month"
    autocomplete_fields = ["community"]
    readonly_fields = ["entered_by"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
