from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from community.admin_base import ScopedAdminMixin
from community.scoping import Role, is_platform_admin

from .models import User

# Roles a non-admin may give in Django admin: never platform admin, never a wider scope than their own.
GRANTABLE_ROLES = {
    Role.STREET_STAFF: (Role.STREET_STAFF, Role.COMMUNITY_STAFF, Role.TEAM_LEADER, Role.VOLUNTEER),
    Role.COMMUNITY_STAFF: (Role.COMMUNITY_STAFF, Role.TEAM_LEADER, Role.VOLUNTEER),
}


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
        # Platform admins' logins are theirs to manage: nobody else may open or change them.
        qs = qs.exclude(is_superuser=True).exclude(role=Role.ADMIN)
        if user.role == Role.STREET_STAFF:
            return qs.filter(street_id=user.street_id) | qs.filter(community__street_id=user.street_id)
        if user.role == Role.COMMUNITY_STAFF:
            return qs.filter(community_id=user.community_id)
        return qs.filter(pk=user.pk)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # A role is admin rights too: staff give only roles within their own reach.
        if db_field.name == "role" and not is_platform_admin(request.user):
            allowed = GRANTABLE_ROLES.get(request.user.role, ())
            kwargs["choices"] = [(value, label) for value, label in Role.choices if value in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Only platform admins hand out admin rights.
        if is_platform_admin(request.user):
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "is_staff", "user_permissions", "groups", "last_login", "date_joined")
