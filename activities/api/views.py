"""Service types, recurring series, activities, sign-ups with their waiting list, check-in and
check-out, hour confirmation and the service-record ledger. Every action calls the rule in
activities/services.py; the views only translate HTTP to those calls."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from community.api.base import (
    ADMIN_ONLY,
    ALL_ROLES,
    STAFF,
    ApiPagination,
    ScopedModelViewSet,
    ScopedNoDeleteViewSet,
    ScopedReadOnlyViewSet,
    ScopedViewSetMixin,
)
from community.scoping import Role
from volunteers.models import Volunteer

from .. import filtersets
from ..models import Activity, ActivitySeries, ServiceRecord, ServiceType, SignUp
from ..services import (
    activity_cancel,
    activity_complete,
    activity_publish,
    activity_update,
    can_manage_activity,
    can_manage_series,
    hours_confirm,
    hours_confirm_bulk,
    series_generate,
    series_update,
    signup_cancel,
    signup_check_in,
    signup_check_out,
    signup_create,
)
from . import serializers as s

MANAGERS = STAFF | {Role.TEAM_LEADER}


class ServiceTypeViewSet(ScopedModelViewSet):
    """The dictionary of service types (anti-fraud, haircut, patrol ...); admins maintain it."""

    queryset = ServiceType.objects.all()
    serializer_class = s.ServiceTypeSerializer
    filterset_class = filtersets.ServiceTypeFilterSet
    write_roles = ADMIN_ONLY
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["order", "code"]

    def scope(self, queryset):
        return queryset  # a dictionary, the same for everyone


class ManagedByTeamMixin:
    """Activities and series: staff of their scope or a leader of the organising team manage
    them (`can_manage_activity`, which reads street, community and team of either)."""

    write_roles = MANAGERS

    def may_write_object(self, request, obj) -> bool:
        return can_manage_activity(request.user, obj)

    def check_written_in_scope(self, instance) -> None:
        super().check_written_in_scope(instance)
        if not can_manage_activity(self.request.user, instance):
            raise PermissionDenied(_("You can only organise activities of the teams you lead."))

    def save_kwargs(self, serializer) -> dict:
        return {"created_by": self.request.user}


class ActivitySeriesViewSet(ManagedByTeamMixin, ScopedNoDeleteViewSet):
    """Recurring activities ("every Saturday morning, free haircuts"): an RFC 5545 rule whose
    occurrences are real activities. Stopped with `is_active`, not deleted."""

    queryset = ActivitySeries.objects.select_related("service_type", "team", "community")
    serializer_class = s.ActivitySeriesSerializer
    filterset_class = filtersets.ActivitySeriesFilterSet
    search_fields = ["title"]
    ordering_fields = ["title", "starts_on"]

    def may_write_object(self, request, obj) -> bool:
        return can_manage_series(request.user, obj)

    def perform_update(self, serializer):
        # The upcoming occurrences follow the new rule, details and time (series_update).
        with transaction.atomic():
            series_update(series=serializer.instance, by_user=self.request.user, data=serializer.validated_data)
            self.check_written_in_scope(serializer.instance)

    @extend_schema(
        request=s.SeriesGenerateSerializer, responses=s.SeriesGenerateResultSerializer, summary="Generate occurrences"
    )
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        """Create the occurrences up to `until` that do not exist yet (never duplicates)."""
        series = self.get_object()
        data = s.SeriesGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            created = series_generate(series=series, until=data.validated_data["until"])
        ids = list(
            Activity.objects.filter(series=series, occurrence_start__in=[a.occurrence_start for a in created])
            .order_by("start")
            .values_list("pk", flat=True)
        )
        return Response({"created": len(ids), "activities": ids})


def activity_queryset(user):
    """Activities with their sign-up counts and, for a signed-in user, their own sign-up."""
    queryset = Activity.objects.with_counts().select_related("service_type", "team", "community", "street", "site")
    if user is not None and user.is_authenticated:
        mine = SignUp.objects.filter(activity=OuterRef("pk"), volunteer__user=user).values("status")[:1]
        queryset = queryset.annotate(my_signup_status=Subquery(mine))
    return queryset


class ActivityViewSet(ManagedByTeamMixin, ScopedNoDeleteViewSet):
    """Service activities. Staff see their scope; team leaders their teams' activities and the
    published ones of their community; volunteers the published ones open to them and those
    they signed up for. Status changes only through the publish and cancel actions; an
    activity is cancelled, never deleted. Anonymous visitors: /api/v1/public/activities/."""

    queryset = Activity.objects.all()
    scope_by_subquery = True  # the counts are COUNTs over sign-ups
    serializer_class = s.ActivitySerializer
    filterset_class = filtersets.ActivityFilterSet
    search_fields = ["title", "description"]
    ordering_fields = ["start", "end", "title", "created_at", "confirmed_count"]
    action_roles = {"publish": MANAGERS, "cancel": MANAGERS, "complete": MANAGERS, "confirm_hours": MANAGERS}

    def base_queryset(self):
        return activity_queryset(self.request.user)

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.instance = activity_update(
                activity=serializer.instance, by_user=self.request.user, data=serializer.validated_data
            )
            self.check_written_in_scope(serializer.instance)

    @extend_schema(request=None, responses=s.ActivitySerializer, summary="Publish an activity")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Open the activity for sign-up (an insured activity needs its policy first)."""
        activity = activity_publish(activity=self.get_object(), by_user=request.user)
        return Response(self.get_serializer(self.reread(activity)).data)

    @extend_schema(request=s.CancelActivitySerializer, responses=s.ActivitySerializer, summary="Cancel an activity")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the activity and tell everyone signed up, with the reason given."""
        data = s.CancelActivitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            activity = activity_cancel(
                activity=self.get_object(), by_user=request.user, reason=data.validated_data.get("reason", "")
            )
        return Response(self.get_serializer(self.reread(activity)).data)

    @extend_schema(
        request=s.CompleteActivitySerializer, responses=s.ActivitySerializer, summary="Mark an activity as done"
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Close an activity that has ended, with the number of people served and a summary."""
        data = s.CompleteActivitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = activity_complete(activity=self.get_object(), by_user=request.user, **data.validated_data)
        return Response(self.get_serializer(self.reread(activity)).data)

    @extend_schema(
        request=s.BulkConfirmSerializer,
        responses=s.ServiceRecordSerializer(many=True),
        summary="Confirm hours for many sign-ups",
    )
    @action(detail=True, methods=["post"], url_path="confirm-hours")
    def confirm_hours(self, request, pk=None):
        """Confirm the hours of every confirmed sign-up (or of those listed) into the ledger."""
        activity = self.get_object()
        data = s.BulkConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        items = data.validated_data.get("hours")
        hours_by_signup = None if items is None else {item["signup"]: item.get("hours") for item in items}
        records = hours_confirm_bulk(activity=activity, by_user=request.user, hours_by_signup=hours_by_signup)
        records = ServiceRecord.objects.filter(pk__in=[r.pk for r in records]).select_related(*RECORD_RELATED)
        return Response(s.ServiceRecordSerializer(records, many=True, context=self.get_serializer_context()).data)


class PublicActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published activities for anyone, signed in or not: public fields only, no people."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = s.PublicActivitySerializer
    filterset_class = filtersets.PublicActivityFilterSet
    pagination_class = ApiPagination
    search_fields = ["title", "description"]
    ordering_fields = ["start", "title"]
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        return (
            Activity.objects.published()
            .with_counts()
            .select_related("service_type", "street", "community", "site")
            .order_by("start", "pk")
        )


def signup_queryset():
    # Position on the waiting list as an annotation (same rule as SignUp.waitlist_position:
    # earlier queued_at first, then lower id), so a list needs no query per row.
    ahead = (
        SignUp.objects.filter(activity_id=OuterRef("activity_id"), status=SignUp.Status.WAITLISTED)
        .filter(Q(queued_at__lt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return SignUp.objects.select_related("activity", "volunteer", "service_record").annotate(
        waitlist_ahead=Coalesce(Subquery(ahead), 0)
    )


class SignUpViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sign-ups (报名). A volunteer signs themselves up; staff and team leaders may sign up a
    volunteer they manage (many sign up by phone call). When the activity is full the sign-up
    goes on the waiting list; a cancellation moves the first on the list up. Check-in and
    check-out by a manager, or by the volunteer with the activity's QR code; hours are then
    confirmed into the ledger."""

    queryset = SignUp.objects.all()
    serializer_class = s.SignUpSerializer
    filterset_class = filtersets.SignUpFilterSet
    search_fields = ["volunteer__name", "activity__title"]
    ordering_fields = ["queued_at", "created_at", "status"]
    # The services decide who may do what to which sign-up; every role may ask.
    write_roles = ALL_ROLES

    def base_queryset(self):
        return signup_queryset()

    def may_write_object(self, request, obj) -> bool:
        return True  # signup_cancel / signup_check_in / hours_confirm check the user

    def respond(self, signup, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.reread(signup)).data, status=code)

    @extend_schema(request=s.SignUpCreateSerializer, responses={201: s.SignUpSerializer}, summary="Sign up")
    def create(self, request, *args, **kwargs):
        """Sign up for an activity: a confirmed place while there is room, else the waiting list."""
        data = s.SignUpCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        volunteer = data.validated_data.get("volunteer")
        if volunteer is None:
            volunteer = Volunteer.objects.filter(user=request.user).first()
            if volunteer is None:
                raise ValidationError(
                    {"volunteer": [_("You have no volunteer record; choose the volunteer to sign up.")]}
                )
        signup = signup_create(
            activity=data.validated_data["activity"],
            volunteer=volunteer,
            by_user=request.user,
            note=data.validated_data.get("note", ""),
        )
        return self.respond(signup, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.SignUpSerializer, summary="Cancel a sign-up")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel; a freed place goes to the first on the waiting list. Volunteers may cancel
        until the cut-off before the start, managers until the end."""
        return self.respond(signup_cancel(signup=self.get_object(), by_user=request.user))

    def _check(self, request, service):
        signup = self.get_object()
        data = s.CheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data.get("code")
        if code is not None:
            if code != signup.activity.checkin_token:
                raise ValidationError({"code": [_("This check-in code is not the activity's.")]})
            # Self check-in happens now: a client cannot choose the time.
            signup = service(signup=signup, by_user=request.user, method=SignUp.CheckMethod.QR)
        else:
            signup = service(
                signup=signup, by_user=request.user, method=SignUp.CheckMethod.STAFF, at=data.validated_data.get("at")
            )
        return self.respond(signup)

    @extend_schema(request=s.CheckSerializer, responses=s.SignUpSerializer, summary="Check in")
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        """Check a volunteer in (a manager), or yourself with the activity's QR code."""
        return self._check(request, signup_check_in)

    @extend_schema(request=s.CheckSerializer, responses=s.SignUpSerializer, summary="Check out")
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, pk=None):
        """Check a volunteer out (a manager), or yourself with the activity's QR code."""
        return self._check(request, signup_check_out)

    @extend_schema(request=s.ConfirmHoursSerializer, responses=s.ServiceRecordSerializer, summary="Confirm hours")
    @action(detail=True, methods=["post"], url_path="confirm-hours")
    def confirm_hours(self, request, pk=None):
        """Confirm this volunteer's hours into the ledger; again to correct them (the record's
        history keeps the old value)."""
        signup = self.get_object()
        data = s.ConfirmHoursSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = hours_confirm(
            signup=signup,
            by_user=request.user,
            hours=data.validated_data.get("hours"),
            rating=data.validated_data.get("rating"),
            content=data.validated_data.get("content", ""),
        )
        record = ServiceRecord.objects.select_related(*RECORD_RELATED).get(pk=record.pk)
        return Response(s.ServiceRecordSerializer(record, context=self.get_serializer_context()).data)


RECORD_RELATED = ("volunteer", "activity", "service_type", "recorded_by", "confirmed_by")


class ServiceRecordViewSet(ScopedReadOnlyViewSet):
    """The ledger of service hours. Written only by confirming hours (on a sign-up or for a
    whole activity); a correction keeps the old value in the record's history."""

    queryset = ServiceRecord.objects.select_related(*RECORD_RELATED)
    serializer_class = s.ServiceRecordSerializer
    filterset_class = filtersets.ServiceRecordFilterSet
    search_fields = ["volunteer__name", "activity__title", "content"]
    ordering_fields = ["date", "hours", "created_at"]


@extend_schema(
    parameters=[OpenApiParameter("volunteer_id", int, OpenApiParameter.PATH)],
    summary="A volunteer's service records",
)
class VolunteerRecordsView(ScopedViewSetMixin, generics.ListAPIView):
    """The service records of one volunteer (404 when the volunteer is not visible to you)."""

    queryset = ServiceRecord.objects.select_related(*RECORD_RELATED)
    serializer_class = s.ServiceRecordSerializer
    filterset_class = filtersets.ServiceRecordFilterSet
    ordering_fields = ["date", "hours"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset
        volunteer = get_object_or_404(Volunteer.objects.visible_to(self.request.user), pk=self.kwargs["volunteer_id"])
        return queryset.filter(volunteer=volunteer)
