"""Service activities, recurring series, sign-ups with a waiting list, check-ins, and the
service-record ledger from which hours, stars and certificates are computed."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from community.models import Community, Site, Street
from community.scoping import ScopedQuerySet
from volunteers.models import Team, Volunteer, led_team_ids


class ServiceType(models.Model):
    """A dictionary of service types, editable by admins (anti-fraud, haircut, patrol ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class TargetGroup(models.TextChoices):
    ALL = "all", _("Everyone")
    ELDERLY = "elderly", _("Elderly people")
    MINORS = "minors", _("Children and teenagers")
    FAMILIES = "families", _("Families")
    VULNERABLE = "vulnerable", _("People in hardship")


class ActivitySeries(models.Model):
    """A recurring activity ("every Saturday morning, free haircuts"): an RFC 5545 rule whose
    occurrences are real Activity rows that can be changed one by one."""

    title = models.CharField(_("title"), max_length=120)
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="series", verbose_name=_("service type")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="series", verbose_name=_("organising team")
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="activity_series", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_series",
        verbose_name=_("community"),
    )
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="activity_series", verbose_name=_("site")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    what_to_bring = models.CharField(_("what to bring"), max_length=200, blank=True)
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, default=TargetGroup.ALL
    )
    rrule = models.CharField(
        _("recurrence rule"), max_length=300, help_text=_("RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=SA")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    requires_insurance = models.BooleanField(_("requires accident insurance"), default=False)
    is_public = models.BooleanField(_("open to volunteers of other communities"), default=False)
    publish_occurrences = models.BooleanField(_("publish occurrences at once"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class QuerySet(ScopedQuerySet):
        street_path = "street"

        def visible_to_team_leader(self, user):
            return self.filter(team_id__in=led_team_ids(user))

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("recurring activity")
        verbose_name_plural = _("recurring activities")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="series_positive_duration"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="series_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        try:
            rrulestr(self.rrule, dtstart=datetime.datetime(2000, 1, 1))
        except (ValueError, TypeError):
            raise ValidationError({"rrule": _("This recurrence rule is not valid.")}) from None

    def occurrence_starts(self, start: datetime.date, end: datetime.date) -> list[datetime.datetime]:
        """Aware start datetimes of the occurrences on days start..end (inclusive)."""
        tz = timezone.get_default_timezone()
        dtstart = datetime.datetime.combine(self.starts_on, self.start_time)
        rule = rrulestr(self.rrule, dtstart=dtstart)
        last = end if self.ends_on is None else min(end, self.ends_on)
        naive = rule.between(
            datetime.datetime.combine(start, datetime.time.min),
            datetime.datetime.combine(last, datetime.time.max),
            inc=True,
        )
        return [timezone.make_aware(dt, tz) for dt in naive]


class ActivityQuerySet(ScopedQuerySet):
    street_path = "street"

    def published(self):
        return self.filter(status__in=[Activity.Status.PUBLISHED, Activity.Status.DONE])

    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(start__gte=now or timezone.now()).order_by("start")

    def with_counts(self):
        return self.annotate(
            confirmed_count=Count("signups", filter=Q(signups__status=SignUp.Status.CONFIRMED), distinct=True),
            waitlist_count=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED), distinct=True),
        )

    def visible_to_team_leader(self, user):
        return (
            self.filter(
                Q(team_id__in=led_team_ids(user))
                | (Q(self._community_q(user)) & Q(status__in=Activity.VISIBLE_STATUSES))
            )
            if user.community_id
            else self.filter(team_id__in=led_team_ids(user))
        )

    def open_to(self, volunteer):
        """Activities a volunteer may see and join: their community's, their street's own,
        their teams', and public ones of the street (logged in or not)."""
        team_ids = volunteer.memberships.current().values("team_id")
        street_id = volunteer.community.street_id
        return self.filter(
            Q(community_id=volunteer.community_id)
            | Q(community__isnull=True, street_id=street_id)
            | Q(team_id__in=team_ids)
            | Q(is_public=True, street_id=street_id)
        )

    def visible_to_volunteer(self, user):
        """Published activities open to the volunteer, and anything they signed up for."""
        volunteer = getattr(user, "volunteer_profile", None)
        if volunteer is None:
            return self.none()
        open_ids = Activity.objects.open_to(volunteer).values("pk")
        return self.filter(
            (Q(pk__in=open_ids) & Q(status__in=Activity.VISIBLE_STATUSES)) | Q(signups__volunteer=volunteer)
        ).distinct()


def _new_checkin_token() -> str:
    return secrets.token_urlsafe(16)


class Activity(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    VISIBLE_STATUSES = (Status.PUBLISHED, Status.DONE, Status.CANCELLED)

    title = models.CharField(_("title"), max_length=120)
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="activities", verbose_name=_("service type")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("organising team"),
    )
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="activities", verbose_name=_("street"))
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("community"),
        help_text=_("Empty for an activity of the whole street."),
    )
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities", verbose_name=_("site")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    signup_deadline = models.DateTimeField(
        _("sign-up closes at"), null=True, blank=True, help_text=_("Empty: until the start.")
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, default=TargetGroup.ALL
    )
    description = models.TextField(_("description"), blank=True)
    what_to_bring = models.CharField(_("what to bring"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(_("open to volunteers of other communities"), default=False)
    requires_insurance = models.BooleanField(_("requires accident insurance"), default=False)
    insurance_policy = models.CharField(_("accident insurance policy"), max_length=100, blank=True)
    beneficiaries_count = models.PositiveIntegerField(_("people served"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("series"),
    )
    # The start the series rule gave this occurrence; kept when the occurrence is moved,
    # so regeneration recognises it and never makes a duplicate.
    occurrence_start = models.DateTimeField(_("scheduled start in series"), null=True, blank=True, editable=False)
    checkin_token = models.CharField(
        _("check-in code"), max_length=40, unique=True, default=_new_checkin_token, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("service activity")
        verbose_name_plural = _("service activities")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["community", "start"], name="activity_community_start"),
            models.Index(fields=["street", "start"], name="activity_street_start"),
            models.Index(fields=["team", "start"], name="activity_team_start"),
            models.Index(fields=["status", "start"], name="activity_status_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="activity_end_after_start"),
            models.CheckConstraint(
                condition=Q(signup_deadline__isnull=True) | Q(signup_deadline__lte=models.F("end")),
                name="activity_deadline_before_end",
            ),
            models.UniqueConstraint(fields=["series", "occurrence_start"], name="activity_one_per_occurrence"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.signup_deadline and self.end and self.signup_deadline > self.end:
            errors["signup_deadline"] = _("Sign-up must close before the activity ends.")
        if self.community_id and self.street_id and self.community.street_id != self.street_id:
            errors["community"] = _("This community is not in the chosen street.")
        if errors:
            raise ValidationError(errors)

    @property
    def planned_hours(self) -> Decimal:
        return Decimal((self.end - self.start).total_seconds()) / Decimal(3600)

    @property
    def places_taken(self) -> int:
        """Confirmed sign-ups: from ActivityQuerySet.with_counts() when annotated, else counted."""
        annotated = self.__dict__.get("confirmed_count")
        if annotated is not None:
            return annotated
        return self.signups.filter(status=SignUp.Status.CONFIRMED).count()

    @property
    def places_left(self) -> int | None:
        """Free places (None: no limit)."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.places_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    def signup_is_open(self, now: datetime.datetime | None = None) -> bool:
        return self.status == self.Status.PUBLISHED and (now or timezone.now()) < self.signup_closes_at

    def cancel_is_open(self, now: datetime.datetime | None = None) -> bool:
        """Whether a volunteer may still cancel themself (staff may until the end)."""
        return (now or timezone.now()) < self.cancel_closes_at

    @property
    def signup_closes_at(self) -> datetime.datetime:
        return self.signup_deadline or self.start

    @property
    def cancel_closes_at(self) -> datetime.datetime:
        return self.start - datetime.timedelta(hours=settings.SIGNUP_CANCEL_CUTOFF_HOURS)

    @property
    def place(self) -> str:
        if self.site_id and self.address:
            return f"{self.site.name}（{self.address}）"
        return self.site.name if self.site_id else self.address


class SignUpQuerySet(ScopedQuerySet):
    community_path = "activity__community"
    street_path = "activity__street"

    def active(self):
        return self.exclude(status=SignUp.Status.CANCELLED)

    def visible_to_team_leader(self, user):
        return self.filter(Q(activity__team_id__in=led_team_ids(user)) | Q(volunteer__user=user))

    def visible_to_volunteer(self, user):
        return self.filter(volunteer__user=user)


class SignUp(models.Model):
    """报名: one per volunteer and activity; a cancelled one is reused if they sign up again."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class CheckMethod(models.TextChoices):
        STAFF = "staff", _("By staff")
        QR = "qr", _("QR code")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups", verbose_name=_("activity"))
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="signups", verbose_name=_("volunteer")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # Waiting-list order: when this sign-up (last) entered its status.
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed up by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    check_method = models.CharField(_("checked in"), max_length=10, choices=CheckMethod.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["activity", "status", "queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="signup_one_per_volunteer"),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True) | Q(checked_in_at__isnull=False),
                name="signup_checkout_after_checkin",
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True) | Q(checked_out_at__gte=models.F("checked_in_at")),
                name="signup_checkout_not_before_checkin",
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "status"], name="signup_volunteer_status"),
            models.Index(fields=["activity", "status", "queued_at"], name="signup_activity_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.activity}"

    @property
    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        return (
            SignUp.objects.filter(activity_id=self.activity_id, status=self.Status.WAITLISTED)
            .filter(Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk))
            .count()
            + 1
        )


class ServiceRecordQuerySet(ScopedQuerySet):
    def confirmed(self):
        return self.filter(status=ServiceRecord.Status.CONFIRMED)

    def visible_to_team_leader(self, user):
        return self.filter(Q(activity__team_id__in=led_team_ids(user)) | Q(volunteer__user=user))

    def visible_to_volunteer(self, user):
        return self.filter(volunteer__user=user)


class ServiceRecord(models.Model):
    """The ledger: one line of service by one volunteer. Hours count only once confirmed by a
    team leader or staff ("whoever organises records; whoever records certifies")."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        VOID = "void", _("Void")

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="service_records", verbose_name=_("volunteer")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
        verbose_name=_("activity"),
    )
    signup = models.OneToOneField(
        SignUp,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_record",
        verbose_name=_("sign-up"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="service_records", verbose_name=_("community")
    )
    service_type = models.ForeignKey(
        ServiceType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
        verbose_name=_("service type"),
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    served = models.CharField(_("who was served"), max_length=200, blank=True)
    content = models.TextField(_("what was done"), blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    rating = models.PositiveSmallIntegerField(_("quality rating"), null=True, blank=True, help_text=_("1 to 5"))
    person_in_charge = models.CharField(_("person in charge"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # A correction after the fact keeps the old value here.
    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(hours__lte=24), name="record_hours_in_a_day"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="record_rating_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["volunteer", "activity"],
                condition=Q(activity__isnull=False),
                name="record_one_per_volunteer_activity",
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "status", "date"], name="record_volunteer_date"),
            models.Index(fields=["community", "date"], name="record_community_date"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.date} {self.hours}h"
