"""What staff must not forget about retired members: the quarterly contact list, political
birthdays and birthdays of the elderly, and the visit list before each traditional festival.

Each periodic task takes an optional day ("YYYY-MM-DD", default today) so a day can be
replayed by hand (`manage.py run_task ... --date`), and is idempotent: every notification
carries a deduplication key naming the person, the occasion and the period.
Notifications name people only: never a phone, an ID number or an address (DESIGN.md §6).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lunardate import LunarDate

from accounts.models import User
from community.models import Community, PartyOrganization
from community.periods import full_years, quarter_bounds, quarter_of, today
from community.scoping import Role
from notifications.models import Notification
from notifications.services import notify, sent_keys

from .models import CareArchive, Member, PartyPost, PersonStatus

# At most this many names in one notification; the rest are counted.
MAX_NAMES = 80


def parse_day(day: str | datetime.date | None) -> datetime.date:
    if day is None:
        return today()
    if isinstance(day, datetime.date):
        return day
    return datetime.date.fromisoformat(day)


def name_list(names: list[str]) -> str:
    shown = "、".join(names[:MAX_NAMES])
    if len(names) > MAX_NAMES:
        shown += _(" and {count} more").format(count=len(names) - MAX_NAMES)
    return shown


def community_staff(community_ids) -> dict[int, list[User]]:
    """Active community staff by community: the people responsible for its residents."""
    staff: dict[int, list[User]] = defaultdict(list)
    users = User.objects.filter(role=Role.COMMUNITY_STAFF, community_id__in=community_ids, is_active=True)
    for user in users.order_by("pk"):
        staff[user.community_id].append(user)
    return staff


# --- Quarterly contact ----------------------------------------------------------------------


def contact_window(day: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The last weeks of the quarter containing `day` (inclusive), or None if switched off."""
    weeks = settings.CONTACT_REMINDER_WEEKS_BEFORE_QUARTER_END
    if weeks <= 0:
        return None
    _start, end = quarter_bounds(day)
    return end - datetime.timedelta(days=7 * weeks - 1), end


def contact_reminders_send(*, day: datetime.date) -> int:
    """In the last weeks of a quarter, send each branch secretary (for the members of the branch)
    and each community's staff (for the community) the names of active retired members not
    contacted yet this quarter. Once per ISO week, so the list shrinks as contacts are logged."""
    window = contact_window(day)
    if window is None or not window[0] <= day <= window[1]:
        return 0
    quarter_end = window[1]
    iso_year, iso_week, _weekday = day.isocalendar()
    period = f"{day.year}Q{quarter_of(day)}:{iso_year}W{iso_week:02d}"
    due = list(
        Member.objects.active()
        .not_contacted_in_quarter(day)
        .order_by("name", "pk")
        .values_list("name", "community_id", "party_organization_id")
    )
    if not due:
        return 0
    by_community: dict[int, list[str]] = defaultdict(list)
    by_organization: dict[int, list[str]] = defaultdict(list)
    for name, community_id, organization_id in due:
        by_community[community_id].append(name)
        if organization_id:
            by_organization[organization_id].append(name)

    # (recipient, scope key, scope name, names)
    lists: list[tuple[User, str, str, list[str]]] = []
    names_of_communities = dict(Community.objects.filter(pk__in=by_community).values_list("pk", "name"))
    for community_id, users in community_staff(by_community).items():
        for user in users:
            lists.append((user, f"c{community_id}", names_of_communities[community_id], by_community[community_id]))

    # Secretaries: their branch and the branches directly under it (a general branch's secretary).
    posts = (
        PartyPost.objects.filter(
            role=PartyPost.Role.SECRETARY,
            member__status=PersonStatus.ACTIVE,
            member__user__isnull=False,
            member__user__is_active=True,
        )
        .select_related("member__user", "organization")
        .order_by("pk")
    )
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in PartyOrganization.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    for post in posts:
        names = sorted(
            name for org in (post.organization_id, *children[post.organization_id]) for name in by_organization[org]
        )
        if names:
            lists.append((post.member.user, f"o{post.organization_id}", post.organization.name, names))

    keys = {f"contact-due:{period}:{scope}:{user.pk}" for user, scope, _name, _names in lists}
    already = sent_keys(keys)
    sent = 0
    for user, scope, scope_name, names in lists:
        key = f"contact-due:{period}:{scope}:{user.pk}"
        if key in already:
            continue
        if notify(
            recipient=user,
            kind=Notification.Kind.CONTACT_DUE,
            title=_("Quarterly contact: {count} members still to contact ({scope})").format(
                count=len(names), scope=scope_name
            ),
            body=_("Not contacted yet this quarter, which ends on {end}: {names}").format(
                end=quarter_end.isoformat(), names=name_list(names)
            ),
            dedup_key=key,
        ):
            sent += 1
    return sent


@shared_task(acks_late=True)
def contact_reminders(day: str | None = None) -> int:
    return contact_reminders_send(day=parse_day(day))


# --- Birthdays --------------------------------------------------------------------------------


def _anniversary_q(field: str, day: datetime.date) -> Q:
    """Dates whose anniversary falls on `day`; 29 February counts on 28 February in common years."""
    q = Q(**{f"{field}__month": day.month, f"{field}__day": day.day})
    leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
    if day.month == 2 and day.day == 28 and not leap:
        q |= Q(**{f"{field}__month": 2, f"{field}__day": 29})
    return q


def birthday_greetings_send(*, day: datetime.date) -> int:
    """On the day, tell the community staff whose political birthday (anniversary of joining the
    Party) it is, and which elderly members (ELDERLY_BIRTHDAY_AGE and over) have a birthday."""
    active = Member.objects.active()
    items: list[tuple[Member, str, str, str, str]] = []  # member, kind, key prefix, title, body
    political = (
        active.filter(is_party_member=True, party_joined_on__lt=day.replace(month=1, day=1))
        .filter(_anniversary_q("party_joined_on", day))
        .order_by("name", "pk")
    )
    for member in political.only("pk", "name", "community_id", "party_joined_on"):
        years = full_years(member.party_joined_on, day)
        items.append(
            (
                member,
                Notification.Kind.POLITICAL_BIRTHDAY,
                "political-birthday",
                _("Political birthday: {name}, {years} years in the Party").format(name=member.name, years=years),
                _("Today {name} marks {years} years since joining the Party. A greeting or a visit is due.").format(
                    name=member.name, years=years
                ),
            )
        )
    elderly = active.filter(birth_date__isnull=False).filter(_anniversary_q("birth_date", day)).order_by("name", "pk")
    for member in elderly.only("pk", "name", "community_id", "birth_date"):
        age = full_years(member.birth_date, day)
        if age < settings.ELDERLY_BIRTHDAY_AGE:
            continue
        items.append(
            (
                member,
                Notification.Kind.BIRTHDAY,
                "birthday",
                _("Birthday: {name} turns {age}").format(name=member.name, age=age),
                _("Today is {name}'s {age}th birthday. A greeting or a visit is due.").format(
                    name=member.name, age=age
                ),
            )
        )
    staff = community_staff({member.community_id for member, *_rest in items})
    planned = [
        (user, kind, f"{prefix}:{member.pk}:{day.year}:{user.pk}", title, body)
        for member, kind, prefix, title, body in items
        for user in staff.get(member.community_id, [])
    ]
    already = sent_keys(key for _user, _kind, key, _title, _body in planned)
    sent = 0
    for user, kind, key, title, body in planned:
        if key not in already and notify(recipient=user, kind=kind, title=title, body=body, dedup_key=key):
            sent += 1
    return sent


@shared_task(acks_late=True)
def birthday_greetings(day: str | None = None) -> int:
    return birthday_greetings_send(day=parse_day(day))


# --- Festival visits --------------------------------------------------------------------------


@dataclass(frozen=True)
class Festival:
    code: str
    lunar_month: int
    lunar_day: int
    name: Promise

    def date_in(self, year: int) -> datetime.date | None:
        """The Gregorian date of the festival in the lunar year that begins in `year`."""
        try:
            return LunarDate(year, self.lunar_month, self.lunar_day).to_solar_date()
        except ValueError:  # outside the library's table (1900–2099)
            return None


# "A visit on every festival" (逢节必访): the festivals with a lunar date.
FESTIVALS = (
    Festival("spring_festival", 1, 1, gettext_lazy("Spring Festival")),
    Festival("lantern", 1, 15, gettext_lazy("Lantern Festival")),
    Festival("dragon_boat", 5, 5, gettext_lazy("Dragon Boat Festival")),
    Festival("mid_autumn", 8, 15, gettext_lazy("Mid-Autumn Festival")),
    Festival("double_ninth", 9, 9, gettext_lazy("Double Ninth Festival")),
)


def festivals_between(first: datetime.date, last: datetime.date) -> list[tuple[Festival, datetime.date]]:
    """The festivals falling on days first..last (inclusive), in date order."""
    found = []
    for year in range(first.year - 1, last.year + 1):
        for festival in FESTIVALS:
            date = festival.date_in(year)
            if date is not None and first <= date <= last:
                found.append((festival, date))
    return sorted(found, key=lambda item: item[1])


def festival_visits_send(*, day: datetime.date) -> int:
    """A week (FESTIVAL_VISIT_DAYS_BEFORE) before each festival, send each community's staff the
    list of people to visit: active care-archive residents and care-managed members.

    Sent on the first run inside that week, so a day the worker was down is caught up.
    """
    ahead = settings.FESTIVAL_VISIT_DAYS_BEFORE
    if ahead <= 0:
        return 0
    festivals = festivals_between(day + datetime.timedelta(days=1), day + datetime.timedelta(days=ahead))
    if not festivals:
        return 0
    to_visit: dict[int, list[str]] = defaultdict(list)
    archives = CareArchive.objects.active().order_by("name", "pk").values_list("community_id", "name", "member_id")
    archived_members = set()
    for community_id, name, member_id in archives:
        to_visit[community_id].append(name)
        if member_id:
            archived_members.add(member_id)
    care = Member.objects.active().filter(management_mode=Member.ManagementMode.CARE).exclude(pk__in=archived_members)
    for community_id, name in care.order_by("name", "pk").values_list("community_id", "name"):
        to_visit[community_id].append(name)
    staff = community_staff(to_visit)
    planned = []
    for festival, date in festivals:
        for community_id, names in to_visit.items():
            for user in staff.get(community_id, []):
                key = f"festival-visit:{festival.code}:{date.isoformat()}:{community_id}:{user.pk}"
                planned.append((user, key, festival, date, names))
    already = sent_keys(key for _user, key, *_rest in planned)
    sent = 0
    for user, key, festival, date, names in planned:
        if key in already:
            continue
        if notify(
            recipient=user,
            kind=Notification.Kind.FESTIVAL_VISIT,
            title=_("{festival} on {date}: {count} people to visit").format(
                festival=festival.name, date=date.isoformat(), count=len(names)
            ),
            body=_("A visit on every festival. Before {festival} ({date}), please visit: {names}").format(
                festival=festival.name, date=date.isoformat(), names=name_list(sorted(names))
            ),
            dedup_key=key,
        ):
            sent += 1
    return sent


@shared_task(acks_late=True)
def festival_visits(day: str | None = None) -> int:
    return festival_visits_send(day=parse_day(day))
