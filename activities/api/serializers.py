from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.api.base import MASK_PHONE, ScopedModelSerializer, ScopedRelatedField, role_of
from community.scoping import Role
from volunteers.models import Volunteer

from ..models import Activity, ActivitySeries, ServiceRecord, ServiceType, SignUp
from ..services import can_manage_activity, proposed_hours

HOURS = {"max_digits": 6, "decimal_places": 2}


class ServiceTypeSerializer(ScopedModelSerializer):
    display_name = serializers.CharField(source="__str__", read_only=True, help_text="Name in the request's language.")

    class Meta:
        model = ServiceType
        fields = ["id", "code", "name", "name_en", "display_name", "order", "is_active"]


class TeamScopedSerializer(ScopedModelSerializer):
    """Activities and series belong where their team does when a team leader writes them."""

    # A street team may serve any community of the street.
    cross_community_fields = ("team",)

    def write_scope(self, attrs: dict) -> dict:
        if role_of(self._user) == Role.TEAM_LEADER:
            team = attrs.get("team", getattr(self.instance, "team", None))
            if team is not None:
                return {"community": team.community, "street": team.street}
            return {}
        return super().write_scope(attrs)


class ActivitySeriesSerializer(TeamScopedSerializer):
    class Meta:
        model = ActivitySeries
        fields = [
            "id",
            "title",
            "service_type",
            "team",
            "street",
            "community",
            "site",
            "address",
            "description",
            "what_to_bring",
            "target_group",
            "rrule",
            "starts_on",
            "ends_on",
            "start_time",
            "duration_minutes",
            "capacity",
            "requires_insurance",
            "is_public",
            "publish_occurrences",
            "is_active",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["created_by", "created_at"]


class SeriesGenerateSerializer(serializers.Serializer):
    until = serializers.DateField(help_text="Create the missing occurrences up to this day (at most a year ahead).")

    def validate_until(self, value):
        today = timezone.localdate()
        if value < today:
            raise serializers.ValidationError(_("Choose a day from today on."))
        if (value - today).days > 366:
            raise serializers.ValidationError(_("Generate at most one year ahead."))
        return value


class SeriesGenerateResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    activities = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the new activities.")


class ActivitySerializer(TeamScopedSerializer):
    """Status changes go through the publish and cancel actions, not through a write."""

    service_type_name = serializers.CharField(source="service_type", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, default=None)
    community_name = serializers.CharField(source="community.name", read_only=True, default=None)
    site_name = serializers.CharField(source="site.name", read_only=True, default=None)
    place = serializers.CharField(read_only=True)
    confirmed_count = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)
    places_left = serializers.SerializerMethodField()
    my_signup_status = serializers.ChoiceField(
        choices=SignUp.Status.choices,
        read_only=True,
        allow_null=True,
        help_text="The signed-in volunteer's own sign-up, if any.",
    )
    checkin_code = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "service_type",
            "service_type_name",
            "team",
            "team_name",
            "street",
            "community",
            "community_name",
            "site",
            "site_name",
            "address",
            "place",
            "start",
            "end",
            "capacity",
            "signup_deadline",
            "target_group",
            "description",
            "what_to_bring",
            "status",
            "is_public",
            "requires_insurance",
            "insurance_policy",
            "beneficiaries_count",
            "summary",
            "series",
            "confirmed_count",
            "waitlist_count",
            "places_left",
            "my_signup_status",
            "checkin_code",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "series", "created_by", "created_at", "updated_at"]

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="Empty when there is no limit."))
    def get_places_left(self, activity) -> int | None:
        return activity.places_left

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="QR self check-in code, for managers."))
    def get_checkin_code(self, activity) -> str | None:
        user = self._user
        return activity.checkin_token if user is not None and can_manage_activity(user, activity) else None


class PublicActivitySerializer(serializers.ModelSerializer):
    """What anyone may see of a published activity: no people, no codes."""

    service_type_name = serializers.CharField(source="service_type", read_only=True)
    street_name = serializers.CharField(source="street.name", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True, default=None)
    place = serializers.CharField(read_only=True)
    places_left = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "service_type",
            "service_type_name",
            "street",
            "street_name",
            "community",
            "community_name",
            "place",
            "start",
            "end",
            "capacity",
            "places_left",
            "signup_deadline",
            "target_group",
            "description",
            "what_to_bring",
            "status",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="Empty when there is no limit."))
    def get_places_left(self, activity) -> int | None:
        return activity.places_left


class CancelActivitySerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Told to everyone.")


class CompleteActivitySerializer(serializers.Serializer):
    beneficiaries_count = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=1_000_000, help_text="People served (服务人次)."
    )
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class HoursItemSerializer(serializers.Serializer):
    signup = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    hours = serializers.DecimalField(**HOURS, min_value=0, max_value=24, allow_null=True, required=False)


class BulkConfirmSerializer(serializers.Serializer):
    hours = HoursItemSerializer(
        many=True,
        required=False,
        help_text="Only these sign-ups, with these hours (empty hours: the proposed hours). "
        "Leave out to confirm every confirmed sign-up with its proposed hours.",
    )


class SignUpSerializer(ScopedModelSerializer):
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    activity_start = serializers.DateTimeField(source="activity.start", read_only=True)
    activity_end = serializers.DateTimeField(source="activity.end", read_only=True)
    volunteer_name = serializers.CharField(source="volunteer.name", read_only=True)
    volunteer_number = serializers.CharField(source="volunteer.volunteer_number", read_only=True)
    volunteer_phone = serializers.CharField(source="volunteer.phone", read_only=True)
    waitlist_position = serializers.SerializerMethodField()
    proposed_hours = serializers.SerializerMethodField()
    confirmed_hours = serializers.DecimalField(
        source="service_record.hours", **HOURS, read_only=True, allow_null=True, default=None
    )

    personal_fields = {"volunteer_phone": MASK_PHONE}

    class Meta:
        model = SignUp
        fields = [
            "id",
            "activity",
            "activity_title",
            "activity_start",
            "activity_end",
            "volunteer",
            "volunteer_name",
            "volunteer_number",
            "volunteer_phone",
            "status",
            "waitlist_position",
            "queued_at",
            "signed_up_by",
            "cancelled_at",
            "promoted_at",
            "checked_in_at",
            "checked_out_at",
            "check_method",
            "proposed_hours",
            "confirmed_hours",
            "note",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="1 = next to move up."))
    def get_waitlist_position(self, signup) -> int | None:
        if signup.status != SignUp.Status.WAITLISTED:
            return None
        ahead = getattr(signup, "waitlist_ahead", None)
        return signup.waitlist_position if ahead is None else ahead + 1

    @extend_schema_field(serializers.DecimalField(**HOURS, allow_null=True, help_text="From check-in/out or plan."))
    def get_proposed_hours(self, signup) -> str | None:
        if signup.status != SignUp.Status.CONFIRMED:
            return None
        return str(proposed_hours(signup))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Someone else's phone only for staff; a volunteer always sees their own.
        request = self.context.get("request")
        if request is not None and instance.volunteer.user_id == request.user.pk:
            data["volunteer_phone"] = instance.volunteer.phone
        return data


class SignUpCreateSerializer(serializers.Serializer):
    activity = ScopedRelatedField(queryset=Activity.objects.all())
    volunteer = ScopedRelatedField(
        queryset=Volunteer.objects.all(),
        required=False,
        help_text="Leave out to sign yourself up; staff and team leaders may sign up a volunteer they manage.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CheckSerializer(serializers.Serializer):
    at = serializers.DateTimeField(
        required=False, help_text="When it happened (staff recording a paper sheet); default now."
    )
    code = serializers.CharField(
        required=False, max_length=40, help_text="The activity's QR code: a volunteer checking themselves in."
    )


class ConfirmHoursSerializer(serializers.Serializer):
    hours = serializers.DecimalField(
        **HOURS, min_value=0, max_value=24, required=False, allow_null=True, help_text="Default: the proposed hours."
    )
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    content = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ServiceRecordSerializer(ScopedModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.name", read_only=True)
    activity_title = serializers.CharField(source="activity.title", read_only=True, default=None)
    service_type_name = serializers.CharField(source="service_type", read_only=True, default=None)
    recorded_by_name = serializers.CharField(source="recorded_by", read_only=True, default=None)
    confirmed_by_name = serializers.CharField(source="confirmed_by", read_only=True, default=None)

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "volunteer",
            "volunteer_name",
            "activity",
            "activity_title",
            "signup",
            "community",
            "service_type",
            "service_type_name",
            "date",
            "place",
            "served",
            "content",
            "hours",
            "rating",
            "person_in_charge",
            "status",
            "recorded_by",
            "recorded_by_name",
            "confirmed_by",
            "confirmed_by_name",
            "confirmed_at",
            "created_at",
        ]
        read_only_fields = fields
