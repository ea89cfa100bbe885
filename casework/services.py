"""Workflows of casework: resident requests (raised → assigned → done, or closed without
action) and mediation cases (accepted → mediating → resolved / not resolved / referred).

Views and the API call these; each checks that the user may act on the record and that the
step is allowed from the record's current status, and raises ValidationError (a message for
the user) or PermissionDenied.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from community.periods import today
from community.scoping import STAFF_ROLES, Role, is_platform_admin
from volunteers.models import Volunteer

from .models import MediationCase, ResidentRequest

OPEN_REQUEST_STATUSES = (ResidentRequest.Status.RAISED, ResidentRequest.Status.ASSIGNED)


def _require_staff_over(user, obj) -> None:
    """Only staff whose scope holds the record may move it along."""
    if user is None or not user.is_authenticated or not (is_platform_admin(user) or user.role in STAFF_ROLES):
        raise PermissionDenied(_("Only community and street staff can handle casework."))
    if not type(obj).objects.visible_to(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("This record is outside your community."))


def _check_day(day: datetime.date, not_before: datetime.date, field: str) -> None:
    if day > today():
        raise ValidationError({field: _("This date is in the future.")})
    if day < not_before:
        raise ValidationError(
            {field: _("This date is before the record was opened ({date}).").format(date=not_before.isoformat())}
        )


def assignable_staff(community):
    """Staff who can take a request of `community`: its own staff and the staff of its street."""
    User = get_user_model()
    return User.objects.filter(
        Q(role=Role.COMMUNITY_STAFF, community=community) | Q(role=Role.STREET_STAFF, street_id=community.street_id),
        is_active=True,
    ).order_by("role", "username")


def assignable_volunteers(community):
    return Volunteer.objects.filter(community=community, status=Volunteer.Status.ACTIVE).order_by("name", "pk")


# --- Resident requests ---------------------------------------------------------------------------


def request_assign(
    *,
    request: ResidentRequest,
    by_user,
    assigned_user=None,
    assigned_volunteer: Volunteer | None = None,
    on: datetime.date | None = None,
) -> ResidentRequest:
    """Give an open request to a staff member and/or a volunteer of its community (or reassign it)."""
    _require_staff_over(by_user, request)
    if request.status not in OPEN_REQUEST_STATUSES:
        raise ValidationError(_("This request is already finished; it cannot be assigned."))
    if assigned_user is None and assigned_volunteer is None:
        raise ValidationError(_("Choose a staff member or a volunteer."))
    if assigned_user is not None and not assignable_staff(request.community).filter(pk=assigned_user.pk).exists():
        raise ValidationError({"assigned_user": _("This person is not staff of the request's community.")})
    if assigned_volunteer is not None and assigned_volunteer.community_id != request.community_id:
        raise ValidationError({"assigned_volunteer": _("This volunteer is not in the request's community.")})
    day = on or today()
    _check_day(day, request.raised_on, "assigned_on")
    request.assigned_user = assigned_user
    request.assigned_volunteer = assigned_volunteer
    request.assigned_on = day
    request.status = ResidentRequest.Status.ASSIGNED
    request.save(update_fields=["assigned_user", "assigned_volunteer", "assigned_on", "status"])
    return request


def request_complete(
    *,
    request: ResidentRequest,
    by_user,
    result: str,
    feedback: str = "",
    satisfaction: int | None = None,
    done_on: datetime.date | None = None,
) -> ResidentRequest:
    """Record what was done for an assigned request, with the resident's feedback."""
    _require_staff_over(by_user, request)
    if request.status != ResidentRequest.Status.ASSIGNED:
        raise ValidationError(_("Assign the request to someone before marking it done."))
    if not (result or "").strip():
        raise ValidationError({"result": _("Say what was done.")})
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": _("Satisfaction is from 1 to 5.")})
    day = done_on or today()
    _check_day(day, request.raised_on, "done_on")
    request.result = result.strip()
    request.feedback = (feedback or "").strip()
    request.satisfaction = satisfaction
    request.done_on = day
    request.status = ResidentRequest.Status.DONE
    request.save(update_fields=["result", "feedback", "satisfaction", "done_on", "status"])
    return request


def request_close(*, request: ResidentRequest, by_user, reason: str) -> ResidentRequest:
    """Close an open request without action (a duplicate, withdrawn, not the community's matter)."""
    _require_staff_over(by_user, request)
    if request.status not in OPEN_REQUEST_STATUSES:
        raise ValidationError(_("This request is already finished."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for closing.")})
    request.result = reason.strip()
    request.done_on = today()
    request.status = ResidentRequest.Status.CLOSED
    request.save(update_fields=["result", "done_on", "status"])
    return request


# --- Mediation cases ---------------------------------------------------------------------------------


def case_assign(
    *, case: MediationCase, by_user, mediator: Volunteer | None = None, mediator_name: str = ""
) -> MediationCase:
    """Name the mediator (a volunteer of the community, or a name) and start mediating."""
    _require_staff_over(by_user, case)
    if case.status in MediationCase.CLOSED_STATUSES:
        raise ValidationError(_("This case is closed."))
    mediator_name = (mediator_name or "").strip()
    if mediator is None and not mediator_name:
        raise ValidationError(_("Choose a volunteer or type the mediator's name."))
    if mediator is not None and mediator.community_id != case.community_id:
        raise ValidationError({"mediator": _("This volunteer is not in the case's community.")})
    case.mediator = mediator
    case.mediator_name = "" if mediator is not None else mediator_name
    case.status = MediationCase.Status.MEDIATING
    case.save(update_fields=["mediator", "mediator_name", "status"])
    return case


def case_close(
    *, case: MediationCase, by_user, status: str, outcome: str, closed_on: datetime.date | None = None
) -> MediationCase:
    """Close a case as resolved, not resolved or referred, with its outcome."""
    _require_staff_over(by_user, case)
    if case.status in MediationCase.CLOSED_STATUSES:
        raise ValidationError(_("This case is already closed."))
    if status not in MediationCase.CLOSED_STATUSES:
        raise ValidationError({"status": _("Choose how the case ended.")})
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Describe the outcome.")})
    day = closed_on or today()
    _check_day(day, case.received_on, "closed_on")
    case.status = status
    case.outcome = outcome.strip()
    case.closed_on = day
    case.save(update_fields=["status", "outcome", "closed_on"])
    return case
