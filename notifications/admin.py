from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Platform admins see what was sent, to whom and on which channels (read-only: it happened)."""

    list_display = ["title", "kind", "recipient", "created_at", "read_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["title", "recipient__username", "dedup_key"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "kind", "title", "body", "url", "dedup_key", "created_at", "read_at", "deliveries"]

    def has_add_permission(self, request):
        return False

    def has_module_permission(self, request):
        return request.user.is_superuser or getattr(request.user, "is_platform_admin", False)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channels", "muted_kinds", "updated_at"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]

    def has_module_permission(self, request):
        return request.user.is_superuser or getattr(request.user, "is_platform_admin", False)
