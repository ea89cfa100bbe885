"""Logins. A user has one role and is tied to the street or community the role works in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.scoping import Role
from community.validators import validate_mobile


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VOLUNTEER)
    street = models.ForeignKey(
        "community.Street",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("street"),
    )
    community = models.ForeignKey(
        "community.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("community"),
    )
    phone = models.CharField(
        _("mobile phone"), max_length=11, null=True, blank=True, unique=True, validators=[validate_mobile]
    )
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    # Set when staff hand out a temporary password on a first-login slip.
    must_change_password = models.BooleanField(_("must choose a new password at next login"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.STREET_STAFF) | Q(street__isnull=False),
                name="user_street_staff_has_street",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.COMMUNITY_STAFF) | Q(community__isnull=False),
                name="user_community_staff_has_community",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == Role.STREET_STAFF and not self.street_id:
            raise ValidationError({"street": _("Street staff must belong to a street.")})
        if self.role == Role.COMMUNITY_STAFF and not self.community_id:
            raise ValidationError({"community": _("Community staff must belong to a community.")})
        if self.community_id and self.street_id and self.community.street_id != self.street_id:
            raise ValidationError({"community": _("This community is not in the chosen street.")})

    def save(self, *args, **kwargs):
        if self.phone == "":
            self.phone = None
        # Platform admins manage the system through Django admin.
        if self.role == Role.ADMIN:
            self.is_staff = True
        super().save(*args, **kwargs)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_staff_role(self) -> bool:
        return self.is_superuser or self.role in (Role.ADMIN, Role.STREET_STAFF, Role.COMMUNITY_STAFF)
