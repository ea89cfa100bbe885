from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from community.admin_base import ScopedAdminMixin
from community.scoping import Role, is_platform_admin

from .models import User


@admin.register(User)
class UserAdmin(ScopedAdminMixin, BaseUserAdmin):
    list_display = ["username", "display_name", "role", "street", "community", "is_active", "last_login"]
    list_filter = ["role", "is_active", "street", "community"]
    search_fields = ["username", "display_name", "first_name", "last_name"]
    autocomplete_fields = ["street", "community"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "street", "community", "phone", "display_name")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "street", "community", "phone", "display_name")}),
    )

    def get_queryset(self, request):
        qs = super(ScopedAdminMixin, self).get_queryset(request)
        user = request.user
        if is_platform_admin(user):
            return qs
        if user.role == Role.STREET_STAFF:
            return qs.filter(street_id=user.street_id) | qs.filter(community__street_id=user.street_id)
        if user.role == Role.COMMUNITY_STAFF:
            return qs.filter(community_id=user.community_id)
        return qs.filter(pk=user.pk)

    def get_readonly_fields(self, request, obj=None):
        # Only platform admins hand out admin rights.
        if is_platform_admin(request.user):
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "is_staff", "user_permissions", "groups", "last_login", "date_joined")
