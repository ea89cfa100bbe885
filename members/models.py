"""Retired members, the quarterly contact system, pairing, and care archives."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from community.models import Building, Community, Compound, Grid, PartyOrganization, Site
from community.periods import full_years, next_anniversary, quarter_bounds, today
from community.scoping import ScopedQuerySet
from community.validators import birth_date_from_id, normalize_id_number, validate_id_number, validate_mobile


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    TRANSFERRED = "transferred", _("Transferred out")
    DECEASED = "deceased", _("Deceased")


class NotDeletable(models.Model):
    """People are never deleted, only given a status (DESIGN.md §3)."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise ValidationError(_("People are never deleted; set their status instead."))


class PersonFields(models.Model):
    """What a person record holds in every app: identity, contact, and validated numbers."""

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_number = models.CharField(
        _("ID number"), max_length=18, null=True, blank=True, unique=True, validators=[validate_id_number]
    )
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True, validators=[validate_mobile])

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.id_number == "":
            self.id_number = None
        elif self.id_number:
            self.id_number = normalize_id_number(self.id_number)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.id_number:
            self.id_number = normalize_id_number(self.id_number)
            born = birth_date_from_id(self.id_number)
            if self.birth_date and born and born != self.birth_date:
                raise ValidationError({"birth_date": _("The birth date does not match the ID number.")})
            if not self.birth_date:
                self.birth_date = born

    def age_on(self, day: datetime.date) -> int | None:
        return full_years(self.birth_date, day) if self.birth_date else None

    @property
    def age(self) -> int | None:
        return self.age_on(today())


class MemberQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status=PersonStatus.ACTIVE)

    def with_contact_status(self, day: datetime.date | None = None):
        """Annotate `contacted_this_quarter` for the quarter containing `day` (default today)."""
        start, end = quarter_bounds(day or today())
        contacts = ContactLog.objects.filter(member=OuterRef("pk"), contacted_on__range=(start, end))
        return self.annotate(contacted_this_quarter=Exists(contacts))

    def not_contacted_in_quarter(self, day: datetime.date | None = None):
        return self.with_contact_status(day).filter(contacted_this_quarter=False)

    def contact_coverage(self, day: datetime.date | None = None) -> tuple[int, int]:
        """(contacted, total) among active members for the quarter containing `day`."""
        from django.db.models import Count

        qs = self.active().with_contact_status(day)
        counts = qs.aggregate(total=Count("pk"), contacted=Count("pk", filter=Q(contacted_this_quarter=True)))
        return counts["contacted"], counts["total"]


class Member(NotDeletable, PersonFields):
    """A retired Party member or cadre registered with a community."""

    class ManagementMode(models.TextChoices):
        DIRECT = "direct", _("Direct (healthy, active)")
        CARE = "care", _("Care-managed (frail, visited at home)")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="members", verbose_name=_("community")
    )
    compound = models.ForeignKey(
        Compound, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("compound")
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("grid")
    )
    building = models.ForeignKey(
        Building, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("building")
    )
    address = models.CharField(_("home address"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_profile",
        verbose_name=_("login"),
    )

    is_party_member = models.BooleanField(_("Party member"), default=True)
    party_organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Party organisation"),
    )
    party_joined_on = models.DateField(_("joined the Party on"), null=True, blank=True)
    former_work_unit = models.CharField(_("former work unit"), max_length=100, blank=True)
    former_position = models.CharField(_("former position"), max_length=100, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    # The "five olds" (五老); one person can be several.
    is_old_party_member = models.BooleanField(_("old Party member"), default=False)
    is_old_cadre = models.BooleanField(_("old cadre"), default=False)
    is_old_expert = models.BooleanField(_("old expert"), default=False)
    is_old_soldier = models.BooleanField(_("old soldier"), default=False)
    is_old_model = models.BooleanField(_("old model worker"), default=False)

    skills = models.CharField(_("skills"), max_length=200, blank=True)
    interests = models.CharField(_("interests"), max_length=200, blank=True)
    health = models.TextField(_("health"), blank=True)
    # Living situation: sensitive, shown only to staff.
    lives_alone = models.BooleanField(_("lives alone"), default=False)
    lost_only_child = models.BooleanField(_("lost only child"), default=False)
    widowed = models.BooleanField(_("widowed"), default=False)
    seriously_ill = models.BooleanField(_("seriously ill"), default=False)
    high_medical_costs = models.BooleanField(_("high medical costs"), default=False)
    special_hardship = models.BooleanField(_("special hardship"), default=False)
    emergency_contact = models.CharField(_("emergency contact"), max_length=100, blank=True)

    management_mode = models.CharField(
        _("management mode"), max_length=10, choices=ManagementMode.choices, default=ManagementMode.DIRECT
    )
    status = models.CharField(_("status"), max_length=20, choices=PersonStatus.choices, default=PersonStatus.ACTIVE)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    consent_recorded_on = models.DateField(
        _("consent to extra personal data recorded on"),
        null=True,
        blank=True,
        help_text=_("Health and family details beyond the basic record need the person's consent."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MemberQuerySet.as_manager()

    FIVE_OLDS = ("is_old_party_member", "is_old_cadre", "is_old_expert", "is_old_soldier", "is_old_model")
    LIVING_SITUATION = (
        "lives_alone",
        "lost_only_child",
        "widowed",
        "seriously_ill",
        "high_medical_costs",
        "special_hardship",
    )

    class Meta:
        verbose_name = _("retired member")
        verbose_name_plural = _("retired members")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["community", "status"], name="member_community_status"),
            models.Index(fields=["name"], name="member_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_joined_on__isnull=True)
                | Q(birth_date__isnull=True)
                | Q(party_joined_on__gt=models.F("birth_date")),
                name="member_joined_party_after_birth",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def party_years(self) -> int | None:
        """党龄: full years since joining the Party."""
        return full_years(self.party_joined_on, today()) if self.party_joined_on else None

    def next_political_birthday(self, on_or_after: datetime.date | None = None) -> datetime.date | None:
        """政治生日: the next anniversary of joining the Party."""
        if not self.party_joined_on:
            return None
        return next_anniversary(self.party_joined_on, on_or_after or today())

    def next_birthday(self, on_or_after: datetime.date | None = None) -> datetime.date | None:
        if not self.birth_date:
            return None
        return next_anniversary(self.birth_date, on_or_after or today())

    def was_contacted_in_quarter(self, day: datetime.date | None = None) -> bool:
        start, end = quarter_bounds(day or today())
        return self.contact_logs.filter(contacted_on__range=(start, end)).exists()

    @property
    def five_olds_labels(self) -> list[str]:
        return [str(self._meta.get_field(f).verbose_name) for f in self.FIVE_OLDS if getattr(self, f)]

    @property
    def living_situation_labels(self) -> list[str]:
        return [str(self._meta.get_field(f).verbose_name) for f in self.LIVING_SITUATION if getattr(self, f)]


class PartyPost(models.Model):
    """A member's post in a Party organisation: secretary (书记), deputy or committee member (委员)."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY = "deputy", _("Deputy secretary")
        COMMITTEE = "committee", _("Committee member")

    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.CASCADE, related_name="posts", verbose_name=_("Party organisation")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="party_posts", verbose_name=_("member"))
    role = models.CharField(_("post"), max_length=20, choices=Role.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    class QuerySet(ScopedQuerySet):
        community_path = "member__community"

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("Party post")
        verbose_name_plural = _("Party posts")
        constraints = [models.UniqueConstraint(fields=["organization", "member", "role"], name="party_post_unique")]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_role_display()} {self.member}"


class ContactLog(models.Model):
    """One contact under the quarterly contact system (季度联系制度)."""

    class Method(models.TextChoices):
        VISIT = "visit", _("Home visit")
        CALL = "call", _("Phone call")
        HOME_SERVICE = "home_service", _("Service at home")
        STUDY_DELIVERY = "study_delivery", _("Study session delivered")
        MEETING = "meeting", _("Met at an activity")
        OTHER = "other", _("Other")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="contact_logs", verbose_name=_("member"))
    contacted_on = models.DateField(_("contacted on"))
    method = models.CharField(_("how"), max_length=20, choices=Method.choices, default=Method.VISIT)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_logs",
        verbose_name=_("logged by"),
    )
    contact_person = models.CharField(_("contacted by (name)"), max_length=50, blank=True)
    content = models.TextField(_("what was said"), blank=True)
    needs = models.TextField(_("needs raised"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class QuerySet(ScopedQuerySet):
        community_path = "member__community"

        def in_quarter(self, day: datetime.date):
            return self.filter(contacted_on__range=quarter_bounds(day))

    objects = QuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact log")
        verbose_name_plural = _("contact logs")
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["member", "contacted_on"], name="contact_member_date")]

    def __str__(self) -> str:
        return f"{self.member} {self.contacted_on}"

    def clean(self) -> None:
        if self.contacted_on and self.contacted_on > today():
            raise ValidationError({"contacted_on": _("A contact cannot be logged for a future date.")})


class CareArchiveQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status=CareArchive.Status.ACTIVE)


class CareArchive(NotDeletable, PersonFields):
    """专属档案: a vulnerable resident the community looks after (need not be a member)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MOVED = "moved", _("Moved away")
        DECEASED = "deceased", _("Deceased")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="care_archives", verbose_name=_("community")
    )
    compound = models.ForeignKey(
        Compound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_archives",
        verbose_name=_("compound"),
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.SET_NULL, null=True, blank=True, related_name="care_archives", verbose_name=_("grid")
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_archives",
        verbose_name=_("building"),
    )
    address = models.CharField(_("home address"), max_length=200, blank=True)
    member = models.OneToOneField(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_archive",
        verbose_name=_("also a retired member"),
    )

    elderly_alone = models.BooleanField(_("elderly living alone"), default=False)
    lost_only_child = models.BooleanField(_("family that lost its only child"), default=False)
    hardship = models.BooleanField(_("household in hardship"), default=False)
    disabled = models.BooleanField(_("disability"), default=False)
    health = models.TextField(_("health"), blank=True)
    family_situation = models.TextField(_("family situation"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    # 爱心联系卡: who to call, printed on the card the resident keeps.
    helper_name = models.CharField(_("helper on the love contact card"), max_length=50, blank=True)
    helper_phone = models.CharField(_("helper's phone"), max_length=11, blank=True, validators=[validate_mobile])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    opened_on = models.DateField(_("opened on"), default=today)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CareArchiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("care archive")
        verbose_name_plural = _("care archives")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["community", "status"], name="care_community_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def category_labels(self) -> list[str]:
        fields = ("elderly_alone", "lost_only_child", "hardship", "disabled")
        return [str(self._meta.get_field(f).verbose_name) for f in fields if getattr(self, f)]


class Pair(models.Model):
    """结对帮扶: a helper paired with someone who needs help."""

    class Kind(models.TextChoices):
        YOUNG_OLD = "young_old", _("Younger retiree with an older one")
        REPRESENTATIVE = "representative", _("Party representative with a household in hardship")
        VOLUNTEER_ALONE = "volunteer_alone", _("Party volunteer with an elderly person living alone")
        OTHER = "other", _("Other")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="pairs", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    helper = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pairs_as_helper",
        verbose_name=_("helper (member)"),
    )
    helper_name = models.CharField(
        _("helper (name)"), max_length=50, blank=True, help_text=_("When the helper is not a registered member.")
    )
    helped_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pairs_as_helped",
        verbose_name=_("helped member"),
    )
    helped_archive = models.ForeignKey(
        CareArchive,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pairs",
        verbose_name=_("helped resident"),
    )
    started_on = models.DateField(_("started on"), default=today)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class QuerySet(ScopedQuerySet):
        def current(self):
            return self.filter(ended_on__isnull=True)

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(helper__isnull=False) | ~Q(helper_name=""), name="pair_has_helper"),
            models.CheckConstraint(
                condition=Q(helped_member__isnull=False) | Q(helped_archive__isnull=False), name="pair_has_helped"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="pair_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.helper_display} → {self.helped_display}"

    @property
    def helper_display(self) -> str:
        return self.helper.name if self.helper_id else self.helper_name

    @property
    def helped_display(self) -> str:
        if self.helped_member_id:
            return self.helped_member.name
        return self.helped_archive.name if self.helped_archive_id else ""


class PairVisit(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="visits", verbose_name=_("pair"))
    visited_on = models.DateField(_("visited on"))
    content = models.TextField(_("what was done"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class QuerySet(ScopedQuerySet):
        community_path = "pair__community"

    objects = QuerySet.as_manager()

    class Meta:
        verbose_name = _("pair visit")
        verbose_name_plural = _("pair visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["pair", "visited_on"], name="pairvisit_pair_date")]

    def __str__(self) -> str:
        return f"{self.pair} {self.visited_on}"


class Studio(models.Model):
    """工作室 (a named member's studio) or 示范岗 (model post), led by a member."""

    class Kind(models.TextChoices):
        STUDIO = "studio", _("Studio")
        MODEL_POST = "model_post", _("Model post")

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="studios", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STUDIO)
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="studios", verbose_name=_("led by")
    )
    focus = models.CharField(_("focus"), max_length=200, blank=True)
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="studios", verbose_name=_("site")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("studio or model post")
        verbose_name_plural = _("studios and model posts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
