from __future__ import annotations

from rest_framework import serializers

from community.api.base import MASK_DROP, MASK_ID, MASK_PHONE, MASK_TEXT, ScopedModelSerializer

from ..models import CareArchive, ContactLog, Member, Pair, PairVisit, PartyPost, Studio

# Who and where: the first fields of every person kept at a home address (members, care archives).
PERSON_AT_HOME_FIELDS = [
    "id",
    "name",
    "gender",
    "birth_date",
    "age",
    "id_number",
    "phone",
    "community",
    "community_name",
    "compound",
    "grid",
    "building",
    "address",
]


class MemberSerializer(ScopedModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    age = serializers.IntegerField(read_only=True, allow_null=True)
    party_years = serializers.IntegerField(read_only=True, allow_null=True, help_text="党龄: full years in the Party.")
    next_political_birthday = serializers.DateField(
        read_only=True, allow_null=True, help_text="政治生日: next anniversary of joining the Party."
    )
    contacted_this_quarter = serializers.BooleanField(
        read_only=True, help_text="Contacted at least once in the current quarter (季度联系制度)."
    )

    personal_fields = {
        "id_number": MASK_ID,
        "phone": MASK_PHONE,
        "address": MASK_TEXT,
        "health": MASK_TEXT,
        "emergency_contact": MASK_TEXT,
        **{name: MASK_DROP for name in Member.LIVING_SITUATION},
    }

    class Meta:
        model = Member
        fields = [
            *PERSON_AT_HOME_FIELDS,
            "user",
            "is_party_member",
            "party_organization",
            "party_joined_on",
            "party_years",
            "next_political_birthday",
            "former_work_unit",
            "former_position",
            "retired_on",
            *Member.FIVE_OLDS,
            "skills",
            "interests",
            "health",
            *Member.LIVING_SITUATION,
            "emergency_contact",
            "management_mode",
            "status",
            "status_changed_on",
            "consent_recorded_on",
            "note",
            "contacted_this_quarter",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["user", "created_at", "updated_at"]


class ContactStatusSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    quarter_start = serializers.DateField()
    quarter_end = serializers.DateField()
    contacted = serializers.BooleanField()
    contacts = serializers.IntegerField(help_text="Contacts logged in the quarter.")
    last_contacted_on = serializers.DateField(allow_null=True, help_text="Last contact ever logged.")


class ContactStatusQuerySerializer(serializers.Serializer):
    day = serializers.DateField(required=False, help_text="Any day of the quarter to check; default today.")


class PartyPostSerializer(ScopedModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = PartyPost
        fields = ["id", "organization", "organization_name", "member", "member_name", "role", "since"]


class ContactLogSerializer(ScopedModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    contacted_by_name = serializers.CharField(source="contacted_by", read_only=True, default=None)

    class Meta:
        model = ContactLog
        fields = [
            "id",
            "member",
            "member_name",
            "contacted_on",
            "method",
            "contacted_by",
            "contacted_by_name",
            "contact_person",
            "content",
            "needs",
            "follow_up",
            "follow_up_done",
            "created_at",
        ]
        read_only_fields = ["contacted_by", "created_at"]


class CareArchiveSerializer(ScopedModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    age = serializers.IntegerField(read_only=True, allow_null=True)

    personal_fields = {
        "id_number": MASK_ID,
        "phone": MASK_PHONE,
        "address": MASK_TEXT,
        "health": MASK_TEXT,
        "family_situation": MASK_TEXT,
        "needs": MASK_TEXT,
        "helper_phone": MASK_PHONE,
        "birth_date": MASK_DROP,
    }

    class Meta:
        model = CareArchive
        fields = [
            *PERSON_AT_HOME_FIELDS,
            "member",
            "elderly_alone",
            "lost_only_child",
            "hardship",
            "disabled",
            "health",
            "family_situation",
            "needs",
            "helper_name",
            "helper_phone",
            "status",
            "opened_on",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class PairSerializer(ScopedModelSerializer):
    helper_display = serializers.CharField(read_only=True)
    helped_display = serializers.CharField(read_only=True)
    visit_count = serializers.IntegerField(read_only=True)
    last_visited_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Pair
        fields = [
            "id",
            "community",
            "kind",
            "helper",
            "helper_name",
            "helper_display",
            "helped_member",
            "helped_archive",
            "helped_display",
            "started_on",
            "ended_on",
            "note",
            "visit_count",
            "last_visited_on",
        ]


class PairVisitSerializer(ScopedModelSerializer):
    recorded_by_name = serializers.CharField(source="recorded_by", read_only=True, default=None)

    class Meta:
        model = PairVisit
        fields = ["id", "pair", "visited_on", "content", "recorded_by", "recorded_by_name", "created_at"]
        read_only_fields = ["recorded_by", "created_at"]


class StudioSerializer(ScopedModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True, default=None)

    class Meta:
        model = Studio
        fields = ["id", "community", "kind", "name", "leader", "leader_name", "focus", "site"]
