"""Retired members, Party posts, contact logs (季度联系制度), care archives, pairs and studios."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Max
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from community.api.base import ScopedModelViewSet, ScopedNoDeleteViewSet
from community.periods import quarter_bounds, today

from .. import filtersets
from ..models import CareArchive, ContactLog, Member, Pair, PairVisit, PartyPost, Studio
from ..services import contact_log, pair_visit_log
from . import serializers


class MemberViewSet(ScopedNoDeleteViewSet):
    """Retired Party members and cadres. Never deleted: set `status` instead.
    ID numbers, phones, addresses, health and living situation are masked for roles that do
    not look after people."""

    queryset = Member.objects.all()
    serializer_class = serializers.MemberSerializer
    filterset_class = filtersets.MemberFilterSet
    search_fields = ["name", "former_work_unit", "skills"]
    ordering_fields = ["name", "birth_date", "party_joined_on", "created_at"]

    def base_queryset(self):
        # The quarter is today's, so the annotation is built per request.
        return Member.objects.with_contact_status().select_related("community")

    @extend_schema(
        parameters=[serializers.ContactStatusQuerySerializer],
        responses=serializers.ContactStatusSerializer,
        summary="A member's quarterly contact status",
    )
    @action(detail=True, methods=["get"], url_path="contact-status")
    def contact_status(self, request, pk=None):
        """Whether the member was contacted in the quarter of `day` (季度联系制度)."""
        member = self.get_object()
        query = serializers.ContactStatusQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("day") or today()
        start, end = quarter_bounds(day)
        in_quarter = member.contact_logs.filter(contacted_on__range=(start, end))
        return Response(
            serializers.ContactStatusSerializer(
                {
                    "member": member.pk,
                    "quarter_start": start,
                    "quarter_end": end,
                    "contacted": member.was_contacted_in_quarter(day),
                    "contacts": in_quarter.count(),
                    "last_contacted_on": member.contact_logs.aggregate(last=Max("contacted_on"))["last"],
                }
            ).data
        )


class PartyPostViewSet(ScopedModelViewSet):
    """Posts in Party organisations: secretary (书记), deputy, committee member (委员)."""

    queryset = PartyPost.objects.select_related("organization", "member").order_by("organization__name", "role", "pk")
    serializer_class = serializers.PartyPostSerializer
    filterset_class = filtersets.PartyPostFilterSet
    ordering_fields = ["since", "role"]


class ContactLogViewSet(ScopedModelViewSet):
    """Contacts with retired members. Creating one logs a contact through the contact service,
    with the signed-in user as the one who logged it."""

    queryset = ContactLog.objects.select_related("member", "contacted_by")
    serializer_class = serializers.ContactLogSerializer
    filterset_class = filtersets.ContactLogFilterSet
    search_fields = ["member__name", "contact_person"]
    ordering_fields = ["contacted_on", "created_at"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        with transaction.atomic():
            serializer.instance = contact_log(
                member=data["member"],
                by_user=self.request.user,
                contacted_on=data["contacted_on"],
                method=data.get("method", ContactLog.Method.VISIT),
                content=data.get("content", ""),
                needs=data.get("needs", ""),
                follow_up=data.get("follow_up", ""),
                contact_person=data.get("contact_person", ""),
            )
            if data.get("follow_up_done"):
                serializer.instance.follow_up_done = True
                serializer.instance.save(update_fields=["follow_up_done"])


class CareArchiveViewSet(ScopedNoDeleteViewSet):
    """Care archives (专属档案) of vulnerable residents, with the love contact card's helper."""

    queryset = CareArchive.objects.select_related("community")
    serializer_class = serializers.CareArchiveSerializer
    filterset_class = filtersets.CareArchiveFilterSet
    search_fields = ["name", "helper_name"]
    ordering_fields = ["name", "opened_on"]


class PairViewSet(ScopedNoDeleteViewSet):
    """Pairs (结对帮扶): a helper and the member or resident they help, with visit figures.
    A pair ends (`ended_on`) rather than being deleted, so its visits stay on record."""

    queryset = Pair.objects.select_related("helper", "helped_member", "helped_archive").annotate(
        visit_count=Count("visits"), last_visited_on=Max("visits__visited_on")
    )
    scope_by_subquery = True
    serializer_class = serializers.PairSerializer
    filterset_class = filtersets.PairFilterSet
    search_fields = ["helper__name", "helper_name", "helped_member__name", "helped_archive__name"]
    ordering_fields = ["started_on", "visit_count", "last_visited_on"]


class PairVisitViewSet(ScopedModelViewSet):
    """Visits of a pair. Creating one logs it through the pairing service."""

    queryset = PairVisit.objects.select_related("recorded_by")
    serializer_class = serializers.PairVisitSerializer
    filterset_class = filtersets.PairVisitFilterSet
    ordering_fields = ["visited_on", "created_at"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        with transaction.atomic():
            serializer.instance = pair_visit_log(
                pair=data["pair"],
                by_user=self.request.user,
                visited_on=data["visited_on"],
                content=data.get("content", ""),
            )


class StudioViewSet(ScopedModelViewSet):
    """Studios (工作室) and model posts (示范岗), each led by a member."""

    queryset = Studio.objects.select_related("leader")
    serializer_class = serializers.StudioSerializer
    filterset_class = filtersets.StudioFilterSet
    search_fields = ["name", "focus"]
    ordering_fields = ["name"]
