"""Places, Party organisations and sites; and the token login of the API."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .. import filtersets
from ..models import Building, Community, Compound, District, Grid, PartyOrganization, Site, Street
from . import serializers
from .base import ADMIN_AND_STREET, ADMIN_ONLY, ScopedModelViewSet, role_of


class DistrictViewSet(ScopedModelViewSet):
    """Districts (区): a dictionary every signed-in user can read; admins maintain it."""

    queryset = District.objects.all()
    serializer_class = serializers.DistrictSerializer
    write_roles = ADMIN_ONLY
    search_fields = ["name"]
    ordering_fields = ["name", "code"]

    def scope(self, queryset):
        return queryset  # not personal, not scoped


class StreetViewSet(ScopedModelViewSet):
    """Streets (街道): staff see their own street; admins maintain the list."""

    queryset = Street.objects.select_related("district")
    serializer_class = serializers.StreetSerializer
    filterset_class = filtersets.StreetFilterSet
    write_roles = ADMIN_ONLY
    search_fields = ["name"]
    ordering_fields = ["name"]


class CommunityViewSet(ScopedModelViewSet):
    """Communities (社区): street staff see and add the communities of their street."""

    queryset = Community.objects.select_related("street")
    serializer_class = serializers.CommunitySerializer
    filterset_class = filtersets.CommunityFilterSet
    write_roles = ADMIN_AND_STREET
    search_fields = ["name"]
    ordering_fields = ["name"]


class CompoundViewSet(ScopedModelViewSet):
    """Residential compounds (小区) of a community."""

    queryset = Compound.objects.select_related("community")
    serializer_class = serializers.CompoundSerializer
    filterset_class = filtersets.CompoundFilterSet
    search_fields = ["name"]
    ordering_fields = ["name"]


class GridViewSet(ScopedModelViewSet):
    """Grids (网格) and their grid workers."""

    queryset = Grid.objects.select_related("community")
    serializer_class = serializers.GridSerializer
    filterset_class = filtersets.GridFilterSet
    search_fields = ["name", "worker_name"]
    ordering_fields = ["name"]


class BuildingViewSet(ScopedModelViewSet):
    """Buildings (楼栋) of a compound."""

    queryset = Building.objects.select_related("compound")
    serializer_class = serializers.BuildingSerializer
    filterset_class = filtersets.BuildingFilterSet
    search_fields = ["name"]
    ordering_fields = ["name"]


class PartyOrganizationViewSet(ScopedModelViewSet):
    """Party organisations (党委/党总支/党支部) with their secretary and committee members."""

    # Posts by the reverse relation: this app sits below `members` and does not import it.
    queryset = PartyOrganization.objects.select_related("street", "community").prefetch_related("posts__member")
    serializer_class = serializers.PartyOrganizationSerializer
    filterset_class = filtersets.PartyOrganizationFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "level"]


class SiteViewSet(ScopedModelViewSet):
    """Sites (阵地): old members' homes, service centres and their rooms, health huts ..."""

    queryset = Site.objects.select_related("community")
    serializer_class = serializers.SiteSerializer
    filterset_class = filtersets.SiteFilterSet
    search_fields = ["name", "address"]
    ordering_fields = ["name", "kind"]


class TokenView(APIView):
    """Exchange a username (or a volunteer's mobile number) and password for an API token,
    and revoke it again. Login attempts are throttled per client address."""

    throttle_scope = "login"

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_throttles(self):
        return [ScopedRateThrottle()] if self.request.method == "POST" else super().get_throttles()

    @extend_schema(
        request=serializers.TokenRequestSerializer,
        responses={200: serializers.TokenSerializer},
        auth=[],
        summary="Get an API token",
    )
    def post(self, request):
        data = serializers.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if user is None:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("The username or password is not correct.")]}, code="invalid_credentials"
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "user_id": user.pk, "role": role_of(user)})

    @extend_schema(request=None, responses={204: None}, summary="Revoke the API token")
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(exclude=True)
class ApiNotFoundView(APIView):
    """Any other path under /api/v1/: a 404 in the API's error shape rather than an HTML page."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
