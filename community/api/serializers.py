from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from community.scoping import Role

from ..models import Building, Community, Compound, District, Grid, PartyOrganization, Site, Street
from .base import ScopedModelSerializer


class DistrictSerializer(ScopedModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "code"]


class StreetSerializer(ScopedModelSerializer):
    district_name = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Street
        fields = ["id", "district", "district_name", "name"]


class CommunitySerializer(ScopedModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)

    class Meta:
        model = Community
        fields = ["id", "street", "street_name", "name", "address", "phone"]


class CompoundSerializer(ScopedModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Compound
        fields = ["id", "community", "community_name", "name"]


class GridSerializer(ScopedModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Grid
        fields = ["id", "community", "community_name", "name", "worker_name", "worker_phone"]


class BuildingSerializer(ScopedModelSerializer):
    compound_name = serializers.CharField(source="compound.name", read_only=True)
    community = serializers.IntegerField(source="compound.community_id", read_only=True)

    class Meta:
        model = Building
        fields = ["id", "community", "compound", "compound_name", "grid", "name"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        compound = attrs.get("compound") or getattr(self.instance, "compound", None)
        grid = attrs.get("grid", getattr(self.instance, "grid", None))
        if compound is not None and grid is not None and grid.community_id != compound.community_id:
            raise serializers.ValidationError({"grid": [_("This belongs to another community.")]})
        return attrs


class PartyPostBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.CharField(source="member.name")


class PartyOrganizationSerializer(ScopedModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True, default=None)
    posts = PartyPostBriefSerializer(many=True, read_only=True, help_text="Secretary, deputies and committee members.")

    class Meta:
        model = PartyOrganization
        fields = [
            "id",
            "name",
            "level",
            "category",
            "parent",
            "street",
            "street_name",
            "community",
            "community_name",
            "compound",
            "posts",
        ]


class SiteSerializer(ScopedModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True, default=None)

    class Meta:
        model = Site
        fields = [
            "id",
            "street",
            "community",
            "community_name",
            "parent",
            "name",
            "kind",
            "network_role",
            "address",
            "opening_hours",
            "is_active",
        ]


class PlaceBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="Username, or the mobile number of a volunteer.")
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text='Send as "Authorization: Token <token>".')
    user_id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=Role.choices, help_text="See /api/v1/me/ for the scope.")
