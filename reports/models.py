"""Statistics kept for staff: monthly figures per community, team and service type, computed
nightly from the ledgers (reports.services), and the communities' own "three up, three down"
indicators entered by staff."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from activities.models import ServiceType
from community.models import Community, Street
from community.scoping import ScopedQuerySet
from volunteers.models import Team, led_team_ids


class MonthlyStatisticQuerySet(ScopedQuerySet):
    street_path = "street"

    def visible_to_team_leader(self, user):
        return self.filter(team_id__in=led_team_ids(user))


class MonthlyStatistic(models.Model):
    """One month's figures for one cell of a breakdown.

    Three breakdowns are stored, told apart by `scope`:
    - community: the community's totals (team and service type empty), the only rows with
      contact coverage, requests and disputes, which belong to no team or service type;
    - team: per organising team within the community;
    - service_type: per service type within the community.
    Distinct counts (active volunteers) cannot be added up across rows, which is why each
    breakdown is stored rather than only the finest cell. `community` is empty for activities
    of a whole street; `street` is always set, so a street's rows are one index range.
    """

    class Scope(models.TextChoices):
        COMMUNITY = "community", _("Community total")
        TEAM = "team", _("Per team")
        SERVICE_TYPE = "service_type", _("Per service type")

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    scope = models.CharField(_("breakdown"), max_length=20, choices=Scope.choices)
    street = models.ForeignKey(Street, on_delete=models.CASCADE, related_name="+", verbose_name=_("street"))
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("community")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    service_type = models.ForeignKey(
        ServiceType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service type"),
    )

    activities = models.PositiveIntegerField(_("activities"), default=0)
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    volunteers_active = models.PositiveIntegerField(_("active volunteers"), default=0)
    service_hours = models.DecimalField(_("service hours"), max_digits=12, decimal_places=2, default=Decimal("0"))
    # Quarterly contact system, quarter to date at the end of the month (community rows only).
    members_total = models.PositiveIntegerField(_("retired members"), default=0)
    members_contacted = models.PositiveIntegerField(_("contacted this quarter"), default=0)
    requests_done = models.PositiveIntegerField(_("requests done"), default=0)
    disputes_mediated = models.PositiveIntegerField(_("disputes mediated"), default=0)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    objects = MonthlyStatisticQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly statistic")
        verbose_name_plural = _("monthly statistics")
        ordering = ["-month", "street", "community", "scope", "team", "service_type"]
        constraints = [
            # NULL never equals NULL in a unique index (SQLite and PostgreSQL alike), and
            # `nulls_distinct=False` exists only on PostgreSQL 15+: so the index is on
            # COALESCE(..., 0), which makes "no community/team/type" one value on both.
            models.UniqueConstraint(
                "month",
                "street",
                Coalesce("community", Value(0)),
                Coalesce("team", Value(0)),
                Coalesce("service_type", Value(0)),
                name="statistic_one_row_per_cell",
            ),
            models.CheckConstraint(
                condition=(Q(scope="community") & Q(team__isnull=True) & Q(service_type__isnull=True))
                | (Q(scope="team") & Q(team__isnull=False) & Q(service_type__isnull=True))
                | (Q(scope="service_type") & Q(team__isnull=True) & Q(service_type__isnull=False)),
                name="statistic_scope_matches_dimensions",
            ),
        ]
        indexes = [
            models.Index(fields=["street", "month"], name="statistic_street_month"),
            models.Index(fields=["community", "month"], name="statistic_community_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.community or self.street} {self.team or self.service_type or ''}".strip()

    @property
    def contact_coverage(self) -> Decimal | None:
        """Share of retired members contacted this quarter (0–1), None without members."""
        if not self.members_total:
            return None
        return (Decimal(self.members_contacted) / Decimal(self.members_total)).quantize(Decimal("0.0001"))


class StatisticMonth(models.Model):
    """When a month's statistics were last computed. The row is also the lock that keeps two
    runs (a duplicated beat, a hand run) from recomputing the same month at once."""

    month = models.DateField(_("month"), unique=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    # Set by the nightly run only: changes made after it are picked up by the next one.
    nightly_at = models.DateTimeField(_("nightly run at"), null=True, blank=True)

    class Meta:
        verbose_name = _("computed month")
        verbose_name_plural = _("computed months")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class CommunityIndicator(models.Model):
    """The community's own "three up, three down" (三升三降) figures, entered by staff each month:
    participation, volunteer numbers and fee payment up; disputes, complaints and loneliness of
    elderly people living alone down."""

    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("Residents taking part in activities")
        VOLUNTEERS = "volunteers", _("Registered volunteers")
        FEE_PAYMENT = "fee_payment", _("Property fee payment rate (%)")
        DISPUTES = "disputes", _("Neighbour disputes")
        COMPLAINTS = "complaints", _("Complaints")
        LONELINESS = "loneliness", _("Elderly living alone who feel lonely")

    # Which way is better, for charts and the dashboard.
    RISING = (Kind.PARTICIPATION, Kind.VOLUNTEERS, Kind.FEE_PAYMENT)

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("community")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    kind = models.CharField(_("indicator"), max_length=20, choices=Kind.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("community indicator")
        verbose_name_plural = _("community indicators (three up, three down)")
        ordering = ["-month", "community", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["community", "month", "kind"], name="indicator_one_per_month"),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.month:%Y-%m} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.month:
            self.month = self.month.replace(day=1)

    @property
    def rising_is_good(self) -> bool:
        return self.kind in self.RISING
