from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from community.admin_base import ScopedAdminMixin

from .models import MediationCase, ResidentRequest


@admin.register(ResidentRequest)
class ResidentRequestAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "community", "requester_name", "status", "raised_on", "done_on"]
    list_filter = ["kind", "status", "community"]
    search_fields = ["title", "requester_name", "description"]
    date_hierarchy = "raised_on"
    autocomplete_fields = ["community", "member", "care_archive", "assigned_user", "assigned_volunteer"]


@admin.register(MediationCase)
class MediationCaseAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "community", "status", "received_on", "closed_on"]
    list_filter = ["kind", "status", "community"]
    search_fields = ["title", "parties", "outcome"]
    date_hierarchy = "received_on"
    autocomplete_fields = ["community", "mediator", "site"]
