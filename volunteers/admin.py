from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.admin_base import ScopedAdmin, ScopedInline
from members.admin import ScopedHistoryAdmin

from .models import Certificate, Team, TeamMembership, Volunteer


class MembershipInline(ScopedInline):
    model = TeamMembership
    autocomplete_fields = ["volunteer"]
    fields = ["volunteer", "role", "joined_on", "left_on"]


@admin.register(Volunteer)
class VolunteerAdmin(ScopedHistoryAdmin):
    list_display = [
        "name",
        "volunteer_number",
        "community",
        "masked_phone",
        "political_status",
        "hours",
        "stars",
        "status",
    ]
    list_filter = ["status", "political_status", "community__street", "community"]
    search_fields = ["name", "volunteer_number", "national_number"]  # not phone: it would sit in the URL
    autocomplete_fields = ["community", "member", "user"]
    readonly_fields = ["volunteer_number"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_hours()

    @admin.display(description=_("confirmed hours"), ordering="confirmed_hours")
    def hours(self, obj):
        return obj.confirmed_hours

    @admin.display(description=_("star level"))
    def stars(self, obj):
        return "★" * obj.star_level


class SubTeamInline(ScopedInline):
    model = Team
    fk_name = "parent"
    fields = ["name", "community", "is_active"]


@admin.register(Team)
class TeamAdmin(ScopedAdmin):
    list_display = ["name", "parent", "community", "street", "party_organization", "is_active"]
    list_filter = ["is_active", "street", "community"]
    search_fields = ["name"]
    autocomplete_fields = ["street", "community", "parent", "party_organization"]
    inlines = [SubTeamInline, MembershipInline]


@admin.register(TeamMembership)
class TeamMembershipAdmin(ScopedAdmin):
    list_display = ["team", "volunteer", "role", "joined_on", "left_on"]
    list_filter = ["role", "team"]
    search_fields = ["volunteer__name", "team__name"]
    autocomplete_fields = ["team", "volunteer"]


@admin.register(Certificate)
class CertificateAdmin(ScopedAdmin):
    list_display = [
        "number",
        "volunteer",
        "period_start",
        "period_end",
        "total_hours",
        "issued_on",
        "verification_code",
    ]
    search_fields = ["number", "volunteer__name", "verification_code"]
    readonly_fields = ["verification_code"]
    autocomplete_fields = ["volunteer", "issued_by"]
    date_hierarchy = "issued_on"
