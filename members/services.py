"""Workflows of the members app."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import ContactLog, Member, Pair, PairVisit


def contact_log(
    *,
    member: Member,
    by_user,
    contacted_on: datetime.date,
    method: str = ContactLog.Method.VISIT,
    content: str = "",
    needs: str = "",
    follow_up: str = "",
    contact_person: str = "",
) -> ContactLog:
    """Log one contact with a retired member (季度联系制度)."""
    if by_user is not None and not Member.objects.visible_to(by_user).filter(pk=member.pk).exists():
        raise PermissionDenied(_("You cannot log contacts for this member."))
    log = ContactLog(
        member=member,
        contacted_on=contacted_on,
        method=method,
        content=content,
        needs=needs,
        follow_up=follow_up,
        contacted_by=by_user,
        contact_person=contact_person or (str(by_user) if by_user is not None else ""),
    )
    log.full_clean()
    log.save()
    return log


def pair_visit_log(*, pair: Pair, by_user, visited_on: datetime.date, content: str = "") -> PairVisit:
    if by_user is not None and not Pair.objects.visible_to(by_user).filter(pk=pair.pk).exists():
        raise PermissionDenied(_("You cannot log visits for this pair."))
    visit = PairVisit(pair=pair, visited_on=visited_on, content=content, recorded_by=by_user)
    visit.full_clean()
    visit.save()
    return visit
