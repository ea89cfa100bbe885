from __future__ import annotations

from rest_framework import serializers

from community.api.base import (
    MASK_DROP,
    MASK_ID,
    MASK_PHONE,
    MASK_TEXT,
    STAFF,
    ScopedModelSerializer,
    role_of,
)
from community.api.serializers import PlaceBriefSerializer
from community.scoping import Role

from ..models import Certificate, Team, TeamMembership, Volunteer

HOURS = {"max_digits": 9, "decimal_places": 2}


class VolunteerTeamSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="team_id")
    name = serializers.CharField(source="team.name")
    role = serializers.ChoiceField(choices=TeamMembership.Role.choices)


class VolunteerSerializer(ScopedModelSerializer):
    """Staff maintain the whole record; a volunteer (or leader) may change only their own
    phone and skills."""

    community_name = serializers.CharField(source="community.name", read_only=True)
    age = serializers.IntegerField(read_only=True, allow_null=True)
    confirmed_hours = serializers.DecimalField(**HOURS, read_only=True, help_text="Sum of confirmed service hours.")
    star_level = serializers.IntegerField(read_only=True, help_text="0 to 5 (星级志愿者).")
    hours_to_next_star = serializers.DecimalField(**HOURS, read_only=True, allow_null=True)
    teams = VolunteerTeamSerializer(source="current_memberships", many=True, read_only=True)

    SELF_EDITABLE = ("phone", "skills")
    personal_fields = {
        "id_number": MASK_ID,
        "phone": MASK_PHONE,
        "guardian_phone": MASK_PHONE,
        "health_note": MASK_TEXT,
        "birth_date": MASK_DROP,
    }

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "gender",
            "birth_date",
            "age",
            "id_type",
            "id_number",
            "phone",
            "community",
            "community_name",
            "member",
            "user",
            "volunteer_number",
            "national_number",
            "political_status",
            "skills",
            "health_note",
            "registered_on",
            "guardian_name",
            "guardian_phone",
            "guardian_consent_on",
            "status",
            "confirmed_hours",
            "star_level",
            "hours_to_next_star",
            "teams",
            "created_at",
        ]
        read_only_fields = ["user", "volunteer_number", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self._user is not None and role_of(self._user) not in STAFF:
            for name, field in fields.items():
                if name not in self.SELF_EDITABLE:
                    field.read_only = True
        return fields


class VolunteerHoursSerializer(serializers.Serializer):
    volunteer = serializers.IntegerField()
    confirmed_hours = serializers.DecimalField(**HOURS)
    star_level = serializers.IntegerField()
    hours_to_next_star = serializers.DecimalField(**HOURS, allow_null=True)
    awaiting_confirmation_hours = serializers.DecimalField(**HOURS, help_text="Proposed hours not yet confirmed.")
    confirmed_records = serializers.IntegerField()


class LeaderSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="volunteer_id")
    name = serializers.CharField(source="volunteer.name")


class TeamSerializer(ScopedModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True, default=None)
    leaders = LeaderSerializer(source="current_leaders", many=True, read_only=True)
    member_count = serializers.IntegerField(read_only=True, help_text="Current members.")

    class Meta:
        model = Team
        fields = [
            "id",
            "name",
            "street",
            "community",
            "community_name",
            "parent",
            "party_organization",
            "description",
            "founded_on",
            "is_active",
            "leaders",
            "member_count",
        ]


class TeamMembershipSerializer(ScopedModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    volunteer_name = serializers.CharField(source="volunteer.name", read_only=True)

    class Meta:
        model = TeamMembership
        fields = ["id", "team", "team_name", "volunteer", "volunteer_name", "role", "joined_on", "left_on"]


class MembershipEndSerializer(serializers.Serializer):
    left_on = serializers.DateField(required=False, help_text="Default today.")


class CertificateSerializer(ScopedModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.name", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "volunteer",
            "volunteer_name",
            "period_start",
            "period_end",
            "total_hours",
            "period_hours",
            "activities",
            "issuer_name",
            "person_in_charge",
            "handler",
            "contact_phone",
            "issued_on",
            "verification_code",
            "created_at",
        ]
        read_only_fields = fields


class MeVolunteerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    volunteer_number = serializers.CharField()
    community = serializers.IntegerField(source="community_id")
    confirmed_hours = serializers.DecimalField(**HOURS)
    star_level = serializers.IntegerField()
    hours_to_next_star = serializers.DecimalField(**HOURS, allow_null=True)


class MeSerializer(serializers.Serializer):
    """Who is signed in, in which role, and over what."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    role_display = serializers.CharField()
    street = PlaceBriefSerializer(allow_null=True, help_text="The street the user works in, or their community's.")
    community = PlaceBriefSerializer(allow_null=True)
    sees_personal_data = serializers.BooleanField(help_text="Whether ID numbers, phones and addresses are unmasked.")
    led_team_ids = serializers.ListField(child=serializers.IntegerField(), help_text="Teams the user leads.")
    volunteer = MeVolunteerSerializer(allow_null=True, help_text="The user's own volunteer record, if any.")
