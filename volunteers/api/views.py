"""Volunteers with their hours and star level, teams, memberships, certificates, and /me/."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api.base import (
    ALL_ROLES,
    STAFF,
    ScopedNoDeleteViewSet,
    ScopedReadOnlyViewSet,
    role_of,
)
from community.periods import today
from community.scoping import Role, sees_personal_data

from .. import filtersets
from ..models import ZERO_HOURS, Certificate, Team, TeamMembership, Volunteer, led_team_ids
from ..services import membership_add, membership_end, membership_update
from . import serializers

# Statuses of the ledger (activities.ServiceRecord), read through the reverse relation:
# this app sits below `activities` and does not import it.
CONFIRMED = "confirmed"
PROPOSED = "proposed"


class VolunteerViewSet(ScopedNoDeleteViewSet):
    """Volunteers with their confirmed hours and star level. Staff see their scope, team
    leaders their teams' volunteers, a volunteer only themselves. Never deleted: set
    `status`. ID numbers and phones are masked except for staff and the volunteer."""

    queryset = Volunteer.objects.all()
    scope_by_subquery = True  # the hours are a SUM: scoping joins must not multiply it
    serializer_class = serializers.VolunteerSerializer
    filterset_class = filtersets.VolunteerFilterSet
    search_fields = ["name", "volunteer_number", "skills"]
    ordering_fields = ["name", "registered_on", "confirmed_hours", "volunteer_number"]
    # Anyone may edit their own record (phone, skills); the object check below decides.
    action_roles = {"update": ALL_ROLES, "partial_update": ALL_ROLES}

    def base_queryset(self):
        current = TeamMembership.objects.current().select_related("team").order_by("team__name")
        return (
            Volunteer.objects.with_hours()
            .select_related("community")
            .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        )

    def may_write_object(self, request, obj) -> bool:
        if role_of(request.user) in STAFF:
            return super().may_write_object(request, obj)
        return obj.user_id == request.user.pk

    @extend_schema(responses=serializers.VolunteerHoursSerializer, summary="A volunteer's hours and star level")
    @action(detail=True, methods=["get"])
    def hours(self, request, pk=None):
        """Confirmed hours, star level, hours to the next star, and hours awaiting confirmation.
        The records themselves: /api/v1/volunteers/{id}/records/."""
        volunteer = self.get_object()
        totals = volunteer.service_records.aggregate(
            proposed=Sum("hours", filter=Q(status=PROPOSED)),
            confirmed_records=Count("pk", filter=Q(status=CONFIRMED)),
        )
        return Response(
            serializers.VolunteerHoursSerializer(
                {
                    "volunteer": volunteer.pk,
                    "confirmed_hours": volunteer.confirmed_hours,
                    "star_level": volunteer.star_level,
                    "hours_to_next_star": volunteer.hours_to_next_star,
                    "awaiting_confirmation_hours": totals["proposed"] or ZERO_HOURS,
                    "confirmed_records": totals["confirmed_records"],
                }
            ).data
        )


class TeamViewSet(ScopedNoDeleteViewSet):
    """Volunteer service teams (志愿服务队) and their sub-teams (小分队), with current leaders
    and member counts. A team belongs to a community, or (no community) to a whole street.
    Not deleted (its members' history would go with it): set `is_active` to false."""

    queryset = Team.objects.all()
    scope_by_subquery = True  # member_count is a COUNT over memberships
    serializer_class = serializers.TeamSerializer
    filterset_class = filtersets.TeamFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "founded_on", "member_count"]

    def base_queryset(self):
        day = today()
        current = (Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=day)) & Q(
            memberships__joined_on__lte=day
        )
        leaders = (
            TeamMembership.objects.current()
            .filter(role=TeamMembership.Role.LEADER)
            .select_related("volunteer")
            .order_by("volunteer__name")
        )
        return (
            Team.objects.select_related("community")
            .annotate(member_count=Count("memberships", filter=current, distinct=True))
            .prefetch_related(Prefetch("memberships", queryset=leaders, to_attr="current_leaders"))
        )


class TeamMembershipViewSet(ScopedNoDeleteViewSet):
    """Who is in which team, as leader, deputy or member, from when to when. Staff of the
    team's scope and the team's leader add members and end memberships; rows stay as the
    team's history."""

    queryset = TeamMembership.objects.select_related("team", "volunteer")
    serializer_class = serializers.TeamMembershipSerializer
    filterset_class = filtersets.TeamMembershipFilterSet
    search_fields = ["volunteer__name", "team__name"]
    ordering_fields = ["joined_on", "left_on", "role"]
    write_roles = STAFF | {Role.TEAM_LEADER}
    action_roles = {"update": STAFF, "partial_update": STAFF}

    def perform_create(self, serializer):
        data = serializer.validated_data
        with transaction.atomic():
            serializer.instance = membership_add(
                team=data["team"],
                volunteer=data["volunteer"],
                by_user=self.request.user,
                role=data.get("role", TeamMembership.Role.MEMBER),
                joined_on=data.get("joined_on"),
            )

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.instance = membership_update(
                membership=serializer.instance, by_user=self.request.user, data=serializer.validated_data
            )

    @extend_schema(request=serializers.MembershipEndSerializer, responses=serializers.TeamMembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the membership on `left_on` (default today)."""
        membership = self.get_object()
        data = serializers.MembershipEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership_end(membership=membership, by_user=request.user, left_on=data.validated_data.get("left_on"))
        return Response(self.get_serializer(self.reread(membership)).data)


class CertificateViewSet(ScopedReadOnlyViewSet):
    """Service certificates (志愿服务证明) issued so far; a volunteer sees their own."""

    queryset = Certificate.objects.select_related("volunteer")
    serializer_class = serializers.CertificateSerializer
    filterset_class = filtersets.CertificateFilterSet
    search_fields = ["number", "volunteer__name"]
    ordering_fields = ["issued_on", "number"]


class MeView(APIView):
    """The signed-in user: role, the street and community they work in, whether they see
    personal data, the teams they lead and their own volunteer record."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=serializers.MeSerializer, summary="The current user")
    def get(self, request):
        user = request.user
        community = user.community
        street = user.street or (community.street if community else None)
        volunteer = Volunteer.objects.with_hours().filter(user=user).first()
        role = role_of(user)
        data = {
            "id": user.pk,
            "username": user.username,
            "display_name": str(user),
            "role": role,
            "role_display": Role(role).label,
            "street": {"id": street.pk, "name": street.name} if street else None,
            "community": {"id": community.pk, "name": community.name} if community else None,
            "sees_personal_data": sees_personal_data(user),
            "led_team_ids": led_team_ids(user),
            "volunteer": volunteer,
        }
        return Response(serializers.MeSerializer(data).data)
