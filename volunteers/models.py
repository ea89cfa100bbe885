"""Volunteers, teams with sub-teams and memberships, star levels and service certificates.

Hours live in activities.ServiceRecord (the ledger); this app reads them through the reverse
relation `service_records`, never by importing the app above it.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from community.models import Community, PartyOrganization, Street
from community.periods import today
from community.scoping import ScopedQuerySet
from community.validators import validate_id_number
from members.models import Member, NotDeletable, PersonFields

ZERO_HOURS = Decimal("0.00")
# Who may volunteer at all, and from which age a guardian's consent is no longer needed.
MIN_VOLUNTEER_AGE = 14
ADULT_AGE = 18


def star_level_for(hours: Decimal | float | int) -> int:
    """Star level (0–5) for cumulative confirmed hours, by the configured thresholds."""
    level = 0
    for threshold in settings.VOLUNTEER_STAR_THRESHOLDS:
        if hours >= threshold:
            level += 1
    return level


def hours_to_next_star(hours: Decimal) -> Decimal | None:
    for threshold in settings.VOLUNTEER_STAR_THRESHOLDS:
        if hours < threshold:
            return Decimal(threshold) - hours
    return None


def led_team_ids(user) -> list[int]:
    """Teams (and their sub-teams) the user leads, as a team leader or deputy."""
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_led_team_ids", None)
    if cache is None:
        direct = list(
            TeamMembership.objects.current()
            .filter(volunteer__user=user, role__in=[TeamMembership.Role.LEADER, TeamMembership.Role.DEPUTY])
            .values_list("team_id", flat=True)
        )
        subteams = list(Team.objects.filter(parent_id__in=direct).values_list("pk", flat=True)) if direct else []
        cache = user._led_team_ids = sorted(set(direct) | set(subteams))
    return cache


class VolunteerQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status=Volunteer.Status.ACTIVE)

    def with_hours(self):
        """Annotate `confirmed_hours`: the sum of confirmed service records."""
        return self.annotate(
            confirmed_hours=Coalesce(
                Sum("service_records__hours", filter=Q(service_records__status="confirmed")),
                ZERO_HOURS,
                output_field=models.DecimalField(max_digits=9, decimal_places=2),
            )
        )

    def visible_to_team_leader(self, user):
        """The current members of the teams they lead (not people who have left), and themself."""
        current = TeamMembership.objects.current().filter(team_id__in=led_team_ids(user)).values("volunteer_id")
        return self.filter(Q(pk__in=current) | Q(user=user))

    def visible_to_volunteer(self, user):
        return self.filter(user=user)


def _new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Volunteer(NotDeletable, PersonFields):
    """A registered volunteer: a resident, often also a retired member, with or without a login."""

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident identity card")
        HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
        TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
        PASSPORT = "passport", _("Passport")
        OTHER = "other", _("Other")

    class PoliticalStatus(models.TextChoices):
        PARTY = "party", _("Communist Party member")
        PROBATIONARY = "probationary", _("Probationary Party member")
        LEAGUE = "league", _("Communist Youth League member")
        MASSES = "masses", _("Masses")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        LEFT = "left", _("Left")
        DECEASED = "deceased", _("Deceased")

    # PersonFields validates id_number as a resident ID; other documents skip the checksum.
    id_number = models.CharField(_("ID number"), max_length=30, null=True, blank=True, unique=True)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("community")
    )
    member = models.OneToOneField(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("retired member record"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_profile",
        verbose_name=_("login"),
    )
    volunteer_number = models.CharField(_("volunteer number"), max_length=30, unique=True, blank=True)
    national_number = models.CharField(
        _("national volunteer number"), max_length=40, blank=True, help_text=_("志愿者统一编号, when known.")
    )
    political_status = models.CharField(
        _("political status"), max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    health_note = models.CharField(_("health limits for tasks"), max_length=200, blank=True)
    registered_on = models.DateField(_("registered on"), default=today)
    guardian_name = models.CharField(_("guardian"), max_length=50, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=11, blank=True)
    guardian_consent_on = models.DateField(_("guardian's consent recorded on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    calendar_token = models.CharField(
        _("calendar feed token"), max_length=64, unique=True, default=_new_calendar_token, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "calendar_token"])
    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["community", "status"], name="volunteer_community_status"),
            models.Index(fields=["name"], name="volunteer_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.id_number and self.id_type == self.IdType.RESIDENT_ID:
            try:
                validate_id_number(self.id_number)
            except ValidationError as error:
                raise ValidationError({"id_number": error.messages}) from None
        super().clean()
        age = self.age_on(self.registered_on or today())
        if age is not None and age < MIN_VOLUNTEER_AGE:
            raise ValidationError({"birth_date": _("Volunteers must be at least 14 years old.")})

    def save(self, *args, **kwargs):
        if not self.volunteer_number:
            self.volunteer_number = self._next_volunteer_number()
        super().save(*args, **kwargs)

    def _next_volunteer_number(self) -> str:
        # Community id and a random part: unique without a counter row to lock.
        while True:
            number = f"V{self.community_id or 0:04d}{secrets.randbelow(10**8)}".ljust(13, "0")
            if not Volunteer.objects.filter(volunteer_number=number).exists():
                return number

    def reset_calendar_token(self) -> None:
        self.calendar_token = _new_calendar_token()
        self.save(update_fields=["calendar_token"])

    @property
    def needs_guardian_consent(self) -> bool:
        """14–18-year-olds need a guardian's consent on record before signing up."""
        age = self.age
        return age is not None and age < ADULT_AGE

    @property
    def has_required_consent(self) -> bool:
        return not self.needs_guardian_consent or self.guardian_consent_on is not None

    @property
    def confirmed_hours(self) -> Decimal:
        annotated = self.__dict__.get("_confirmed_hours")
        if annotated is not None:
            return annotated
        total = self.service_records.filter(status="confirmed").aggregate(total=Sum("hours"))["total"]
        return total or ZERO_HOURS

    @confirmed_hours.setter
    def confirmed_hours(self, value: Decimal) -> None:
        # Set by VolunteerQuerySet.with_hours() so lists need no query per row.
        self.__dict__["_confirmed_hours"] = value

    @property
    def star_level(self) -> int:
        return star_level_for(self.confirmed_hours)

    @property
    def hours_to_next_star(self) -> Decimal | None:
        return hours_to_next_star(self.confirmed_hours)


class TeamQuerySet(ScopedQuerySet):
    street_path = "street"

    def visible_to_team_leader(self, user):
        return self.in_community_of(user) | self.filter(pk__in=led_team_ids(user))

    def visible_to_volunteer(self, user):
        # Combine first, then distinct: Django refuses to OR a distinct queryset with a plain one.
        return (self.in_community_of(user) | self.filter(memberships__volunteer__user=user)).distinct()


class Team(models.Model):
    """志愿服务队, belonging to a community or (community empty) to a whole street."""

    name = models.CharField(_("name"), max_length=100)
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="teams", verbose_name=_("street"))
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="teams", verbose_name=_("community")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subteams", verbose_name=_("parent team")
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("affiliated Party organisation"),
    )
    description = models.TextField(_("description"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="team_unique_name_in_street"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="team_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.community_id and self.street_id and self.community.street_id != self.street_id:
            raise ValidationError({"community": _("This community is not in the team's street.")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("A sub-team cannot have sub-teams of its own.")})

    @property
    def leader(self) -> Volunteer | None:
        membership = (
            self.memberships.current().filter(role=TeamMembership.Role.LEADER).select_related("volunteer").first()
        )
        return membership.volunteer if membership else None


class TeamMembershipQuerySet(ScopedQuerySet):
    community_path = "team__community"
    street_path = "team__street"

    def current(self, on: datetime.date | None = None):
        day = on or today()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=day), joined_on__lte=day)

    def visible_to_team_leader(self, user):
        return self.filter(team_id__in=led_team_ids(user))

    def visible_to_volunteer(self, user):
        return self.filter(volunteer__user=user)


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        DEPUTY = "deputy", _("Deputy leader")
        MEMBER = "member", _("Member")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team"))
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("volunteer")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"), default=today)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["team__name", "role", "volunteer__name"]
        constraints = [
            # One open membership per volunteer and team; history rows keep their left_on.
            models.UniqueConstraint(
                fields=["team", "volunteer"], condition=Q(left_on__isnull=True), name="membership_one_open"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "left_on"], name="membership_volunteer")]

    def __str__(self) -> str:
        return f"{self.team} · {self.volunteer}"


class CertificateQuerySet(ScopedQuerySet):
    community_path = "volunteer__community"

    def visible_to_volunteer(self, user):
        return self.filter(volunteer__user=user)

    def visible_to_team_leader(self, user):
        return self.filter(
            Q(volunteer__memberships__team_id__in=led_team_ids(user)) | Q(volunteer__user=user)
        ).distinct()


def _new_verification_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Certificate(models.Model):
    """志愿服务证明: a snapshot of what was certified, so the PDF can be regenerated and verified."""

    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("volunteer")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    total_hours = models.DecimalField(_("cumulative hours"), max_digits=9, decimal_places=2)
    period_hours = models.DecimalField(_("hours in the period"), max_digits=9, decimal_places=2)
    # The certified activities: [{"date": ..., "title": ..., "hours": ...}], frozen at issue.
    activities = models.JSONField(_("activities"), default=list)
    issuer_name = models.CharField(_("issuing organisation"), max_length=100)
    person_in_charge = models.CharField(_("person in charge"), max_length=50, blank=True)
    handler = models.CharField(_("handled by"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    issued_on = models.DateField(_("issued on"), default=today)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("issued by")
    )
    verification_code = models.CharField(
        _("verification code"), max_length=16, unique=True, default=_new_verification_code, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("service certificate")
        verbose_name_plural = _("service certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="certificate_period_order"
            ),
            models.CheckConstraint(
                condition=Q(total_hours__gte=0) & Q(period_hours__gte=0), name="certificate_hours_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.number
