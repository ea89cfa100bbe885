"""What every admin page shares: scoping to the user's street or community, and masking of
personal data in lists (the full value is on the change form, for those who may edit it)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .scoping import is_platform_admin
from .validators import mask_id_number, mask_phone


class ScopedAdminMixin:
    """Non-superuser staff in Django admin see and pick only objects within their scope."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if hasattr(qs, "visible_to") and not is_platform_admin(request.user):
            return qs.visible_to(request.user)
        return qs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        manager = db_field.remote_field.model._default_manager
        if hasattr(manager, "visible_to") and not is_platform_admin(request.user):
            kwargs.setdefault("queryset", manager.visible_to(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _require_in_scope(self, request, object_id) -> None:
        """Pages reached by an object's id outside get_queryset (django-simple-history's
        history list and its "revert to this version" form) must still stop at the scope."""
        if is_platform_admin(request.user):
            return
        try:
            found = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            found = False
        if not found:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50


class ScopedInline(ScopedAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


class MaskedPersonAdminMixin:
    """List columns that show ID numbers and phones masked (110***********1234)."""

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj) -> str:
        return mask_id_number(obj.id_number)

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj) -> str:
        return mask_phone(obj.phone)
