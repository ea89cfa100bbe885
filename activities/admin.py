from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from community.admin_base import ScopedAdmin, ScopedAdminMixin, ScopedInline

from . import services
from .models import Activity, ActivitySeries, ServiceRecord, ServiceType, SignUp


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "name_en", "code"]


class OccurrenceInline(ScopedInline):
    model = Activity
    fields = ["start", "end", "status", "capacity"]
    readonly_fields = ["start", "end"]
    ordering = ["start"]
    can_delete = False


@admin.register(ActivitySeries)
class ActivitySeriesAdmin(ScopedAdmin):
    list_display = ["title", "service_type", "team", "community", "rrule", "start_time", "is_active"]
    list_filter = ["is_active", "service_type", "community"]
    search_fields = ["title"]
    autocomplete_fields = ["service_type", "team", "street", "community", "site"]
    inlines = [OccurrenceInline]
    actions = ["generate_eight_weeks"]

    @admin.action(description=_("Generate the next 8 weeks of occurrences"))
    def generate_eight_weeks(self, request, queryset):
        import datetime

        from django.utils import timezone

        until = timezone.localdate() + datetime.timedelta(weeks=8)
        created = sum(len(services.series_generate(series=s, until=until)) for s in queryset)
        self.message_user(request, _("{count} occurrences created.").format(count=created))


class SignUpInline(ScopedInline):
    model = SignUp
    fields = ["volunteer", "status", "queued_at", "checked_in_at", "checked_out_at"]
    autocomplete_fields = ["volunteer"]


def _run(modeladmin, request, queryset, action, done_message):
    done = 0
    for obj in queryset:
        try:
            action(obj)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(
                request, f"{obj}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
            )
    if done:
        modeladmin.message_user(request, done_message.format(count=done))


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ["title", "start", "service_type", "team", "community", "status", "capacity", "beneficiaries_count"]
    list_filter = ["status", "service_type", "target_group", "street", "community"]
    search_fields = ["title", "address", "site__name"]
    date_hierarchy = "start"
    autocomplete_fields = ["service_type", "team", "street", "community", "site", "series"]
    readonly_fields = ["checkin_token", "occurrence_start"]
    inlines = [SignUpInline]
    actions = ["publish", "cancel"]

    @admin.action(description=_("Publish the selected activities"))
    def publish(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda a: services.activity_publish(activity=a, by_user=request.user),
            str(_("{count} activities published.")),
        )

    @admin.action(description=_("Cancel the selected activities and tell those signed up"))
    def cancel(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda a: services.activity_cancel(activity=a, by_user=request.user),
            str(_("{count} activities cancelled.")),
        )


@admin.register(SignUp)
class SignUpAdmin(ScopedAdmin):
    list_display = ["volunteer", "activity", "status", "queued_at", "checked_in_at", "checked_out_at"]
    list_filter = ["status", "check_method"]
    search_fields = ["volunteer__name", "activity__title"]
    autocomplete_fields = ["activity", "volunteer", "signed_up_by"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["volunteer", "date", "activity", "hours", "status", "rating", "confirmed_by"]
    list_filter = ["status", "service_type", "community"]
    search_fields = ["volunteer__name", "activity__title", "content"]
    date_hierarchy = "date"
    autocomplete_fields = [
        "volunteer",
        "activity",
        "signup",
        "community",
        "service_type",
        "recorded_by",
        "confirmed_by",
    ]
