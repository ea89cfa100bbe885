"""The inbox: a person's own notifications, marked read one by one or all at once, and how
they want to hear about them beyond the inbox. Everyone sees only their own
(Notification.objects.visible_to), whatever their role."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from community.api.base import ALL_ROLES, ScopedReadOnlyViewSet

from ..channels import configured_channels
from ..filtersets import NotificationFilterSet
from ..models import Notification, NotificationPreference
from ..services import notification_mark_all_read, notification_mark_read, preference_update
from .serializers import NotificationPreferenceSerializer, NotificationSerializer


class NotificationViewSet(ScopedReadOnlyViewSet):
    """The signed-in person's inbox, newest first; `?unread=true` lists what is still unread."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    search_fields = ["title", "body"]
    ordering_fields = ["created_at"]
    # Everyone may mark their own notifications read and choose their channels.
    action_roles = {"read": ALL_ROLES, "read_all": ALL_ROLES, "preferences": ALL_ROLES}

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
    @action(detail=False, methods=["get"], url_path="unread-count", filterset_class=None, pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": Notification.objects.visible_to(request.user).unread().count()})

    @extend_schema(methods=["GET"], responses=NotificationPreferenceSerializer)
    @extend_schema(
        methods=["PUT", "PATCH"], request=NotificationPreferenceSerializer, responses=NotificationPreferenceSerializer
    )
    @action(
        detail=False,
        methods=["get", "put", "patch"],
        serializer_class=NotificationPreferenceSerializer,
        filterset_class=None,
        pagination_class=None,
    )
    def preferences(self, request):
        """Channels beyond the inbox. Without a saved choice every configured channel is used."""
        current = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(
            user=request.user, channels=[channel.name for channel in configured_channels()], muted_kinds=[]
        )
        if request.method == "GET":
            return Response(NotificationPreferenceSerializer(current).data)
        serializer = NotificationPreferenceSerializer(current, data=request.data, partial=request.method == "PATCH")
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            # Django's ValidationError becomes a 400 in the API's one error shape.
            preference = preference_update(
                user=request.user,
                channels=data.get("channels", current.channels),
                muted_kinds=data.get("muted_kinds", current.muted_kinds),
            )
        return Response(NotificationPreferenceSerializer(preference).data)
