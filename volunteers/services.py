"""Workflows of the volunteers app: service certificates, first-login passwords and the
private calendar feed token. Views (the volunteer portal, the staff UI) and the API call
these; none of them re-implements a rule.

Hours come from the ledger (activities.ServiceRecord) through the reverse relation
`volunteer.service_records`, so this module never imports the app above it.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from community.periods import today
from community.scoping import STAFF_ROLES, Role, is_platform_admin

from .models import ZERO_HOURS, Certificate, Volunteer

# The ledger's status for hours that count (activities.ServiceRecord.Status.CONFIRMED).
CONFIRMED = "confirmed"
# Letters that cannot be mistaken for digits when read off a printed slip.
_SLIP_LETTERS = "abcdefghjkmnpqrstuvwxyz"


def _is_self(user, volunteer: Volunteer) -> bool:
    return bool(user is not None and user.is_authenticated and volunteer.user_id == user.pk)


def _is_staff_over(user, volunteer: Volunteer) -> bool:
    """Staff (platform, street, community) whose scope holds the volunteer."""
    if user is None or not user.is_authenticated:
        return False
    if not (is_platform_admin(user) or user.role in STAFF_ROLES):
        return False
    return Volunteer.objects.visible_to(user).filter(pk=volunteer.pk).exists()


def can_issue_certificate(user, volunteer: Volunteer) -> bool:
    """The volunteer themselves (self-service download), staff of their scope, or a leader
    of one of their teams ("whoever records certifies")."""
    if _is_self(user, volunteer):
        return True
    if _is_staff_over(user, volunteer):
        return True
    if user is not None and user.is_authenticated and user.role == Role.TEAM_LEADER:
        return Volunteer.objects.visible_to(user).filter(pk=volunteer.pk).exists()
    return False


def can_reset_password(user, volunteer: Volunteer) -> bool:
    """Only staff of the volunteer's scope hand out first-login passwords, and only for a
    volunteer's or team leader's login: a volunteer record linked to a staff or admin login
    must not become a way to take that login over."""
    if not _is_staff_over(user, volunteer):
        return False
    login = volunteer.user
    if login is None:
        return True
    return not (login.is_superuser or login.is_staff) and login.role in (Role.VOLUNTEER, Role.TEAM_LEADER)


def issuer_name_for(volunteer: Volunteer) -> str:
    """The default issuing organisation: the volunteer's community with its street."""
    community = volunteer.community
    return f"{community.street.name}{community.name}"


def _new_certificate_number(volunteer: Volunteer, issued_on: datetime.date) -> str:
    # Year, community and a random part: unique without a counter row to lock.
    while True:
        number = f"ZYFW-{issued_on:%Y}-{volunteer.community_id:04d}-{secrets.randbelow(10**6):06d}"
        if not Certificate.objects.filter(number=number).exists():
            return number


def certificate_issue(
    *,
    volunteer: Volunteer,
    period_start: datetime.date,
    period_end: datetime.date,
    by_user,
    issuer_name: str = "",
    person_in_charge: str = "",
    handler: str = "",
    contact_phone: str = "",
) -> Certificate:
    """Issue a service certificate (志愿服务证明): a frozen snapshot of the volunteer's
    confirmed hours, cumulative and in the period, with the activities of the period.

    Only confirmed hours count (national record rules). A volunteer may issue their own
    (self-service: the handler says so); asking again the same day for the same period with
    the same figures returns the certificate already issued instead of a new number.
    """
    if not can_issue_certificate(by_user, volunteer):
        raise PermissionDenied(_("You cannot issue a certificate for this volunteer."))
    issued_on = today()
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period must not be before its start.")})
    if period_end > issued_on:
        raise ValidationError({"period_end": _("The period cannot end after today.")})

    records = (
        volunteer.service_records.filter(status=CONFIRMED, date__gte=period_start, date__lte=period_end)
        .order_by("date", "pk")
        .values("date", "hours", "content", "place", "activity__title", "service_type__name")
    )
    activities = [
        {
            "date": record["date"].isoformat(),
            "title": record["activity__title"] or record["content"] or record["service_type__name"] or "",
            "place": record["place"],
            "hours": str(record["hours"]),
        }
        for record in records
    ]
    period_hours = sum((Decimal(item["hours"]) for item in activities), ZERO_HOURS)
    total_hours = (
        volunteer.service_records.filter(status=CONFIRMED, date__lte=issued_on).aggregate(total=Sum("hours"))["total"]
        or ZERO_HOURS
    )
    self_service = _is_self(by_user, volunteer) and not _is_staff_over(by_user, volunteer)
    if self_service:
        # The volunteer chooses only the period; the issuing side comes from their community.
        issuer_name = issuer_name_for(volunteer)
        person_in_charge = ""
        handler = _("Self-service (issued online)")
        contact_phone = volunteer.community.phone
        same = Certificate.objects.filter(
            volunteer=volunteer,
            issued_by=by_user,
            issued_on=issued_on,
            period_start=period_start,
            period_end=period_end,
            total_hours=total_hours,
            period_hours=period_hours,
        ).first()
        if same is not None:
            return same
    values = {
        "volunteer": volunteer,
        "period_start": period_start,
        "period_end": period_end,
        "total_hours": total_hours,
        "period_hours": period_hours,
        "activities": activities,
        "issuer_name": (issuer_name or issuer_name_for(volunteer)).strip(),
        "person_in_charge": person_in_charge.strip(),
        "handler": (handler or str(by_user)).strip(),
        "contact_phone": (contact_phone or volunteer.community.phone).strip(),
        "issued_on": issued_on,
        "issued_by": by_user,
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    number=_new_certificate_number(volunteer, issued_on),
                    **values,
                )
        except IntegrityError:  # two issues drew the same random number at once: draw again
            continue
    raise ValidationError(_("Could not issue the certificate; please try again."))


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code (public check; case and spaces ignored)."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if not cleaned or len(cleaned) > 16:
        return None
    return Certificate.objects.select_related("volunteer").filter(verification_code=cleaned).first()


def _slip_password() -> str:
    # Three letters then five digits: one switch of the phone keyboard, easy to read aloud.
    return "".join(secrets.choice(_SLIP_LETTERS) for _ in range(3)) + f"{secrets.randbelow(10**5):05d}"


def volunteer_reset_password(*, volunteer: Volunteer, by_user, password: str = ""):
    """Give a volunteer a temporary password for a first-login slip; returns (user, password).

    A volunteer without a login gets one: its login name is the volunteer number, and their
    mobile number works too when no other login uses it. Only staff of the volunteer's scope
    may do this; the password is never stored in clear or logged.
    """
    if not can_reset_password(by_user, volunteer):
        raise PermissionDenied(_("You cannot reset this volunteer's password."))
    if volunteer.status in (Volunteer.Status.LEFT, Volunteer.Status.DECEASED):
        raise ValidationError(_("This volunteer is no longer active; a login cannot be given."))
    User = get_user_model()
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        user = volunteer.user
        if user is None:
            phone = volunteer.phone or None
            if phone and User.objects.filter(phone=phone).exists():
                phone = None
            user = User(
                username=volunteer.volunteer_number.lower(),
                role=Role.VOLUNTEER,
                community=volunteer.community,
                street=volunteer.community.street,
                phone=phone,
                display_name=volunteer.name,
            )
        if password:
            validate_password(password, user)
        else:
            password = _slip_password()
        user.set_password(password)
        user.is_active = True
        # The slip's password is known to whoever printed it: the volunteer picks their own.
        user.must_change_password = True
        user.save()
        if volunteer.user_id != user.pk:
            volunteer.user = user
            volunteer.save(update_fields=["user", "updated_at"])
    return user, password


def calendar_token_reset(*, volunteer: Volunteer, by_user) -> str:
    """Give the volunteer a new private calendar-feed address; the old one stops working."""
    if not (_is_self(by_user, volunteer) or _is_staff_over(by_user, volunteer)):
        raise PermissionDenied(_("You cannot change this calendar address."))
    volunteer.reset_calendar_token()
    return volunteer.calendar_token


# --- Team memberships (staff UI: add to a team, leave a team) ------------------------------------


def _can_manage_team(user, team) -> bool:
    from .models import led_team_ids

    if user is None or not user.is_authenticated:
        return False
    if is_platform_admin(user) or user.role in STAFF_ROLES:
        return type(team).objects.visible_to(user).filter(pk=team.pk).exists()
    return user.role == Role.TEAM_LEADER and team.pk in led_team_ids(user)


def membership_add(
    *, team, volunteer: Volunteer, by_user, role: str = "member", joined_on: datetime.date | None = None
):
    """Add a volunteer to a team (staff of the team's scope, or its leader). A volunteer has
    at most one open membership per team; someone who left can join again (a new row)."""
    from .models import TeamMembership

    if not _can_manage_team(by_user, team):
        raise PermissionDenied(_("You cannot change this team's members."))
    if not Volunteer.objects.visible_to(by_user).filter(pk=volunteer.pk).exists():
        raise PermissionDenied(_("You cannot add this volunteer."))
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise ValidationError({"volunteer": _("Only active volunteers can join a team.")})
    joined_on = joined_on or today()
    if joined_on > today():
        raise ValidationError({"joined_on": _("The joining date cannot be in the future.")})
    if TeamMembership.objects.filter(team=team, volunteer=volunteer, left_on__isnull=True).exists():
        raise ValidationError({"volunteer": _("{name} is already in this team.").format(name=volunteer.name)})
    return TeamMembership.objects.create(team=team, volunteer=volunteer, role=role, joined_on=joined_on)


def _can_manage_membership(user, membership) -> bool:
    """The team's staff or leader, and, for staff, only their own people: in a street-wide
    team, one community's staff do not change another community's volunteers."""
    if not _can_manage_team(user, membership.team):
        return False
    if user.role == Role.TEAM_LEADER or is_platform_admin(user):
        return True
    return Volunteer.objects.visible_to(user).filter(pk=membership.volunteer_id).exists()


def membership_update(*, membership, by_user, data: dict):
    """Change a member's role or joining date. Moving a row to another team or person is not a
    change but a new membership: end this one and add another."""
    if not _can_manage_membership(by_user, membership):
        raise PermissionDenied(_("You cannot change this team's members."))
    for name in ("team", "volunteer"):
        if name in data and data[name] != getattr(membership, name):
            raise ValidationError({name: _("End this membership and add a new one instead.")})
    if "left_on" in data and data["left_on"] != membership.left_on:
        raise ValidationError({"left_on": _("Use “end membership” to record who left and when.")})
    joined_on = data.get("joined_on", membership.joined_on)
    if joined_on > today():
        raise ValidationError({"joined_on": _("The joining date cannot be in the future.")})
    membership.role = data.get("role", membership.role)
    membership.joined_on = joined_on
    membership.full_clean()
    membership.save(update_fields=["role", "joined_on"])
    return membership


def membership_end(*, membership, by_user, left_on: datetime.date | None = None):
    """End a membership on a date. Nobody is deleted: the row stays as the team's history."""
    if not _can_manage_membership(by_user, membership):
        raise PermissionDenied(_("You cannot change this team's members."))
    if membership.left_on is not None:
        raise ValidationError(_("This membership has already ended."))
    left_on = left_on or today()
    if left_on > today():
        raise ValidationError({"left_on": _("The leaving date cannot be in the future.")})
    if left_on < membership.joined_on:
        raise ValidationError(
            {"left_on": _("The leaving date cannot be before joining ({date}).").format(date=membership.joined_on)}
        )
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    return membership
