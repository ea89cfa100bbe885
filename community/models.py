"""Places and organisations: district → street → community → compound → grid → building,
Party organisations, and the sites where service happens."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedQuerySet


class District(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.CharField(_("administrative code"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StreetQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if user is not None and user.is_authenticated and not user.is_superuser:
            if user.role == "street_staff":
                return self.filter(pk=user.street_id)
            if user.community_id:
                return self.filter(pk=user.community.street_id)
        return super().visible_to(user)


class Street(models.Model):
    """街道 (or a town 镇): the street office that runs several communities."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="streets", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=50)

    objects = StreetQuerySet.as_manager()

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["district__name", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="street_unique_name")]

    def __str__(self) -> str:
        return self.name


class CommunityQuerySet(ScopedQuerySet):
    community_path = "self"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.role == "admin":
            return self.all()
        if user.role == "street_staff":
            return self.filter(street_id=user.street_id)
        return self.filter(pk=user.community_id)


class Community(models.Model):
    """社区 with its neighbourhood committee (居委会): the unit staff and data belong to."""

    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street"))
    name = models.CharField(_("name"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    # Its key is a secret: shown in admin only, never in the API or logs.
    webhook_url = models.URLField(
        _("WeChat Work group robot"),
        max_length=500,
        blank=True,
        help_text=_("The webhook address of this community's staff work group; notifications for its staff go there."),
    )

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["street__name", "name"]
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="community_unique_name")]

    def __str__(self) -> str:
        return self.name


class Compound(models.Model):
    """小区: a residential compound inside a community."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="compounds", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=80)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("residential compound")
        verbose_name_plural = _("residential compounds")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name")]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    """网格: the area one grid worker looks after."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="grids", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=50)
    worker_name = models.CharField(_("grid worker"), max_length=50, blank=True)
    worker_phone = models.CharField(_("grid worker phone"), max_length=20, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="grid_unique_name")]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    """楼栋."""

    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("compound")
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.SET_NULL, null=True, blank=True, related_name="buildings", verbose_name=_("grid")
    )
    name = models.CharField(_("name"), max_length=30)

    class QuerySet(ScopedQuerySet):
        community_path = "compound__community"

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["compound__name", "name"]
        constraints = [models.UniqueConstraint(fields=["compound", "name"], name="building_unique_name")]

    def __str__(self) -> str:
        return f"{self.compound.name} {self.name}"


class PartyOrganization(models.Model):
    """党委 / 党总支 / 党支部, including retired cadres' and compound branches."""

    class Level(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        GENERAL_BRANCH = "general_branch", _("General Party branch")
        BRANCH = "branch", _("Party branch")

    class Category(models.TextChoices):
        COMMUNITY = "community", _("Community")
        RETIRED_CADRES = "retired_cadres", _("Retired cadres")
        COMPOUND = "compound", _("Residential compound")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BRANCH)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.COMMUNITY)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="party_organizations", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_organizations",
        verbose_name=_("community"),
    )
    compound = models.ForeignKey(
        Compound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_organizations",
        verbose_name=_("compound"),
    )

    class QuerySet(ScopedQuerySet):
        street_path = "street"

        def visible_to_team_leader(self, user):
            return self.in_community_of(user)

        def visible_to_volunteer(self, user):
            return self.in_community_of(user)

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("Party organisation")
        verbose_name_plural = _("Party organisations")
        ordering = ["street__name", "name"]

    def __str__(self) -> str:
        return self.name


class SiteQuerySet(ScopedQuerySet):
    street_path = "street"

    def visible_to_team_leader(self, user):
        return self.in_community_of(user)

    def visible_to_volunteer(self, user):
        return self.in_community_of(user)


class Site(models.Model):
    """阵地: a place where service happens (old members' home, service centre and its rooms, ...)."""

    class Kind(models.TextChoices):
        OLD_MEMBERS_HOME = "old_members_home", _("Old Party members' home")
        SERVICE_CENTRE = "service_centre", _("Party–people service centre")
        ROOM = "room", _("Room")
        CIVILIZATION_STATION = "civilization_station", _("New-era civilisation practice station")
        HEALTH_HUT = "health_hut", _("Health hut")
        READING_BAR = "reading_bar", _("Reading bar")
        LEIFENG_STATION = "leifeng_station", _("Lei Feng station")
        MEDIATION_ROOM = "mediation_room", _("Mediation room")
        OTHER = "other", _("Other")

    class NetworkRole(models.TextChoices):
        NONE = "", _("—")
        CENTRE = "centre", _("Centre (1)")
        STATION = "station", _("Grassroots station (6)")
        NETWORK = "network", _("Mutual-aid network (N)")

    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="sites", verbose_name=_("street"))
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="sites", verbose_name=_("community")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="rooms", verbose_name=_("part of")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    network_role = models.CharField(
        _("role in the 1+6+N network"), max_length=10, choices=NetworkRole.choices, blank=True, default=""
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
