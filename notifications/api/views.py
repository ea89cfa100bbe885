"""The inbox: a person's own notifications, marked read one by one or all at once, and how
they want to hear about them beyond the inbox."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..channels import configured_channels
from ..models import Notification, NotificationPreference
from ..services import notification_mark_all_read, notification_mark_read, preference_update
from .serializers import NotificationPreferenceSerializer, NotificationSerializer


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in person's inbox, newest first. `?unread=true` lists only what is unread."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = Notification.objects.visible_to(self.request.user)
        unread = self.request.query_params.get("unread", "").lower()
        if unread in {"1", "true", "yes"}:
            qs = qs.unread()
        elif unread in {"0", "false", "no"}:
            qs = qs.filter(read_at__isnull=False)
        kind = self.request.query_params.get("kind")
        if kind:
            if kind not in Notification.Kind.values:
                raise ValidationError({"kind": [_("“{kind}” is not a kind of notification.").format(kind=kind)]})
            qs = qs.filter(kind=kind)
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", bool, description="Only unread (true) or only read (false)."),
            OpenApiParameter("kind", str, enum=Notification.Kind.values),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = notification_mark_read(notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("MarkAllRead", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notification_mark_all_read(user=request.user)})

    @extend_schema(responses=inline_serializer("UnreadCount", {"unread": serializers.IntegerField()}))
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": Notification.objects.visible_to(request.user).unread().count()})

    @extend_schema(methods=["GET"], responses=NotificationPreferenceSerializer)
    @extend_schema(
        methods=["PUT", "PATCH"], request=NotificationPreferenceSerializer, responses=NotificationPreferenceSerializer
    )
    @action(detail=False, methods=["get", "put", "patch"], serializer_class=NotificationPreferenceSerializer)
    def preferences(self, request):
        """Channels beyond the inbox. Without a saved choice every configured channel is used."""
        current = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(
            user=request.user,
            channels=[channel.name for channel in configured_channels()],
            muted_kinds=[],
        )
        if request.method == "GET":
            return Response(NotificationPreferenceSerializer(current).data)
        serializer = NotificationPreferenceSerializer(current, data=request.data, partial=request.method == "PATCH")
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with transaction.atomic():
                preference = preference_update(
                    user=request.user,
                    channels=data.get("channels", current.channels),
                    muted_kinds=data.get("muted_kinds", current.muted_kinds),
                )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)
        return Response(NotificationPreferenceSerializer(preference).data)
