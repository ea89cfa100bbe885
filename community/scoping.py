"""Who may see what: the first rule of the system (DESIGN.md §2).

Every scoped model's queryset derives from ScopedQuerySet and answers `visible_to(user)`.
Admin, API and web UI all start from it, so one method per model decides visibility.
A model names the lookup path from itself to `community.Community` in `community_path`;
models that may belong to a whole street (teams, street-wide activities) also name
`street_path`. Team leaders and volunteers see what the model's hooks give them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Platform admin")
    STREET_STAFF = "street_staff", _("Street staff")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    TEAM_LEADER = "team_leader", _("Team leader")
    VOLUNTEER = "volunteer", _("Volunteer")


STAFF_ROLES = frozenset({Role.ADMIN, Role.STREET_STAFF, Role.COMMUNITY_STAFF})


def is_platform_admin(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def sees_personal_data(user) -> bool:
    """Staff who look after people see full ID numbers, phones, addresses and health;
    everyone else sees them masked (PIPL: only the roles that need them)."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.role in STAFF_ROLES))


class ScopedQuerySet(models.QuerySet):
    community_path: str = "community"
    # For objects that can belong to a street without a community (None: always a community).
    street_path: str | None = None

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_platform_admin(user):
            return self.all()
        role = user.role
        if role == Role.STREET_STAFF:
            return self.filter(self._street_q(user.street_id)) if user.street_id else self.none()
        if role == Role.COMMUNITY_STAFF:
            return self.filter(self._community_q(user)) if user.community_id else self.none()
        if role == Role.TEAM_LEADER:
            return self.visible_to_team_leader(user)
        if role == Role.VOLUNTEER:
            return self.visible_to_volunteer(user)
        return self.none()

    def _street_q(self, street_id: int) -> Q:
        q = Q(**{f"{self.community_path}__street_id": street_id})
        if self.street_path:
            q |= Q(**{f"{self.community_path}__isnull": True, f"{self.street_path}_id": street_id})
        return q

    def _community_q(self, user) -> Q:
        q = Q(**{f"{self.community_path}_id": user.community_id})
        if self.street_path:
            # Street-wide objects (no community) are shared with every community of the street.
            q |= Q(**{f"{self.community_path}__isnull": True, f"{self.street_path}_id": user.community.street_id})
        return q

    def in_community_of(self, user):
        """What a user's own community holds (team leaders and volunteers start here)."""
        if not user.community_id:
            return self.none()
        return self.filter(self._community_q(user))

    # Hooks for the two roles that see less than a community.
    def visible_to_team_leader(self, user):
        return self.none()

    def visible_to_volunteer(self, user):
        return self.none()
