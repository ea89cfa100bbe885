"""Resident requests and micro-wishes (居民诉求/微心愿), and neighbour dispute mediation (邻里纠纷调解)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from community.models import Community, Site
from community.periods import today
from community.scoping import ScopedQuerySet
from community.validators import validate_mobile
from members.models import CareArchive, Member
from volunteers.models import Volunteer


class ResidentRequest(models.Model):
    class Kind(models.TextChoices):
        REQUEST = "request", _("Resident request")
        MICRO_WISH = "micro_wish", _("Micro-wish")

    class Status(models.TextChoices):
        RAISED = "raised", _("Raised")
        ASSIGNED = "assigned", _("Assigned")
        DONE = "done", _("Done")
        CLOSED = "closed", _("Closed without action")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="requests", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REQUEST)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    requester_name = models.CharField(_("raised by"), max_length=50)
    requester_phone = models.CharField(_("phone"), max_length=11, blank=True, validators=[validate_mobile])
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("retired member"),
    )
    care_archive = models.ForeignKey(
        CareArchive,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("care archive"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RAISED)
    assigned_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned staff"),
    )
    assigned_volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("assigned volunteer"),
    )
    raised_on = models.DateField(_("raised on"), default=today)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("what was done"), blank=True)
    feedback = models.TextField(_("resident's feedback"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident request")
        verbose_name_plural = _("resident requests")
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="request_community_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=models.F("raised_on")),
                name="request_done_after_raised",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="request_satisfaction_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MediationCase(models.Model):
    class Kind(models.TextChoices):
        RENOVATION = "renovation", _("Renovation")
        NOISE = "noise", _("Noise")
        RUBBISH = "rubbish", _("Rubbish and hygiene")
        PARKING = "parking", _("Parking")
        PROPERTY = "property", _("Property management")
        FAMILY = "family", _("Family")
        NEIGHBOUR = "neighbour", _("Other neighbour dispute")

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        MEDIATING = "mediating", _("Mediating")
        RESOLVED = "resolved", _("Resolved")
        FAILED = "failed", _("Not resolved")
        REFERRED = "referred", _("Referred elsewhere")

    CLOSED_STATUSES = (Status.RESOLVED, Status.FAILED, Status.REFERRED)

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="mediation_cases", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    parties = models.TextField(_("parties"), help_text=_("Who is in dispute; one per line."))
    description = models.TextField(_("what happened"), blank=True)
    mediator = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediation_cases",
        verbose_name=_("mediator"),
    )
    mediator_name = models.CharField(_("mediator (name)"), max_length=50, blank=True)
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediation_cases",
        verbose_name=_("mediation room"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACCEPTED)
    received_on = models.DateField(_("received on"), default=today)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="case_community_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("received_on")),
                name="case_closed_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def mediator_display(self) -> str:
        return self.mediator.name if self.mediator_id else self.mediator_name
