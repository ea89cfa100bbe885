from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from community.api.base import MASK_PHONE, ScopedModelSerializer, ScopedRelatedField
from volunteers.models import Volunteer

from ..models import MediationCase, ResidentRequest


class ResidentRequestSerializer(ScopedModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    assigned_user_name = serializers.CharField(source="assigned_user", read_only=True, default=None)
    assigned_volunteer_name = serializers.CharField(source="assigned_volunteer.name", read_only=True, default=None)

    personal_fields = {"requester_phone": MASK_PHONE}

    class Meta:
        model = ResidentRequest
        fields = [
            "id",
            "community",
            "community_name",
            "kind",
            "title",
            "description",
            "requester_name",
            "requester_phone",
            "member",
            "care_archive",
            "status",
            "assigned_user",
            "assigned_user_name",
            "assigned_volunteer",
            "assigned_volunteer_name",
            "raised_on",
            "assigned_on",
            "done_on",
            "result",
            "feedback",
            "satisfaction",
            "created_at",
        ]
        # Moving a request along goes through the assign / complete / close actions.
        read_only_fields = [
            "status",
            "assigned_user",
            "assigned_volunteer",
            "assigned_on",
            "done_on",
            "result",
            "feedback",
            "satisfaction",
            "created_at",
        ]


class RequestAssignSerializer(serializers.Serializer):
    assigned_user = ScopedRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True, help_text="Staff who takes it."
    )
    assigned_volunteer = ScopedRelatedField(queryset=Volunteer.objects.all(), required=False, allow_null=True)
    on = serializers.DateField(required=False, help_text="Default today.")


class RequestCompleteSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=2000, help_text="What was done.")
    feedback = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    satisfaction = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5)
    done_on = serializers.DateField(required=False, help_text="Default today.")


class RequestCloseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why it is closed without action.")


class MediationCaseSerializer(ScopedModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    mediator_display = serializers.CharField(read_only=True)
    created_by_name = serializers.CharField(source="created_by", read_only=True, default=None)

    class Meta:
        model = MediationCase
        fields = [
            "id",
            "community",
            "community_name",
            "kind",
            "title",
            "parties",
            "description",
            "mediator",
            "mediator_name",
            "mediator_display",
            "site",
            "status",
            "received_on",
            "closed_on",
            "outcome",
            "created_by",
            "created_by_name",
            "created_at",
        ]
        # Mediator and closing go through the assign / close actions.
        read_only_fields = ["mediator", "mediator_name", "status", "closed_on", "outcome", "created_by", "created_at"]


class CaseAssignSerializer(serializers.Serializer):
    mediator = ScopedRelatedField(queryset=Volunteer.objects.all(), required=False, allow_null=True)
    mediator_name = serializers.CharField(required=False, allow_blank=True, max_length=50)


class CaseCloseSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in MediationCase.CLOSED_STATUSES])
    outcome = serializers.CharField(max_length=2000)
    closed_on = serializers.DateField(required=False, help_text="Default today.")
