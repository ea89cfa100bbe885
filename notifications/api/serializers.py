from __future__ import annotations

from rest_framework import serializers

from ..channels import configured_channels
from ..models import Notification, NotificationPreference


class NotificationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class ChannelSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()


class NotificationPreferenceSerializer(serializers.ModelSerializer):
    channels = serializers.ListField(child=serializers.CharField(max_length=100), allow_empty=True)
    muted_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Notification.Kind.choices), allow_empty=True
    )
    available_channels = serializers.SerializerMethodField()

    class Meta:
        model = NotificationPreference
        fields = ["channels", "muted_kinds", "available_channels"]

    def get_available_channels(self, obj) -> list[dict]:
        return ChannelSerializer(
            [{"name": c.name, "label": str(c.label)} for c in configured_channels()], many=True
        ).data
