from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from community.admin_base import MaskedPersonAdminMixin, ScopedAdmin, ScopedAdminMixin, ScopedInline

from .models import CareArchive, ContactLog, Member, Pair, PairVisit, PartyPost, Studio


class ContactLogInline(ScopedInline):
    model = ContactLog
    fields = ["contacted_on", "method", "contact_person", "content", "needs", "follow_up_done"]
    ordering = ["-contacted_on"]


class PartyPostInline(ScopedInline):
    model = PartyPost
    autocomplete_fields = ["organization"]


class ScopedHistoryAdmin(ScopedAdminMixin, MaskedPersonAdminMixin, SimpleHistoryAdmin):
    list_per_page = 50

    def has_delete_permission(self, request, obj=None):
        # People are never deleted, only given a status.
        return False


@admin.register(Member)
class MemberAdmin(ScopedHistoryAdmin):
    list_display = [
        "name",
        "gender",
        "age",
        "community",
        "masked_phone",
        "masked_id_number",
        "management_mode",
        "status",
        "party_years",
    ]
    list_filter = [
        "status",
        "management_mode",
        "community__street",
        "community",
        "is_party_member",
        "lives_alone",
        "lost_only_child",
        "widowed",
        "is_old_cadre",
        "is_old_soldier",
    ]
    search_fields = ["name", "former_work_unit"]  # not phone: a searched number would sit in the URL
    autocomplete_fields = ["community", "compound", "grid", "building", "party_organization", "user"]
    inlines = [PartyPostInline, ContactLogInline]
    fieldsets = (
        (None, {"fields": ("name", "gender", "birth_date", "id_number", "phone", "status", "status_changed_on")}),
        (_("Home"), {"fields": ("community", "compound", "grid", "building", "address", "emergency_contact")}),
        (
            _("Party and work"),
            {
                "fields": (
                    "is_party_member",
                    "party_organization",
                    "party_joined_on",
                    "former_work_unit",
                    "former_position",
                    "retired_on",
                )
            },
        ),
        (_("Five olds"), {"fields": Member.FIVE_OLDS}),
        (_("Care"), {"fields": ("management_mode", *Member.LIVING_SITUATION, "health", "consent_recorded_on")}),
        (_("Other"), {"fields": ("skills", "interests", "note", "user")}),
    )

    @admin.display(description=_("age"))
    def age(self, obj):
        return obj.age

    @admin.display(description=_("years in the Party"))
    def party_years(self, obj):
        return obj.party_years


@admin.register(ContactLog)
class ContactLogAdmin(ScopedAdmin):
    list_display = ["member", "contacted_on", "method", "contact_person", "follow_up_done"]
    list_filter = ["method", "follow_up_done", "member__community"]
    search_fields = ["member__name", "contact_person", "content"]
    date_hierarchy = "contacted_on"
    autocomplete_fields = ["member", "contacted_by"]


@admin.register(CareArchive)
class CareArchiveAdmin(ScopedHistoryAdmin):
    list_display = [
        "name",
        "age",
        "community",
        "masked_phone",
        "elderly_alone",
        "lost_only_child",
        "hardship",
        "helper_name",
        "status",
    ]
    list_filter = ["status", "elderly_alone", "lost_only_child", "hardship", "disabled", "community"]
    search_fields = ["name", "helper_name"]
    autocomplete_fields = ["community", "compound", "grid", "building", "member"]

    @admin.display(description=_("age"))
    def age(self, obj):
        return obj.age


class PairVisitInline(ScopedInline):
    model = PairVisit
    fields = ["visited_on", "content"]


@admin.register(Pair)
class PairAdmin(ScopedAdmin):
    list_display = ["__str__", "kind", "community", "started_on", "ended_on"]
    list_filter = ["kind", "community"]
    search_fields = ["helper__name", "helper_name", "helped_member__name", "helped_archive__name"]
    autocomplete_fields = ["community", "helper", "helped_member", "helped_archive"]
    inlines = [PairVisitInline]


@admin.register(Studio)
class StudioAdmin(ScopedAdmin):
    list_display = ["name", "kind", "leader", "community", "focus"]
    list_filter = ["kind", "community"]
    search_fields = ["name", "focus"]
    autocomplete_fields = ["community", "leader", "site"]


@admin.register(PartyPost)
class PartyPostAdmin(ScopedAdmin):
    list_display = ["organization", "role", "member", "since"]
    list_filter = ["role"]
    search_fields = ["member__name", "organization__name"]
    autocomplete_fields = ["organization", "member"]
