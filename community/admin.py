from django.contrib import admin

from .admin_base import ScopedAdmin, ScopedInline
from .models import Building, Community, Compound, District, Grid, PartyOrganization, Site, Street


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(Street)
class StreetAdmin(ScopedAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]
    search_fields = ["name"]
    autocomplete_fields = ["district"]


class CompoundInline(ScopedInline):
    model = Compound


class GridInline(ScopedInline):
    model = Grid


@admin.register(Community)
class CommunityAdmin(ScopedAdmin):
    list_display = ["name", "street", "phone"]
    list_filter = ["street__district", "street"]
    search_fields = ["name", "street__name"]
    autocomplete_fields = ["street"]
    inlines = [CompoundInline, GridInline]


@admin.register(Compound)
class CompoundAdmin(ScopedAdmin):
    list_display = ["name", "community"]
    list_filter = ["community__street"]
    search_fields = ["name"]
    autocomplete_fields = ["community"]


@admin.register(Grid)
class GridAdmin(ScopedAdmin):
    list_display = ["name", "community", "worker_name"]
    list_filter = ["community__street"]
    search_fields = ["name", "worker_name"]
    autocomplete_fields = ["community"]


@admin.register(Building)
class BuildingAdmin(ScopedAdmin):
    list_display = ["name", "compound", "grid"]
    search_fields = ["name", "compound__name"]
    autocomplete_fields = ["compound", "grid"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ScopedAdmin):
    list_display = ["name", "level", "category", "street", "community", "parent"]
    list_filter = ["level", "category", "street"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "street", "community", "compound"]


class RoomInline(ScopedInline):
    model = Site
    fk_name = "parent"
    fields = ["name", "kind", "opening_hours", "is_active"]


@admin.register(Site)
class SiteAdmin(ScopedAdmin):
    list_display = ["name", "kind", "network_role", "community", "street", "is_active"]
    list_filter = ["kind", "network_role", "is_active", "street"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["street", "community", "parent"]
    inlines = [RoomInline]
